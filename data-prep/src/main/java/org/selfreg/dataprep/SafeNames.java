package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one guard for names that come from outside (a task input, a list file, a manifest, an S3 listing or key) and
 * become local paths: such a name is a name, never a path that climbs out of the folder it is meant for.
 */
public final class SafeNames {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private SafeNames() {
    }

    /** Whether {@code name} can become one file name as is: no separators, no {@code ..}, no leading dot. */
    public static boolean isPlainName(String name) {
        return name != null && PLAIN_NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * {@code name}, checked to be one plain file name.
     *
     * @param what what the name is and where it comes from, for the message (e.g. "trialKey of selfreg_train")
     * @throws InvalidInputException if it is a path, climbs ({@code ..}) or holds other characters
     */
    public static String name(String name, String what) {
        if (!isPlainName(name)) {
            throw new InvalidInputException(what + " is '" + name + "', which is not a plain name (letters, digits, "
                    + "'_', '-', '.'; no '/', no '..'); it becomes a file name, so fix the value where it was set");
        }
        return name;
    }

    /**
     * Where {@code relative} (a {@code /}-separated relative path, e.g. the rest of an S3 key) lands under
     * {@code root}.
     *
     * @param what what the path is and where it comes from, for the message (e.g. an {@code s3://} URI)
     * @throws InvalidInputException if it is absolute, empty, has a {@code .} or {@code ..} segment or a backslash, or
     *                               would land outside {@code root} or on it
     */
    public static Path under(Path root, String relative, String what) {
        Path base = root.toAbsolutePath().normalize();
        if (!isRelativeKey(relative)) {
            throw new InvalidInputException(what + " names the path '" + relative + "', which would be written "
                    + "outside " + base + "; only plain relative paths are allowed, remove or rename the source");
        }
        Path local = base.resolve(relative).normalize();
        if (!local.startsWith(base) || local.equals(base)) {
            throw new InvalidInputException(what + " would be written outside " + base + "; rename the source");
        }
        return local;
    }

    /** Whether {@code relative} is a relative path whose {@code /}-separated segments are all plain and non-empty. */
    public static boolean isRelativeKey(String relative) {
        return relative != null && !relative.isEmpty() && !relative.startsWith("/") && !relative.endsWith("/")
                && !relative.contains("//") && !climbs(relative);
    }

    /**
     * Whether an S3 key (or a path) has a {@code .} or {@code ..} segment or a backslash: some stores and every file
     * system resolve those, so such a key may name something other than what it says.
     */
    public static boolean climbs(String key) {
        if (key.contains("\\")) {
            return true;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
