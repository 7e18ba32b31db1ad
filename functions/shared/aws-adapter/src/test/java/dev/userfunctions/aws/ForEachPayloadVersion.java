package dev.userfunctions.aws;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test once for each API Gateway proxy payload a function is deployed behind: the
 * REST API's (1.0) and the HTTP API's (2.0), named by their event fixtures.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ValueSource(strings = { "rest-api-v1.json", "http-api-v2.json" })
public @interface ForEachPayloadVersion {

}
