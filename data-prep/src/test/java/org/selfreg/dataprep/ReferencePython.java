package org.selfreg.dataprep;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs checks in Python with numpy and nibabel, the reference readers. Tests using it are skipped (with the reason) where
 * no such interpreter exists; see src/test/python/make_nifti_fixtures.py for the venv recipe.
 */
public final class ReferencePython {

    private static final Path VENV = Path.of(System.getProperty("user.home"), ".cache", "selfreg", "nib-venv", "bin", "python");

    private ReferencePython() {
    }

    /** Runs {@code script} with {@code args}; returns stdout, failing the test on a non-zero exit. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        String python = interpreter();
        assumeTrue(python != null, "no Python with numpy and nibabel (create ~/.cache/selfreg/nib-venv); skipping");
        List<String> command = new ArrayList<>(List.of(python, "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python check failed:\n" + out);
        }
        return out.strip();
    }

    private static String interpreter() throws InterruptedException {
        for (String candidate : List.of(VENV.toString(), "python3")) {
            if (candidate.startsWith("/") && !Files.isExecutable(Path.of(candidate))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import numpy, nibabel").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notInstalled) {
                // Try the next candidate.
            }
        }
        return null;
    }
}
