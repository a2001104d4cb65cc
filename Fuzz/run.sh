#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer.
#   Fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…]
# TARGET: pipeline | state-csv | state-json | mirror-state-csv | archive | reader-parts (see Fuzz/FuzzTarget.swift). SECONDS defaults to
# 60; 0 runs until stopped (or until -runs=N, given as an extra flag).
# One binary holds every target: all library sources plus Fuzz/*.swift in one swiftc invocation, so the fuzz
# code can use the module's internal API without being part of it; it is rebuilt when a source is newer.
# Seeds: Fuzz/seeds/TARGET/ (and, for pipeline, topologies/ and the test fixtures; for the CSV state targets,
# the example state files in topologies/); the state targets use the dictionary Fuzz/state.dict. The working corpus grows in Fuzz/corpus-work/TARGET/. Crashes land in
# Fuzz/artifacts/TARGET/; keep each one as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
targets="pipeline state-csv state-json mirror-state-csv archive reader-parts"
target="${1:-}"
case " $targets " in
    *" $target "*) ;;
    *) echo "usage: Fuzz/run.sh TARGET [SECONDS] [libFuzzer flags…]   (TARGET: ${targets// / | })" >&2; exit 64 ;;
esac
shift
seconds="${1:-60}"
shift || true

build=.build-fuzz
binary="$build/lynctopo-fuzz"
mkdir -p "$build" "Fuzz/artifacts/$target" "Fuzz/corpus-work/$target"
sources=$(find Sources/LyncTopology -name '*.swift' | sort)
if [ ! -x "$binary" ] || [ -n "$(find Sources/LyncTopology Fuzz -name '*.swift' -newer "$binary" | head -1)" ]; then
    # Built under another name and moved into place, so that a run in progress keeps its binary.
    swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name LyncTopology -D LYNCTOPO_FUZZ_IN_MODULE \
        -I Sources/CLibXML2 -I Sources/CLibZ -lz $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
        $sources Fuzz/*.swift $(pkg-config --libs libxml-2.0) -o "$binary.new.$$"
    mv -f "$binary.new.$$" "$binary"
fi

corpus="Fuzz/corpus-work/$target"
[ -d "Fuzz/seeds/$target" ] && cp -n "Fuzz/seeds/$target"/* "$corpus"/ 2>/dev/null || true
case "$target" in
    pipeline|reader-parts)
        cp -n topologies/*.xml topologies/*.tbxml "$corpus"/ 2>/dev/null || true
        find Tests/LyncTopologyTests/Fixtures -type f -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
        maxlen=262144; extra=() ;;
    state-csv)
        cp -n topologies/*-state.csv "$corpus"/ 2>/dev/null || true
        maxlen=65536; extra=(-dict=Fuzz/state.dict) ;;
    state-json)
        maxlen=65536; extra=(-dict=Fuzz/state.dict) ;;
    mirror-state-csv)
        cp -n topologies/*-mirror-state.csv "$corpus"/ 2>/dev/null || true
        maxlen=65536; extra=(-dict=Fuzz/state.dict) ;;
    archive)
        cp -n topologies/*.zip "$corpus"/ 2>/dev/null || true
        maxlen=262144; extra=() ;;
esac

# The Swift runtime's own backtracer is turned off: under AddressSanitizer it reports itself.
SWIFT_BACKTRACE=enable=no LYNCTOPO_FUZZ_TARGET="$target" "$binary" "$corpus" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix="Fuzz/artifacts/$target/" -print_final_stats=1 "${extra[@]}" "$@"
