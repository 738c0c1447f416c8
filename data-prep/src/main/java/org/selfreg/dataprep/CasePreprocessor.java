package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.selfreg.dataprep.nifti.Affines;
import org.selfreg.dataprep.nifti.NiftiPlaneReader;

/**
 * Turns one raw case into its output files: windowed, [0,1]-scaled image and remapped labels, as 2-D slices (train and
 * validation cases) and as a whole volume (validation and test cases).
 *
 * <p>The case is read one z-plane at a time and each slice is handed to the slice writers as soon as its plane is
 * read, so writing overlaps the gunzip of the planes after it (gunzip is single-threaded and the largest single cost).
 */
final class CasePreprocessor {

    /** Image and label grids must coincide; float32 header storage limits agreement to about this many mm. */
    private static final double AFFINE_TOLERANCE_MM = 1e-3;
    /** Planes read but not yet written, per case: enough to keep the writers busy, few enough to bound memory. */
    private static final int PLANES_IN_FLIGHT = 8;

    private final PreprocessConfig config;
    private final DatasetFiles files;
    private final LabelRemap remap;

    CasePreprocessor(PreprocessConfig config, DatasetFiles files) {
        this.config = config;
        this.files = files;
        this.remap = new LabelRemap(config.labelMap());
    }

    /**
     * Writes the case's files for its split and describes them. Memory: a case that needs its volume holds it as float
     * image and byte labels; a training case holds only the planes in flight. Labels go from one plane of stored values
     * to class ids, never a float copy of the whole label volume.
     */
    List<ManifestEntry> process(RawCase raw, String split, Executor sliceWriters) {
        try (NiftiPlaneReader ct = NiftiPlaneReader.open(raw.image());
             NiftiPlaneReader seg = NiftiPlaneReader.open(raw.label())) {
            checkSameGrid(raw.label(), ct, seg);
            boolean slices = !split.equals("test");
            boolean volume = !split.equals("train");
            int d = ct.nz();
            int h = ct.ny();
            int w = ct.nx();
            int plane = ct.planeSize();
            double[] spacing = ct.spacing();
            float[] image = volume ? new float[volumeSize(raw.image(), ct)] : null;
            byte[] label = volume ? new byte[image.length] : null;
            StoredIntensities intensities = new StoredIntensities(raw.image(), ct.decoder(), config.huMin(),
                    config.huMax(), plane);
            StoredLabels labels = new StoredLabels(raw.label(), remap, seg.decoder(), plane);
            // This thread only inflates (the serial part, and the critical path); decoding, windowing, remapping and
            // writing run on the slice writers, plane by plane. Plane buffers are recycled: fresh 1 MiB arrays per
            // plane keep the garbage collector busy.
            BoundedTasks<Optional<ManifestEntry>> planes = new BoundedTasks<>(sliceWriters, PLANES_IN_FLIGHT);
            Queue<PlaneBuffers> free = new ConcurrentLinkedQueue<>();
            try {
                for (int z = 0; z < d; z++) {
                    PlaneBuffers buffers = Objects.requireNonNullElseGet(free.poll(),
                            () -> new PlaneBuffers(ct.planeBytes(), seg.planeBytes(), intensities.newScratch(),
                                    labels.newScratch(), plane, !volume));
                    float[] imagePlane = volume ? image : buffers.image();
                    byte[] labelPlane = volume ? label : buffers.label();
                    int from = volume ? z * plane : 0;
                    long firstVoxel = (long) z * plane;
                    seg.readStoredPlane(buffers.storedLabels());
                    ct.readStoredPlane(buffers.storedImage());
                    String name = DatasetFiles.sliceName(raw.name(), z, d);
                    planes.submit(() -> {
                        try {
                            labels.toClasses(buffers.storedLabels(), plane, buffers.labelScratch(), labelPlane, from,
                                    firstVoxel);
                            intensities.toWindowed(buffers.storedImage(), plane, buffers.imageScratch(), imagePlane,
                                    from, firstVoxel);
                            return slices ? Optional.of(files.writeSlice(name, raw.name(), split, h, w, imagePlane,
                                    labelPlane, from, spacing)) : Optional.empty();
                        } finally {
                            free.add(buffers);
                        }
                    });
                }
            } catch (RuntimeException e) {
                planes.cancel();
                throw e;
            }
            List<ManifestEntry> entries = planes.results().stream().flatMap(Optional::stream)
                    .collect(Collectors.toCollection(ArrayList::new));
            if (volume) {
                entries.add(files.writeVolume(new TestVolume(raw.name(), d, h, w, image, label, ct.affine(), spacing),
                        split));
            }
            return entries;
        }
    }

    /** Working arrays for one plane; {@code image} and {@code label} only where no whole volume holds them. */
    private record PlaneBuffers(byte[] storedImage, byte[] storedLabels, StoredIntensities.Scratch imageScratch,
                                StoredLabels.Scratch labelScratch, float[] image, byte[] label) {
        PlaneBuffers(int imageBytes, int labelBytes, StoredIntensities.Scratch imageScratch,
                     StoredLabels.Scratch labelScratch, int size, boolean ownPlanes) {
            this(new byte[imageBytes], new byte[labelBytes], imageScratch, labelScratch,
                    ownPlanes ? new float[size] : null, ownPlanes ? new byte[size] : null);
        }
    }

    private static int volumeSize(Path file, NiftiPlaneReader ct) {
        long voxels = (long) ct.planeSize() * ct.nz();
        if (voxels > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + " has " + voxels + " voxels, too many to hold as one validation or "
                    + "test volume; crop it or use it for training only");
        }
        return (int) voxels;
    }

    private static void checkSameGrid(Path labelFile, NiftiPlaneReader ct, NiftiPlaneReader seg) {
        if (ct.nx() != seg.nx() || ct.ny() != seg.ny() || ct.nz() != seg.nz()) {
            throw new InvalidInputException(labelFile + " is " + seg.nx() + "x" + seg.ny() + "x" + seg.nz()
                    + " but its image is " + ct.nx() + "x" + ct.ny() + "x" + ct.nz()
                    + "; image and label must share one voxel grid");
        }
        if (!Affines.approximatelyEqual(ct.affine(), seg.affine(), AFFINE_TOLERANCE_MM)) {
            throw new InvalidInputException(labelFile + " has affine " + Arrays.deepToString(seg.affine())
                    + " but its image has " + Arrays.deepToString(ct.affine()) + "; resample the label onto the image grid");
        }
    }
}
