package dev.userfunctions.deploy;

import java.util.List;
import java.util.Map;

/**
 * Evaluates a CloudFormation template's conditions for given parameter values, as
 * CloudFormation does on deploy (the SAM transform passes them through unevaluated):
 * {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}
 * and {@code Ref} to a parameter.
 */
final class Conditions {

    private Conditions() {
    }

    static boolean holds(String condition, Map<String, Object> conditions, Map<String, String> parameters) {
        return truth(conditions.get(condition), conditions, parameters);
    }

    @SuppressWarnings("unchecked")
    private static boolean truth(Object expression, Map<String, Object> conditions, Map<String, String> parameters) {
        Map<String, Object> function = (Map<String, Object>) expression;
        Map.Entry<String, Object> call = function.entrySet().iterator().next();
        List<Object> arguments = call.getValue() instanceof List<?> list ? (List<Object>) list : List.of();
        return switch (call.getKey()) {
            case "Fn::Equals" -> value(arguments.get(0), parameters).equals(value(arguments.get(1), parameters));
            case "Fn::Not" -> !truth(arguments.get(0), conditions, parameters);
            case "Fn::And" -> arguments.stream().allMatch(argument -> truth(argument, conditions, parameters));
            case "Fn::Or" -> arguments.stream().anyMatch(argument -> truth(argument, conditions, parameters));
            case "Condition" -> holds((String) call.getValue(), conditions, parameters);
            default -> throw new IllegalArgumentException("Not a condition function: " + call.getKey());
        };
    }

    private static String value(Object argument, Map<String, String> parameters) {
        if (argument instanceof Map<?, ?> reference && reference.containsKey("Ref")) {
            String parameter = (String) reference.get("Ref");
            if (!parameters.containsKey(parameter)) {
                throw new IllegalArgumentException("No value given for parameter " + parameter);
            }
            return parameters.get(parameter);
        }
        return String.valueOf(argument);
    }

}
