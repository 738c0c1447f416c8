#!/usr/bin/env bash
# Orchestration overhead: a 4-trial sweep run directly in one process vs through Conductor + MLflow + S3 (1, 2 workers).
# The same trials on the same data; also the per-hop latency between tasks.
# Usage: ./bench/run orchestration [epochs] [cases] [repeats]   (defaults 4, 24 and 1: trials of about a minute on 2
# cores, about 20 minutes in all; each further repeat of the direct-beside-the-stack and 1-worker pair adds about 9)
set -euo pipefail
source bench/common.sh
cp=$(module_classpath src/test)
work=$(mktemp -d "${TMPDIR:-/tmp}/selfreg-bench-orchestration-XXXXXX")
# Kept when the run fails: the worker logs (*.log) say what happened to each trial.
trap 'if [ $? -eq 0 ]; then rm -rf "$work"; else echo "bench: kept $work for its logs" >&2; fi' EXIT
java "${JVM_BENCH_FLAGS[@]}" -Xmx2g -Dai.djl.pytorch.num_threads="$(nproc)" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dselfreg.conductor.jar="$PWD/infra/target/conductor/conductor-server-boot.jar" \
  -cp "$cp" org.selfreg.system.bench.OrchestrationBench "$work" "$@"
