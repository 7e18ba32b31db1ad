package dev.userfunctions.local;

import dev.userfunctions.answers.ErrorBody;
import org.springframework.cloud.function.web.mvc.FunctionController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * SCF web throws {@link IllegalArgumentException} when a function is called with a method
 * it is not mapped to ({@code spring.cloud.function.http.*}), which would be a 500; it is
 * the client's mistake, a 405.
 */
@RestControllerAdvice(assignableTypes = FunctionController.class)
class MethodNotAllowedAdvice {

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(IllegalArgumentException e) {
        return ResponseEntity.status(405)
            .body(new ErrorBody(
                    "Method not allowed for this function: getUser and countUsers take GET, seedUsers takes POST",
                    405));
    }

}
