#!/usr/bin/env bash
# Installs what the build and the tests need from Debian: SQLite (with its session extension
# and preupdate hook, as Debian builds it) and pkg-config to find it; the real MySQL clients
# the process tests drive (mariadb-client's `mysql`, PyMySQL for Debian's python3) and curl.
# Safe to run repeatedly: installs only what is missing.
set -euo pipefail
packages=(libsqlite3-dev pkg-config mariadb-client python3-pymysql curl sysbench)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
$sudo apt-get install -y "${missing[@]}"
