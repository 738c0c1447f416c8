package org.selfreg.eval;

/**
 * One class averaged over the test cases, NaN entries left out (in {@link MetricMode#PAPER} there are none, so this is
 * the reference's plain mean over cases).
 *
 * @param className   the class's name from the dataset's description
 * @param absentCases cases whose ground truth lacks the class
 * @param missedCases cases where the class is in the ground truth but not in the prediction
 */
public record ClassSummary(int classId, String className, double meanDice, double meanHd95, double meanJaccard,
                           double meanAssd, double meanMonaiHd95, double meanDiceNative, double meanJaccardNative,
                           int cases, int absentCases, int missedCases) {
}
