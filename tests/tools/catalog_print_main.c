/*
 * catalog_print - developer tool: print a catalog canonically, from a
 * desired-schema file (--schema PATH) or a live database (--db CONNINFO).
 * parse(file) and introspect(db loaded from file) must print the same.
 * With a third argument --deps it prints each object's dependencies
 * instead (sorted), to compare two builds' dependency extraction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "introspect/conn.h"
#include "introspect/introspect.h"
#include "model/print.h"
#include "parse/parse.h"

static int cmp_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* One line per dependency, "key -> needed key", sorted: their order in
 * Object.deps is the query's row order, which carries no meaning. */
static void print_deps(const Catalog *cat)
{
	VEC_EACH(Object *, obj, &cat->objects) {
		const char **keys = malloc((obj->deps.len + 1) * sizeof *keys);
		size_t n = 0;
		VEC_EACH(const char *, k, &obj->deps)
			keys[n++] = k;
		qsort(keys, n, sizeof *keys, cmp_text);
		for (size_t i = 0; i < n; i++)
			printf("%s -> %s\n", obj->key, keys[i]);
		free(keys);
	}
}

int main(int argc, char **argv)
{
	bool deps = argc == 4 && strcmp(argv[3], "--deps") == 0;
	if ((argc != 3 && !deps) || (strcmp(argv[1], "--schema") && strcmp(argv[1], "--db"))) {
		fprintf(stderr, "usage: catalog_print --schema PATH | --db CONNINFO [--deps]\n");
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
	if (deps) {
		print_deps(cat);
	} else {
		StrBuf sb = STRBUF_INIT;
		catalog_print(cat, &sb);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
	}
	catalog_free(cat);
	parse_shutdown();
	return 0;
}
