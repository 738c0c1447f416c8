package org.selfreg.infra.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the Conductor server's Spring Boot jar ({@code org.conductoross:conductor-server:3.32.3}, classifier
 * {@code boot}), which is run as a child process and never put on our classpath.
 */
public final class ConductorJar {

    /** The Conductor server release the local stack runs; the one that publishes a runnable jar on Maven Central. */
    public static final String VERSION = "3.32.3";

    static final String PROPERTY = "selfreg.conductor.jar";
    static final String ENVIRONMENT_VARIABLE = "SELFREG_CONDUCTOR_JAR";
    private static final String FETCH_COMMAND = "mvn -pl infra generate-resources";

    private ConductorJar() {
    }

    /**
     * The jar named by the system property {@code selfreg.conductor.jar}, else by the environment variable
     * {@code SELFREG_CONDUCTOR_JAR}, else the copy the infra build makes under {@code infra/target/conductor/}, else
     * the one in the local Maven repository.
     *
     * @throws ServerStartException naming the places tried, when none holds the jar
     */
    public static Path locate() {
        String explicit = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT_VARIABLE));
        if (explicit != null && !explicit.isBlank()) {
            // An explicit choice that is wrong must not be replaced silently by another jar.
            Path jar = Path.of(explicit);
            if (!Files.isRegularFile(jar)) {
                throw new ServerStartException("the Conductor server jar " + jar + " (from -D" + PROPERTY + " or "
                        + ENVIRONMENT_VARIABLE + ") does not exist: fix the path, or unset it to use the default");
            }
            return jar;
        }
        List<Path> candidates = defaultCandidates();
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new ServerStartException(
                "the Conductor server jar (conductor-server-" + VERSION + "-boot.jar) is in none of: "
                        + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + ". Fetch it (437 MB, once) with `" + FETCH_COMMAND + "` in the repository root, or name a copy"
                        + " with -D" + PROPERTY + "=<jar> or " + ENVIRONMENT_VARIABLE + "=<jar>"));
    }

    private static List<Path> defaultCandidates() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("infra", "target", "conductor", "conductor-server-boot.jar").toAbsolutePath());
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "conductoross",
                "conductor-server", VERSION, "conductor-server-" + VERSION + "-boot.jar"));
        return candidates;
    }
}
