#pragma once
// difflens-cli's fast path: `compare A B` with options that need no Qt runs in the process
// as started (engine, codecs, the Qt-free compare command: no Qt, no OpenCV loaded); every
// other command line goes whole to the full command set in libdifflens_cli_full.so, loaded
// with dlopen. Search order for the library:
//   1. $DIFFLENS_CLI_FULL (a path to the library);
//   2. next to the executable, then <exe dir>/../lib/difflens/ (installed layout);
//   3. the build tree's copy (compiled in as DIFFLENS_CLI_FULL_BUILD_PATH).

namespace difflens::cli {

// The whole program: the fast path, else the full library. Returns the exit code.
int runFastOrFull(int argc, char **argv);

// Loads the full library and runs difflens_cli_full_main. When it cannot be loaded:
// "difflens-cli: error: cannot load <path>: <reason>" and exit code 2.
int runFullCli(int argc, char **argv);

} // namespace difflens::cli
