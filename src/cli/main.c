/*
 * main.c - pgstage's entry point: dispatches to a command and exits with
 * its status.  The only caller of exit() in pgstage.
 */
#include "cli/cli.h"
#include "parse/parse.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
	"Usage: pgstage COMMAND [options]\n"
	"\n"
	"Plan and apply safe, staged PostgreSQL schema changes from a declarative\n"
	"desired-schema file.\n"
	"\n"
	"Commands:\n"
	"  plan      show what it takes to bring a database to the desired schema\n"
	"  dump      print a live database's schema as a desired-schema file\n"
	"\n"
	"Run 'pgstage COMMAND --help' for a command's options.\n"
	"  --version  print the version\n"
	"  --help     show this help\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return PGSTAGE_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	int rc;
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("pgstage %s\n", PGSTAGE_VERSION);
		return PGSTAGE_EXIT_OK;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return PGSTAGE_EXIT_OK;
	}
	if (strcmp(cmd, "plan") == 0) {
		rc = cmd_plan(argc - 1, argv + 1);
	} else if (strcmp(cmd, "dump") == 0) {
		rc = cmd_dump(argc - 1, argv + 1);
	} else {
		fprintf(stderr, "pgstage: unknown command '%s'\n", cmd);
		fputs(usage, stderr);
		return PGSTAGE_EXIT_USAGE;
	}
	parse_shutdown();
	return rc;
}
