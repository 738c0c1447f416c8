package org.selfreg.python;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtual environment in the user's cache ({@code ${XDG_CACHE_HOME:-~/.cache}/selfreg/<name>}), filled from
 * PyPI with {@code pip install} on first use and reused after: the MLflow server runs from one, the cross-checks
 * against numpy and nibabel from another. Creation holds a file lock, so two JVMs never fill the same one at once.
 */
public final class PythonVenv {

    /** Names the interpreter to build environments with; else {@code python3} or {@code python} from the PATH. */
    public static final String PYTHON_VARIABLE = "SELFREG_PYTHON";

    /**
     * What an environment holds.
     *
     * @param name         the folder under {@code ~/.cache/selfreg}
     * @param requirements pip requirement specifiers
     * @param readyCheck   Python code that exits with 0 when the installed packages fit (cheap: read metadata rather
     *                     than import a large package)
     */
    public record Spec(String name, List<String> requirements, String readyCheck) {
        public Spec {
            requirements = List.copyOf(requirements);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PythonVenv.class);
    private static final String MINIMUM_PYTHON = "3.10"; // MLflow 3 and numpy 2 require it
    private static final String CHECK_PYTHON = "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(30);

    private final Spec spec;
    private final Path directory;

    private PythonVenv(Spec spec, Path directory) {
        this.spec = spec;
        this.directory = directory;
    }

    /**
     * The environment of {@code spec}, created with the first Python 3.10+ found and filled when its packages do not
     * pass {@link Spec#readyCheck()}.
     *
     * @throws PythonVenvException when no suitable Python exists or the installation fails
     */
    public static PythonVenv ensure(Spec spec) {
        Path root = cacheDirectory().resolve("selfreg");
        PythonVenv venv = new PythonVenv(spec, root.resolve(spec.name()));
        if (venv.isReady()) {
            return venv;
        }
        try {
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(root.resolve(spec.name() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!venv.isReady()) { // another process may have filled it while this one waited for the lock
                    venv.install();
                }
            }
        } catch (IOException e) {
            throw new PythonVenvException("cannot create " + venv.directory + ": " + e.getMessage()
                    + "; make " + root + " writable or set XDG_CACHE_HOME to a writable folder", e);
        }
        return venv;
    }

    /** The environment's folder. */
    public Path directory() {
        return directory;
    }

    /** A program installed in the environment's {@code bin} folder, e.g. {@code mlflow}. */
    public Path executable(String name) {
        return directory.resolve("bin").resolve(name);
    }

    /** The environment's interpreter. */
    public Path python() {
        return executable("python");
    }

    private boolean isReady() {
        return succeeds(python().toString(), spec.readyCheck());
    }

    private void install() throws IOException {
        Path log = directory.resolveSibling(spec.name() + "-install.log");
        LOG.info("Installing {} into {} (first run only, a few minutes; log {})", String.join(" ", spec.requirements()),
                directory, log);
        Files.deleteIfExists(log);
        if (!succeeds(python().toString(), CHECK_PYTHON)) {
            // Missing, or left broken by a Python that has since been removed: start afresh.
            run(List.of(findPython(), "-m", "venv", "--clear", directory.toString()), log);
        }
        List<String> pip = new ArrayList<>(List.of(python().toString(), "-m", "pip", "install", "--quiet",
                "--disable-pip-version-check"));
        pip.addAll(spec.requirements());
        run(pip, log);
        if (!isReady()) {
            throw new PythonVenvException("pip installed " + String.join(" ", spec.requirements()) + " into "
                    + directory + " but they do not pass their check: delete " + directory
                    + " and start again (see " + log + ")");
        }
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new PythonVenvException("`" + String.join(" ", command) + "` did not finish in "
                        + INSTALL_TIMEOUT.toMinutes() + " minutes (see " + log + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PythonVenvException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        if (process.exitValue() != 0) {
            throw new PythonVenvException("`" + String.join(" ", command) + "` failed with exit code "
                    + process.exitValue() + ": see " + log + " (is PyPI reachable?)");
        }
    }

    /** The Python named by {@value #PYTHON_VARIABLE}, else {@code python3} or {@code python} on the PATH; 3.10+. */
    static String findPython() {
        String chosen = System.getenv(PYTHON_VARIABLE);
        if (chosen != null && !chosen.isBlank()) {
            if (!succeeds(chosen, CHECK_PYTHON)) {
                throw new PythonVenvException(PYTHON_VARIABLE + "=" + chosen + " is not a runnable Python "
                        + MINIMUM_PYTHON + "+: point it at one, or unset it to use python3 from the PATH");
            }
            return chosen;
        }
        List<String> tried = new ArrayList<>();
        for (String candidate : List.of("python3", "python")) {
            if (succeeds(candidate, CHECK_PYTHON)) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new PythonVenvException("no Python " + MINIMUM_PYTHON + "+ found (tried " + String.join(", ", tried)
                + " on the PATH): install python3 (" + MINIMUM_PYTHON + "+) with its venv module, or point "
                + PYTHON_VARIABLE + " at one");
    }

    /** Whether {@code python -c script} runs and exits with 0; a missing program counts as failure. */
    private static boolean succeeds(String python, String script) {
        try {
            Process process = new ProcessBuilder(python, "-c", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonVenvException("interrupted while checking " + python, e);
        }
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    }
}
