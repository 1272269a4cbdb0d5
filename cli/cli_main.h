#pragma once

namespace difflens::cli {
// Entry point of difflens-cli; returns the process exit code (0 same, 1 different, 2 error).
int run(int argc, char **argv);
}
