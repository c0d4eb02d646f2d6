#include "CFuzzDriver.h"

// libFuzzer's entry (LLVM ≥ 12). Weak: an ordinary build links without libFuzzer and gets NULL.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t)) __attribute__((weak));

// libFuzzer's own main refers to this; inputs go through aftermath_fuzz_run's callback instead.
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    (void)data;
    (void)size;
    return 0;
}

int aftermath_fuzz_run(int *argc, char ***argv, aftermath_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
