#!/usr/bin/env bash
# Simulator benchmark: simulated QUORUM transactions per wall second on a 3-node cluster,
# as a ratio to plain SQLite inserts measured in the same run, and the wall time of 1,000
# explorer seeds. Release build. Usage: bench/simulator.sh [transactions] [explorer seeds]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product marmot-sim
.build/release/marmot-sim bench --transactions "${1:-2000}" --explorer-seeds "${2:-1000}"
