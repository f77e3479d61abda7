/*
 * cmd_dump.c - `pgstage dump`: the live schema as desired-schema DDL.
 * Memory ownership: everything loaded here is freed here.
 */
#include "cli/cli.h"
#include "emit/ddl_grants.h"
#include "emit/emit.h"

#include <getopt.h>
#include <stdio.h>

static const char usage[] =
	"Usage: pgstage dump [--db CONNINFO] [options]\n"
	"\n"
	"Print the live database's schema as a desired-schema file: planning that\n"
	"file against the same database gives an empty plan.\n"
	"\n"
	"Options:\n"
	"  --db CONNINFO         libpq connection string or URI (default: DATABASE_URL,\n"
	"                        then the PG* environment variables)\n"
	"  --allow-unsupported   dump even if the database holds objects pgstage does\n"
	"                        not manage (they are left out)\n"
	"  --privileges          also dump GRANT/REVOKE statements for the objects' and\n"
	"                        columns' privileges, and ALTER DEFAULT PRIVILEGES\n"
	"                        (off by default)\n"
	LOAD_OPTIONS_HELP
	"  -h, --help            show this help\n";

int cmd_dump(int argc, char **argv)
{
	enum { OPT_ALLOW_UNSUPPORTED = 256, OPT_PRIVILEGES };
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"allow-unsupported", no_argument, NULL, OPT_ALLOW_UNSUPPORTED},
		{"privileges", no_argument, NULL, OPT_PRIVILEGES},
		LOAD_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	LoadOptions load = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			load.db = optarg;
			break;
		case OPT_ALLOW_UNSUPPORTED:
			load.allow_unsupported = true;
			break;
		case OPT_PRIVILEGES:
			load.privileges = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return PGSTAGE_EXIT_OK;
		default: {
			int rc = cli_load_option(c, optarg, "dump", &load);
			if (rc < 0)
				return cli_usage_error("dump", "unknown option");
			if (rc)
				return rc;
		}
		}
	}
	if (optind < argc)
		return cli_usage_error("dump", "unexpected argument '%s'", argv[optind]);
	Catalog *live = NULL;
	PGconn *conn = NULL;
	int rc = cli_load_live(&conn, &live, &load);
	if (rc)
		return rc;
	PQfinish(conn);
	cli_print_ignored("dump", live, NULL);
	StrBuf out = STRBUF_INIT;
	PgsError err = {0};
	rc = emit_catalog_ddl(&out, live, &err);
	if (rc == 0 && load.privileges)
		ddl_catalog_grants(&out, live);
	if (rc)
		rc = cli_report(&err);
	else
		fputs(out.buf, stdout);
	strbuf_release(&out);
	catalog_free(live);
	return rc;
}
