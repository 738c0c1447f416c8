import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Loads DJL's PyTorch engine as the GPU check's benchmark will (same runtime, flags, classpath and environment) and
 * prints, as {@code key: value} lines, the Java runtime and where libtorch came from: the directory DJL resolved, the
 * torch and JNI libraries this process has mapped (from {@code /proc/self/maps}, so a library loaded from anywhere
 * else shows), the GPU count and the device our trainer picks, with one small op run there. On failure it prints one
 * line, {@code failed: <exception chain>}, and exits 1: bench/gpu/run.sh copies that line into result.md as the reason.
 */
public final class EngineProbe {

    private EngineProbe() {
    }

    public static void main(String[] args) {
        try {
            Engine engine = Engine.getInstance();
            int gpus = engine.getGpuCount();
            // The trainer's rule (org.selfreg.model.RuntimeInfo.preferredDevice).
            Device device = gpus > 0 ? Device.gpu() : Device.cpu();
            float sum;
            try (NDManager manager = NDManager.newBaseManager(device)) {
                NDArray ones = manager.ones(new Shape(64, 64));
                sum = ones.matMul(ones).sum().getFloat();
            }
            System.out.println("java: " + Runtime.version() + " at " + System.getProperty("java.home"));
            System.out.println("engine: " + engine.getEngineName() + " " + engine.getVersion() + ", DJL "
                    + Engine.getDjlVersion());
            System.out.println("libtorch dir: " + LibUtils.getLibtorchPath());
            for (String library : mappedLibraries()) {
                System.out.println("mapped: " + library);
            }
            System.out.println("gpus: " + gpus);
            System.out.println("device: " + device + " (64x64 ones matMul sum " + sum + ")");
        } catch (Throwable e) {
            StringBuilder chain = new StringBuilder("failed:");
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t == e ? " " : " <- ").append(t.getClass().getSimpleName()).append(": ")
                        .append(String.valueOf(t.getMessage()).replaceAll("\\s+", " "));
            }
            System.out.println(chain);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** The torch, c10, CUDA runtime and DJL JNI libraries mapped into this process, by path. */
    private static TreeSet<String> mappedLibraries() throws IOException {
        TreeSet<String> libraries = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String path = line.substring(line.lastIndexOf(' ') + 1);
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (name.startsWith("libtorch") || name.startsWith("libc10") || name.contains("djl_torch")
                    || name.startsWith("libcudart")) {
                libraries.add(path);
            }
        }
        return libraries;
    }
}
