package org.selfreg.workers;

/** Values made safe for a task's JSON output. */
final class TaskOutputs {

    private TaskOutputs() {
    }

    /** JSON has no NaN or infinity: an undefined number travels as null ("not measured"). */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
