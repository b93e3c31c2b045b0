#!/usr/bin/env bash
# Submits DiffVision's PipelineJob (the shaded jobs/target/diffvision-jobs-<version>-submit.jar) to a Spark
# cluster with spark-submit: $SPARK_HOME/bin/spark-submit where a Spark installation is given (SPARK_HOME with
# bin/spark-submit), otherwise Spark's own launcher class (org.apache.spark.deploy.SparkSubmit) run with java on
# the SPARK_HOME the build assembles (jobs/target/spark-home/jars), the Java 17 --add-opens list, offline DJL and
# conf/log4j2.properties. Either way conf/spark-defaults.conf is the properties file and libtorch for CPU
# executors (jobs/target/lib/pytorch-native-cpu-*.jar) travels with --jars.
#
# Usage: scripts/submit.sh [SPARK-SUBMIT OPTIONS] -- [PIPELINEJOB OPTIONS]
#   scripts/submit.sh --master spark://127.0.0.1:7077 -- --config conf/pipeline.properties --output /tmp/edges
#   scripts/submit.sh --master yarn --deploy-mode cluster --executor-memory 4g -- --input hdfs:///photos \
#       --output hdfs:///out/edges --pipeline 'rgb_to_grayscale | sobel'
#   scripts/submit.sh -- --help            (PipelineJob's options)
# Without --master the properties file's spark.master applies, else Spark's default local[*].
#
# Environment:
#   SPARK_HOME                  a Spark 4.2 (Scala 2.13) installation to use its bin/spark-submit
#   DIFFVISION_SPARK_DEFAULTS   the properties file (default conf/spark-defaults.conf)
#   DIFFVISION_SUBMIT_JAR       the application jar (default jobs/target/diffvision-jobs-*-submit.jar)
#   DIFFVISION_CPU_NATIVES      the libtorch jar sent with --jars (default jobs/target/lib/pytorch-native-cpu-*.jar);
#                               set it empty where executors bring their own libtorch (PYTORCH_LIBRARY_PATH, GPUs)
#   JAVA_HOME, JAVA_OPTS        the java and extra options of the launcher JVM (no SPARK_HOME only)
# Exit codes: PipelineJob's (0 done, 1 failed, 2 bad job options) or spark-submit's; 2 also for bad usage of
# this script or a missing build (run `mvn -B -DskipTests install` first).
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

if [[ $# -eq 0 || "$1" == "-h" || "$1" == "--help" ]]; then
  usage
  [[ $# -eq 0 ]] && exit 2
  exit 0
fi

submit_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  submit_args+=("$1")
  shift
done
if [[ $# -eq 0 ]]; then
  echo "submit.sh: separate spark-submit options from PipelineJob options with --" >&2
  echo "Try 'scripts/submit.sh --help'." >&2
  exit 2
fi
shift # the --
job_args=("$@")

if [[ -z "$DIFFVISION_SUBMIT_JAR" || ! -f "$DIFFVISION_SUBMIT_JAR" ]]; then
  echo "submit.sh: no submit jar (jobs/target/diffvision-jobs-*-submit.jar): run 'mvn -B -DskipTests install' first" >&2
  exit 2
fi
if [[ ! -f "$DIFFVISION_SPARK_DEFAULTS" ]]; then
  echo "submit.sh: properties file $DIFFVISION_SPARK_DEFAULTS does not exist" >&2
  exit 2
fi
if [[ -z "${DIFFVISION_CPU_NATIVES+set}" ]]; then
  DIFFVISION_CPU_NATIVES="$(find "$DIFFVISION_JOBS_LIB" -maxdepth 1 -name 'pytorch-native-cpu-*.jar' -print -quit 2>/dev/null)"
fi
natives=()
if [[ -n "$DIFFVISION_CPU_NATIVES" ]]; then
  natives=(--jars "$DIFFVISION_CPU_NATIVES")
fi
spark_submit_args=(
  --properties-file "$DIFFVISION_SPARK_DEFAULTS"
  --class dev.diffvision.jobs.PipelineJob
  "${natives[@]}"
  "${submit_args[@]}"
  "$DIFFVISION_SUBMIT_JAR"
  "${job_args[@]}"
)

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${spark_submit_args[@]}"
fi
if [[ ! -d "$DIFFVISION_SPARK_HOME/jars" ]]; then
  echo "submit.sh: no Spark: set SPARK_HOME to a Spark installation, or run 'mvn -B -DskipTests install' to" \
    "assemble $DIFFVISION_SPARK_HOME" >&2
  exit 2
fi
diffvision_jvm_options
java_opts=()
# shellcheck disable=SC2206 # JAVA_OPTS is a whitespace-separated list of options, split on purpose
if [[ -n "${JAVA_OPTS:-}" ]]; then java_opts=(${JAVA_OPTS}); fi
# Spark's launcher would set SPARK_HOME for the driver; executors started by a standalone worker use the worker's.
export SPARK_HOME="$DIFFVISION_SPARK_HOME"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "${DIFFVISION_JVM_OPTIONS[@]}" "${java_opts[@]}" \
  -cp "$DIFFVISION_SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit "${spark_submit_args[@]}"
