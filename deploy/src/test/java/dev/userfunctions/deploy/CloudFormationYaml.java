package dev.userfunctions.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads CloudFormation / SAM YAML with its short-form intrinsic functions ({@code !Ref},
 * {@code !Sub}, {@code !GetAtt}, {@code !If}, …), each turned into its long form
 * ({@code {"Ref": …}}, {@code {"Fn::Sub": …}}).
 */
final class CloudFormationYaml {

    private static final List<String> FUNCTIONS = List.of("Ref", "Sub", "GetAtt", "If", "Equals", "Not", "And", "Or",
            "Join", "Select", "Split", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition");

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml(new IntrinsicsConstructor()).load(reader);
        }
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor() {
            super(new LoaderOptions());
            for (String function : FUNCTIONS) {
                String longName = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            String text = scalar.getValue();
                            value = function.equals("GetAtt") ? List.of(text.split("\\.", 2)) : text;
                        }
                        else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        }
                        else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(longName, value);
                    }
                });
            }
        }

    }

}
