package dev.userfunctions.aws;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The API Gateway edge of the Lambda applications, on the application's JSON mapper. */
@Configuration(proxyBeanMethods = false)
public class ApiGatewayConfiguration {

    @Bean
    ApiGatewayAdapter apiGatewayAdapter(JsonMapper json) {
        return new ApiGatewayAdapter(json);
    }

}
