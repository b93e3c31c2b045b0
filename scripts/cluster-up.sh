#!/usr/bin/env bash
# Starts a Spark standalone cluster on 127.0.0.1: one master and N workers, each a JVM started with java from
# the SPARK_HOME the build assembles (jobs/target/spark-home; no Spark installation needed), in the background,
# with pid files and logs in a run dir. Prints the master URL as the last line of stdout (also written to
# <run dir>/master-url). Idempotent: when the run dir's master is already running it only prints its URL.
# Stop it with scripts/cluster-down.sh (same --run-dir).
#
# Usage: scripts/cluster-up.sh [OPTIONS]
#   --workers N          workers to start (default 2)
#   --worker-cores N     cores each worker offers (default 1)
#   --worker-memory MEM  memory each worker offers to executors, e.g. 1g, 768m (default 1g)
#   --worker-gpus N      GPUs each worker offers (default 0: none), found by --gpu-discovery-script; submit with
#                        spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount (README, "GPU
#                        executors"). Workers on one machine share its GPUs: Spark hands each the same addresses
#   --gpu-discovery-script PATH
#                        prints the GPUs as Spark's resource JSON (default scripts/lib/gpu-resources.sh, which
#                        asks nvidia-smi)
#   --port PORT          the master's port (default 7077; 0: any free port)
#   --webui-port PORT    the master's web UI port (default 8080; 0: any free port); workers' UIs take free ports
#   --run-dir DIR        pid files and logs (default output/cluster, or DIFFVISION_CLUSTER_DIR)
#   --timeout SECONDS    how long to wait for the master and every worker to come up (default 120)
#   -h, --help           this text
# Then: scripts/submit.sh --master "$(cat output/cluster/master-url)" -- --config conf/pipeline.properties
# Environment: JAVA_HOME (java to use), SPARK_LOCAL_IP (default 127.0.0.1; the cluster binds to it).
# Exit codes: 0 running, 1 a daemon did not come up (see its log; the ones started are stopped), 2 bad usage
# or no assembled SPARK_HOME (run `mvn -B -DskipTests install` first).
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
# shellcheck source=lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
fail_usage() { echo "cluster-up.sh: $1" >&2; echo "Try 'scripts/cluster-up.sh --help'." >&2; exit 2; }

workers=2 cores=1 memory=1g gpus=0 port=7077 webui_port=8080 timeout=120
gpu_script="$(dirname "${BASH_SOURCE[0]}")/lib/gpu-resources.sh"
run_dir="$DIFFVISION_CLUSTER_DIR"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) workers="${2:-}"; shift 2 || fail_usage "--workers needs a value" ;;
    --worker-cores) cores="${2:-}"; shift 2 || fail_usage "--worker-cores needs a value" ;;
    --worker-memory) memory="${2:-}"; shift 2 || fail_usage "--worker-memory needs a value" ;;
    --worker-gpus) gpus="${2:-}"; shift 2 || fail_usage "--worker-gpus needs a value" ;;
    --gpu-discovery-script) gpu_script="${2:-}"; shift 2 || fail_usage "--gpu-discovery-script needs a value" ;;
    --port) port="${2:-}"; shift 2 || fail_usage "--port needs a value" ;;
    --webui-port) webui_port="${2:-}"; shift 2 || fail_usage "--webui-port needs a value" ;;
    --run-dir) run_dir="${2:-}"; shift 2 || fail_usage "--run-dir needs a value" ;;
    --timeout) timeout="${2:-}"; shift 2 || fail_usage "--timeout needs a value" ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
done
for pair in "workers:$workers" "worker-cores:$cores" "worker-gpus:$gpus" "port:$port" "webui-port:$webui_port" \
  "timeout:$timeout"; do
  [[ "${pair#*:}" =~ ^[0-9]+$ ]] || fail_usage "expected a whole number for --${pair%%:*}, got '${pair#*:}'"
