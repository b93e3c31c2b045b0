# shellcheck shell=bash
# Shared by scripts/cluster-up.sh and scripts/cluster-down.sh (and bench-pipeline.sh); sourced after lib/env.sh.
# A cluster's run dir holds master.pid, worker-<i>.pid, master-url, and the logs (master.log, worker-<i>.log);
# each worker's executors work in worker-<i>/ (their stdout/stderr under worker-<i>/app-*/<executor id>/).
# Daemons run in their own session (setsid), so a pid is also the process group of the executors it starts.

: "${DIFFVISION_CLUSTER_DIR:=$DIFFVISION_HOME/output/cluster}"

# Succeeds when the pid file names a live Spark daemon (not a recycled pid of something else).
diffvision_cluster_alive() {
  local pidfile="$1" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  ps -p "$pid" -o args= 2>/dev/null | grep -q 'org\.apache\.spark\.deploy\.'
}

# Stops the daemon of a pid file (its process group when it leads one: the executors it started go too), waits
# up to 20 s for it to exit, then kills what is left; removes the pid file.
diffvision_cluster_stop() {
  local pidfile="$1" pid target i
  if diffvision_cluster_alive "$pidfile"; then
    pid="$(<"$pidfile")"
    target="$pid"
    [[ "$(ps -o pgid= -p "$pid" | tr -d ' ')" == "$pid" ]] && target="-$pid"
    kill -TERM -- "$target" 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
      diffvision_cluster_alive "$pidfile" || break
      sleep 0.5
    done
    if diffvision_cluster_alive "$pidfile"; then
      echo "  $(basename "$pidfile" .pid) (pid $pid) did not stop in 20 s: killing it" >&2
      kill -KILL -- "$target" 2>/dev/null || true
    fi
    echo "  stopped $(basename "$pidfile" .pid) (pid $pid)"
  fi
  rm -f "$pidfile"
}
