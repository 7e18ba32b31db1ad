package dev.userfunctions.seedusers.lambda;

import dev.userfunctions.aws.LambdaFunction;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.seedusers.SeedProperties;
import dev.userfunctions.seedusers.SeedUsersFunction;

import java.util.List;

/**
 * The seedUsers Lambda ({@code POST /users/seed}, IAM-authorised; the request body, or
 * the whole event when invoked directly): the same {@link SeedUsersFunction} the local
 * server runs. No SnapStart priming: every seed writes users.
 */
public final class SeedUsersHandler extends LambdaFunction {

    public SeedUsersHandler() {
        super("seedUsers", environment -> {
            SeedUsersFunction seedUsers = new SeedUsersFunction(environment.users().repository(),
                    environment.users().cache(), environment.setting(SeedProperties::from).timeBudget());
            return Route.post(request -> seedUsers.answer(request.body()));
        }, List.of());
    }

}
