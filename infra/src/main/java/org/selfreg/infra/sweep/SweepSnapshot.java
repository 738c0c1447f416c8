package org.selfreg.infra.sweep;

import java.util.List;

/**
 * The state of a running sweep at one moment, as the progress display shows it.
 *
 * @param status  the sweep workflow's status
 * @param stage   what the sweep is doing outside its trials ("preparing data", "summarizing", ...)
 * @param trials  one entry per planned trial (empty until the trials are planned)
 */
public record SweepSnapshot(String status, String stage, List<Trial> trials) {

    /** One trial: its label, its phase and how far training is. */
    public record Trial(String label, Phase phase, double fraction, String detail) {
    }

    /** Where a trial stands. */
    public enum Phase { QUEUED, TRAINING, EVALUATING, DONE, FAILED }
}
