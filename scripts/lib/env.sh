# shellcheck shell=bash
# Shared set-up for scripts/*.sh and scripts/diffvision; sourced, not run. Provides:
#   DIFFVISION_HOME            the repository root (found from this file's location, so any cwd works)
#   DIFFVISION_SPARK_HOME      the SPARK_HOME the build assembles (jobs/target/spark-home: jars/ + RELEASE)
#   DIFFVISION_SUBMIT_JAR      the shaded jar for spark-submit (jobs/target/diffvision-jobs-<version>-submit.jar)
#   diffvision_ensure_built    runs `mvn -B -q -DskipTests install` when the jobs jar, its lib/ folder or the
#                              assembled SPARK_HOME is missing, or when a pom.xml or a src/main file is newer
#                              than the jar
#   diffvision_jvm_options     fills the array DIFFVISION_JVM_OPTIONS with the Java 17 --add-opens list (and the
#                              Vector API module of the SIMD kernels) from
#                              the parent pom, offline DJL and conf/log4j2.properties
#   diffvision_java_command    fills the array DIFFVISION_JAVA with the java command line: those options, class
#                              path (jobs jar + jobs/target/lib/* + the assembled SPARK_HOME's jars), and every
#                              spark.* line of conf/spark-defaults.conf as a -D system property (Spark reads
#                              those)
# Environment: JAVA_HOME (java to use), JAVA_OPTS (extra JVM options, appended), DIFFVISION_SPARK_DEFAULTS and
# DIFFVISION_LOG4J2 (other config files), SPARK_LOCAL_IP (default 127.0.0.1), THP_MEM_ALLOC_ENABLE (default 1).

DIFFVISION_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIFFVISION_JOBS_JAR="$DIFFVISION_HOME/jobs/target/diffvision-jobs.jar"
DIFFVISION_JOBS_LIB="$DIFFVISION_HOME/jobs/target/lib"
DIFFVISION_SPARK_HOME="$DIFFVISION_HOME/jobs/target/spark-home"
DIFFVISION_SUBMIT_JAR="${DIFFVISION_SUBMIT_JAR:-$(find "$DIFFVISION_HOME/jobs/target" -maxdepth 1 -name 'diffvision-jobs-*-submit.jar' -print -quit 2>/dev/null || true)}"
: "${DIFFVISION_SPARK_DEFAULTS:=$DIFFVISION_HOME/conf/spark-defaults.conf}"
: "${DIFFVISION_LOG4J2:=$DIFFVISION_HOME/conf/log4j2.properties}"

# Spark binds to loopback unless told otherwise (no warnings about the host name resolving to loopback).
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# libtorch keeps freed CPU memory in transparent huge pages instead of page-faulting it back on every op
# (PERFORMANCE-NOTES.md: most of jemalloc's 3-6x speed-up, without a preload).
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"

# Succeeds (0) when the project must be built before running.
diffvision_needs_build() {
  [[ -f "$DIFFVISION_JOBS_JAR" && -d "$DIFFVISION_JOBS_LIB" && -d "$DIFFVISION_SPARK_HOME/jars" ]] || return 0
  local -a watched
  local nullglob_was_set=0
  shopt -q nullglob && nullglob_was_set=1
  shopt -s nullglob
  watched=("$DIFFVISION_HOME"/pom.xml "$DIFFVISION_HOME"/*/pom.xml "$DIFFVISION_HOME"/*/src/main)
  ((nullglob_was_set)) || shopt -u nullglob
  [[ -n "$(find "${watched[@]}" -type f -newer "$DIFFVISION_JOBS_JAR" -print -quit 2>/dev/null)" ]]
}

diffvision_ensure_built() {
  if diffvision_needs_build; then
    command -v mvn >/dev/null 2>&1 || {
      echo "DiffVision is not built and Maven (mvn) is not on the PATH: install Maven 3.8+ and a JDK 17." >&2
      return 1
    }
    echo "Building DiffVision (mvn -B -q -DskipTests install) ..." >&2
    # Maven's output (errors only, with -q) goes to stderr, without the colour resets some Maven builds print.
    local status=0
    # (the || keeps errexit from ending the caller before the status is read)
    { (cd "$DIFFVISION_HOME" && mvn -B -q -DskipTests install) 2>&1 | sed $'s/\e\\[[0-9;]*m//g; /^$/d' >&2
      status=${PIPESTATUS[0]}; } || true
    if ((status != 0)); then
      echo "The build failed (exit code $status); see Maven's messages above." >&2
      return 1
    fi
    # The jar plugin leaves an up-to-date jar untouched; mark it current so touched-but-unchanged sources
    # do not trigger a build on every run.
    touch "$DIFFVISION_JOBS_JAR"
  fi
}

diffvision_jvm_options() {
  local opens
  opens="$(sed -n 's:.*<diffvision.addOpens>\(.*\)</diffvision.addOpens>.*:\1:p' "$DIFFVISION_HOME/pom.xml")"
  if [[ -z "$opens" ]]; then
    echo "cannot read the diffvision.addOpens property from $DIFFVISION_HOME/pom.xml" >&2
    return 1
  fi
  # shellcheck disable=SC2206 # the --add-opens list is whitespace-separated, split on purpose
  DIFFVISION_JVM_OPTIONS=(-Dai.djl.offline=true ${opens} "-Dlog4j2.configurationFile=$DIFFVISION_LOG4J2")
}

diffvision_java_command() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  diffvision_jvm_options || return 1
  local -a spark_props=()
  local key value
  if [[ -f "$DIFFVISION_SPARK_DEFAULTS" ]]; then
    while read -r key value || [[ -n "$key" ]]; do
      if [[ "$key" == spark.* ]]; then
        spark_props+=("-D$key=$value")
      fi
    done <"$DIFFVISION_SPARK_DEFAULTS"
  fi
  local -a java_opts=()
  # shellcheck disable=SC2206 # JAVA_OPTS is a whitespace-separated list of options, split on purpose
  if [[ -n "${JAVA_OPTS:-}" ]]; then java_opts=(${JAVA_OPTS}); fi
  DIFFVISION_JAVA=(
    "$java"
    -XX:+UseParallelGC
    "${DIFFVISION_JVM_OPTIONS[@]}"
    "${spark_props[@]}"
    "${java_opts[@]}"
    -cp "$DIFFVISION_JOBS_JAR:$DIFFVISION_JOBS_LIB/*:$DIFFVISION_SPARK_HOME/jars/*"
  )
}
