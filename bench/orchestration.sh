#!/usr/bin/env bash
# Orchestration: a 4-trial sweep on 1 vs 2 worker JVMs, Conductor's overhead and per-hop latency (local stack).
# Usage: ./bench/run orchestration [epochs] [slices per case]   (defaults 2 and 32; about 10 minutes on 2 cores)
set -euo pipefail
source bench/common.sh
cp=$(module_classpath src/test)
work=$(mktemp -d "${TMPDIR:-/tmp}/selfreg-bench-orchestration-XXXXXX")
trap 'rm -rf "$work"' EXIT
java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_interop_threads=1 \
  -Dselfreg.conductor.jar="$PWD/infra/target/conductor/conductor-server-boot.jar" \
  -cp "$cp" org.selfreg.system.bench.OrchestrationBench "$work" "$@"
