package org.selfreg.workers.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.selfreg.storage.ObjectStore;

/**
 * Where a sweep's trials meet: their {@link RungResult records} at each decision epoch, one S3 object per trial and
 * epoch under {@code schedulers/<scope>/epoch-NNNNN/<trialKey>.json}. Each trial writes only its own objects, so no two
 * workers write the same key; the records outlive Conductor (a restarted sweep reads its decisions back) and a rerun
 * of the same sweep ({@code scope}) compares with the trials it recorded before.
 */
public final class RungLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final String prefix;

    /** @param scope the sweep's scheduler scope (a name: letters, digits, dashes) */
    public RungLedger(ObjectStore store, String scope) {
        if (!scope.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a scheduler scope is letters, digits and dashes, got '" + scope + "'");
        }
        this.store = store;
        this.prefix = "schedulers/" + scope + "/";
    }

    /** The trial's record at {@code epoch}, if it has one. */
    public Optional<RungResult> find(int epoch, String trialKey) {
        String key = key(epoch, trialKey);
        return store.exists(key) ? Optional.of(read(key)) : Optional.empty();
    }

    /** Every record at {@code epoch}, in key order. */
    public List<RungResult> at(int epoch) {
        List<RungResult> results = new ArrayList<>();
        for (String key : store.list(epochPrefix(epoch))) {
            if (key.endsWith(".json")) {
                results.add(read(key));
            }
        }
        return results;
    }

    /** Writes a record (replacing the trial's record at that epoch, which a decision never does once made). */
    public void put(RungResult result) {
        try {
            store.putBytes(key(result.epoch(), result.trialKey()), JSON.writeValueAsBytes(result), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scheduler record " + result, e);
        }
    }

    /** Where the records live, for the log. */
    public String location() {
        return store.uri(prefix).toString();
    }

    private RungResult read(String key) {
        try {
            return JSON.readValue(store.getBytes(key), RungResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the scheduler record " + store.uri(key) + " is not readable ("
                    + e.getMessage() + "); delete it to decide that trial's rung again", e);
        }
    }

    private String epochPrefix(int epoch) {
        return prefix + String.format(Locale.ROOT, "epoch-%05d/", epoch);
    }

    private String key(int epoch, String trialKey) {
        return epochPrefix(epoch) + trialKey + ".json";
    }
}
