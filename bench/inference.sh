#!/usr/bin/env bash
# Whole-volume inference in slices/s: a 512x512xD volume at model size 224 (zoom included) and native 512, batch 1/8/16.
# Usage: ./bench/run inference [depth, default 16] [UNet base widths, default 8,64] [batch sizes, default 1,8,16]
set -euo pipefail
source bench/common.sh
depth=${1:-16}
widths=${2:-8,64}
batches=${3:-1,8,16}
cp=$(module_classpath evaluation)
work=evaluation/target/inference-bench
rm -rf "$work"
java "${JVM_BENCH_FLAGS[@]}" -Xmx8g -cp "$cp" org.selfreg.eval.bench.InferenceBenchmark "$work" "$depth" "$widths" "$batches"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
