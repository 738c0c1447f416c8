package org.selfreg.model;

/** Scalar loss values of one training step, read while the step's arrays are still open. */
record StepLosses(double total, double segmentation, double kdIntra, double kdInter) {
}
