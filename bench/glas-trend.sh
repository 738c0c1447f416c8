#!/usr/bin/env bash
# GlaS trend check on real data through the real pipeline (Conductor, MLflow, S3): lambda 0 vs 0.015 x 3 seeds.
# Usage: ./bench/run glas-trend PATH_TO_GlaS [epochs, default 30] [width, default 16]
# UNet_hd with the unet-glas preset (UCTransNet's recipe) at a reduced width and epoch count that fit a 2-core CPU in
# about 45 minutes; every trial trains to its last epoch (patience 0) and is selected on the validation images. The
# sweep keeps its state in .selfreg-glas-trend (ports 9410/5410/8410, so it can run beside the tests), then the
# compare report is written to .selfreg-glas-trend/comparison/. RESULTS.md quotes it.
set -euo pipefail
data=${1:?usage: ./bench/run glas-trend PATH_TO_GlaS [epochs] [width]}
epochs=${2:-30}
width=${3:-16}
work=${GLAS_TREND_WORK:-.selfreg-glas-trend}
ports=(--s3-port 9410 --mlflow-port 5410)
echo "GlaS trend: $data, UNet_hd width $width, $epochs epochs, lambda 0 / 0.015, seeds 666-668; load average before:" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
./selfreg sweep sweeps/glas.yaml --work-dir "$work" "${ports[@]}" --conductor-port 8410 --set dataset.path="$data" \
  --set name=glas-trend --set trial.epochs="$epochs" --set trial.baseWidth="$width" --set trial.patience=0 \
  --set 'grid.seed=[666,667,668]'
echo "sweep took $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
./selfreg ui --work-dir "$work" "${ports[@]}" > "$work/ui.log" 2>&1 &
ui=$!
trap 'kill "$ui" 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  curl -sf http://127.0.0.1:5410/health > /dev/null && break
  sleep 1
done
./selfreg compare --mlflow-url http://127.0.0.1:5410 --experiments selfreg-glas --out "$work/comparison"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
