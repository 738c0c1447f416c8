#!/usr/bin/env bash
# Preprocessing throughput: one 512x512xN int16 CT to training npz slices, our Java path vs nibabel + numpy + np.savez.
# Usage: ./bench/run preprocess [slices=150] [repeats=3]. Needs ~/.cache/selfreg/nib-venv (numpy, nibabel).
set -euo pipefail
source bench/common.sh
SLICES=${1:-150}
REPEATS=${2:-3}
PY=~/.cache/selfreg/nib-venv/bin/python
WORK=${TMPDIR:-/tmp}/selfreg-bench-preprocess-$SLICES
CP=$(module_classpath data-prep)
if [ ! -f "$WORK/raw/img/img0001.nii.gz" ]; then
  "$PY" bench/python/preprocess_reference.py generate "$WORK/raw" "$SLICES"
fi
MB=$(( 512 * 512 * SLICES * 2 / 1000000 ))
row() { awk -v n="$SLICES" -v mb="$MB" -v s="$2" -v name="$1" -v heap="$3" \
  'BEGIN { printf "| %s | %.2f | %.0f | %.0f | %s |\n", name, s, n / s, mb / s, heap }'; }
echo "Input: 512x512x$SLICES int16 CT + uint8 label (.nii.gz), ${MB} MB of int16 voxels; $(nproc) cores; best of $REPEATS"
echo "| path | seconds | slices/s | MB/s (int16 in) | peak heap MiB |"
echo "|---|---|---|---|---|"
best_py=999999
for _ in $(seq "$REPEATS"); do
  rm -rf "$WORK/py-out"; t=$("$PY" bench/python/preprocess_reference.py run "$WORK/raw" "$WORK/py-out")
  best_py=$(awk -v a="$best_py" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
done
row "Python: nibabel + numpy clip/scale + np.savez (1 thread)" "$best_py" "-"
for threads in 1 "$(nproc)"; do
  best=999999; heap=0
  for _ in $(seq "$REPEATS"); do
    read -r t _ h < <(java "${JVM_BENCH_FLAGS[@]}" -Xmx4g -cp "$CP" org.selfreg.dataprep.bench.PreprocessBench \
      "$WORK/raw" "$WORK/java-out" "$threads")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a ? b : a) }'); heap=$h
  done
  row "Java data-prep, DEFLATE-1 npz, $threads thread(s)" "$best" "$heap"
done
awk -v p="$best_py" -v j="$best" 'BEGIN { printf "Java (all cores) / Python speed-up: %.2fx\n", p / j }'
