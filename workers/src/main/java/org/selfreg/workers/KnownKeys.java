package org.selfreg.workers;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The closest known key to a misspelt one, so that an error about {@code epoch} can say "did you mean 'epochs'?".
 */
final class KnownKeys {

    private KnownKeys() {
    }

    /**
     * The known key nearest to {@code key} by edit distance (ignoring case), when it is near enough to be a likely
     * typo: at most a third of the key's length, and at least 2 edits allowed.
     */
    static Optional<String> closest(String key, Collection<String> known) {
        int allowed = Math.max(2, key.length() / 3);
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k))
                .filter(k -> distance(key, k) <= allowed);
    }

    /** Levenshtein distance between the lower-case forms of {@code a} and {@code b}. */
    static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[t.length() + 1];
        int[] current = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[t.length()];
    }
}
