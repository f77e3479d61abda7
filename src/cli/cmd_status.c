/* stub: replaced by the status command */
#include "cli/cli.h"
#include <stdio.h>
int cmd_status(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	fprintf(stderr, "pgstage status: not implemented yet\n");
	return PGSTAGE_EXIT_ERROR;
}
