#!/usr/bin/env bash
# CI step (issue 8): the whole test suite once under AddressSanitizer and once under
# ThreadSanitizer, each in its own build folder. Any sanitizer report fails the step.
# Usage: tools/ci/sanitizers.sh [address|thread ...]   (default: both)
# Prints one line per sanitizer with its build and test time; the full log is kept in
# .build-<sanitizer>/sanitizer.log and its tail printed on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1
make -s setup >/dev/null
sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread)
status=0
for s in "${sanitizers[@]}"; do
  scratch=".build-$s"
  mkdir -p "$scratch"
  log="$scratch/sanitizer.log"
  # Release with -enable-testing (for @testable imports): the end-to-end tests run the built
  # bonesim on real scenarios, which a debug build makes ~1000x slower; the sanitizers
  # instrument optimized code the same way.
  flags=(-c release --scratch-path "$scratch" -Xswiftc -enable-testing -Xswiftc -sanitize="$s")
  # Reports abort the process (non-zero exit) instead of only printing; TSan suppressions are
  # narrow and explained in the file.
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1"
  export TSAN_OPTIONS="halt_on_error=1:suppressions=$PWD/tools/ci/tsan.supp"
  start=$(date +%s)
  if ! timeout 3000 swift build --build-tests "${flags[@]}" >"$log" 2>&1; then
    echo "sanitizers: $s build FAILED"; tail -20 "$log"; status=1; continue
  fi
  built=$(date +%s)
  # --no-parallel: one test at a time (threaded solves run on their own WorkerThreads, so
  # they get their threads either way; WorkerThreadTests fails if they do not).
  if timeout 3000 swift test --skip-build --no-parallel "${flags[@]}" >>"$log" 2>&1 \
    && ! grep -qE "^(==[0-9]+==)?(ERROR|WARNING): (Address|Thread)Sanitizer" "$log"; then
    result=passed
  else
    result=FAILED; status=1
  fi
  done_=$(date +%s)
  summary=$(grep -E "Test run with|Executed [0-9]+ tests" "$log" | tail -2 | tr '\n' ' ')
  echo "sanitizers: $s $result (build $((built - start)) s, tests $((done_ - built)) s) $summary"
  if [ "$result" = FAILED ]; then
    grep -n -m3 -A12 -E "(ERROR|WARNING): (Address|Thread)Sanitizer|recorded an issue" "$log" || tail -30 "$log"
  fi
done
exit $status
