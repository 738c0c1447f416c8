#!/usr/bin/env bash
# MoNuSeg trend check on real data through the real pipeline: lambda 0 vs 0.015 x 3 seeds (RESULTS.md).
# Usage: ./bench/run monuseg-trend PATH_TO_MoNuSeg [epochs, default 30] [width, default 16]
# UNet_hd with the unet-monuseg preset (UCTransNet's recipe) at a reduced width and epoch count; state in
# .selfreg-monuseg-trend (ports 9510/5510/8510), the compare report in .selfreg-monuseg-trend/comparison/.
set -euo pipefail
source bench/trend-common.sh
data=${1:?usage: ./bench/run monuseg-trend PATH_TO_MoNuSeg [epochs] [width]}
trend sweeps/monuseg.yaml monuseg-trend "$data" "${2:-30}" "${3:-16}" "${MONUSEG_TREND_WORK:-.selfreg-monuseg-trend}" 200
