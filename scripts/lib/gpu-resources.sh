#!/usr/bin/env bash
# Spark resource discovery script for NVIDIA GPUs: prints the machine's GPU indices as Spark's ResourceInformation
# JSON, e.g. {"name": "gpu", "addresses": ["0", "1"]}. scripts/cluster-up.sh --worker-gpus gives it to workers
# (spark.worker.resource.gpu.discoveryScript); a cluster of your own can use it, or Spark's
# examples/src/main/scripts/getGpusResources.sh, which does the same.
# Exit codes: 0 printed (an empty address list when the driver sees no GPU), 1 nvidia-smi missing or failing.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-resources.sh: nvidia-smi is not on the PATH: no NVIDIA driver on this machine" >&2
  exit 1
fi
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader)"
addresses=""
for index in $indices; do
  addresses+="${addresses:+, }\"$index\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
