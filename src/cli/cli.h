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

#include "model/ignore.h"
#include "model/model.h"
#include "plan/plan.h"

#define MAX_SCHEMA_PATTERNS 32

typedef struct LoadOptions {
	const char *db;          /* conninfo; NULL = DATABASE_URL / PG* */
	const char *schema_path;
	bool allow_unsupported;
	/* NULL-terminated LIKE patterns applied to both sides */
	const char *schema_include[MAX_SCHEMA_PATTERNS + 1];
	const char *schema_exclude[MAX_SCHEMA_PATTERNS + 1];
	bool privileges;         /* --privileges: read GRANTs from the database */
	/* --ignore, --history-table, --no-ignore-runner-tables: left alone on
	 * both sides (model/ignore.h) */
	IgnoreOptions ignore;
} LoadOptions;

/* --schema-include / --schema-exclude, shared by the commands that load
 * both sides: add LOAD_LONGOPTS to the getopt_long table and pass the
 * codes to cli_load_option(). */
enum { OPT_SCHEMA_INCLUDE = 420, OPT_SCHEMA_EXCLUDE, OPT_IGNORE, OPT_HISTORY_TABLE,
       OPT_NO_IGNORE_RUNNER_TABLES };
#define LOAD_LONGOPTS                                                        \
	{"schema-include", required_argument, NULL, OPT_SCHEMA_INCLUDE},     \
	{"schema-exclude", required_argument, NULL, OPT_SCHEMA_EXCLUDE},     \
	{"ignore", required_argument, NULL, OPT_IGNORE},                     \
	{"history-table", required_argument, NULL, OPT_HISTORY_TABLE},       \
	{"no-ignore-runner-tables", no_argument, NULL, OPT_NO_IGNORE_RUNNER_TABLES}
#define LOAD_OPTIONS_HELP                                                                  \
	"  --schema-include PAT  manage only schemas matching this LIKE pattern (repeatable)\n" \
	"  --schema-exclude PAT  leave schemas matching this LIKE pattern alone (repeatable)\n" \
	"  --ignore PAT          leave tables, views and sequences matching PAT alone, on\n"   \
	"                        both sides: schema.name, or name in any schema; * ? or\n"    \
	"                        LIKE's % _ (repeatable)\n"                                    \
	"  --history-table NAME  a migration runner's history table to leave alone: name\n"   \
	"                        (any schema) or schema.name (repeatable)\n"                  \
	"  --no-ignore-runner-tables  manage the history tables of goose, golang-migrate,\n"  \
	"                        dbmate, Flyway, Prisma, Drizzle, SeaORM and Rails like\n"     \
	"                        any other table (by default they are left alone)\n"
/* 0, an exit code on bad input, or -1 when `opt` is not a load option. */
int cli_load_option(int opt, const char *arg, const char *cmd, LoadOptions *o);

/* ---- the options that shape a plan ----
 * Accepted alike by plan, apply and emit and parsed by cli_plan_option()
 * alone, so the plan a reviewer read is the plan that runs.  Add
 * PLAN_LONGOPTS (and, where pre-flight runs, PREFLIGHT_LONGOPTS) to the
 * getopt_long table and pass the codes getopt returns to cli_plan_option();
 * PLAN_OPTIONS_HELP / PREFLIGHT_OPTIONS_HELP are their --help text. */
typedef struct PlanArgs {
	PlanOptions plan;        /* no_online, online_min_rows, timeouts, batch_size,
				  * reorder_columns, allow_drop */
	unsigned fail_on;        /* --fail-on: HAZ_* bits that refuse the plan (exit 6) */
	bool no_preflight;       /* --no-preflight */
	long preflight_ms;       /* --preflight-timeout; 0 = PREFLIGHT_TIMEOUT_MS */
} PlanArgs;

