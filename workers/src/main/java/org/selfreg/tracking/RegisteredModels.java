package org.selfreg.tracking;

import java.net.URI;
import java.util.Optional;
import org.selfreg.dataprep.InvalidInputException;

/**
 * Finds the version a {@link RegisteredModelUri} names in an MLflow server's registry, or says in one line what is
 * missing: the registered model, the version, or the alias.
 */
public final class RegisteredModels {

    private final ModelRegistry registry;
    private final URI trackingUri;

    /** @param trackingUri the server of {@code registry}, named in errors */
    public RegisteredModels(ModelRegistry registry, URI trackingUri) {
        this.registry = registry;
        this.trackingUri = trackingUri;
    }

    /**
     * The version {@code uri} names.
     *
     * @throws InvalidInputException when the registered model, the version or the alias does not exist
     */
    public ModelRegistry.Version resolve(RegisteredModelUri uri) {
        Optional<ModelRegistry.Version> found = uri.alias() == null ? registry.version(uri.name(), uri.version())
                : registry.versionByAlias(uri.name(), uri.alias());
        return found.orElseThrow(() -> missing(uri));
    }

    private InvalidInputException missing(RegisteredModelUri uri) {
        if (!registry.exists(uri.name())) {
            return new InvalidInputException("MLflow at " + trackingUri + " has no registered model '" + uri.name()
                    + "': a sweep registers its best trial under its registeredModel (by default its experiment's"
                    + " name); check the name on the MLflow UI's Models page");
        }
        if (uri.alias() == null) {
            return new InvalidInputException("registered model '" + uri.name() + "' has no version " + uri.version()
                    + " at " + trackingUri + ": check the number on the MLflow UI's Models page");
        }
        return new InvalidInputException("registered model '" + uri.name() + "' has no alias '" + uri.alias()
                + "' at " + trackingUri + ": set it with ./selfreg promote " + uri.name() + " VERSION --alias "
                + uri.alias());
    }
}
