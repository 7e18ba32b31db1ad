package dev.userfunctions.benchmarks;

import dev.userfunctions.aws.LambdaInvocations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.core.metrics.StartupStep;
import org.springframework.util.function.ThrowingSupplier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a fresh JVM on the Lambda jar's classpath: builds a {@link FunctionInvoker} (the
 * Lambda init phase), answers one event (the first invocation) and prints the
 * milliseconds from JVM start to the end of the init phase and to that answer, and the
 * classes loaded by then.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    /**
     * Set to true, the probe records Spring's start-up steps and prints how long each
     * bean's creation took, without the beans it created on the way.
     */
    static final String BEANS_PROPERTY = "coldstart.beans";

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        boolean recordBeans = Boolean.getBoolean(BEANS_PROPERTY);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        FunctionInvoker invoker = !recordBeans ? new FunctionInvoker() : SpringApplication.withHook(application -> {
            application.setApplicationStartup(startup);
            return new SpringApplicationRunListener() {
            };
        }, (ThrowingSupplier<FunctionInvoker>) FunctionInvoker::new);
        long initDone = System.currentTimeMillis();
        if (recordBeans) {
            printBeans(startup.getBufferedTimeline().getEvents());
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), answer, new LambdaInvocations.FakeContext());
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("COLD-START total=" + (now - jvmStart) + " init=" + (initDone - jvmStart) + " classes="
                + classes + " answer=" + answer.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        System.exit(0);
    }

    /**
     * One {@code COLD-START-BEAN <name> <ms>} line per bean: the time its
     * {@code spring.beans.instantiate} step took, less the steps nested in it.
     */
    private static void printBeans(List<StartupTimeline.TimelineEvent> events) {
        Map<Long, Long> nestedNanos = new HashMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                nestedNanos.merge(parent, event.getDuration().toNanos(), Long::sum);
            }
        }
        events.stream()
            .filter(event -> event.getStartupStep().getName().equals("spring.beans.instantiate"))
            .map(event -> Map.entry(beanName(event.getStartupStep()),
                    event.getDuration().toNanos() - nestedNanos.getOrDefault(event.getStartupStep().getId(), 0L)))
            .forEach(bean -> System.out.println("COLD-START-BEAN " + bean.getKey() + " " + bean.getValue() / 1e6));
    }

    private static String beanName(StartupStep step) {
        for (StartupStep.Tag tag : step.getTags()) {
            if (tag.getKey().equals("beanName")) {
                return tag.getValue();
            }
        }
        return "?";
    }

}
