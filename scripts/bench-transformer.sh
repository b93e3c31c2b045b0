#!/usr/bin/env bash
# The connector's throughput benchmark: images/s of decode -> resize 224x224 -> rgb_to_grayscale -> sobel -> PNG
# encode through VisionTransformer (Spark + Arrow) versus (a) the same DiffVision ops called directly in one JVM
# on the same batches and (b) a per-row Spark UDF doing the same work with OpenCV Java. Spark paths run in
# local-cluster[E,1,1024] sessions (E executor JVMs of 1 core and 1 GiB, started from the SPARK_HOME the
# connector's build assembles in spark-connector/target/spark-home, with the driver's -XX: flags: the same
# parallel GC as the direct path); the direct path uses 1 libtorch thread, OpenCV 1 thread per task core.
# Prints how far OpenCV's outputs are from DiffVision's, then one Markdown table (also written to the work dir).
#
# Usage: scripts/bench-transformer.sh [OPTIONS]
#   --quick              200 generated images instead of 2000
#   --images N           generated 256x256 RGB PNGs (default 2000)
#   --batch-sizes "..."  VisionTransformer / direct batch sizes (default "1 16 64")
#   --executors "..."    executor counts (default "1 2")
#   --rounds N           start the JVMs N times (default 1): each run of the direct path's JVM and of each
#                        executor count's session is a round; the table shows each configuration's median and
#                        range over all its measured passes, so that the machine's drift averages out
#   --passes N           measured passes of every configuration per round (default 2)
#   --resize-precision P float (default: resize float values, Kornia's resize) or pixels (resize the 8-bit
#                        pixels, then scale: VisionTransformer's resizePrecision, and the same in the direct path)
#   --warmup-passes N    unmeasured passes of every configuration before the first measured one (default 3;
#                        their rates are printed: a fresh executor JVM gains ~50% at batch size 1 over its first
#                        passes, while the JIT compiles the per-batch code)
#   --work-dir DIR       images and results (default output/bench-transformer)
#   -h, --help           this text
# Inputs: the generated images plus copies of the RGB sample photos (samples/images: astronaut.png 512x512,
# chelsea.jpg 451x300, rocket.jpg 640x427), one copy of each per 100 generated images; the gray camera.png and
# 16-bit coffee_16bit.png are left out (rgb_to_grayscale needs 3 channels; OpenCV's path is 8-bit only).
# The configurations of one JVM take turns, warm-up and measured passes alike (a pass of each in order, then the
# next pass of each), so that every configuration meets the same warm JVMs (TransformerBenchmark's Javadoc says
# why). The load average column shows what else the machine was doing: compare runs made back to back.
# Builds the benchmarks module and what it needs first (offline Maven). Needs python3 to generate the images.
# Exit codes: 0 table printed, 1 a run failed, 2 bad usage.
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
# shellcheck source=lib/bench-images.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/bench-images.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
fail_usage() { echo "bench-transformer.sh: $1" >&2; echo "Try 'scripts/bench-transformer.sh --help'." >&2; exit 2; }

images=2000 warmups=3 passes=2 batch_sizes="1 16 64" executor_counts="1 2" precision=float rounds=1
work="$DIFFVISION_HOME/output/bench-transformer"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) images=200; shift ;;
    --images) images="${2:-}"; shift 2 || fail_usage "--images needs a value" ;;
    --batch-sizes) batch_sizes="${2:-}"; shift 2 || fail_usage "--batch-sizes needs a value" ;;
    --executors) executor_counts="${2:-}"; shift 2 || fail_usage "--executors needs a value" ;;
    --rounds) rounds="${2:-}"; shift 2 || fail_usage "--rounds needs a value" ;;
    --passes) passes="${2:-}"; shift 2 || fail_usage "--passes needs a value" ;;
    --warmup-passes) warmups="${2:-}"; shift 2 || fail_usage "--warmup-passes needs a value" ;;
    --resize-precision) precision="${2:-}"; shift 2 || fail_usage "--resize-precision needs a value" ;;
    --work-dir) work="${2:-}"; shift 2 || fail_usage "--work-dir needs a value" ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
done
for n in "$images" "$rounds" "$passes" "$warmups" $batch_sizes $executor_counts; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || fail_usage "expected positive whole numbers, got '$n'"
done
[[ "$precision" == float || "$precision" == pixels ]] ||
  fail_usage "expected --resize-precision float or pixels, got '$precision'"

cd "$DIFFVISION_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
mvn -B -o -q -pl benchmarks -am package -DskipTests
spark_home="$DIFFVISION_HOME/spark-connector/target/spark-home"
[[ -f "$spark_home/RELEASE" ]] || echo "Spark home assembled by the DiffVision build" >"$spark_home/RELEASE"
export SPARK_HOME="$spark_home"
# local-cluster executors are launched as in Spark's own tests, which need the Scala version named
SPARK_SCALA_VERSION="$(sed -n 's:.*<scala.binary.version>\(.*\)</scala.binary.version>.*:\1:p' pom.xml)"
export SPARK_SCALA_VERSION

mkdir -p "$work"
work="$(cd "$work" && pwd)"
input="$work/images-$images"
diffvision_bench_images "$input" "$images" 256 || exit 2
copies=$(((images + 99) / 100))
for sample in astronaut.png chelsea.jpg rocket.jpg; do
  for ((i = 0; i < copies; i++)); do
    copy="$input/sample-$(printf '%03d' "$i")-$sample"
    [[ -f "$copy" ]] || cp "samples/images/$sample" "$copy"
  done
done

diffvision_jvm_options
stamp="$(date +%Y%m%d-%H%M%S)"
rows="$work/transformer-$stamp.tsv"
table="$work/transformer-$stamp.md"
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
run_java() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+UseParallelGC -Xmx1g "${DIFFVISION_JVM_OPTIONS[@]}" -cp "$classpath" "$@"
}
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# One JVM per mode: the direct path, then one local-cluster session per executor count; the sequence $rounds times.
for ((round = 1; round <= rounds; round++)); do
  for mode in direct $executor_counts; do
    run_java dev.diffvision.benchmarks.TransformerBenchmark "$input" "$spark_home" "${batch_sizes// /,}" "$mode" \
      "$warmups" "$passes" "$rows" "$precision" || { echo "bench-transformer.sh: the '$mode' run failed" >&2; exit 1; }
  done
done
{
  echo "decode -> resize 224 ($precision) -> rgb_to_grayscale -> sobel -> PNG, $(find "$input" -type f | wc -l) files" \
    "($images generated 256x256 PNG + $((3 * copies)) sample photos), $(nproc) cores, $rounds round(s) of" \
    "$warmups warm-up and $passes measured passes," \
    "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  run_java dev.diffvision.benchmarks.ThroughputTable "$rows"
} | tee "$table"
echo "(written to $table)" >&2
