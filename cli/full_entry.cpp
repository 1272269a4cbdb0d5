// The one exported symbol of libdifflens_cli_full.so, which app/difflens-cli loads with
// dlopen when a command needs Qt (fast_path.h).
#include "cli_main.h"

extern "C" __attribute__((visibility("default"))) int difflens_cli_full_main(int argc, char **argv)
{
    return difflens::cli::run(argc, argv);
}
