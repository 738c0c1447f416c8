# Shared by the real-data trend checks (glas-trend.sh, monuseg-trend.sh): a sweep file's lambda 0 / 0.015 grid over
# three seeds, UNet_hd at a reduced width and epoch count, through the real pipeline (Conductor, MLflow, S3), then the
# compare report. Every trial trains to its last epoch (patience 0) and is selected on the validation images.
# Usage (sourced): trend SWEEP_FILE NAME DATA EPOCHS WIDTH WORK_DIR PORT_OFFSET
trend() {
  local sweep=$1 name=$2 data=$3 epochs=$4 width=$5 work=$6 offset=$7
  local s3=$((9310 + offset)) mlflow=$((5310 + offset)) conductor=$((8310 + offset))
  echo "$name: $data, UNet_hd width $width, $epochs epochs, lambda 0 / 0.015, seeds 666-668; load average before:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  local start
  start=$(date +%s)
  ./selfreg sweep "$sweep" --work-dir "$work" --s3-port "$s3" --mlflow-port "$mlflow" --conductor-port "$conductor" \
    --set dataset.path="$data" --set name="$name" --set trial.epochs="$epochs" --set trial.baseWidth="$width" \
    --set trial.patience=0 --set 'grid.seed=[666,667,668]' || echo "the sweep had failed trials (exit $?): see above"
  echo "sweep took $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  ./selfreg ui --work-dir "$work" --s3-port "$s3" --mlflow-port "$mlflow" > "$work/ui.log" 2>&1 &
  local ui=$!
  # shellcheck disable=SC2064
  trap "kill $ui 2>/dev/null || true" EXIT
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$mlflow/health" > /dev/null && break
    sleep 1
  done
  local experiment
  experiment=$(sed -n 's/^experiment: *//p' "$sweep")
  ./selfreg compare --mlflow-url "http://127.0.0.1:$mlflow" --experiments "$experiment" --out "$work/comparison"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
}
