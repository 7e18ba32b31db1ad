package dev.userfunctions.benchmarks;

import dev.userfunctions.fixtures.EmbeddedStack;

import java.nio.file.Path;
import java.util.Map;

/** A section measured on the run's shared embedded stack. */
abstract class StackSection extends Section {

    protected final EmbeddedStack stack;

    StackSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines);
        this.stack = stack;
    }

}
