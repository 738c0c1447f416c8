package org.selfreg.dataprep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.selfreg.python.PythonVenv;

/**
 * Runs cross-checks in Python with numpy and nibabel, the reference readers, from a cached environment
 * ({@code ~/.cache/selfreg/check-venv}) that the first test to need it fills from PyPI. A check that cannot run is a
 * failure that says why, never a skip: the suite claims these checks on every machine it passes on.
 */
public final class ReferencePython {

    /** numpy 2 and nibabel 5 are what the fixture scripts under src/test/python were written against. */
    public static final PythonVenv.Spec CHECKS = new PythonVenv.Spec("check-venv",
            List.of("numpy>=1.26,<3", "nibabel>=5.2,<6"),
            "import sys; from importlib.metadata import version; sys.exit(0 if int(version('numpy').split('.')[0]) >= 1"
                    + " and version('nibabel').split('.')[0] == '5' else 1)");

    private ReferencePython() {
    }

    /** The interpreter of the cross-check environment, created on first use. */
    public static synchronized Path interpreter() {
        return PythonVenv.ensure(CHECKS).python();
    }

    /** Runs {@code script} with {@code args}; returns stdout, failing the test on a non-zero exit. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(interpreter().toString(), "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python check failed:\n" + out);
        }
        return out.strip();
    }
}
