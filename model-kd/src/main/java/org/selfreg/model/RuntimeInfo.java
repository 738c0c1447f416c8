package org.selfreg.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where a model was trained, recorded with every checkpoint so results can be compared and re-run.
 *
 * @param engine        DJL engine name (PyTorch)
 * @param engineVersion native library version (libtorch)
 * @param djlVersion    DJL version
 * @param device        device the tensors lived on, e.g. {@code cpu()} or {@code gpu(0)}
 */
public record RuntimeInfo(String engine, String engineVersion, String djlVersion, String device) {

    /** Describes the default engine running on {@code device}. */
    public static RuntimeInfo of(Device device) {
        Engine engine = Engine.getInstance();
        return new RuntimeInfo(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(), device.toString());
    }

    /** The first GPU when the engine reports one, else the CPU. */
    static Device preferredDevice() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
