package org.selfreg.tracking;

import org.selfreg.dataprep.InvalidInputException;

/**
 * A model of MLflow's registry as a user names it: {@code models:/NAME/VERSION} (a version by number) or
 * {@code models:/NAME@ALIAS} (the version an alias points at, e.g. {@code champion}).
 *
 * @param name    the registered model
 * @param version the version number, or null when an alias names the version
 * @param alias   the alias, or null when a number names the version
 */
public record RegisteredModelUri(String name, String version, String alias) {

    /** The prefix of every registered model URI. */
    public static final String PREFIX = "models:/";

    /** Whether {@code text} is meant as a registered model URI (it may still be malformed). */
    public static boolean isOne(String text) {
        return text.startsWith(PREFIX);
    }

    /**
     * Parses {@code models:/NAME/VERSION} or {@code models:/NAME@ALIAS}.
     *
     * @throws InvalidInputException when {@code text} is neither
     */
    public static RegisteredModelUri parse(String text) {
        String rest = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : "";
        int at = rest.indexOf('@');
        if (at > 0 && at < rest.length() - 1 && !rest.contains("/")) {
            return new RegisteredModelUri(rest.substring(0, at), null, rest.substring(at + 1));
        }
        int slash = rest.indexOf('/');
        if (at < 0 && slash > 0 && rest.indexOf('/', slash + 1) < 0 && isVersion(rest.substring(slash + 1))) {
            return ofVersion(rest.substring(0, slash), rest.substring(slash + 1));
        }
        throw new InvalidInputException("'" + text + "' is not a registered model URI: write models:/NAME/VERSION"
                + " (a version number) or models:/NAME@ALIAS (e.g. models:/NAME@champion)");
    }

    /** Version {@code version} of {@code name}. */
    public static RegisteredModelUri ofVersion(String name, String version) {
        return new RegisteredModelUri(name, version, null);
    }

    /** Whether {@code text} is a version number as MLflow counts them: 1, 2, ... */
    public static boolean isVersion(String text) {
        return text.matches("[1-9][0-9]{0,9}");
    }

    @Override
    public String toString() {
        return PREFIX + name + (alias == null ? "/" + version : "@" + alias);
    }
}
