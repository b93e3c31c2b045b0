#!/usr/bin/env bash
# Runs the op benchmarks (the benchmarks module: JMH, DiffVision beside OpenCV Java and BoofCV on the same
# float32 RGB 256x256 batches), building them first if needed, and writes the results:
#   output/bench/ops-<time>[-quick].json  JMH's results
#   output/bench/ops-<time>[-quick].log   JMH's console output (also printed)
#   output/bench/ops-<time>[-quick].md    the table: ms per image and ratio to OpenCV (also printed)
# Works from any directory.
#
#   scripts/bench-ops.sh               every op at B = 1, 16, 64; 1 fork, 3 x 2 s warm-up, 5 x 3 s measured
#                                      iterations per benchmark (about 20 minutes on 2 cores)
#   scripts/bench-ops.sh --quick       B = 16 only; 1 fork, 1 x 2 s warm-up, 2 x 2 s measured (about 3 minutes)
#   scripts/bench-ops.sh [--quick] [JMH options] [benchmark regex], e.g.
#     scripts/bench-ops.sh Sobel -p batch=64
#     (JMH rejects an option given twice: with --quick, do not repeat -f, -wi, -w, -i, -r or -p batch)
#     scripts/bench-ops.sh -h          JMH's own options
# Environment:
#   THP_MEM_ALLOC_ENABLE  default 1: libtorch keeps freed memory in transparent huge pages instead of page-
#                         faulting it back on every op (PERFORMANCE-NOTES.md); set 0 to measure without
#   DIFFVISION_THREADS    libtorch intra-op threads (default: one per core); on a machine busy with other
#                         work, 1 avoids libtorch's threads waiting on each other (3-5x faster here at load 10).
#                         OpenCV and BoofCV get the same thread count (EqualThreads), so every library runs
#                         on as many cores as DiffVision
#   JAVA_OPTS             extra options for the benchmark JVMs (appended); JAVA_HOME picks the java
# The machine's other load shows up in the numbers: on a shared machine, compare runs made back to back.
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$DIFFVISION_HOME"

classes=benchmarks/target/classes
classpath_file=benchmarks/target/classpath.txt

mode=full
jmh_args=()
if [[ "${1:-}" == --quick ]]; then
  shift
  mode=quick
  jmh_args=(-f 1 -wi 1 -w 2s -i 2 -r 2s -p batch=16)
fi

# Succeeds (0) when the benchmarks or the ops they call changed since the last build.
needs_build() {
  [[ -f "$classpath_file" && -f "$classes/META-INF/BenchmarkList" ]] || return 0
  local entry
  local -a entries
  IFS=: read -r -a entries <"$classpath_file"
  for entry in "${entries[@]}"; do
    [[ -e "$entry" ]] || return 0
  done
  [[ -n "$(find pom.xml ops/pom.xml benchmarks/pom.xml ops/src/main benchmarks/src/main \
      samples/images/astronaut.png -type f -newer "$classpath_file" -print -quit)" ]]
}

if needs_build; then
  command -v mvn >/dev/null 2>&1 || { echo "bench-ops: Maven (mvn) is not on the PATH" >&2; exit 1; }
  echo "Building the benchmarks (mvn -B -q -DskipTests -pl benchmarks -am package) ..." >&2
  mvn -B -q -DskipTests -pl benchmarks -am package >&2
  # build-classpath leaves an unchanged file untouched; mark it current.
  touch "$classpath_file"
fi

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
stamp="$(date +%Y%m%d-%H%M%S)"
name="output/bench/ops-$stamp$([[ $mode == quick ]] && echo -quick || true)"
mkdir -p output/bench
# The forked benchmark JVMs: a fixed, pre-touched heap (first-touch page faults otherwise land in the
# measurements), then the caller's options.
fork_opts="-Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules=jdk.incubator.vector ${JAVA_OPTS:-}"
cp="$classes:$(cat "$classpath_file")"

"$java" -Xmx256m -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -jvmArgsAppend "$fork_opts" \
  -rf json -rff "$name.json" "$@" 2>&1 | tee "$name.log"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
{
  echo "# Op benchmarks ($mode), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores ($cpu), $("$java" -version 2>&1 | head -n 1)," \
    "THP_MEM_ALLOC_ENABLE=$THP_MEM_ALLOC_ENABLE, DIFFVISION_THREADS=${DIFFVISION_THREADS:-default}," \
    "JMH ${jmh_args[*]:-defaults (-f 1 -wi 3 -w 2s -i 5 -r 3s)} $*; 256x256 float32, ms per image" \
    "(score / B), ratio to OpenCV at the same B (lower is faster)."
  echo
  "$java" -cp "$cp" dev.diffvision.benchmarks.ResultsTable "$name.json"
} >"$name.md"
echo
cat "$name.md"
echo
echo "Results: $name.md (table), $name.json (JMH), $name.log (console)"
