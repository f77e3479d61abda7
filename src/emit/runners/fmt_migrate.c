/*
 * fmt_migrate.c - golang-migrate: VERSION_slug.up.sql and
 * VERSION_slug.down.sql.  golang-migrate sends a file to PostgreSQL as one
 * query and opens no transaction itself, so transactional files carry
 * their own BEGIN/COMMIT and a statement that cannot run in a transaction
 * gets a file of its own.  Versions are unsigned integers sorted
 * numerically; a new directory starts at 000001, as `migrate create -seq`.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"

#include <string.h>

static const char *migrate_version(Arena *a, const char *entry, bool is_dir)
{
	const char *v = leading_digits(a, entry);
	if (is_dir || !v || entry[strlen(v)] != '_' || !ends_with(entry, ".up.sql"))
		return NULL;
	return v;
}

static void put_body(StrBuf *sb, const Unit *u, const PtrVec *steps)
{
	if (!u->no_transaction)
		strbuf_puts(sb, "BEGIN;\n");
	render_steps(sb, steps, WRAP_PLAIN);
	if (!u->no_transaction)
		strbuf_puts(sb, "COMMIT;\n");
}

static void migrate_render(Arena *a, PtrVec *files, const Unit *u)
{
	StrBuf sb = STRBUF_INIT;
	render_header(&sb, u, "up");
	put_body(&sb, u, &u->steps);
	out_file(a, files, arena_printf(a, "%s_%s.up.sql", u->version, u->slug), &sb);
	render_header(&sb, u, "down");
	if (u->irreversible)
		render_irreversible(&sb, u, WRAP_PLAIN);
	else if (!u->down.len)
		strbuf_puts(&sb, "-- nothing to undo\nSELECT 1;\n");
	else
		put_body(&sb, u, &u->down);
	out_file(a, files, arena_printf(a, "%s_%s.down.sql", u->version, u->slug), &sb);
	strbuf_release(&sb);
}

static int migrate_read_up(Arena *a, PtrVec *chunks, const char *dir, const char *entry,
			   PgsError *err)
{
	Chunk *c = ARENA_NEW(a, Chunk);
	c->name = arena_printf(a, "%s/%s", dir, entry);
	c->mode = CHUNK_ONE_QUERY;
	int rc = file_slurp(a, c->name, (char **) &c->sql, err);
	if (rc == 0)
		vec_push(a, chunks, c);
	return rc;
}

const Runner runner_migrate = {
	.name = "golang-migrate",
	.history_table = "schema_migrations",
	.default_style = VERSION_SEQUENTIAL,
	.seq_width = 6,
	.first_seq = 1,
	.entry_version = migrate_version,
	.render = migrate_render,
	.read_up = migrate_read_up,
};
