/*
 * catalog_print - developer tool: print a catalog canonically, from a
 * desired-schema file (--schema PATH) or a live database (--db CONNINFO).
 * parse(file) and introspect(db loaded from file) must print the same.
 */
#include <stdio.h>
#include <string.h>

#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "model/print.h"
#include "parse/parse.h"

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "--schema") && strcmp(argv[1], "--db"))) {
		fprintf(stderr, "usage: catalog_print --schema PATH | --db CONNINFO\n");
		return 3;
	}
	PgsError err = {0};
	Catalog *cat = NULL;
	int rc;
	if (strcmp(argv[1], "--schema") == 0) {
		rc = parse_schema_path(&cat, argv[2], &err);
	} else {
		PGconn *conn;
		rc = db_connect(&conn, argv[2], &err);
		if (rc == 0) {
			/* privileges too: the file's grants are always parsed */
			IntrospectOptions opts = {.privileges = true};
			rc = introspect_catalog(&cat, conn, &opts, &err);
			PQfinish(conn);
		}
	}
	if (rc) {
		if (err.file[0])
			fprintf(stderr, "%s:%d:%d: ", err.file, err.line, err.col);
		fprintf(stderr, "error: %s\n", err.message);
		if (err.detail[0])
			fprintf(stderr, "detail: %s\n", err.detail);
		parse_shutdown();
		return 2;
	}
	StrBuf sb = STRBUF_INIT;
	catalog_print(cat, &sb);
	fputs(sb.buf, stdout);
	strbuf_release(&sb);
	catalog_free(cat);
	parse_shutdown();
	return 0;
}
