#!/usr/bin/env bash
# Takes a headless-browser screenshot of one experiment's page in the MLflow UI: what a person sees there (MLflow 3
# opens an experiment without a kind on its GenAI views, traces and prompts, instead of the runs).
# It starts no server: point it at a running one, by default ./selfreg ui's (run that in another terminal).
#   scripts/mlflow-ui-screenshot.sh [EXPERIMENT] [PNG] [MLFLOW_URL] [VIEW]
#   defaults: selfreg-demo, mlflow-ui-EXPERIMENT.png, http://127.0.0.1:5310, and no VIEW: the page as a click in the
#   experiment list opens it; VIEW machine_learning or genai opens it as a link with ?workflowType=VIEW does (the
#   links the pipeline prints ask for machine_learning).
# Installs Debian's chromium when no Chromium is on the PATH (as root, with apt-get).
set -euo pipefail
experiment=${1:-selfreg-demo}
png=${2:-mlflow-ui-$experiment.png}
url=${3:-http://127.0.0.1:5310}
view=${4:-}

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "Installing chromium with apt-get ..." >&2
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  browser=$(command -v chromium)
fi

id=$(curl -fsS --get "$url/api/2.0/mlflow/experiments/get-by-name" --data-urlencode "experiment_name=$experiment" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["experiment"]["experiment_id"])') \
  || { echo "mlflow-ui-screenshot: no experiment '$experiment' at $url (is ./selfreg ui running?)" >&2; exit 1; }
page="$url/#/experiments/$id${view:+?workflowType=$view}"
# The UI is a single-page app that loads the runs after the page: the virtual time budget lets those requests finish
# before the picture is taken. Root needs --no-sandbox.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,1000 \
  --virtual-time-budget=20000 --screenshot="$png" "$page" >/dev/null 2>&1
echo "$png: $page"
