package dev.userfunctions.getuser.lambda;

import dev.userfunctions.aws.LambdaFunction;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.getuser.GetUserFunction;

import java.util.List;

/**
 * The getUser Lambda ({@code GET /users/{name}} through API Gateway, a Function URL or an
 * ALB; {@code {"name": "..."}} directly): the same {@link GetUserFunction} the local
 * server runs.
 */
public final class GetUserHandler extends LambdaFunction {

    /**
     * Before a SnapStart snapshot: one getUser through this handler, the cache and
     * MongoDB, for a name seedUsers can never create (its names end in a digit), so that
     * priming caches nothing of a user.
     */
    static final String PRIMING_EVENT = "{\"name\": \"snapstart-priming-\"}";

    public GetUserHandler() {
        super("getUser", environment -> {
            GetUserFunction getUser = new GetUserFunction(environment.users().repository(),
                    environment.users().cache());
            return Route.get(request -> getUser.answer(request.pathParameter("name", "/users")));
        }, List.of(PRIMING_EVENT));
    }

}
