#!/usr/bin/env bash
# Start the seed node of a local cluster in the foreground: node 1, cluster port 8081,
# MySQL 3307, data in ${MARMOT_DATA_ROOT:-./.cluster}/node-1, everything on 127.0.0.1.
# Then join more nodes with examples/join-cluster.sh N 127.0.0.1:8081.
# Extra arguments go to marmot (e.g. --verbose). MARMOT_CLUSTER_SECRET is passed through.
set -euo pipefail
source "$(dirname "$0")/common.sh"
bin=$(marmot_bin)
data="${MARMOT_DATA_ROOT:-$MARMOT_ROOT/.cluster}/node-1"
mkdir -p "$data"
echo "seed node 1: cluster 127.0.0.1:8081, MySQL 127.0.0.1:3307, data $data" >&2
exec "$bin" --node-id 1 --data-dir "$data" \
    --cluster-bind 127.0.0.1 --cluster-port 8081 \
    --mysql-bind 127.0.0.1 --mysql-port 3307 "$@"
