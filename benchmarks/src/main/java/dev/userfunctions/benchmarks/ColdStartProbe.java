package dev.userfunctions.benchmarks;

import dev.userfunctions.aws.LambdaInvocations;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM on the Lambda jar's classpath: builds a {@link FunctionInvoker} (the
 * Lambda init phase), answers one event (the first invocation) and prints the
 * milliseconds from JVM start to the end of the init phase and to that answer, and the
 * classes loaded by then.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        FunctionInvoker invoker = new FunctionInvoker();
        long initDone = System.currentTimeMillis();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), answer, new LambdaInvocations.FakeContext());
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("COLD-START total=" + (now - jvmStart) + " init=" + (initDone - jvmStart) + " classes="
                + classes + " answer=" + answer.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        System.exit(0);
    }

}
