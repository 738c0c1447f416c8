#!/usr/bin/env bash
# ASHA against the full grid: 27 configurations (lambda1 x lambda2 x lr) on the synthetic set, training seconds and winner.
# Usage: ./bench/run scheduler [epochs] [cases] [minEpochs] [reduction]   (defaults 12, 32, 2, 3: about 27 minutes on 2
# quiet cores)
set -euo pipefail
source bench/common.sh
cp=$(module_classpath src/test)
work=$(mktemp -d "${TMPDIR:-/tmp}/selfreg-bench-scheduler-XXXXXX")
trap 'if [ $? -eq 0 ]; then rm -rf "$work"; else echo "bench: kept $work for its logs" >&2; fi' EXIT
java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_threads="$(nproc)" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dselfreg.conductor.jar="$PWD/infra/target/conductor/conductor-server-boot.jar" \
  -cp "$cp" org.selfreg.system.bench.SchedulerBench "$work" "$@"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
