// libFuzzer's driver entry point (compiler-rt, linked by -sanitize=fuzzer): runs the fuzzing
// loop with `callback` as LLVMFuzzerTestOneInput. The fuzz target calls it from its own main
// because SwiftPM links an executable's entry point as <module>_main.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
