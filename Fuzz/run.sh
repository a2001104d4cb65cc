#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole pipeline with libFuzzer and AddressSanitizer.
#   Fuzz/run.sh [SECONDS] [extra libFuzzer flags…]
# Seeds: topologies/ and the test fixtures. New crashes land in Fuzz/artifacts/; keep each one as a
# regression fixture in Tests/LyncTopologyTests/Fixtures/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true

build=.build-fuzz
mkdir -p "$build" Fuzz/artifacts Fuzz/corpus-work
sources=$(find Sources/LyncTopology -name '*.swift' | sort)
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name LyncTopology \
    -I Sources/CLibXML2 $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
    $sources Fuzz/FuzzTarget.swift $(pkg-config --libs libxml-2.0) -o "$build/lynctopo-fuzz"

seeds=Fuzz/corpus-work
cp -n topologies/* "$seeds"/ 2>/dev/null || true
find Tests/LyncTopologyTests/Fixtures -type f -exec cp -n {} "$seeds"/ \; 2>/dev/null || true

"$build/lynctopo-fuzz" "$seeds" -max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 "$@"
