#!/usr/bin/env bash
# Builds the release binary and runs the benchmark: lynctopo against xmllint --noout and a Python
# ElementTree script, on generated topologies from 100 KB to 50 MB. Options go to bench.py
# (e.g. --runs 3, --sizes 1MB,20MB, --tools show,validate, --json results.json).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "run.sh: please install: ${need[*]}" >&2
        exit 1
    fi
fi

# On Linux the Swift runtime is linked in, as the README installs it (macOS has it in the system).
static=(); [ "$(uname -s)" = Linux ] && static=(--static-swift-stdlib)
swift build -c release --product lynctopo "${static[@]}" >&2
exec python3 Benchmarks/bench.py "$@"
