#!/usr/bin/env bash
# GlaS trend check on real data through the real pipeline (Conductor, MLflow, S3): lambda 0 vs 0.015 x 3 seeds.
# Usage: ./bench/run glas-trend PATH_TO_GlaS [epochs, default 30] [width, default 16]
# UNet_hd with the unet-glas preset (UCTransNet's recipe) at a reduced width and epoch count that fit a 2-core CPU in
# about 45 minutes when the machine is otherwise idle; state in .selfreg-glas-trend (ports 9410/5410/8410, so it can
# run beside the tests), the compare report in .selfreg-glas-trend/comparison/. RESULTS.md quotes it.
set -euo pipefail
source bench/trend-common.sh
data=${1:?usage: ./bench/run glas-trend PATH_TO_GlaS [epochs] [width]}
trend sweeps/glas.yaml glas-trend "$data" "${2:-30}" "${3:-16}" "${GLAS_TREND_WORK:-.selfreg-glas-trend}" 100
