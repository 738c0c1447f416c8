#!/usr/bin/env bash
# GPU check (issue 15, item 7), run on a lent GPU machine from the repository root: bash bench/gpu/run.sh, after
# bench/gpu/prepare.sh built bench/gpu/bundle here. DJL (the bundle's runtime and jars) on the libtorch inside the
# device's PyTorch trains full-width UNet_hd against that PyTorch running the reference step, in turns, KD off and on
# (TrainStepBenchmark). Writes result.md (the tables, or one line saying why DJL could not run) and all logs to $OUT
# (default ./gpu-out); ends with status 0 either way, so that the outcome comes back.
# Settings: GPU_CHECK_PYTHON (python3), GPU_CHECK_BATCHES (24,8), GPU_CHECK_STEPS (measured rounds, 20),
# GPU_CHECK_WARMUP (3), GPU_CHECK_DEADLINE (seconds the benchmark may take, 200). The whole script stays under 330 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=bench/gpu/bundle
python=${GPU_CHECK_PYTHON:-python3}
batches=${GPU_CHECK_BATCHES:-24,8}
steps=${GPU_CHECK_STEPS:-20}
warmup=${GPU_CHECK_WARMUP:-3}
deadline=${GPU_CHECK_DEADLINE:-200}
out=${OUT:-./gpu-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
result=$out/result.md
# Training data and checkpoints (140 MiB each at full width) stay out of $OUT, which comes back.
work=$(mktemp -d "${TMPDIR:-/tmp}/selfreg-gpu-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

# stop <reason>: records why the check could not measure, as the last line of result.md, and ends cleanly.
stop() {
  echo "**Not measured:** $1" >> "$result"
  cat "$result"
  exit 0
}

{
  echo "# GPU check: DJL vs PyTorch training step, full-width UNet_hd, 1x224x224"
  echo
  echo "- run: $(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  if command -v nvidia-smi > /dev/null; then
    echo "- GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)" \
      "(name, driver, memory)"
  fi
  sed -n '1,2s/^/- bundle /p' "$bundle/BUILD.txt" 2>/dev/null || true
} > "$result"
[ -x "$bundle/jre/bin/java" ] || stop "no bundle at $bundle: run bash bench/gpu/prepare.sh before, carry $bundle"

# The device's torch: its version, its lib folder (DJL's libtorch), its C++ ABI (the JNI flavour) and the CUDA
# runtime it has loaded, which DJL's GPU count (CudaUtils, through JNA) must find too: pip's CUDA wheels keep
# libcudart.so.12 in site-packages/nvidia, outside the paths JNA searches.
probe_torch='
import os, shlex, torch
cuda = torch.cuda.is_available()
cudart = [l.split()[-1] for l in open("/proc/self/maps") if "/libcudart" in l]
values = {
    "torch_version": torch.__version__,
    "torch_lib": os.path.join(os.path.dirname(torch.__file__), "lib"),
    "torch_cxx11_abi": str(torch._C._GLIBCXX_USE_CXX11_ABI).lower(),
    "torch_cuda": torch.version.cuda or "",
    "torch_gpu": torch.cuda.get_device_name(0) if cuda else "",
    "cudart_dir": os.path.dirname(cudart[0]) if cudart else "",
}
print("\n".join("%s=%s" % (k, shlex.quote(v)) for k, v in values.items()))
'
"$python" -c "$probe_torch" > "$out/torch.env" 2> "$out/torch.log" \
  || stop "$python cannot import torch: $(tail -1 "$out/torch.log")"
source "$out/torch.env"
echo "- PyTorch: $torch_version (CUDA ${torch_cuda:-none}, C++11 ABI $torch_cxx11_abi) at $torch_lib;" \
  "torch sees: ${torch_gpu:-no GPU}" >> "$result"
if [ -z "$torch_gpu" ] && nvidia-smi -L > /dev/null 2>&1; then
  stop "nvidia-smi lists a GPU but torch $torch_version (CUDA ${torch_cuda:-none}) sees none"
fi

# DJL's override variables (LibUtils): PYTORCH_LIBRARY_PATH makes it load that folder's libtorch instead of a bundled
# or downloaded one; the version and flavour name the JNI glue it extracts from the bundle's pytorch-jni jar (built
# for libtorch 2.5.1 only; for another version DJL would download one, and the device is offline). The flavour is cu124,
# the only CUDA one in DJL 0.33's jar; its JNI links to libtorch_cuda, which any CUDA 12 build of torch has. Without a
# GPU (the local dry run) a CUDA build of torch gets the CPU flavour: the CUDA one also loads libcaffe2_nvrtc, which
# needs the driver's libcuda.so.1.
flavor=$([ -n "$torch_gpu" ] && echo cu124 || echo cpu)
precxx11=$([ "$torch_cxx11_abi" = true ] && echo false || echo true)
[ "$precxx11" = false ] || flavor+=-precxx11
export PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=${torch_version%%+*} PYTORCH_FLAVOR=$flavor
export PYTORCH_PRECXX11=$precxx11
# A fresh cache: the JNI library is extracted here, so nothing from an earlier ~/.djl.ai can be picked up.
export DJL_CACHE_DIR=$work/djl-cache
export OMP_NUM_THREADS=2
echo "- DJL: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION" \
  "PYTORCH_FLAVOR=$PYTORCH_FLAVOR" >> "$result"
java=("$bundle/jre/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  # Logs to stderr: jhdf's jar carries a simplelogger.properties that sends them to stdout, where a step server's
  # log line would be read as its answer.
  -Dorg.slf4j.simpleLogger.logFile=System.err
  # Each DJL process logs the native libraries it loads, and the trainer the device it trains on.
  -Dorg.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils=debug
  -Dorg.slf4j.simpleLogger.log.org.selfreg.model.SegmentationTrainer=info
  -Xmx2g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp "$bundle/lib/*")
[ -z "$cudart_dir" ] || java+=(-Djna.library.path="$cudart_dir")

# probe <name>: EngineProbe into $out/<name>.txt and .log; outcome <name>: its result or failure, in one line.
probe() { timeout --kill-after=10 60 "${java[@]}" EngineProbe > "$out/$1.txt" 2> "$out/$1.log" || true; }
outcome() {
  sed -n 's/^device: /loads and runs on /p; s/^failed: //p' "$out/$1.txt" | grep . || echo "no answer (see $1.log)"
}
jni_torch=$(basename "$bundle"/lib/pytorch-jni-*.jar | sed -E 's/^pytorch-jni-([0-9.]+)-.*/\1/')
if [ "$PYTORCH_VERSION" != "$jni_torch" ]; then
  # Worth recording whether the glue links against this libtorch at all; a benchmark on it would prove nothing.
  PYTORCH_VERSION=$jni_torch probe probe-forced
  reason="torch $torch_version is not $jni_torch, the one libtorch DJL 0.33.0's JNI glue (libdjl_torch.so) is built"
  stop "$reason for, and an offline DJL cannot fetch glue for it; with the $jni_torch glue forced on, DJL $(
    outcome probe-forced)"
fi
probe probe
sed 's/^/- DJL probe: /' "$out/probe.txt" >> "$result"
grep -q '^device: ' "$out/probe.txt" || stop "DJL cannot load torch $torch_version's libtorch: $(outcome probe)"
if [ -n "$torch_gpu" ] && ! grep -q '^device: gpu' "$out/probe.txt"; then
  stop "torch sees $torch_gpu but DJL sees no GPU (is libcudart reachable? cudart_dir=${cudart_dir:-not found})"
fi

if command -v nvidia-smi > /dev/null; then
  nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -lms 500 > "$out/nvidia-smi.csv" &
  sampler=$!
fi
echo "gpu check: benchmark, batches $batches, $steps rounds after $warmup warm-up (at most $deadline s) ..." >&2
status=0
timeout --kill-after=15 "$deadline" "${java[@]}" org.selfreg.model.bench.TrainStepBenchmark "$work" "$batches" \
  "$steps" "$warmup" 0 bench/python/train_reference.py "$python" > "$out/bench.out" 2> "$out/bench.log" \
  || status=$?
[ -z "${sampler:-}" ] || kill "$sampler"

{
  echo "- DJL trainers ran on: $(grep -o ' on [a-z]*([0-9]*) (PyTorch [^)]*)$' "$out/bench.log" | sort | uniq -c \
    | sed -E 's/^ *([0-9]+) +on (.*)/\2 (\1 trainers)/' | paste -sd';')"
  if [ -s "$out/nvidia-smi.csv" ]; then
    echo "- peak GPU memory used, all processes together: $(tail -n +2 "$out/nvidia-smi.csv" | cut -d, -f3 \
      | sort -n | tail -1 | xargs)"
  fi
  echo
  # The result tables of bench.out, a blank line after each.
  awk '/^\|/ {print; table = 1; next} table {print ""; table = 0} END {if (table) print ""}' "$out/bench.out"
} >> "$result"
case $status in
  0) ;;
  124 | 137) stop "the benchmark ran past GPU_CHECK_DEADLINE=$deadline s; tables above are the batches it finished" ;;
  *) stop "the benchmark failed with status $status: $(grep -m1 -i 'exception\|error' "$out/bench.log" || true)" ;;
esac
cat "$result"
