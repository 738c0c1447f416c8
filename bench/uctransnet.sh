#!/usr/bin/env bash
# UCTransNet training step (Synapse shape, full width), KD off/on, DJL vs the PyTorch restatement in turns (2 threads).
# Usage: ./bench/run uctransnet [batch, default 4] [measured steps, default 10] [warm-up, default 2]
# Needs ~/.cache/selfreg/torch-venv (torch 2.5.1, numpy; model-kd/src/test/python/make_uctransnet_fixtures.py).
set -euo pipefail
source bench/common.sh
batch=${1:-4}
steps=${2:-10}
warmup=${3:-2}
export OMP_NUM_THREADS=2
cp=$(reactor_classpath model-kd)
python=${TORCH_PYTHON:-$HOME/.cache/selfreg/torch-venv/bin/python}
echo "UCTransNet 1 -> 9 classes, 224x224, base 64, batch $batch, Adam 1e-3, 2 threads; load average before:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
java "${JVM_BENCH_FLAGS[@]}" -Xmx1g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" org.selfreg.model.bench.UCTransNetStepBenchmark "$batch" "$steps" "$warmup" "$python" \
  bench/python/uctransnet_step.py
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(java -version 2>&1 | head -1), torch $("$python" -c 'import torch; print(torch.__version__)')"
