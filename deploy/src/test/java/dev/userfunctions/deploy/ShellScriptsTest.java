package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every shell script (deployment, init, benchmarks, CI) passes shellcheck (Debian's
 * package; .ci/run installs it).
 */
class ShellScriptsTest {

    static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String directory : List.of("aws", "local-stack", "init", "benchmarks")) {
            try (Stream<Path> files = Files.walk(TemplateTest.ROOT.resolve(directory))) {
                files.filter(file -> file.toString().endsWith(".sh") && !file.toString().contains("/target/"))
                    .sorted()
                    .forEach(scripts::add);
            }
        }
        scripts.add(TemplateTest.ROOT.resolve(".ci/run"));
        scripts.add(TemplateTest.ROOT.resolve("functions/custom-runtime/src/main/resources/bootstrap"));
        return scripts;
    }

    @Test
    void everyScriptPassesShellcheck() throws IOException {
        List<Path> scripts = scripts();
        assertThat(scripts).extracting(path -> path.getFileName().toString())
            .contains("deploy.sh", "smoke.sh", "common.sh", "init-cluster.sh", "run.sh", "run", "bootstrap");
        assumeTrue(Commands.onPath("shellcheck"),
                () -> Tools.skipped("shellcheck is not installed (apt-get install shellcheck); skipping the lint"));

        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
        scripts.forEach(script -> command.add(TemplateTest.ROOT.relativize(script).toString()));
        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(60), command);

        assertThat(result.exitCode()).as("shellcheck findings:\n" + result.output()).isZero();
    }

    @Test
    void scriptsKeepUnixLineEndingsInEveryCheckout() throws IOException {
        String attributes = Files.readString(TemplateTest.ROOT.resolve(".gitattributes"));
        assertThat(attributes).contains("*.sh      text eol=lf", "*.js      text eol=lf", ".ci/run   text eol=lf",
                "mvnw      text eol=lf");
        for (Path script : scripts()) {
            assertThat(Files.readString(script)).as(script + " has no CR").doesNotContain("\r");
        }
    }

    @Test
    void executableScriptsAreExecutableAndFailFast() throws IOException {
        for (Path script : scripts()) {
            String text = Files.readString(script);
            if (!text.startsWith("#!")) {
                // A library the scripts source (local-stack/common.sh, aws/stack.sh): not
                // run on its own.
                assertThat(text).as(script + " says its shell to shellcheck").contains("# shellcheck shell=bash");
                continue;
            }
            assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
            assertThat(text).as(script + " stops at the first failure").containsAnyOf("set -euo pipefail", "set -eu");
        }
    }

}