enum {
	OPT_NO_ONLINE = 400,
	OPT_ONLINE_MIN_ROWS,
	OPT_LOCK_TIMEOUT,
	OPT_STATEMENT_TIMEOUT,
	OPT_BATCH_SIZE,
	OPT_REORDER_COLUMNS,
	OPT_FAIL_ON,
	OPT_ALLOW_DROP,
	OPT_NO_PREFLIGHT,
	OPT_PREFLIGHT_TIMEOUT,
};
#define PLAN_LONGOPTS                                                               \
	{"no-online", no_argument, NULL, OPT_NO_ONLINE},                            \
	{"online-min-rows", required_argument, NULL, OPT_ONLINE_MIN_ROWS},          \
	{"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},                \
	{"statement-timeout", required_argument, NULL, OPT_STATEMENT_TIMEOUT},      \
	{"batch-size", required_argument, NULL, OPT_BATCH_SIZE},                    \
	{"reorder-columns", no_argument, NULL, OPT_REORDER_COLUMNS},                \
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},                          \
	{"allow-drop", no_argument, NULL, OPT_ALLOW_DROP}
#define PREFLIGHT_LONGOPTS                                                          \
	{"no-preflight", no_argument, NULL, OPT_NO_PREFLIGHT},                      \
	{"preflight-timeout", required_argument, NULL, OPT_PREFLIGHT_TIMEOUT}
#define PLAN_OPTIONS_HELP                                                                   \
	"  --allow-drop          include the contract phase (drops) instead of holding it\n"  \
	"  --no-online           plain single statements instead of the online forms\n"         \
	"                        (table rewrites and scans under strong locks; see hazards)\n"   \
	"  --online-min-rows N   rewrite tables of at least N estimated rows through the\n"      \
	"                        expand/contract column swap (default 10000; -1 = always)\n"      \
	"  --lock-timeout DUR    lock_timeout for every statement (default 5s; e.g. 500ms, 2s,\n"\
	"                        1min; a plain number is milliseconds)\n"                      \
	"  --statement-timeout DUR  statement_timeout for every statement (default none)\n"     \
	"  --batch-size N        rows per backfill batch (default 1000)\n"                     \
	"  --reorder-columns     rebuild kept tables whose column order differs from the\n"     \
	"                        desired one (contract phase: a copy under ACCESS EXCLUSIVE;\n"  \
	"                        default: a warning)\n"                                          \
	"  --fail-on HAZARDS     exit 6, before anything is written or changed, when an\n"     \
	"                        operation that would run carries one of these hazards\n"      \
	"                        (comma-separated): data-loss, table-rewrite, table-scan,\n"   \
	"                        irreversible, blocks-writes, blocks-reads, breaks-old-app\n"
#define PREFLIGHT_OPTIONS_HELP                                                              \
	"  --no-preflight        skip the read-only data checks against the database\n"        \
	"  --preflight-timeout DUR  bound of each data check (default 10s)\n"

/* Handles one of PLAN_LONGOPTS / PREFLIGHT_LONGOPTS; returns 0, or an exit
 * code on bad input, or -1 when `opt` is not one of them. */
int cli_plan_option(int opt, const char *arg, const char *cmd, PlanArgs *o);
/* "500ms", "5s", "2min", "1h" or plain milliseconds; -1 when malformed. */
long cli_parse_duration_ms(const char *s);

/* Prints `err` to stderr in the one format every command uses and returns
 * the exit code matching its error code. */
int cli_report(const PgsError *err);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Narrows a desired catalog as introspection narrows the live one: the
 * schema patterns, then catalog_ignore().  Every command's desired side
 * passes through it. */
void cli_scope_desired(Catalog *desired, const LoadOptions *opts);
/* Prints the catalogs' ignore notes to stderr ("pgstage CMD: note: ..."),
 * for the commands whose output has no place for them; NULLs are fine. */
void cli_print_ignored(const char *cmd, const Catalog *live, const Catalog *desired);

/* Connects and introspects; refuses (exit 5) when the database holds
 * objects pgstage does not manage, unless allowed. Returns an exit code. */
int cli_load_live(PGconn **conn, Catalog **live, const LoadOptions *opts);
int cli_load_desired(Catalog **desired, const LoadOptions *opts);
/* Both sides at once: the desired schema is parsed in a second thread while
 * this one introspects, so a plan costs the longer of the two, not their
 * sum.  Errors are reported as by the two functions above (input errors
 * first).  On failure nothing is left allocated. */
int cli_load_both(PGconn **conn, Catalog **live, Catalog **desired, const LoadOptions *opts);

/* Whether to colour output written to `fd` (honours NO_COLOR). */
bool cli_use_color(int fd, const char *mode);

int cmd_plan(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_emit(int argc, char **argv);

#endif
