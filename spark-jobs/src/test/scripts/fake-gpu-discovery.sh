#!/bin/sh
# A fake Spark GPU resource discovery script, for testing GPU scheduling on machines without a GPU
# (bin/services start gpu-worker): it reports SPIRA_FAKE_GPUS (default 2) addresses "0", "1", ...
# that no device stands behind. A GPU cluster uses conf/gpu-discovery.sh instead.
n=${SPIRA_FAKE_GPUS:-2}
addresses=
i=0
while [ "$i" -lt "$n" ]; do
  addresses="$addresses${addresses:+,}\"$i\""
  i=$((i + 1))
done
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
