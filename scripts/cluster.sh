#!/usr/bin/env bash
# A local 3-node cluster on 127.0.0.1, in the background.
#
#   scripts/cluster.sh up       # start nodes 1..3 (cluster ports 8081..8083, MySQL 3307..3309), wait until all are ALIVE
#   scripts/cluster.sh status   # each node's process, members and health
#   scripts/cluster.sh down     # SIGTERM every node, wait for a clean exit (SIGKILL after 15 s)
#   scripts/cluster.sh clean    # down, then delete the cluster directory
#
# State (data, logs, pids) lives in ${MARMOT_CLUSTER_DIR:-./.cluster}. MARMOT_BIN picks the
# binary (default: built with swift build); MARMOT_CLUSTER_SECRET is passed to every node.
# Every wait has a deadline (MARMOT_WAIT_SECONDS, default 60).
set -euo pipefail
source "$(dirname "$0")/../examples/common.sh"

dir="${MARMOT_CLUSTER_DIR:-$MARMOT_ROOT/.cluster}"
nodes=(1 2 3)
wait_seconds="${MARMOT_WAIT_SECONDS:-60}"

cluster_port() { echo $((8080 + $1)); }
mysql_port() { echo $((3306 + $1)); }
pid_of() { cat "$dir/node-$1.pid" 2>/dev/null || true; }

start_node() {
    local n="$1" bin="$2"
    shift 2
    local pid
    pid=$(pid_of "$n")
    if pid_alive "$pid"; then
        echo "node $n already running (pid $pid)"
        return 0
    fi
    mkdir -p "$dir/node-$n"
    "$bin" --node-id "$n" --data-dir "$dir/node-$n" \
        --cluster-bind 127.0.0.1 --cluster-port "$(cluster_port "$n")" \
        --mysql-bind 127.0.0.1 --mysql-port "$(mysql_port "$n")" "$@" \
        >>"$dir/node-$n.log" 2>&1 &
    echo $! >"$dir/node-$n.pid"
    echo "node $n: pid $!, cluster 127.0.0.1:$(cluster_port "$n"), MySQL 127.0.0.1:$(mysql_port "$n"), log $dir/node-$n.log"
}

answers() { admin_get "$(cluster_port "$1")" /admin/cluster/members >/dev/null 2>&1; }
all_alive() {
    local n
    for n in "${nodes[@]}"; do
        [ "$(alive_members "$(cluster_port "$n")")" -eq "${#nodes[@]}" ] || return 1
    done
}
running_or_fail() {
    local n="$1"
    if ! pid_alive "$(pid_of "$n")"; then
        echo "node $n exited; the end of its log:" >&2
        tail -20 "$dir/node-$n.log" >&2 || true
        exit 1
    fi
}
node_answers() { running_or_fail "$1"; answers "$1"; }

up() {
    mkdir -p "$dir"
    local bin
    bin=$(marmot_bin)
    start_node 1 "$bin"
    wait_for "node 1 to answer on 127.0.0.1:$(cluster_port 1)" "$wait_seconds" node_answers 1
    local n
    for n in "${nodes[@]:1}"; do
        start_node "$n" "$bin" --seed-nodes "127.0.0.1:$(cluster_port 1)"
    done
    for n in "${nodes[@]}"; do
        wait_for "node $n to answer on 127.0.0.1:$(cluster_port "$n")" "$wait_seconds" node_answers "$n"
    done
    wait_for "every node to see ${#nodes[@]} ALIVE members" "$wait_seconds" all_alive
    echo "cluster up: MySQL on 127.0.0.1:$(mysql_port 1), :$(mysql_port 2), :$(mysql_port 3)"
}

status() {
    local n pid code=0
    for n in "${nodes[@]}"; do
        pid=$(pid_of "$n")
        if pid_alive "$pid"; then
            local health
            health=$(admin_get "$(cluster_port "$n")" /admin/cluster/health 2>/dev/null || true)
            echo "node $n: running (pid $pid), cluster 127.0.0.1:$(cluster_port "$n"), MySQL 127.0.0.1:$(mysql_port "$n"), $(alive_members "$(cluster_port "$n")") ALIVE members"
            [ -n "$health" ] && echo "  health: $health"
        else
            echo "node $n: not running"
            code=1
        fi
    done
    local first
    first=$(admin_get "$(cluster_port 1)" /admin/cluster/members 2>/dev/null || true)
    [ -n "$first" ] && echo "members (seen by node 1): $first"
    return $code
}

down() {
    local n pid
    for n in "${nodes[@]}"; do
        pid=$(pid_of "$n")
        if pid_alive "$pid"; then
            echo "stopping node $n (pid $pid)"
            stop_pid "$pid" 15
        fi
        rm -f "$dir/node-$n.pid"
    done
}

case "${1:-}" in
    up) up ;;
    status) status ;;
    down) down ;;
    clean) down; rm -rf "$dir"; echo "removed $dir" ;;
    *) echo "usage: $0 up|status|down|clean" >&2; exit 2 ;;
esac
