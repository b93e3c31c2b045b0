#!/usr/bin/env bash
# Checks DiffVision on a GPU (or any DJL device) of this machine, without Spark:
#   1. every registered op on its sample input on the device against the CPU: forward in float64 and float32,
#      input gradients in float64 (dev.diffvision.ops.conformance.DeviceConformance)  -> OUT/conformance.txt
#   2. the operator benchmarks' DiffVision side at B = 1, 16, 64, host <-> device copies of a (64, 3, 224, 224)
#      batch, and the connector's typical pipeline (decode -> resize 224 -> gray -> sobel -> PNG) over
#      samples/images (dev.diffvision.benchmarks.DeviceTiming)                          -> OUT/timing.txt
#   3. with --registration N: N seeded pairs from tools/bench_registration.py (OpenCV ECC run beside, one process
#      per core), registered in batches of 64 on the device (RegistrationTiming), scored -> OUT/registration.txt
#
#   scripts/check-device.sh [--registration N] [DEVICE (gpu0)] [OUT (output/device)]
#
# The device's libtorch must be one DJL's JNI (libtorch 2.7.1) can use; tell DJL where it is (README, "GPU
# executors"): PYTORCH_LIBRARY_PATH=<libtorch>/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128.
# Environment: DIFFVISION_CLASSPATH  a class path holding ops' and benchmarks' classes and their dependencies
#                                    (default: build with Maven, then benchmarks/target/classpath.txt)
#              JAVA                  the java command (default: $JAVA_HOME/bin/java, else java)
#              PYTHON                a python3 with OpenCV for --registration (default /usr/bin/python3)
# Exit status: 1 when an op does not agree with the CPU or a step fails (each step runs and reports either way).
set -euo pipefail
# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$DIFFVISION_HOME"

pairs=0
if [[ "${1:-}" == --registration ]]; then
  pairs="$2"
  shift 2
fi
device="${1:-gpu0}"
out="${2:-output/device}"
mkdir -p "$out"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

if [[ -z "${DIFFVISION_CLASSPATH:-}" ]]; then
  echo "Building ops and benchmarks (mvn -B -q -DskipTests -pl benchmarks -am package) ..." >&2
  mvn -B -q -DskipTests -pl benchmarks -am package >&2
  DIFFVISION_CLASSPATH="benchmarks/target/classes:ops/target/classes:$(cat benchmarks/target/classpath.txt)"
fi
run() {
  "$java_cmd" -Dai.djl.offline=true -Dlog4j2.configurationFile="$DIFFVISION_LOG4J2" -cp "$DIFFVISION_CLASSPATH" "$@"
}

status=0
run dev.diffvision.ops.conformance.DeviceConformance "$device" | tee "$out/conformance.txt" || status=1
run dev.diffvision.benchmarks.DeviceTiming "$device" --images samples/images | tee "$out/timing.txt" || status=1
if ((pairs > 0)); then
  python="${PYTHON:-/usr/bin/python3}"
  work="$out/registration-pairs"
  rm -rf "$work"
  "$python" tools/bench_registration.py generate --out "$work" --pairs "$pairs" --seed 7 --workers "$(nproc)"
  run dev.diffvision.benchmarks.RegistrationTiming "$work" "$work/dv.csv" "$device" 64 | tee "$out/registration.txt" \
    || status=1
  seconds="$(sed -n 's/.* in batches of [0-9]*: \([0-9.]*\) s,.*/\1/p' "$out/registration.txt")"
  "$python" tools/bench_registration.py report --dir "$work" --dv-csv "$work/dv.csv" --dv-seconds "$seconds" \
    | tee -a "$out/registration.txt"
fi
exit "$status"
