package org.selfreg.model;

import org.selfreg.dataprep.InvalidInputException;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The random source of a training run: {@link Random}'s generator exactly (the 48-bit linear congruential generator
 * and the polar method for Gaussians that {@code java.util.Random}'s Javadoc specifies, so a seed draws the same
 * numbers either way), with a state that a checkpoint stores as plain numbers. A checkpoint comes from S3, possibly
 * written by another sweep: its random state must be data, never an object to deserialise.
 *
 * <p>{@link #state()}: {@code lcg48:<seed>} with the generator's 48-bit state in decimal, followed by
 * {@code ,gaussian:<value>} ({@link Double#toHexString}, exact) when a second Gaussian of a pair is pending.
 */
public final class RunRandom extends Random {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    private static final Pattern STATE = Pattern.compile("lcg48:(\\d{1,15})(?:,gaussian:(\\S+))?");

    // Set by setSeed, which Random's constructor calls before this class's field initialisers would run: no
    // initialisers here.
    private long seed;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    /** The generator {@code new Random(seed)} is. */
    public RunRandom(long seed) {
        super(seed);
    }

    /**
     * The generator a checkpoint's {@link #state()} describes.
     *
     * @throws InvalidInputException when {@code state} is not such a state, naming what was found
     */
    public static RunRandom fromState(String state) {
        Matcher m = STATE.matcher(state == null ? "" : state);
        if (!m.matches() || Long.parseLong(m.group(1)) > MASK) {
            throw new InvalidInputException("checkpoint random state '" + abbreviate(state) + "' is not of the form"
                    + " lcg48:<48-bit state>[,gaussian:<hex double>]; the checkpoint was not written by this version:"
                    + " train afresh in an empty checkpoint directory");
        }
        RunRandom random = new RunRandom(0);
        random.seed = Long.parseLong(m.group(1));
        if (m.group(2) != null) {
            try {
                random.nextNextGaussian = Double.parseDouble(m.group(2));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("checkpoint random state '" + abbreviate(state) + "' holds a pending"
                        + " Gaussian that is not a number: train afresh in an empty checkpoint directory", e);
            }
            random.haveNextNextGaussian = true;
        }
        return random;
    }

    /** The state to store, from which {@link #fromState} continues with the same numbers as this generator. */
    public synchronized String state() {
        return "lcg48:" + seed + (haveNextNextGaussian ? ",gaussian:" + Double.toHexString(nextNextGaussian) : "");
    }

    @Override
    public synchronized void setSeed(long newSeed) {
        seed = (newSeed ^ MULTIPLIER) & MASK;
        haveNextNextGaussian = false;
    }

    @Override
    protected synchronized int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    /** {@link Random#nextGaussian()}'s polar method, with its pending second value in this object's state. */
    @Override
    public synchronized double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    private static String abbreviate(String state) {
        return state == null || state.length() <= 40 ? String.valueOf(state) : state.substring(0, 40) + "...";
    }
}
