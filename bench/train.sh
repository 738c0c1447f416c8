#!/usr/bin/env bash
# Training step img/s of full-width UNet_hd at 1x224x224, KD off/on, DJL vs PyTorch in turns (2 threads), and RSS growth.
# Usage: ./bench/run train [batch sizes, default 8,24] [measured steps, default 20] [warm-up, default 3] [RSS steps, default 1000]
set -euo pipefail
source bench/common.sh
batches=${1:-8,24}
steps=${2:-20}
warmup=${3:-3}
rss_steps=${4:-1000}
export OMP_NUM_THREADS=2
cp=$(module_classpath model-kd)
work=model-kd/target/train-bench
rm -rf "$work" && mkdir -p "$work"
# The reference runs on each Python given (space-separated; default: the torch-venv of the parity fixtures), in turns
# with DJL step by step. A venv with torch 2.5.1 (the libtorch DJL 0.33 runs) separates the engine from the library.
pythons=${TORCH_PYTHONS:-$HOME/.cache/selfreg/torch-venv/bin/python}
# shellcheck disable=SC2086 # one argument per Python
java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" org.selfreg.model.bench.TrainStepBenchmark "$work" "$batches" "$steps" "$warmup" "$rss_steps" \
  bench/python/train_reference.py $pythons
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
