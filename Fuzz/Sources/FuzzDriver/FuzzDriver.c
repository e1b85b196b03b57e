#include "FuzzDriver.h"
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry for programs with their own main (compiler-rt FuzzerInterface.h).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
// Defined by each harness, in Swift.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int tmkit_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
