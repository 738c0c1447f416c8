package org.selfreg.system;

import com.netflix.conductor.client.http.ConductorClient;
import java.nio.file.Path;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackEndpoints;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;

/**
 * The local stack on free ports (a Conductor server as a child process, S3Proxy, an MLflow server) with this JVM's
 * workers serving it: what the system tests that need no second worker process run against.
 */
final class InProcessStack implements AutoCloseable {

    private final LocalStack stack;
    private final ConductorClient conductor;
    private final WorkerHost workers;

    private InProcessStack(LocalStack stack, ConductorClient conductor, WorkerHost workers) {
        this.stack = stack;
        this.conductor = conductor;
        this.workers = workers;
    }

    /** Starts the servers with their state under {@code stackDir} and the workers with theirs under {@code workerDir}. */
    static InProcessStack start(Path stackDir, Path workerDir) {
        LocalStack stack = LocalStack.start(StackOptions.localOnFreePorts(stackDir));
        try {
            ConductorClient conductor = ConductorClient.builder()
                    .basePath(stack.endpoints().conductorApi().toString()).build();
            return new InProcessStack(stack, conductor, WorkerHost.start(conductor, stack.endpoints(), workerDir, null));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return stack.endpoints();
    }

    ConductorClient conductor() {
        return conductor;
    }

    /** Stops the workers, then the servers. */
    @Override
    public void close() {
        workers.close();
        stack.close();
    }
}
