package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import org.selfreg.model.nd.LibtorchArrays;
import org.selfreg.model.unet.FeatureTaps;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SelfReg self-distillation loss of the reference {@code KDloss} (UNet combination).
 *
 * <ul>
 *   <li>IFD ({@code intra_fd}): channels of a tap sorted by the mean of the L2-normalised map, descending; MSE
 *       between the first and second half, both halves receiving gradient (the reference does not detach).</li>
 *   <li>SCR ({@code inter_fd}): every tap regressed onto the detached teacher, average-pooled to the tap's size, on
 *       random ordered channel subsets drawn afresh on every call.</li>
 * </ul>
 * Which taps enter which term is the backbone's {@link KdRecipe} (UNet: {@code intra = mean(encoder taps) +
 * mean(decoder taps)}, {@code inter = mean over the decoder then encoder taps});
 * {@code total = lambdaIntra * intra + lambdaInter * inter}.
 */
public final class SelfRegLoss {

    /** L2-normalisation floor of {@code F.normalize}. */
    private static final float NORM_EPS = 1e-12f;

    private final double lambdaIntra;
    private final double lambdaInter;
    private final ChannelSampler sampler;
    private final KdRecipe recipe;

    /**
     * @param lambdaIntra weight of the IFD term (the author's {@code loss_1})
     * @param lambdaInter weight of the SCR term (the author's {@code loss_2})
     * @param sampler     channel subsets for SCR; a {@link RandomChannelSampler} in training
     * @param recipe      how the backbone's taps combine
     */
    public SelfRegLoss(double lambdaIntra, double lambdaInter, ChannelSampler sampler, KdRecipe recipe) {
        this.lambdaIntra = lambdaIntra;
        this.lambdaInter = lambdaInter;
        this.sampler = sampler;
        this.recipe = recipe;
    }

    /** The UNet combination. */
    public SelfRegLoss(double lambdaIntra, double lambdaInter, ChannelSampler sampler) {
        this(lambdaIntra, lambdaInter, sampler, KdRecipe.UNET);
    }

    /**
     * Loss terms of one forward pass.
     *
     * @param intra unweighted IFD term (sum over the recipe's groups of the group mean)
     * @param inter unweighted SCR term (sum over the recipe's groups of the group mean)
     * @param total {@code lambdaIntra * intra + lambdaInter * inter}, the part added to the segmentation loss
     */
    public record Terms(NDArray intra, NDArray inter, NDArray total) {
    }

    /**
     * Computes both terms. A term whose lambda is 0 is not computed (its value is reported as 0): a baseline run
     * then costs no more than plain segmentation training.
     */
    public Terms compute(FeatureTaps taps) {
        NDManager manager = taps.logits().getManager();
        NDArray zero = manager.zeros(new Shape());
        NDArray intra = lambdaIntra == 0 ? zero : sumOfIntraMeans(recipe.intraGroups(taps));
        NDArray inter = lambdaInter == 0 ? zero : sumOfInterMeans(recipe.interGroups(taps), taps.teacher());
        NDArray total = intra.mul(LibtorchArrays.scalar(manager, lambdaIntra, intra.getDataType()))
                .add(inter.mul(LibtorchArrays.scalar(manager, lambdaInter, inter.getDataType())));
        return new Terms(intra, inter, total);
    }

    private static NDArray sumOfIntraMeans(List<List<NDArray>> groups) {
        NDArray sum = null;
        for (List<NDArray> group : groups) {
            NDArray groupSum = null;
            for (NDArray f : group) {
                groupSum = plus(groupSum, intraFd(f));
            }
            sum = plus(sum, groupSum.div(LibtorchArrays.scalar(groupSum.getManager(), (long) group.size())));
        }
        return sum;
    }

