/* stub: replaced by the emit command */
#include "cli/cli.h"
#include <stdio.h>
int cmd_emit(int argc, char **argv)
{
	(void) argc;
	(void) argv;
	fprintf(stderr, "pgstage emit: not implemented yet\n");
	return PGSTAGE_EXIT_ERROR;
}
