#!/usr/bin/env bash
# sysbench oltp_read_write against a local 3-node cluster (server-side prepared statements,
# BEGIN/COMMIT transactions, conflicts retried by sysbench on 1213/1205), then every node must
# hold the same rows. The table is created in SQLite form: sysbench's own `prepare` sends
# MySQL DDL (AUTO_INCREMENT, ENGINE=...), which needs the dialect layer that is not wired yet.
# Exits non-zero on any failure. SYSBENCH_SECONDS (default 10) sets the run length.
set -euo pipefail
source "$(dirname "$0")/../examples/common.sh"
command -v sysbench >/dev/null || { echo "FAIL: sysbench is not installed (apt-get install sysbench)" >&2; exit 1; }
command -v mysql >/dev/null || { echo "FAIL: the mysql client is not installed" >&2; exit 1; }

export MARMOT_CLUSTER_DIR
MARMOT_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/marmot-sysbench.XXXXXX")
cleanup() { [ -n "${KEEP_CLUSTER:-}" ] || "$MARMOT_ROOT/scripts/cluster.sh" clean >/dev/null 2>&1 || true; }
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    for n in 1 2 3; do
        [ -f "$MARMOT_CLUSTER_DIR/node-$n.log" ] && { echo "--- node $n log (last 20 lines) ---" >&2; tail -20 "$MARMOT_CLUSTER_DIR/node-$n.log" >&2; }
    done
    exit 1
}

"$MARMOT_ROOT/scripts/cluster.sh" up || fail "the cluster did not come up"
sql() { mysql --protocol=TCP -h 127.0.0.1 -P $((3306 + $1)) -u root --batch --skip-column-names marmot -e "$2"; }

sql 1 "CREATE TABLE sbtest1 (id INTEGER PRIMARY KEY, k INTEGER NOT NULL DEFAULT 0, c CHAR(120) NOT NULL DEFAULT '', pad CHAR(60) NOT NULL DEFAULT '')" || fail "CREATE TABLE"
sql 1 "CREATE INDEX k_1 ON sbtest1(k)" || fail "CREATE INDEX"
sql 1 "INSERT INTO sbtest1 (id, k, c, pad) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i, abs(random()) % 1000, printf('%0120d', i), printf('%060d', i) FROM n" || fail "loading rows"
for n in 2 3; do
    has_rows() { [ "$(sql "$1" "SELECT COUNT(*) FROM sbtest1" 2>/dev/null)" == "1000" ]; }
    wait_for "1000 rows on node $n" "${MARMOT_WAIT_SECONDS:-30}" has_rows "$n" || fail "node $n did not receive the table"
done

out="$MARMOT_CLUSTER_DIR/sysbench.txt"
for n in 1 2 3; do
    sysbench oltp_read_write --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=$((3306 + n)) --mysql-user=root \
        --mysql-password= --mysql-db=marmot --tables=1 --table-size=1000 --threads=2 --time="${SYSBENCH_SECONDS:-10}" \
        --report-interval=0 run >"$out.$n" 2>&1 &
    pids[$n]=$!
done
for n in 1 2 3; do
    wait "${pids[$n]}" || { cat "$out.$n" >&2; fail "sysbench against node $n exited with an error"; }
    grep -E "transactions:|ignored errors:" "$out.$n" | sed "s/^/node $n: /"
done

same() {
    local a b c
    a=$(sql 1 "SELECT COUNT(*), SUM(k), SUM(length(c)) FROM sbtest1") || return 1
    b=$(sql 2 "SELECT COUNT(*), SUM(k), SUM(length(c)) FROM sbtest1") || return 1
    c=$(sql 3 "SELECT COUNT(*), SUM(k), SUM(length(c)) FROM sbtest1") || return 1
    [ "$a" == "$b" ] && [ "$b" == "$c" ]
}
wait_for "every node to hold the same rows" "${MARMOT_WAIT_SECONDS:-60}" same || fail "the nodes differ after the run"
echo "PASS: sysbench oltp_read_write on 3 nodes, all converged ($(sql 1 "SELECT COUNT(*) FROM sbtest1") rows)"
