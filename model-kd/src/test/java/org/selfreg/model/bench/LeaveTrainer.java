package org.selfreg.model.bench;

/** Ends a benchmark's training run from inside the trainer's iteration callback (no stack trace: not an error). */
final class LeaveTrainer extends RuntimeException {

    LeaveTrainer() {
        super(null, null, false, false);
    }
}
