package org.selfreg.workers;

import java.nio.file.Path;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.PreprocessConfig;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.dataprep.synthetic.SyntheticSpec;

/** A prepared synthetic dataset of a few 32x32 slices, for worker tests that need a real one. */
final class TinyDataset {

    private TinyDataset() {
    }

    /** {@code cases} synthetic cases of 4-5 slices, {@code held} of them each for validation and test. */
    static PreparedDataset prepare(Path dir, int cases, int held) {
        SyntheticCtGenerator.generate(dir.resolve("raw"), new SyntheticSpec(cases, 32, 4, 5, 3));
        return new Preprocessor().prepare(dir.resolve("raw"), dir.resolve("out"),
                PreprocessConfig.synapseDefaults().withSplit(held, held, 5));
    }
}
