#!/usr/bin/env bash
# Installs what is missing, builds spsim, runs the default scenario and prints its verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
build/spsim run scenarios/somerset.yaml -o output/somerset.h5
