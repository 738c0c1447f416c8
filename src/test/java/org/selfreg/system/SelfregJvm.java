package org.selfreg.system;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./selfreg} in a JVM of its own, started from this test JVM's classpath and flags (native
 * access, heap, DJL threads), as the launcher starts it.
 */
final class SelfregJvm {

    private SelfregJvm() {
    }

    /**
     * @param jvmOptions options after this JVM's, e.g. {@code -Dai.djl.pytorch.num_threads=1}
     * @param args       the command and its options, e.g. {@code worker --conductor-url ...}
     */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-D") || a.startsWith("--") || a.startsWith("-Xmx"))
                .forEach(command::add);
        command.add("-Dorg.slf4j.simpleLogger.log.org.selfreg=info");
        command.addAll(jvmOptions);
        // Surefire runs tests from a manifest-only jar; this property holds the real classpath.
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"))));
        command.add("org.selfreg.infra.cli.Main");
        command.addAll(args);
        return command;
    }
}
