/*
 * cli.h - shared pieces of the pgstage commands.  The CLI is a thin layer:
 * it parses arguments, calls the library, prints, and picks exit codes.
 * main.c is the only caller of exit().
 *
 * Memory ownership: each command frees what it loads before returning.
 */
#ifndef PGSTAGE_CLI_H
#define PGSTAGE_CLI_H

#include <stdbool.h>
#include <libpq-fe.h>

#include "model/model.h"

typedef struct LoadOptions {
	const char *db;          /* conninfo; NULL = DATABASE_URL / PG* */
	const char *schema_path;
	bool allow_unsupported;
} LoadOptions;

/* Prints `err` to stderr in the one format every command uses and returns
 * the exit code matching its error code. */
int cli_report(const PgsError *err);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Connects and introspects; refuses (exit 5) when the database holds
 * objects pgstage does not manage, unless allowed. Returns an exit code. */
int cli_load_live(PGconn **conn, Catalog **live, const LoadOptions *opts);
int cli_load_desired(Catalog **desired, const LoadOptions *opts);

/* Whether to colour output written to `fd` (honours NO_COLOR). */
bool cli_use_color(int fd, const char *mode);

int cmd_plan(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_emit(int argc, char **argv);

#endif
