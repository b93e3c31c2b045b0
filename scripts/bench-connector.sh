#!/usr/bin/env bash
# Measures the connector's Arrow -> NDArray host path (GB/s) and checks native memory over 5,000 batches.
#   scripts/bench-connector.sh [batch] [height] [width]     (default 64 224 224)
# Builds spark-connector's test classes offline, then runs ArrowTransferBenchmark and NativeMemoryFlatTest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$DIFFVISION_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
cp_file="spark-connector/target/bench-classpath.txt"
mvn -B -o -q -pl spark-connector test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$(pwd)/$cp_file"
opens="$(sed -n 's/.*<diffvision.addOpens>\(.*\)<\/diffvision.addOpens>.*/\1/p' pom.xml)"
# shellcheck disable=SC2086
java $opens -Dai.djl.offline=true -cp "spark-connector/target/test-classes:spark-connector/target/classes:$(cat "$cp_file")" \
  dev.diffvision.spark.ArrowTransferBenchmark "$@"
mvn -B -o -q -pl spark-connector surefire:test -Dtest=NativeMemoryFlatTest -Dsurefire.failIfNoSpecifiedTests=false
