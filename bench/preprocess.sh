#!/usr/bin/env bash
# Preprocessing throughput: one 512x512xN int16 CT to training npz slices, our Java path vs nibabel + numpy + np.savez.
# Usage: ./bench/run preprocess [slices=150] [repeats=3]. Needs ~/.cache/selfreg/nib-venv (numpy,
# nibabel). Each Java JVM prepares the case 3 times: the first run is "cold" (JIT warming up, as in a one-shot CLI run),
# the best later run "warm" (as in a long-lived worker). The last rows start cold from an AOT cache (JDK 25, JEP 483/515:
# classes loaded and linked, method profiles) written by an untimed training run, as a one-shot run could.
set -euo pipefail
source bench/common.sh
SLICES=${1:-150}
REPEATS=${2:-3}
RUNS_PER_JVM=3
PY=~/.cache/selfreg/nib-venv/bin/python
WORK=${TMPDIR:-/tmp}/selfreg-bench-preprocess-$SLICES
CP=$(module_classpath data-prep)
# An AOT cache needs a classpath of jars, so every Java row runs from jars of the module's classes.
mkdir -p "$WORK/aot"
jar cf "$WORK/aot/data-prep.jar" -C data-prep/target/classes .
jar cf "$WORK/aot/data-prep-tests.jar" -C data-prep/target/test-classes .
CP="$WORK/aot/data-prep.jar:$WORK/aot/data-prep-tests.jar:${CP#*target/test-classes:}"
if [ ! -f "$WORK/raw/img/img0001.nii.gz" ]; then
  "$PY" bench/python/preprocess_reference.py generate "$WORK/raw" "$SLICES"
fi
MB=$(( 512 * 512 * SLICES * 2 / 1000000 ))
row() { awk -v n="$SLICES" -v mb="$MB" -v s="$2" -v name="$1" -v heap="$3" \
  'BEGIN { printf "| %s | %.2f | %.0f | %.0f | %s |\n", name, s, n / s, mb / s, heap }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }
echo "Input: 512x512x$SLICES int16 CT + uint8 label (.nii.gz), ${MB} MB of int16 voxels; $(nproc) cores;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg); best of $REPEATS"
echo "| path | seconds | slices/s | MB/s (int16 in) | peak heap MiB |"
echo "|---|---|---|---|---|"
best_py=999999
for _ in $(seq "$REPEATS"); do
  rm -rf "$WORK/py-out"; t=$("$PY" bench/python/preprocess_reference.py run "$WORK/raw" "$WORK/py-out")
  best_py=$(min "$best_py" "$t")
done
row "Python: nibabel + numpy clip/scale + np.savez STORED (1 thread)" "$best_py" "-"
java_rows() {  # threads, stored|deflate, [extra JVM flag, row note]
  local cold=999999 warm=999999 heap=0 run t h
  for _ in $(seq "$REPEATS"); do
    run=0
    while read -r t _ h; do
      if [ $run -eq 0 ]; then cold=$(min "$cold" "$t"); else warm=$(min "$warm" "$t"); fi
      heap=$(( h > heap ? h : heap )); run=$((run + 1))
    done < <(java "${JVM_BENCH_FLAGS[@]}" ${3:+"$3"} -Xmx4g -cp "$CP" org.selfreg.dataprep.bench.PreprocessBench \
      "$WORK/raw" "$WORK/java-out" "$1" "$RUNS_PER_JVM" "$2")
    [ "$run" -eq "$RUNS_PER_JVM" ] || { echo "bench: the Java run failed" >&2; exit 1; }
  done
  row "Java data-prep, $2 slices, $1 thread(s)${4:-}, cold (1st run in a JVM)" "$cold" "$heap"
  row "Java data-prep, $2 slices, $1 thread(s)${4:-}, warm (best later run)" "$warm" "$heap"
  LAST_COLD=$cold; LAST_WARM=$warm
}
java_rows 1 stored
java_rows "$(nproc)" stored
awk -v p="$best_py" -v c="$LAST_COLD" -v w="$LAST_WARM" \
  'BEGIN { printf "Java STORED (all cores) / Python speed-up: %.2fx cold, %.2fx warm\n", p / c, p / w }'
java_rows "$(nproc)" deflate
java "${JVM_BENCH_FLAGS[@]}" -XX:AOTCacheOutput="$WORK/aot/preprocess.aot" -Xlog:aot=warning -Xmx4g -cp "$CP" \
  org.selfreg.dataprep.bench.PreprocessBench "$WORK/raw" "$WORK/java-out" "$(nproc)" "$RUNS_PER_JVM" stored \
  >"$WORK/aot/training.log" 2>&1
java_rows "$(nproc)" stored -XX:AOTCache="$WORK/aot/preprocess.aot" ", AOT cache"
awk -v p="$best_py" -v c="$LAST_COLD" 'BEGIN { printf "Java STORED (all cores) from the AOT cache / Python: %.2fx cold\n", p / c }'
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
