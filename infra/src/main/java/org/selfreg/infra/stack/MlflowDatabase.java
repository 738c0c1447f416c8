package org.selfreg.infra.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * The runs of a local MLflow server read from its SQLite database, read-only and with no server running: what
 * {@code ./selfreg sweep --dry-run} needs to say which trials earlier sweeps finished. The tables read (experiments,
 * runs, tags) are MLflow's stable tracking schema ({@code mlflow/store/tracking/dbmodels/models.py}).
 */
public final class MlflowDatabase {

    private static final String FINISHED_TAG_VALUES = """
            SELECT t.value FROM tags t
              JOIN runs r ON r.run_uuid = t.run_uuid
              JOIN experiments e ON e.experiment_id = r.experiment_id
             WHERE e.name = ? AND e.lifecycle_stage = 'active' AND r.lifecycle_stage = 'active'
               AND r.status = 'FINISHED' AND t.key = ?
            """;

    private final Path file;

    /** The database of a server started on {@code mlflowDir} ({@link MlflowServer#databaseFile}). */
    public MlflowDatabase(Path mlflowDir) {
        this.file = MlflowServer.databaseFile(mlflowDir);
    }

    public Path file() {
        return file;
    }

    /** Whether a server ever ran there. */
    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The values of tag {@code tag} on the FINISHED runs of experiment {@code experiment}; none if it is absent. */
    public Set<String> finishedRunTags(String experiment, String tag) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection db = config.createConnection("jdbc:sqlite:" + file);
             PreparedStatement query = db.prepareStatement(FINISHED_TAG_VALUES)) {
            query.setString(1, experiment);
            query.setString(2, tag);
            Set<String> values = new HashSet<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read MLflow's database " + file + ": " + e.getMessage(), e);
        }
    }
}
