/*
 * main.c - pgstage's entry point: dispatches to a command and exits with
 * its status.  The only caller of exit() in pgstage.
 */
#include "cli/cli.h"
#include "parse/parse.h"
#include "util/thread.h"

#include <signal.h>

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
	"  apply     run a plan: advisory lock, history, resumable backfills\n"
	"  status    show applied, pending and deferred operations\n"
	"  drift     check whether a database matches the desired schema (CI)\n"
	"  emit      write migration files for pgstage or an existing runner\n"
	"  dump      print a live database's schema as a desired-schema file\n"
	"\n"
	"Run 'pgstage COMMAND --help' for a command's options.\n"
	"  --version  print the version\n"
	"  --help     show this help\n";

typedef struct Command {
	int (*run)(int argc, char **argv);
	int argc;
	char **argv;
	int rc;
} Command;

static void *run_command(void *arg)
{
	Command *c = arg;
	c->rc = c->run(c->argc, c->argv);
	parse_thread_release(); /* libpg_query's memory is per thread */
	return NULL;
}

/* Runs the command in a thread with a stack deep enough for any parse
 * tree pgstage accepts (util/thread.h): the main thread's is the
 * system's, often 8 MB.  Signals go to that thread, as if it were main. */
static int run_on_big_stack(Command *c)
{
	pthread_t thread;
	if (pgs_thread_create(&thread, run_command, c) != 0) {
		c->rc = c->run(c->argc, c->argv);
		parse_shutdown();
		return c->rc;
	}
	sigset_t block;
	sigfillset(&block);
	pthread_sigmask(SIG_BLOCK, &block, NULL);
	pthread_join(thread, NULL);
	return c->rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return PGSTAGE_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("pgstage %s\n", PGSTAGE_VERSION);
		return PGSTAGE_EXIT_OK;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return PGSTAGE_EXIT_OK;
	}
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{"plan", cmd_plan},   {"apply", cmd_apply}, {"status", cmd_status},
		{"drift", cmd_drift}, {"emit", cmd_emit},   {"dump", cmd_dump},
	};
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return run_on_big_stack(&(Command){commands[i].run, argc - 1, argv + 1, 0});
	fprintf(stderr, "pgstage: unknown command '%s'\n", cmd);
	fputs(usage, stderr);
	return PGSTAGE_EXIT_USAGE;
}
