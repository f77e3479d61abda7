/*
 * fmt_flyway.c - Flyway SQL migrations: V<version>__<description>.sql and
 * the undo U<version>__<description>.sql (run by `flyway undo`, a Teams
 * feature; Community only warns about U files).  Flyway runs each file in
 * a transaction unless a script config file <file>.conf next to it says
 * executeInTransaction=false.  Versions are dotted numbers ("1", "1.1",
 * "2") compared part by part; "_" in a version reads as ".".  A new
 * directory starts at V1; the next version is the last major + 1.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <string.h>

static const char *flyway_version(Arena *a, const char *entry, bool is_dir)
{
	if (is_dir || entry[0] != 'V' || !ends_with(entry, ".sql"))
		return NULL;
	const char *sep = strstr(entry, "__");
	if (!sep || sep == entry + 1)
		return NULL;
	const char *v = arena_strndup(a, entry + 1, (size_t) (sep - entry - 1));
	if (strspn(v, "0123456789._") != strlen(v) || v[0] == '.' || v[0] == '_')
		return NULL;
	return v;
}

static void put_file(Arena *a, PtrVec *files, const Unit *u, char prefix, StrBuf *sb)
{
	const char *name = arena_printf(a, "%c%s__%s.sql", prefix, u->version, u->slug);
	out_file(a, files, name, sb);
	if (u->no_transaction) {
		strbuf_puts(sb, "executeInTransaction=false\n");
		out_file(a, files, arena_printf(a, "%s.conf", name), sb);
	}
}

static void flyway_render(Arena *a, PtrVec *files, const Unit *u)
{
	StrBuf sb = STRBUF_INIT;
	render_header(&sb, u, "up");
	render_session(&sb);
	render_steps(&sb, &u->steps, WRAP_PLAIN);
	put_file(a, files, u, 'V', &sb);
	render_header(&sb, u, "undo");
	if (u->irreversible) {
		render_irreversible(&sb, u, WRAP_PLAIN);
	} else if (!u->down.len) {
		strbuf_puts(&sb, "-- nothing to undo\n");
	} else {
		render_session(&sb);
		render_steps(&sb, &u->down, WRAP_PLAIN);
	}
	put_file(a, files, u, 'U', &sb);
	strbuf_release(&sb);
}

static int flyway_read_up(Arena *a, PtrVec *chunks, const char *dir, const char *entry,
			  PgsError *err)
{
	Chunk *c = ARENA_NEW(a, Chunk);
	c->name = arena_printf(a, "%s/%s", dir, entry);
	int rc = file_slurp(a, c->name, (char **) &c->sql, err);
	if (rc)
		return rc;
	c->mode = CHUNK_TRANSACTION;
	const char *conf_path = arena_printf(a, "%s.conf", c->name);
	if (path_exists(conf_path)) {
		char *conf;
		if ((rc = file_slurp(a, conf_path, &conf, err)) != 0)
			return rc;
		const char *k = strstr(conf, "executeInTransaction");
		if (k && strstr(k, "false") && strcspn(k, "\n") > (size_t) (strstr(k, "false") - k))
			c->mode = CHUNK_EACH_STATEMENT;
	}
	vec_push(a, chunks, c);
	return 0;
}

const Runner runner_flyway = {
	.name = "flyway",
	.history_table = "flyway_schema_history",
	.runs_statements_apart = true,
	.default_style = VERSION_SEQUENTIAL,
	.seq_width = 0,
	.first_seq = 1,
	.entry_version = flyway_version,
	.render = flyway_render,
	.read_up = flyway_read_up,
};
