#!/usr/bin/env bash
# The layer workloads (LeNet-5, a ResNet basic block, an LSTM) on DJL 0.36.0 + libtorch 2.7.1 (CPU,
# MKL, linux-x86_64): the third baseline of benchmarks/run.sh --djl.
#
#   benchmarks/peers/djl-layers/run.sh [--threads N] [--quick]
#
# Prints one JSON line per workload. Offline: libtorch and the JNI glue are extracted from the jars
# on the class path into target/djl-cache of the working copy ($DJL_LAYERS_DIR, default
# /tmp/autograd-djl-layers: about 550 MB), never downloaded; the first run builds it with Maven.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
work="${DJL_LAYERS_DIR:-${TMPDIR:-/tmp}/autograd-djl-layers}"
mkdir -p "$work"
cp -r "$src/pom.xml" "$src/src" "$work/"
cd "$work"
threads=1
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--threads" ] && threads="${args[$((i + 1))]}"
done
mvn -B -q -DskipTests package >&2
# libtorch's OpenMP pool reads these before DJL sets its own thread count.
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
export PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cpu # exactly the bundled version: no download
export DJL_CACHE_DIR="$PWD/target/djl-cache" ENGINE_CACHE_DIR="$PWD/target/djl-cache"
exec java -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
  -Dai.djl.offline=true -DPYTORCH_VERSION=2.7.1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/djl-layers-0.1.0-SNAPSHOT.jar:target/lib/*" dev.autograd.peers.DjlLayers "$@"
