/* stub: replaced by the apply command */
#include "cli/cli.h"
#include <stdio.h>
int cmd_apply(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	fprintf(stderr, "pgstage apply: not implemented yet\n");
	return PGSTAGE_EXIT_ERROR;
}
