package org.selfreg.infra.cli;

import com.netflix.conductor.client.http.ConductorClient;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.selfreg.infra.LocalStack;
import org.selfreg.infra.StackEndpoints;
import org.selfreg.infra.StackOptions;
import org.selfreg.infra.WorkerHost;

/**
 * {@code selfreg worker}: a worker process that joins running sweeps, given the Conductor, MLflow and S3 addresses.
 * Start one per GPU; {@code --domain} routes the training and evaluation tasks of sweeps started with the same domain
 * to this pool.
 */
final class WorkerCommand {

    static final OptionSpec SPEC = StackArguments.addTo(new OptionSpec("worker", 0)
            .add("domain", null, "SELFREG_TASK_DOMAIN", "Conductor task domain of this worker's training and"
                    + " evaluation tasks (e.g. gpu); none polls the default queues"));

    private final PrintStream out;

    WorkerCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args, Map<String, String> env) throws InterruptedException {
        OptionSpec.Values v = SPEC.parse(args, env);
        StackOptions stack = StackArguments.parse(v, env);
        if (stack.externalConductor() == null || stack.externalMlflow() == null || stack.externalS3() == null) {
            throw new UsageException("a worker joins existing servers: give --conductor-url, --mlflow-url and"
                    + " --s3-endpoint (or SELFREG_CONDUCTOR_URL, MLFLOW_TRACKING_URI, SELFREG_S3_ENDPOINT)");
        }
        // Every server is given by address: the stack starts nothing and has nothing to stop.
        StackEndpoints endpoints = LocalStack.start(stack).endpoints();
        ConductorClient conductor = ConductorClient.builder().basePath(endpoints.conductorApi().toString()).build();
        WorkerHost host = WorkerHost.start(conductor, endpoints, stack.workDir(), v.get("domain"));
        // SIGTERM and Ctrl-C end the JVM once its shutdown hooks return: this one first hands the running tasks to
        // the other workers, which resume them from their checkpoints.
        Runtime.getRuntime().addShutdownHook(new Thread(host::handBackTasks, "worker-hand-back"));
        out.println("Worker polling " + endpoints.conductorApi()
                + (v.get("domain") == null ? "" : " in domain " + v.get("domain"))
                + "; Ctrl-C or SIGTERM stops it and hands its running tasks to the other workers.");
        new CountDownLatch(1).await(); // polls until the JVM is stopped
        return 0;
    }
}
