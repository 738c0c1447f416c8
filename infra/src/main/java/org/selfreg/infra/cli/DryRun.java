package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.stack.MlflowDatabase;
import org.selfreg.infra.sweep.SweepPreview;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.DirectoryBucket;
import org.selfreg.storage.ObjectReader;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;
import org.selfreg.workers.CodeVersion;

/**
 * {@code selfreg sweep FILE --dry-run}: what the sweep would do, read from the state earlier runs left and without
 * starting a server. A local stack's state is read from its files (the S3 store directory, MLflow's database); servers
 * given by address are asked, as a run would ask them.
 */
final class DryRun {

    private DryRun() {
    }

    static void print(SweepRequest request, StackOptions stack, PrintStream out) {
        try (ObjectStore external = stack.externalS3() == null ? null : ObjectStore.open(stack.externalS3());
             MlflowTracker tracker = stack.externalMlflow() == null ? null : new MlflowTracker(stack.externalMlflow())) {
            Optional<ObjectReader> bucket = external != null ? Optional.of(external)
                    : Files.isDirectory(LocalStack.s3StoreDir(stack.workDir()))
                    ? Optional.of(new DirectoryBucket(LocalStack.s3StoreDir(stack.workDir()), LocalStack.BUCKET))
                    : Optional.empty();
            MlflowDatabase database = new MlflowDatabase(LocalStack.mlflowDir(stack.workDir()));
            Optional<SweepPreview.FinishedTrials> finished;
            String source;
            if (tracker != null) {
                Optional<String> experiment = tracker.existingExperimentId(request.experiment());
                finished = Optional.of(key -> experiment.flatMap(id -> tracker.finishedTrialRun(id, key)).isPresent());
                source = "asked MLflow at " + stack.externalMlflow();
            } else if (database.exists()) {
                Set<String> keys = database.finishedRunTags(request.experiment(), MlflowTracker.TRIAL_KEY_TAG);
                finished = Optional.of(keys::contains);
                source = "read from " + database.file();
            } else {
                finished = Optional.empty();
                source = "no MLflow runs under " + stack.workDir();
            }
            SweepPreview.of(request, bucket, finished, CodeVersion.current()).print(out, source);
        }
    }
}
