package org.selfreg.model.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A training loop in a process of its own that runs one step per line it reads and answers with the step's seconds,
 * after a first line naming its engine ({@link DjlStepServer}, {@code bench/python/train_reference.py}). A process per
 * loop keeps per-process state apart: libgomp lets its threads sleep at barriers instead of spinning once a process has
 * more of them than cores, which a second training thread in the same JVM would cause.
 */
final class StepProcess implements AutoCloseable {

    private final List<String> command;
    private final boolean kd;
    private final Process process;
    private final BufferedReader replies;
    private final Writer commands;
    private final String engine;

    StepProcess(List<String> command, boolean kd) throws IOException {
        this.command = command;
        this.kd = kd;
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.engine = reply();
    }

    /** The engine and library, as the result table names it. */
    String engine() {
        return engine;
    }

    /** Whether the step includes the SelfReg loss. */
    boolean kd() {
        return kd;
    }

    /** The process's peak resident memory so far (VmHWM): the whole process, runtime and libraries included. */
    long peakResidentKiB() {
        return TrainStepBenchmark.statusKiB(process.pid(), "VmHWM");
    }

    /** Runs one training step and returns its wall time in nanoseconds. */
    long step() throws IOException {
        commands.write("step\n");
        commands.flush();
        return Math.round(Double.parseDouble(reply()) * 1e9);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        commands.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private String reply() throws IOException {
        String line = replies.readLine();
        if (line == null) {
            throw new IOException("the step process " + command + " exited with " + waitForExit()
                    + "; its stderr is above");
        }
        return line;
    }

    private int waitForExit() throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the step process " + command, e);
        }
    }
}
