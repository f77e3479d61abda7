/*
 * cli_common.c - error reporting and loading both sides for the commands.
 * Memory ownership: see cli.h.
 */
#include "cli/cli.h"
#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "parse/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_report(const PgsError *err)
{
	if (err->file[0] && err->line)
		fprintf(stderr, "%s:%d:%d: error: %s\n", err->file, err->line, err->col, err->message);
	else if (err->file[0])
		fprintf(stderr, "%s: error: %s\n", err->file, err->message);
	else
		fprintf(stderr, "pgstage: error: %s\n", err->message);
	if (err->detail[0])
		fprintf(stderr, "detail: %s\n", err->detail);
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
	switch (err->code) {
	case PGSTAGE_EINPUT:
		return PGSTAGE_EXIT_INPUT;
	case PGSTAGE_EUSAGE:
		return PGSTAGE_EXIT_USAGE;
	case PGSTAGE_EUNSUPPORTED:
		return PGSTAGE_EXIT_UNSUPPORTED;
	default:
		return PGSTAGE_EXIT_ERROR;
	}
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "pgstage %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'pgstage %s --help'.\n", cmd);
	va_end(ap);
	return PGSTAGE_EXIT_USAGE;
}

int cli_load_desired(Catalog **desired, const LoadOptions *opts)
{
	PgsError err = {0};
	if (!opts->schema_path)
		return cli_usage_error("plan", "--schema PATH is required");
	if (parse_schema_path(desired, opts->schema_path, &err))
		return cli_report(&err);
	return 0;
}

int cli_load_live(PGconn **conn, Catalog **live, const LoadOptions *opts)
{
	PgsError err = {0};
	*live = NULL;
	if (db_connect(conn, opts->db, &err))
		return cli_report(&err);
	IntrospectOptions iopts = {0};
	if (introspect_catalog(live, *conn, &iopts, &err)) {
		PQfinish(*conn);
		*conn = NULL;
		return cli_report(&err);
	}
	if ((*live)->unsupported.len && !opts->allow_unsupported) {
		fprintf(stderr, "pgstage: error: the database holds %zu object(s) pgstage does not manage:\n",
			(*live)->unsupported.len);
		VEC_EACH(const char *, u, &(*live)->unsupported)
			fprintf(stderr, "  %s\n", u);
		fprintf(stderr, "hint: exclude their schemas with --schema-exclude, or pass "
				"--allow-unsupported to plan around them\n");
		catalog_free(*live);
		*live = NULL;
		PQfinish(*conn);
		*conn = NULL;
		return PGSTAGE_EXIT_UNSUPPORTED;
	}
	return 0;
}

bool cli_use_color(int fd, const char *mode)
{
	if (mode && strcmp(mode, "always") == 0)
		return true;
	if (mode && strcmp(mode, "never") == 0)
		return false;
	const char *no = getenv("NO_COLOR");
	if (no && *no)
		return false;
	const char *term = getenv("TERM");
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd);
}
