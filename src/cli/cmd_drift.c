/* stub: replaced by the drift command */
#include "cli/cli.h"
#include <stdio.h>
int cmd_drift(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	fprintf(stderr, "pgstage drift: not implemented yet\n");
	return PGSTAGE_EXIT_ERROR;
}
