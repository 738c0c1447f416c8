package org.selfreg.workers;

/**
 * The version of the code that runs a trial, part of every trial key and every MLflow run.
 *
 * <p>The launcher passes the git commit ({@code -Dselfreg.code.version=<sha>[-dirty-<hash of the changes>]},
 * scripts/code-version.sh); without it the jar's implementation version is used, so a key never silently omits the
 * code.
 */
public final class CodeVersion {

    private CodeVersion() {
    }

    public static String current() {
        String fromLauncher = System.getProperty("selfreg.code.version");
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            return fromLauncher;
        }
        String implementation = CodeVersion.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "dev";
    }
}
