#!/usr/bin/env bash
# Join node N to a cluster in the foreground: cluster port 8080+N, MySQL 3306+N, data in
# ${MARMOT_DATA_ROOT:-./.cluster}/node-N, everything on 127.0.0.1.
#
#   examples/join-cluster.sh 2 127.0.0.1:8081     # node 2: cluster 8082, MySQL 3308
#   examples/join-cluster.sh 3 127.0.0.1:8081     # node 3: cluster 8083, MySQL 3309
#
# Extra arguments go to marmot (e.g. --verbose). MARMOT_CLUSTER_SECRET is passed through.
set -euo pipefail
if [ $# -lt 2 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt 200 ]; then
    echo "usage: $0 N SEED_ADDR [marmot options...]   (N in 1..200; SEED_ADDR host:port, e.g. 127.0.0.1:8081)" >&2
    exit 2
fi
source "$(dirname "$0")/common.sh"
n="$1"
seed="$2"
shift 2
bin=$(marmot_bin)
data="${MARMOT_DATA_ROOT:-$MARMOT_ROOT/.cluster}/node-$n"
mkdir -p "$data"
echo "node $n: cluster 127.0.0.1:$((8080 + n)), MySQL 127.0.0.1:$((3306 + n)), seed $seed, data $data" >&2
exec "$bin" --node-id "$n" --data-dir "$data" \
    --cluster-bind 127.0.0.1 --cluster-port $((8080 + n)) \
    --mysql-bind 127.0.0.1 --mysql-port $((3306 + n)) \
    --seed-nodes "$seed" "$@"
