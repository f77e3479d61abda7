/*
 * fmt_goose.c - pressly/goose SQL migrations: VERSION_slug.sql with
 * "-- +goose Up" and "-- +goose Down" sections; statements holding a ';'
 * inside StatementBegin/StatementEnd; "-- +goose NO TRANSACTION" on files
 * that must run outside a transaction (goose runs each other file in one).
 * Versions are int64 and sort numerically; a new directory starts at
 * 00001, as `goose create -s` does.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <string.h>
#include <strings.h>

static const char *goose_version(Arena *a, const char *entry, bool is_dir)
{
	const char *v = leading_digits(a, entry);
	if (is_dir || !v || entry[strlen(v)] != '_' || !ends_with(entry, ".sql"))
		return NULL;
	return v;
}

static void goose_render(Arena *a, PtrVec *files, const Unit *u)
{
	StrBuf sb = STRBUF_INIT;
	render_header(&sb, u, "up and down");
	if (u->no_transaction)
		strbuf_puts(&sb, "-- +goose NO TRANSACTION\n");
	strbuf_puts(&sb, "-- +goose Up\n");
	render_session(&sb);
	render_steps(&sb, &u->steps, WRAP_GOOSE);
	strbuf_puts(&sb, "\n-- +goose Down\n");
	if (u->irreversible) {
		render_irreversible(&sb, u, WRAP_GOOSE);
	} else if (!u->down.len) {
		strbuf_puts(&sb, "-- nothing to undo\n");
	} else {
		render_session(&sb);
		render_steps(&sb, &u->down, WRAP_GOOSE);
	}
	out_file(a, files, arena_printf(a, "%s_%s.sql", u->version, u->slug), &sb);
	strbuf_release(&sb);
}

static bool has_annotation(const char *text, const char *annotation)
{
	size_t n = strlen(annotation);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncasecmp(p, annotation, n) == 0)
			return true;
	return false;
}

static int goose_read_up(Arena *a, PtrVec *chunks, const char *dir, const char *entry,
			 PgsError *err)
{
	char *text;
	const char *path = arena_printf(a, "%s/%s", dir, entry);
	int rc = file_slurp(a, path, &text, err);
	if (rc)
		return rc;
	Chunk *c = ARENA_NEW(a, Chunk);
	c->name = path;
	c->sql = section_between(a, text, "-- +goose up", "-- +goose down", NULL);
	if (!c->sql)
		return pgs_error_set(err, PGSTAGE_EINPUT, "%s: no '-- +goose Up' annotation", path);
	c->mode = has_annotation(text, "-- +goose no transaction") ? CHUNK_EACH_STATEMENT
								    : CHUNK_TRANSACTION;
	vec_push(a, chunks, c);
	return 0;
}

const Runner runner_goose = {
	.name = "goose",
	.history_table = "goose_db_version",
	.runs_statements_apart = true,
	.default_style = VERSION_SEQUENTIAL,
	.seq_width = 5,
	.first_seq = 1,
	.entry_version = goose_version,
	.render = goose_render,
	.read_up = goose_read_up,
};
