package org.selfreg.infra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Python virtual environment that runs the MLflow server: {@code ${XDG_CACHE_HOME:-~/.cache}/selfreg/mlflow-venv}
 * with {@code mlflow} 3.x and {@code boto3} (MLflow's S3 artifact store). Created and filled on first use, reused after.
 */
public final class PythonEnvironment {

    /** MLflow 3.17 is the release the server flags and environment of {@link MlflowServer} were checked against. */
    static final String MLFLOW_REQUIREMENT = "mlflow>=3.17,<4";
    static final String PYTHON_VARIABLE = "SELFREG_PYTHON";

    private static final Logger LOG = LoggerFactory.getLogger(PythonEnvironment.class);
    private static final String MINIMUM_PYTHON = "3.10"; // MLflow 3 requires it
    private static final String CHECK_PYTHON = "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)";
    // Reading package metadata takes 0.1 s where `import mlflow` takes 3 s.
    private static final String CHECK_PACKAGES = "import sys; from importlib.metadata import version; "
            + "sys.exit(0 if version('mlflow').split('.')[0] == '3' and version('boto3') else 1)";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(30);

    private final Path venv;

    private PythonEnvironment(Path venv) {
        this.venv = venv;
    }

    /**
     * The MLflow environment, created with the first Python 3.10+ found and filled with {@code pip install} when
     * {@code bin/mlflow} is missing or the installed packages do not fit.
     *
     * @throws ServerStartException when no suitable Python exists or the installation fails
     */
    public static PythonEnvironment ensureMlflow() {
        Path venv = cacheDirectory().resolve("selfreg").resolve("mlflow-venv");
        PythonEnvironment environment = new PythonEnvironment(venv);
        if (!environment.isReady()) {
            environment.install();
        }
        return environment;
    }

    /** The environment's directory. */
    public Path directory() {
        return venv;
    }

    /** A program installed in the environment's {@code bin} directory, e.g. {@code mlflow}. */
    public Path executable(String name) {
        return venv.resolve("bin").resolve(name);
    }

    private boolean isReady() {
        return Files.isExecutable(executable("mlflow")) && succeeds(executable("python").toString(), CHECK_PACKAGES);
    }

    private void install() {
        Path log = venv.resolveSibling("mlflow-venv-install.log");
        LOG.info("Installing {} and boto3 into {} (first run only, a few minutes; log {})", MLFLOW_REQUIREMENT, venv,
                log);
        if (!succeeds(executable("python").toString(), CHECK_PYTHON)) {
            // Missing, or left broken by a Python that has since been removed: start afresh.
            run(List.of(findPython(), "-m", "venv", "--clear", venv.toString()), log);
        }
        run(List.of(executable("python").toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                MLFLOW_REQUIREMENT, "boto3"), log);
        if (!isReady()) {
            throw new ServerStartException("pip installed " + MLFLOW_REQUIREMENT + " and boto3 into " + venv
                    + " but they cannot be found there: delete " + venv + " and start again (see " + log + ")");
        }
    }

    private static void run(List<String> command, Path log) {
        ChildProcess process = ChildProcess.start("Python environment setup", command, Map.of(), log.getParent(), log);
        int exitCode = process.awaitExit(INSTALL_TIMEOUT);
        if (exitCode != 0) {
            throw process.failure("`" + String.join(" ", command) + "` failed with exit code " + exitCode);
        }
    }

    /** The Python named by {@code SELFREG_PYTHON}, else {@code python3} or {@code python} from the PATH, if 3.10+. */
    static String findPython() {
        String chosen = System.getenv(PYTHON_VARIABLE);
        if (chosen != null && !chosen.isBlank()) {
            if (!succeeds(chosen, CHECK_PYTHON)) {
                throw new ServerStartException(PYTHON_VARIABLE + "=" + chosen + " is not a runnable Python "
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
        throw new ServerStartException("no Python " + MINIMUM_PYTHON + "+ found (tried " + String.join(", ", tried)
                + " on the PATH): install python3 (" + MINIMUM_PYTHON + "+) or point " + PYTHON_VARIABLE
                + " at one");
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
            throw new ServerStartException("interrupted while checking " + python, e);
        }
    }

    private static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    }
}
