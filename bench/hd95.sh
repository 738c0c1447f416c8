#!/usr/bin/env bash
# HD95 of one 512x512x150 case with 8 organs: ours vs medpy on this machine, values must be identical.
# Usage: ./bench/run hd95 [timed Java runs, default 5]. Needs ~/.cache/selfreg/eval-venv (see bench/python/hd95_reference.py).
set -euo pipefail
source bench/common.sh
runs=${1:-5}
venv=~/.cache/selfreg/eval-venv
[ -x "$venv/bin/python" ] || { echo "hd95: create $venv first (see bench/python/hd95_reference.py)" >&2; exit 2; }
out=evaluation/target/hd95-bench
cp=$(module_classpath evaluation)
echo "== medpy (scipy EDT on the whole volume), one core"
"$venv/bin/python" bench/python/hd95_reference.py "$out"
for threads in 1 "$(nproc)"; do
  echo "== ours, $threads thread(s)"
  java "${JVM_BENCH_FLAGS[@]}" -Xmx8g \
    -cp "$cp" org.selfreg.eval.bench.Hd95Benchmark "$out" "$runs" "$threads"
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
