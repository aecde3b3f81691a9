#!/usr/bin/env bash
# DDL and DML replication across a 2-node cluster, through the real `mysql` client
# (Debian's mariadb-client):
#   1. start a 2-node cluster on 127.0.0.1 (fresh data in a temporary directory)
#   2. CREATE TABLE on node 1, seen on node 2
#   3. INSERT on node 1, seen on node 2
#   4. UPDATE on node 2, seen on node 1
#   5. DELETE on node 1, seen on node 2
# Exits non-zero on any failure, with the nodes' logs. Every wait has a deadline
# (MARMOT_WAIT_SECONDS, default 30). Ports: cluster 18091/18092, MySQL 13391/13392
# (DDL_TEST_CLUSTER_BASE / DDL_TEST_MYSQL_BASE move them). MARMOT_BIN picks the binary.
set -euo pipefail
source "$(dirname "$0")/../examples/common.sh"

wait_seconds="${MARMOT_WAIT_SECONDS:-30}"
cluster_base="${DDL_TEST_CLUSTER_BASE:-18090}"
mysql_base="${DDL_TEST_MYSQL_BASE:-13390}"
db="marmot"

fail() {
    echo "FAIL: $*" >&2
    for n in 1 2; do
        if [ -f "${work:-/nonexistent}/node-$n.log" ]; then
            echo "--- node $n log (last 30 lines) ---" >&2
            tail -30 "$work/node-$n.log" >&2
        fi
    done
    exit 1
}

if ! command -v mysql >/dev/null 2>&1; then
    echo "FAIL: the mysql client is not installed (apt-get install mariadb-client)" >&2
    exit 1
fi
command -v curl >/dev/null 2>&1 || { echo "FAIL: curl is not installed" >&2; exit 1; }

bin=$(marmot_bin) || fail "no marmot binary"
work=$(mktemp -d "${TMPDIR:-/tmp}/marmot-ddl-test.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid" 10; done
    rm -rf "$work"
}
trap cleanup EXIT

start_node() {
    local n="$1"
    shift
    "$bin" --node-id "$n" --data-dir "$work/node-$n" \
        --cluster-bind 127.0.0.1 --cluster-port $((cluster_base + n)) \
        --mysql-bind 127.0.0.1 --mysql-port $((mysql_base + n)) "$@" >"$work/node-$n.log" 2>&1 &
    pids+=($!)
}

# sql N STATEMENT: run a statement on node N; prints tab-separated rows without headers.
sql() {
    mysql --protocol=TCP -h 127.0.0.1 -P $((mysql_base + $1)) -u root --batch --skip-column-names \
        --connect-timeout=2 "$db" -e "$2"
}

# expect N STATEMENT EXPECTED: true when the statement's output on node N is EXPECTED.
expect() { [ "$(sql "$1" "$2" 2>/dev/null)" == "$3" ]; }

mysql_ready() {
    local n="$1"
    if grep -q "no MySQL front end in this build" "$work/node-$n.log" 2>/dev/null; then
        fail "this marmot binary has no MySQL front end yet (node $n logged it): nothing listens on MySQL port $((mysql_base + n))"
    fi
    kill -0 "${pids[$((n - 1))]}" 2>/dev/null || fail "node $n exited"
    sql "$n" "SELECT 1" >/dev/null 2>&1
}

echo "1. starting a 2-node cluster (data in $work)"
start_node 1
node1_answers() { kill -0 "${pids[0]}" 2>/dev/null || fail "node 1 exited"; admin_get $((cluster_base + 1)) /admin/cluster/members >/dev/null 2>&1; }
wait_for "node 1 to answer on its cluster port" "$wait_seconds" node1_answers || fail "node 1 did not start"
start_node 2 --seed-nodes "127.0.0.1:$((cluster_base + 1))"
both_alive() { [ "$(alive_members $((cluster_base + 1)))" -eq 2 ] && [ "$(alive_members $((cluster_base + 2)))" -eq 2 ]; }
wait_for "both nodes to see 2 ALIVE members" "$wait_seconds" both_alive || fail "the cluster did not form"
wait_for "MySQL on node 1" "$wait_seconds" mysql_ready 1 || fail "MySQL on node 1 does not answer"
wait_for "MySQL on node 2" "$wait_seconds" mysql_ready 2 || fail "MySQL on node 2 does not answer"

echo "2. CREATE TABLE on node 1, seen on node 2"
sql 1 "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100))" || fail "CREATE TABLE on node 1 failed"
wait_for "table users on node 2" "$wait_seconds" expect 2 "SELECT COUNT(*) FROM users" "0" || fail "node 2 does not have table users"

echo "3. INSERT on node 1, seen on node 2"
sql 1 "INSERT INTO users (id, name) VALUES (1, 'alice')" || fail "INSERT on node 1 failed"
wait_for "alice on node 2" "$wait_seconds" expect 2 "SELECT name FROM users WHERE id = 1" "alice" || fail "node 2 does not see the insert"

echo "4. UPDATE on node 2, seen on node 1"
sql 2 "UPDATE users SET name = 'bob' WHERE id = 1" || fail "UPDATE on node 2 failed"
wait_for "bob on node 1" "$wait_seconds" expect 1 "SELECT name FROM users WHERE id = 1" "bob" || fail "node 1 does not see the update"

echo "5. DELETE on node 1, seen on node 2"
sql 1 "DELETE FROM users WHERE id = 1" || fail "DELETE on node 1 failed"
wait_for "the row gone on node 2" "$wait_seconds" expect 2 "SELECT COUNT(*) FROM users" "0" || fail "node 2 still has the row"

echo "PASS: DDL and DML replicate across 2 nodes"