    private NDArray sumOfInterMeans(List<List<NDArray>> groups, NDArray teacher) {
        NDArray detached = teacher.stopGradient();
        // The same pooled teacher serves every student of one resolution.
        Map<Long, NDArray> pooledTeachers = new HashMap<>();
        NDArray sum = null;
        for (List<NDArray> students : groups) {
            NDArray groupSum = null;
            for (NDArray student : students) {
                long side = student.getShape().get(2);
                NDArray pooled = pooledTeachers.computeIfAbsent(side, s -> poolTo(detached, s));
                int cs = (int) student.getShape().get(1);
                int ct = (int) pooled.getShape().get(1);
                int k = Math.min(cs, ct);
                int[] studentChannels = sampler.sample(cs, k);
                int[] teacherChannels = sampler.sample(ct, k);
                groupSum = plus(groupSum, interFd(student, pooled, studentChannels, teacherChannels));
            }
            sum = plus(sum, groupSum.div(LibtorchArrays.scalar(groupSum.getManager(), (long) students.size())));
        }
        return sum;
    }

    private static NDArray plus(NDArray sum, NDArray term) {
        return sum == null ? term : sum.add(term);
    }

    /**
     * {@code intra_fd}: MSE between the top and bottom half of the channels ranked by mean L2-normalised activation.
     *
     * @param f feature map {@code (B, C, H, W)} with an even {@code C}
     */
    public static NDArray intraFd(NDArray f) {
        Shape shape = f.getShape();
        long channels = shape.get(1);
        if (channels % 2 != 0) {
            throw new IllegalArgumentException("intra_fd needs an even channel count, got shape " + shape);
        }
        // Only the integer order is used, so the score needs no gradient.
        NDArray detached = f.stopGradient();
        NDArray normalised = detached.div(detached.norm(new int[] {2, 3}, true).maximum(NORM_EPS));
        NDArray score = Reductions.meanOver(normalised, 0, 2, 3);
        // Equal scores are common (a channel with one non-zero pixel in a 2x2 map scores exactly 0.25) and their
        // order changes the loss, since the halves are paired by position. torch.sort(descending=True) on CPU orders
        // ties as an ascending sort of the negated score does; libtorch's descending argSort does not (measured).
        NDArray order = score.neg().argSort(0, true);
        long half = channels / 2;
        NDArray top = order.get(new NDIndex(":{}", half));
        NDArray bottom = order.get(new NDIndex("{}:", half));
        return ChannelSelection.difference(f, top, bottom).square().mean();
    }

    /**
     * {@code inter_fd} on given channel subsets: MSE between the chosen student channels and the chosen channels of
     * the teacher, which must already be detached and pooled to the student's size.
     */
    public static NDArray interFd(NDArray student, NDArray teacher, int[] studentChannels, int[] teacherChannels) {
        if (!student.getShape().slice(2).equals(teacher.getShape().slice(2))) {
            throw new IllegalArgumentException("inter_fd needs equal spatial sizes, got student " + student.getShape()
                    + " and teacher " + teacher.getShape());
        }
        NDArray s = ChannelSelection.select(student, indexArray(student, studentChannels));
        // The teacher is detached, so a plain index (cheaper forward, no backward) serves.
        NDArray t = teacher.get(new NDIndex(":, {}", indexArray(student, teacherChannels)));
        return Reductions.mse(s, t.reshape(s.getShape()));
    }

    private static NDArray indexArray(NDArray owner, int[] channels) {
        long[] asLong = new long[channels.length];
        for (int i = 0; i < channels.length; i++) {
            asLong[i] = channels[i];
        }
        return LibtorchArrays.longs(owner.getManager(), asLong);
    }

    /**
     * {@code adaptive_avg_pool2d(teacher, (side, side))} for the integer ratios of a UNet (2, 4, 8, ...), where it
     * equals an average pool with kernel = stride = ratio.
     */
    public static NDArray poolTo(NDArray teacher, long side) {
        long teacherSide = teacher.getShape().get(2);
        if (side == teacherSide) {
            return teacher;
        }
        if (side > teacherSide || teacherSide % side != 0) {
            throw new IllegalArgumentException("teacher of side " + teacherSide + " cannot be average-pooled exactly to "
                    + side + "; only integer down-sampling ratios are supported");
        }
        long k = teacherSide / side;
        return Pool.avgPool2d(teacher, new Shape(k, k), new Shape(k, k), new Shape(0, 0), false, true);
    }
}
