#ifndef AFTERMATH_CFUZZDRIVER_H
#define AFTERMATH_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// One fuzz input; returns 0.
typedef int (*aftermath_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver over `callback` with the command line; -1 when the binary was built
/// without libFuzzer (`make fuzz` builds it with `-sanitize=fuzzer`).
int aftermath_fuzz_run(int *argc, char ***argv, aftermath_fuzz_callback callback);

#endif
