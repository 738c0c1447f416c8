package org.selfreg.dataprep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The work of preparing one of ACDC's two forms, planned (input read and checked) before the output folder is touched.
 *
 * @param split         which cases train, validate and test
 * @param jobs          one per case the split uses
 * @param manifestNotes what the manifest records about the layout's intensities, geometry and cases
 */
record AcdcPlan(CaseSplit split, List<CaseJob> jobs, Map<String, Object> manifestNotes) {

    /**
     * Plans {@code input} in {@code layout} ({@link InputLayout#ACDC} or {@link InputLayout#ACDC_NPZ}). The
     * distributed layout is split as {@code config} asks ({@link AcdcSplit}); the archive keeps its lists, so the
     * config's split does not apply to it.
     *
     * @throws InvalidInputException on the first problem found in the input's lists, folders or Info.cfg files
     */
    static AcdcPlan of(Path input, InputLayout layout, PreprocessConfig config, DatasetFiles files) {
        if (layout == InputLayout.ACDC_NPZ) {
            AcdcNpzImport.Archive archive = AcdcNpzImport.read(input);
            return new AcdcPlan(archive.split(), new AcdcNpzImport(input, files).jobs(archive),
                    AcdcNpzImport.MANIFEST_NOTES);
        }
        List<AcdcPatient> patients = AcdcPatients.discover(input);
        CaseSplit split = AcdcSplit.of(patients, config, input.toString());
        return new AcdcPlan(split, new AcdcRawImport(files).jobs(patients, split), AcdcRawImport.MANIFEST_NOTES);
    }
}
