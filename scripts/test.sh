#!/usr/bin/env bash
# The test command: installs the system libraries if missing, runs every unit, scenario and
# explorer test under `swift test`, and closes with one plain summary line of XCTest's totals.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
total=0
failed=0
# XCTest prints "Executed N tests, with F failures" per suite and for the whole run; the
# last such line is the whole run.
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1)
if [ -n "$summary" ]; then
    total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
    failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "tests: $((total - failed)) passed, $failed failed"
exit "$status"
