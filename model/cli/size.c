#include "size.h"

#include <stdio.h>

const char spsim_size_usage[] = "usage: spsim size SCENARIO\n";

int spsim_cmd_size(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
