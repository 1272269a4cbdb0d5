#include "cli_main.h"

int main(int argc, char **argv)
{
    return difflens::cli::run(argc, argv);
}
