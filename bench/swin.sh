#!/usr/bin/env bash
# Swin-UNet training step in images/s, with and without the SelfReg KD loss: DJL against the reference PyTorch.
# Usage: ./bench/run swin [batch, default 8] [warm-up pairs, default 2] [measured pairs, default 6]
# Needs ~/.cache/selfreg/torch-venv with torch numpy timm einops (see model-kd/src/test/python/make_swin_fixtures.py).
set -euo pipefail
source bench/common.sh
batch=${1:-8}
warmup=${2:-2}
pairs=${3:-6}
export OMP_NUM_THREADS=2
cp=$(module_classpath model-kd)
echo "Swin-UNet swin_tiny_patch4_window7_224_lite, 9 classes, 224x224, batch $batch, 2 threads, $pairs measured pairs"
java "${JVM_BENCH_FLAGS[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" org.selfreg.model.swin.bench.SwinTrainStepBenchmark "$batch" "$warmup" "$pairs"
"$HOME/.cache/selfreg/torch-venv/bin/python" -W ignore bench/python/swin_train_step.py "$batch" "$warmup" "$pairs"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)," \
  "torch $("$HOME/.cache/selfreg/torch-venv/bin/python" -c 'import torch; print(torch.__version__)')"
