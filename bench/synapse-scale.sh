#!/usr/bin/env bash
# Synapse-scale rehearsal: wall time and peak RSS of a worker JVM (-Xmx2g) generating, preparing, training, evaluating.
# Usage: ./bench/run synapse-scale [training iterations, default 12] [batch size, default 24]
# 30 synthetic 512x512 cases of 85-198 slices (BTCV's size) are prepared with TransUNet's 18/12 split; full-width
# UNet_hd (KD on) trains on all training slices for the iterations given (about 30 s each at batch 24 on 2 quiet
# cores), the peak RSS in each iteration and the RSS after it recorded; a one-iteration run writes a checkpoint, with
# which one ~150-slice test volume is evaluated. Training at batch 24 peaks near 10 GB of RSS: leave that much free.
# Each stage runs in a JVM of its own with the worker launcher's flags (./selfreg). The data (4.5 GB) stays in
# ${TMPDIR:-/tmp}/selfreg-bench-synapse-scale: a rerun reuses the generated and prepared data and only trains and
# evaluates (delete the folder to generate again). First run about 5 minutes plus the training, a rerun 2 plus.
set -euo pipefail
source bench/common.sh
iterations=${1:-12}
batch=${2:-24}
cp=$(module_classpath src/test)
data="${TMPDIR:-/tmp}/selfreg-bench-synapse-scale"
results="$data/results"
threads=$(nproc)
export OMP_NUM_THREADS="$threads"  # as ./selfreg
mkdir -p "$results"
rm -f "$results"/{train,checkpoint,evaluate}.md "$results/train-series.md"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

failed=0
stage() {  # one stage in a JVM of its own; a failed stage gets a row that says so, and the others still run
  local rc=0
  java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dai.djl.pytorch.graph_optimizer=false -Dorg.slf4j.simpleLogger.log.org.selfreg=info \
    -cp "$cp" org.selfreg.system.bench.SynapseScaleBench "$1" "$data" "$iterations" "$batch" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "| $1 | – | – | FAILED (exit $rc): see its log above |" >"$results/$1.md"
    failed=1
  fi
}

if [ -d "$data/prepared" ]; then
  echo "bench: reusing the prepared data in $data; the generate and prepare rows are from the run that made it"
else
  if [ -d "$data/raw" ]; then
    echo "bench: reusing the generated data in $data/raw; its row is from the run that made it"
  else
    stage generate
  fi
  stage prepare
fi
stage train
stage checkpoint
stage evaluate

echo
echo "| stage | wall s | peak RSS MiB | notes |"
echo "|---|---:|---:|---|"
for s in generate prepare train checkpoint evaluate; do
  cat "$results/$s.md" 2>/dev/null || echo "| $s | – | – | no result |"
done
echo
echo "Train stage, after each iteration (iteration 1 includes building the network and the first reads):"
echo
cat "$results/train-series.md" 2>/dev/null || echo "(no iteration finished)"
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(java -version 2>&1 | head -1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$failed"
