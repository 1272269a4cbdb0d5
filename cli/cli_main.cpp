#include "cli_main.h"

namespace difflens::cli {
int run(int, char **) { return 2; } // placeholder until the CLI lands
}
