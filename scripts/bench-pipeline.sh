#!/usr/bin/env bash
# The distributed benchmark: PipelineJob's throughput (images/s) versus batch size and number of workers, on a
# generated set of synthetic 8-bit RGB PNGs, each combination submitted with scripts/submit.sh (the shaded jar)
# to a loopback standalone cluster of that many 1-core workers started by scripts/cluster-up.sh (stopped again
# at the end, also on failure or Ctrl-C). Prints one Markdown table.
#
# Usage: scripts/bench-pipeline.sh [OPTIONS]
#   --images N           images in the generated set (default 500)
#   --size S             their side in pixels (default 256)
#   --batch-sizes "..."  PipelineJob --batch-size values (default "1 16 64")
#   --workers "..."      worker counts, 1 core and --worker-memory each (default "1 2")
#   --worker-memory MEM  memory per worker (default 1g; executors get 768m of it)
#   --pipeline SPEC      (default 'rgb_to_grayscale | sobel')
#   --work-dir DIR       images, outputs, cluster logs (default output/bench-pipeline)
#   -h, --help           this text
# Columns: "processing" is PipelineJob's own stage [2/3] (decode, pipeline, PNG encode and write, manifest) as
# its report gives it; "end to end" is the submit command's wall time (JVM and Spark start-up, executors'
# libtorch load, listing, processing, manifest read-back). Input splits are sized so each worker's core gets one
# partition (spark.sql.files.openCostInBytes=16k): batches of 64 then really hold 64 images.
# Needs python3 (standard library) to generate the images. Builds the project first if needed.
# Exit codes: 0 table printed, 1 a run failed (its output is kept in the work dir), 2 bad usage.
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
# shellcheck source=lib/bench-images.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-images.sh"
scripts="$DIFFVISION_HOME/scripts"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
fail_usage() { echo "bench-pipeline.sh: $1" >&2; echo "Try 'scripts/bench-pipeline.sh --help'." >&2; exit 2; }

images=500 size=256 batch_sizes="1 16 64" worker_counts="1 2" memory=1g
pipeline='rgb_to_grayscale | sobel'
work="$DIFFVISION_HOME/output/bench-pipeline"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --images) images="${2:-}"; shift 2 || fail_usage "--images needs a value" ;;
    --size) size="${2:-}"; shift 2 || fail_usage "--size needs a value" ;;
    --batch-sizes) batch_sizes="${2:-}"; shift 2 || fail_usage "--batch-sizes needs a value" ;;
    --workers) worker_counts="${2:-}"; shift 2 || fail_usage "--workers needs a value" ;;
    --worker-memory) memory="${2:-}"; shift 2 || fail_usage "--worker-memory needs a value" ;;
    --pipeline) pipeline="${2:-}"; shift 2 || fail_usage "--pipeline needs a value" ;;
    --work-dir) work="${2:-}"; shift 2 || fail_usage "--work-dir needs a value" ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
done
for n in "$images" "$size" $batch_sizes $worker_counts; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail_usage "expected positive whole numbers, got '$n'"
done

diffvision_ensure_built
mkdir -p "$work"
work="$(cd "$work" && pwd)"
input="$work/images-${images}x${size}"
diffvision_bench_images "$input" "$images" "$size" || exit 2

cluster_dir=""
stop_cluster() {
  if [[ -n "$cluster_dir" ]]; then
    "$scripts/cluster-down.sh" --run-dir "$cluster_dir" >&2 || true
    cluster_dir=""
  fi
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# One row per run: workers, batch size, images, processing s, images/s, end-to-end s, images/s.
rows=()
for workers in $worker_counts; do
  cluster_dir="$work/cluster-$workers"
  master_url="$("$scripts/cluster-up.sh" --workers "$workers" --worker-cores 1 --worker-memory "$memory" \
    --port 0 --webui-port 0 --run-dir "$cluster_dir" | tail -n 1)"
  for batch in $batch_sizes; do
    log="$work/run-w${workers}-b${batch}.log"
    echo "workers $workers, batch size $batch ($log) ..." >&2
    start=$(date +%s.%N)
    if ! "$scripts/submit.sh" --master "$master_url" --executor-memory 768m --conf spark.ui.enabled=false \
      --conf spark.sql.files.openCostInBytes=16384 -- --input "$input" --output "$work/out" \
      --pipeline "$pipeline" --channels rgb --batch-size "$batch" >"$log" 2>&1; then
      echo "bench-pipeline.sh: the run with $workers worker(s) and batch size $batch failed; see $log" >&2
      exit 1
    fi
    end=$(date +%s.%N)
    processing="$(sed -n 's/^  wall time .*processing \([0-9.]*\) s.*/\1/p' "$log")"
    ok="$(sed -n 's/^  rows *[0-9]* in, \([0-9]*\) ok.*/\1/p' "$log")"
    if [[ -z "$processing" || -z "$ok" ]]; then
      echo "bench-pipeline.sh: no 'rows' / 'wall time' lines in the job's report; see $log" >&2
      exit 1
    fi
    rows+=("$(awk -v w="$workers" -v b="$batch" -v n="$ok" -v p="$processing" -v s="$start" -v e="$end" \
      'BEGIN { printf "| %d | %d | %d | %.1f | %.1f | %.1f | %.1f |", w, b, n, p, n / p, e - s, n / (e - s) }')")
  done
  stop_cluster
done

echo
echo "PipelineJob '$pipeline', ${size}x${size} RGB PNG in and out, 1-core workers on 127.0.0.1 ($(nproc) cores here)"
echo
echo "| workers | batch size | images | processing s | images/s (processing) | end to end s | images/s (end to end) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
