#ifndef TMKIT_FUZZ_DRIVER_H
#define TMKIT_FUZZ_DRIVER_H

/// Runs libFuzzer over the harness's LLVMFuzzerTestOneInput with the command line's
/// arguments, and returns its exit status.
///
/// SwiftPM links an executable target with `main` defined as `<Target>_main`, so a harness
/// defines that symbol (with `@_cdecl`) and calls this; libFuzzer's own `main` is then not
/// linked in, and does just the same.
int tmkit_fuzz_main(int argc, char **argv);

#endif
