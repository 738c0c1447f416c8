#!/usr/bin/env bash
# ./selfreg predict on a 512x512xD CT, full-width UNet_hd: 1 model, ensemble of 3, flip TTA vs the reference's test_single_volume.
# Usage: ./bench/run predict [depth D >= 4, default 150] [rounds, default 2] [intra-op threads, default: all cores]
# Needs ~/.cache/selfreg/torch-venv (torch 2.5.1, numpy, scipy; model-kd/src/test/python/make_kd_fixtures.py).
set -euo pipefail
source bench/common.sh
depth=${1:-150}
rounds=${2:-2}
threads=${3:-$(nproc)}
export OMP_NUM_THREADS=$threads
cp=$(reactor_classpath evaluation)
python=${TORCH_PYTHON:-$HOME/.cache/selfreg/torch-venv/bin/python}
work=evaluation/target/predict-bench
rm -rf "$work" && mkdir -p "$work"
echo "load before: $(uptime)"
java "${JVM_BENCH_FLAGS[@]}" -Xmx6g -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$cp" org.selfreg.eval.bench.PredictBenchmark "$work" "$depth" "$rounds" "$python" bench/python/predict_reference.py
echo "load after: $(uptime)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(java -version 2>&1 | head -1), torch $("$python" -c 'import torch; print(torch.__version__)')"
