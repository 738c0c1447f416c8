#!/usr/bin/env bash
# The SelfReg loss alone (forward + backward) on UNet_hd's tap shapes at 224², DJL vs the reference PyTorch (2 threads).
# Usage: ./bench/run kd [batch sizes, default 8,24] [repetitions, default 20] [warm-up, default 3]
set -euo pipefail
source bench/common.sh
batches=${1:-8,24}
repetitions=${2:-20}
warmup=${3:-3}
export OMP_NUM_THREADS=2
cp=$(module_classpath model-kd)
java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" org.selfreg.model.bench.KdLossBenchmark "$batches" "$repetitions" "$warmup"
# As in bench/train.sh: each Python given in TORCH_PYTHONS, by default the parity fixtures' torch-venv.
for python in ${TORCH_PYTHONS:-$HOME/.cache/selfreg/torch-venv/bin/python}; do
  "$python" bench/python/kd_reference.py "$batches" "$repetitions" "$warmup"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
