package dev.userfunctions.getuser;

import dev.userfunctions.aws.LambdaFunctionTestSupport;
import dev.userfunctions.getuser.lambda.GetUserHandler;
import org.junit.jupiter.api.BeforeAll;

/** getUser's Lambda handler, in process, started once for each test class. */
abstract class GetUserHandlerSupport extends LambdaFunctionTestSupport {

    @BeforeAll
    static void startGetUser() {
        startHandler(GetUserHandler::new);
    }

}
