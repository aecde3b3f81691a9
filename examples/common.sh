# Shared by examples/*.sh and scripts/{cluster,test-ddl-replication}.sh (sourced, not run).
# Everything binds and targets 127.0.0.1.

MARMOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The marmot binary: $MARMOT_BIN, else built with `swift build` (debug unless
# MARMOT_BUILD_CONFIG=release) on first use.
marmot_bin() {
    if [ -n "${MARMOT_BIN:-}" ]; then
        [ -x "$MARMOT_BIN" ] || { echo "MARMOT_BIN=$MARMOT_BIN is not executable" >&2; return 1; }
        echo "$MARMOT_BIN"
        return 0
    fi
    local config="${MARMOT_BUILD_CONFIG:-debug}"
    (cd "$MARMOT_ROOT" && swift build -c "$config" --product marmot >&2) || { echo "building marmot failed" >&2; return 1; }
    echo "$(cd "$MARMOT_ROOT" && swift build -c "$config" --show-bin-path)/marmot"
}

# curl an admin endpoint of the node on cluster port $1 (adds X-Marmot-Secret when
# MARMOT_CLUSTER_SECRET is set). Prints the body; fails on connection errors and HTTP >= 400.
admin_get() {
    local port="$1" path="$2"
    if [ -n "${MARMOT_CLUSTER_SECRET:-}" ]; then
        curl -fsS --max-time 2 -H "X-Marmot-Secret: $MARMOT_CLUSTER_SECRET" "http://127.0.0.1:$port$path"
    else
        curl -fsS --max-time 2 "http://127.0.0.1:$port$path"
    fi
}

# How many members the node on cluster port $1 sees ALIVE (0 when it does not answer).
alive_members() {
    local body
    body=$(admin_get "$1" /admin/cluster/members 2>/dev/null) || { echo 0; return; }
    grep -o '"state":"ALIVE"' <<<"$body" | wc -l | tr -d ' '
}

# wait_for DESCRIPTION SECONDS COMMAND...: run COMMAND every 0.2 s until it succeeds; fail
# with DESCRIPTION when SECONDS pass first. COMMAND's stdout is discarded, stderr is not.
wait_for() {
    local what="$1" seconds="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "timed out after ${seconds}s waiting for: $what" >&2
            return 1
        fi
        sleep 0.2
    done
}

# Exit status 0 while process $1 runs (a zombie waiting to be reaped does not count).
pid_alive() {
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    if [ -r "/proc/$1/stat" ]; then
        local stat
        stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
        stat=${stat##*) }
        [ "${stat%% *}" != "Z" ]
    fi
}

# stop_pid PID [SECONDS]: SIGTERM, wait for a clean exit, SIGKILL after the deadline.
stop_pid() {
    local pid="$1" seconds="${2:-15}"
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    local deadline=$((SECONDS + seconds))
    while pid_alive "$pid"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "pid $pid did not stop within ${seconds}s: killing it" >&2
            kill -KILL "$pid" 2>/dev/null
            break
        fi
        sleep 0.1
    done
}
