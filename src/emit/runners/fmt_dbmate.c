/*
 * fmt_dbmate.c - dbmate: VERSION_slug.sql with "-- migrate:up" and
 * "-- migrate:down" blocks; "transaction:false" after a block marker runs
 * that block outside a transaction (dbmate sends a block as one query, so
 * such a block holds one statement).  Versions are timestamps
 * (YYYYMMDDHHMMSS, as `dbmate new`) and files run in name order.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <string.h>

static const char *dbmate_version(Arena *a, const char *entry, bool is_dir)
{
	const char *v = leading_digits(a, entry);
	if (is_dir || !v || entry[strlen(v)] != '_' || !ends_with(entry, ".sql"))
		return NULL;
	return v;
}

static void dbmate_render(Arena *a, PtrVec *files, const Unit *u)
{
	const char *opt = u->no_transaction ? " transaction:false" : "";
	StrBuf sb = STRBUF_INIT;
	render_header(&sb, u, "up and down");
	strbuf_printf(&sb, "-- migrate:up%s\n", opt);
	render_steps(&sb, &u->steps, WRAP_PLAIN);
	strbuf_printf(&sb, "\n-- migrate:down%s\n", opt);
	if (u->irreversible)
		render_irreversible(&sb, u, WRAP_PLAIN);
	else if (!u->down.len)
		strbuf_puts(&sb, "-- nothing to undo\n");
	else
		render_steps(&sb, &u->down, WRAP_PLAIN);
	out_file(a, files, arena_printf(a, "%s_%s.sql", u->version, u->slug), &sb);
	strbuf_release(&sb);
}

static int dbmate_read_up(Arena *a, PtrVec *chunks, const char *dir, const char *entry,
			  PgsError *err)
{
	char *text;
	const char *path = arena_printf(a, "%s/%s", dir, entry), *marker = NULL;
	int rc = file_slurp(a, path, &text, err);
	if (rc)
		return rc;
	Chunk *c = ARENA_NEW(a, Chunk);
	c->name = path;
	c->sql = section_between(a, text, "-- migrate:up", "-- migrate:down", &marker);
	if (!c->sql)
		return pgs_error_set(err, PGSTAGE_EINPUT, "%s: no '-- migrate:up' block", path);
	c->mode = strstr(marker, "transaction:false") ? CHUNK_ONE_QUERY : CHUNK_TRANSACTION;
	vec_push(a, chunks, c);
	return 0;
}

const Runner runner_dbmate = {
	.name = "dbmate",
	.history_table = "schema_migrations",
	.lexical_order = true,
	.default_style = VERSION_TIMESTAMP,
	.entry_version = dbmate_version,
	.render = dbmate_render,
	.read_up = dbmate_read_up,
};
