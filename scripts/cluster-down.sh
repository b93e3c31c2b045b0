#!/usr/bin/env bash
# Stops the Spark standalone cluster scripts/cluster-up.sh started from a run dir: its workers (and the executors
# they started), then its master; removes the pid files and master-url, keeps the logs. Idempotent: nothing
# running is not an error.
#
# Usage: scripts/cluster-down.sh [--run-dir DIR]   (default output/cluster, or DIFFVISION_CLUSTER_DIR)
# Exit codes: 0 stopped (or nothing was running), 2 bad usage.
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
# shellcheck source=lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"

run_dir="$DIFFVISION_CLUSTER_DIR"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --run-dir) run_dir="${2:-}"; shift 2 || { echo "cluster-down.sh: --run-dir needs a value" >&2; exit 2; } ;;
    -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "cluster-down.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [[ ! -d "$run_dir" ]]; then
  echo "No cluster run dir at $run_dir: nothing to stop."
  exit 0
fi
echo "Stopping the cluster of $run_dir ..."
for pidfile in "$run_dir"/worker-*.pid "$run_dir/master.pid"; do
  if [[ -e "$pidfile" ]]; then diffvision_cluster_stop "$pidfile"; fi
done
rm -f "$run_dir/master-url"
echo "Stopped."