done
((workers >= 1 && cores >= 1)) || fail_usage "expected --workers >= 1 and --worker-cores >= 1"
[[ "$memory" =~ ^[0-9]+[mMgG]$ ]] || fail_usage "expected --worker-memory like 768m or 2g, got '$memory'"
worker_resources=()
if ((gpus > 0)); then
  [[ -x "$gpu_script" ]] || fail_usage "the GPU discovery script '$gpu_script' is not an executable file"
  gpu_script="$(cd "$(dirname "$gpu_script")" && pwd)/$(basename "$gpu_script")"
  worker_resources=(-Dspark.worker.resource.gpu.amount="$gpus"
    -Dspark.worker.resource.gpu.discoveryScript="$gpu_script")
fi
if [[ ! -d "$DIFFVISION_SPARK_HOME/jars" ]]; then
  echo "cluster-up.sh: no assembled SPARK_HOME at $DIFFVISION_SPARK_HOME: run 'mvn -B -DskipTests install' first" >&2
  exit 2
fi

mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"
if diffvision_cluster_alive "$run_dir/master.pid"; then
  echo "A cluster is already running from $run_dir (scripts/cluster-down.sh --run-dir $run_dir stops it)."
  cat "$run_dir/master-url"
  exit 0
fi
# Left-overs of a cluster that died: stop its surviving workers, start afresh.
for pidfile in "$run_dir"/worker-*.pid; do
  if [[ -e "$pidfile" ]]; then diffvision_cluster_stop "$pidfile"; fi
done
rm -f "$run_dir/master-url" "$run_dir"/*.log

export SPARK_HOME="$DIFFVISION_SPARK_HOME" SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
diffvision_jvm_options
# The daemons log with Spark's default log4j2 profile (INFO to stderr, i.e. to their log): this script reads
# the master's URL and the workers' registrations from those lines.
daemon_options=()
for option in "${DIFFVISION_JVM_OPTIONS[@]}"; do
  [[ "$option" == -Dlog4j2.configurationFile=* ]] || daemon_options+=("$option")
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
setsid_cmd=()
command -v setsid >/dev/null 2>&1 && setsid_cmd=(setsid)

# Starts a daemon in the background: its pid (that of the JVM, written by the shell it replaces) to $1.pid,
# stdout and stderr to $1.log.
start_daemon() {
  local name="$1"
  shift
  "${setsid_cmd[@]}" bash -c 'echo $$ >"$0"; exec "$@"' "$run_dir/$name.pid" \
    "$java" -Xmx256m "${daemon_options[@]}" -cp "$SPARK_HOME/jars/*" "$@" \
    >"$run_dir/$name.log" 2>&1 </dev/null &
}

# Waits until a log holds a line matching a pattern, while the daemon lives; prints the first match.
await_line() {
  local name="$1" pattern="$2" deadline=$((SECONDS + timeout)) match
  while ((SECONDS < deadline)); do
    match="$(grep -m1 -o -E "$pattern" "$run_dir/$name.log" 2>/dev/null || true)"
    if [[ -n "$match" ]]; then
      echo "$match"
      return 0
    fi
    if [[ -f "$run_dir/$name.pid" ]] && ! diffvision_cluster_alive "$run_dir/$name.pid"; then
      break
    fi
    sleep 0.5
  done
  echo "cluster-up.sh: $name did not come up within ${timeout} s; the end of $run_dir/$name.log:" >&2
  tail -n 20 "$run_dir/$name.log" >&2 || true
  return 1
}

give_up() {
  "$(dirname "${BASH_SOURCE[0]}")/cluster-down.sh" --run-dir "$run_dir" >&2 || true
  exit 1
}

echo "Starting a Spark standalone master on 127.0.0.1 (logs and pid files in $run_dir) ..."
start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$webui_port"
started="$(await_line master 'Starting Spark master at spark://[^ ]+')" || give_up
master_url="${started##* }"
for ((i = 1; i <= workers; i++)); do
  start_daemon "worker-$i" "${worker_resources[@]}" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores "$cores" --memory "$memory" --work-dir "$run_dir/worker-$i" --webui-port 0 "$master_url"
done
for ((i = 1; i <= workers; i++)); do
  await_line "worker-$i" 'Successfully registered with master' >/dev/null || give_up
done
echo "$master_url" >"$run_dir/master-url"
offered="$cores core(s)${worker_resources:+, $gpus GPU(s)} and $memory"
echo "$workers worker(s) of $offered registered; stop with: scripts/cluster-down.sh --run-dir $run_dir"
echo "$master_url"
