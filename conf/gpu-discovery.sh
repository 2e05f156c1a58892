#!/bin/sh
# Spark resource discovery script for the NVIDIA GPUs of a worker (docs/gpu.md):
#   spark.worker.resource.gpu.discoveryScript  /path/to/conf/gpu-discovery.sh
# Prints {"name":"gpu","addresses":["0","1",...]}: the nvidia-smi indexes of the GPUs this
# process may use, which is what the train stage's compute-capability check reads them as.
set -eu
indexes=$(nvidia-smi --query-gpu=index --format=csv,noheader)
addresses=
for i in $indexes; do
  addresses="$addresses${addresses:+,}\"$i\""
done
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
