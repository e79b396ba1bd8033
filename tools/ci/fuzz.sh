#!/usr/bin/env bash
# CI step (issue 8): fuzz the scenario loader with libFuzzer + AddressSanitizer for a bounded
# time (default 60 s, or $1 seconds). Any crash, trap or sanitizer report fails the step; the
# crashing input is kept in .build-fuzz/artifacts/. Prints the build time and one summary line
# with the number of executions.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
make -s setup >/dev/null
scratch=.build-fuzz
mkdir -p "$scratch/corpus" "$scratch/artifacts"
start=$(date +%s)
# libFuzzer without its main() (SwiftPM links an executable's entry point as <module>_main, so
# `swiftc -sanitize=fuzzer`'s main() cannot be used): the target's @main calls
# LLVMFuzzerRunDriver. Swift code gets libFuzzer's coverage (8-bit counters, PC table,
# comparisons) and AddressSanitizer; debug build, so overflow and bounds traps stay on.
runtime="$(dirname "$(readlink -f "$(command -v swiftc)")")/../lib/swift/clang/lib/linux"
if ! BONESIM_FUZZ=1 timeout 2400 swift build --scratch-path "$scratch" --product FuzzScenarioLoader \
  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
  -Xswiftc -parse-as-library -Xlinker "$runtime/libclang_rt.fuzzer_no_main-x86_64.a" -Xlinker -lstdc++ \
  >"$scratch/build.log" 2>&1; then
  echo "fuzz: build FAILED"; tail -20 "$scratch/build.log"; exit 1
fi
built=$(date +%s)
log="$scratch/fuzz.log"
# New inputs go to $scratch/corpus (not committed); Fuzz/corpus is the committed seed corpus.
status=0
ASAN_OPTIONS="detect_leaks=0" timeout $((seconds + 120)) "$scratch/debug/FuzzScenarioLoader" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
  -dict=Fuzz/yaml.dict -artifact_prefix="$scratch/artifacts/" "$scratch/corpus" Fuzz/corpus >"$log" 2>&1 || status=$?
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
if [ $status -ne 0 ]; then
  echo "fuzz: FAILED after $runs executions (exit $status; build $((built - start)) s)"
  grep -m1 -B2 -A25 -E "ERROR: |Fatal error|deadly signal|Sanitizer" "$log" || tail -30 "$log"
  ls "$scratch/artifacts"
  exit 1
fi
echo "fuzz: $runs executions in $seconds s, no crash (build $((built - start)) s; seed corpus $(ls Fuzz/corpus | wc -l) files)"
