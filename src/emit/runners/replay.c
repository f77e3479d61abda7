/*
 * replay.c - `emit --from-dir`: a runner's directory replayed into a
 * scratch database, which then stands in for the live one.  The scratch
 * database is dropped again however the replay ends.
 * Memory ownership: *out is a Catalog the caller frees; connections and
 * results are closed here.
 */
#include "emit/runners/runner_int.h"
#include "introspect/introspect.h"
#include "model/ident.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Notices belong to the replayed files, not to pgstage's output. */
static void quiet(void *arg, const char *message)
{
	(void) arg;
	(void) message;
}

/* First line of a libpq message, which never holds the password. */
static void first_line(char *dst, size_t size, const char *msg)
{
	size_t n = strcspn(msg ? msg : "", "\n");
	if (n >= size)
		n = size - 1;
	memcpy(dst, msg ? msg : "", n);
	dst[n] = '\0';
}

static int connect_to(PGconn **out, const char *conninfo, const char *dbname, PgsError *err)
{
	if (!conninfo || !*conninfo)
		conninfo = getenv("DATABASE_URL");
	const char *keys[] = {"dbname", dbname ? "dbname" : NULL, NULL};
	const char *vals[] = {conninfo ? conninfo : "", dbname, NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		char line[512];
		first_line(line, sizeof line, PQerrorMessage(c));
		PQfinish(c);
		return pgs_error_set(err, PGSTAGE_EDB, "cannot connect for the scratch database: %s", line);
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	*out = c;
	return 0;
}

static int run(PGconn *c, const char *sql, const char *what, PgsError *err)
{
	PGresult *res = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		char line[768];
		first_line(line, sizeof line, PQerrorMessage(c));
		rc = pgs_error_set(err, PGSTAGE_EDB, "%s: %s", what, line);
	}
	PQclear(res);
	return rc;
}

static int run_chunk(Arena *a, PGconn *c, const Chunk *ch, PgsError *err)
{
	const char *what = arena_printf(a, "replaying '%s'", ch->name);
	int rc = 0;
	switch (ch->mode) {
	case CHUNK_TRANSACTION:
		rc = run(c, "BEGIN", what, err);
		if (rc == 0)
			rc = run(c, ch->sql, what, err);
		if (rc == 0)
			rc = run(c, "COMMIT", what, err);
		else
			PQclear(PQexec(c, "ROLLBACK"));
		return rc;
	case CHUNK_ONE_QUERY:
		return run(c, ch->sql, what, err);
	case CHUNK_EACH_STATEMENT: {
		PtrVec stmts = {0};
		sql_split(a, &stmts, ch->sql);
		for (size_t i = 0; i < stmts.len && rc == 0; i++)
			rc = run(c, stmts.items[i], what, err);
		return rc;
	}
	}
	return rc;
}

static int replay_into(Catalog **out, Arena *a, const Runner *r, const char *dir, PGconn *c,
		       PgsError *err)
{
	PtrVec entries = {0}, chunks = {0};
	int rc = versions_list(&entries, NULL, a, r, dir, err);
	VEC_EACH(const char *, e, &entries)
		if (rc == 0)
			rc = r->read_up(a, &chunks, dir, e, err);
	VEC_EACH(const Chunk *, ch, &chunks)
		if (rc == 0)
			rc = run_chunk(a, c, ch, err);
	if (rc == 0) {
		IntrospectOptions io = {0};
		rc = introspect_catalog(out, c, &io, err);
	}
	return rc;
}

int runner_replay_catalog(Catalog **out, const Runner *r, const char *dir, const char *conninfo,
			  PgsError *err)
{
	*out = NULL;
	if (!path_exists(dir))
		return pgs_error_set(err, PGSTAGE_EIO, "no migration directory '%s'", dir);
	Arena *a = arena_new();
	PGconn *admin = NULL, *scratch = NULL;
	int rc = connect_to(&admin, conninfo, NULL, err);
	if (rc) {
		arena_free(a);
		return rc;
	}
	const char *name = arena_printf(a, "pgstage_scratch_%ld_%ld", (long) getpid(), (long) time(NULL));
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "CREATE DATABASE ");
	strbuf_ident(&sql, name);
	strbuf_puts(&sql, " TEMPLATE template0");
	rc = run(admin, sql.buf, "cannot create the scratch database", err);
	if (rc == 0) {
		rc = connect_to(&scratch, conninfo, name, err);
		if (rc == 0)
			rc = replay_into(out, a, r, dir, scratch, err);
		PQfinish(scratch);
		strbuf_reset(&sql);
		strbuf_puts(&sql, "DROP DATABASE IF EXISTS ");
		strbuf_ident(&sql, name);
		strbuf_puts(&sql, " WITH (FORCE)");
		PgsError drop_err = {0};
		int drc = run(admin, sql.buf, "cannot drop the scratch database", &drop_err);
		if (rc == 0 && drc) {
			*err = drop_err;
			rc = drc;
		}
	}
	if (rc) {
		catalog_free(*out);
		*out = NULL;
	}
	strbuf_release(&sql);
	PQfinish(admin);
	arena_free(a);
	return rc;
}
