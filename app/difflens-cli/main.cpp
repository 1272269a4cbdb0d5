// difflens-cli: the Qt-free fast path, loading the full command set only when needed (cli/fast_path.h).
#include "fast_path.h"

int main(int argc, char **argv)
{
    return difflens::cli::runFastOrFull(argc, argv);
}
