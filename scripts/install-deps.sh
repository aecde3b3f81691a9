#!/usr/bin/env bash
# Installs the system libraries the package links: SQLite (with its session extension and
# preupdate hook, as Debian builds it) and pkg-config to find it. Safe to run repeatedly.
set -euo pipefail
packages=(libsqlite3-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update
$sudo apt-get install -y "${missing[@]}"
