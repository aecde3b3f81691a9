#!/usr/bin/env bash
# The test command. Installs what is missing, then:
#   1. `swift test`: unit tests, every scenario in the simulator, 500 explorer seeds, the
#      daemon's in-process tests;
#   2. real processes on 127.0.0.1: the DDL replication script with the mysql client,
#      sysbench oltp_read_write on 3 nodes, and the 3-node cluster checks with PyMySQL
#      (kill -9, quorum loss, wrong secret);
# and closes with one plain summary line over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
total=0
failed=0
skipped=0
# XCTest prints "Executed N tests, with [S tests skipped and] F failures" per suite and for
# the whole run; the last such line is the whole run.
summary=$(grep -E "Executed [0-9]+ tests?," "$log" | tail -1)
if [ -n "$summary" ]; then
    total=$(grep -oE "Executed [0-9]+" <<<"$summary" | grep -oE "[0-9]+")
    failed=$(grep -oE "[0-9]+ failures?" <<<"$summary" | grep -oE "^[0-9]+" || echo 0)
    skipped=$(grep -oE "[0-9]+ tests? skipped" <<<"$summary" | grep -oE "^[0-9]+" || echo 0)
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; total=$((total + 1)); fi

echo
echo "== real-process tests"
if swift build --product marmot 2>&1 | tail -3; then
    export MARMOT_BIN="$PWD/.build/debug/marmot"
    total=$((total + 2))
    if scripts/test-ddl-replication.sh; then :; else failed=$((failed + 1)); status=1; fi
    if scripts/test-sysbench.sh; then :; else failed=$((failed + 1)); status=1; fi
    /usr/bin/python3 scripts/test-cluster-processes.py | tee "$log"
    if [ "${PIPESTATUS[0]}" -ne 0 ]; then status=1; fi
    line=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" "$log" | tail -1)
    if [ -n "$line" ]; then
        p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
        f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
        total=$((total + p + f))
        failed=$((failed + f))
    else
        total=$((total + 1)); failed=$((failed + 1))
    fi
else
    echo "building marmot failed"
    total=$((total + 1)); failed=$((failed + 1)); status=1
fi

echo
echo "tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
exit "$status"
