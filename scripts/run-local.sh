#!/usr/bin/env bash
# DiffVision's first command: builds the project if needed, then runs the pipeline job (PipelineJob) with
# Spark inside this JVM (--master 'local[*]') on the sample images, configured by conf/pipeline.properties
# (input samples/images, output output/pipeline) and conf/spark-defaults.conf. Works from any directory;
# relative paths are resolved against the repository root.
#
# Arguments are passed to PipelineJob after the defaults and override them, e.g.
#   scripts/run-local.sh --pipeline 'rgb_to_grayscale | sobel' --input /data/photos --output /tmp/edges
#   scripts/run-local.sh --master 'local[2]' --batch-size 32
#   scripts/run-local.sh --help
set -euo pipefail

# shellcheck source=lib/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
cd "$DIFFVISION_HOME"
diffvision_ensure_built
diffvision_java_command
exec "${DIFFVISION_JAVA[@]}" dev.diffvision.jobs.PipelineJob \
  --master 'local[*]' --config conf/pipeline.properties "$@"
