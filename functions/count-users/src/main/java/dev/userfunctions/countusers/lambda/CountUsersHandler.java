package dev.userfunctions.countusers.lambda;

import dev.userfunctions.aws.LambdaFunction;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.countusers.CountUsersFunction;

import java.util.List;

/**
 * The countUsers Lambda ({@code GET /users/count}; any direct event): the same
 * {@link CountUsersFunction} the local server runs.
 */
public final class CountUsersHandler extends LambdaFunction {

    public CountUsersHandler() {
        super("countUsers", environment -> {
            CountUsersFunction countUsers = new CountUsersFunction(environment.users().repository(),
                    environment.users().cache());
            return Route.get(request -> countUsers.answer());
        }, List.of());
    }

}
