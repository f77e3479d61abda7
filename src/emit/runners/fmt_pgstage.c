/*
 * fmt_pgstage.c - pgstage's own migration files, plain psql scripts:
 *   NNNN_slug.up.sql     phases marked "-- pgstage:phase NAME", each
 *                        operation's statements in a BEGIN/COMMIT of their
 *                        own, a statement that cannot run in a transaction
 *                        alone after "-- pgstage:no-transaction"
 *   NNNN_slug.down.sql   the same for the undo, or "-- pgstage:irreversible"
 * Versions are sequential, four digits to start with.  There is no history
 * table to leave out: pgstage keeps its own in schema pgstage, which
 * introspection skips.  `psql -v
 * ON_ERROR_STOP=1 -f FILE` runs a file as written.
 * Memory ownership: see runner_int.h.
 */
#include "emit/runners/runner_int.h"
#include "util/escape.h"

#include <string.h>

static const char *pgstage_version(Arena *a, const char *entry, bool is_dir)
{
	const char *v = leading_digits(a, entry);
	if (is_dir || !v || entry[strlen(v)] != '_' || !ends_with(entry, ".up.sql"))
		return NULL;
	return v;
}

/* Steps as psql must run them: each operation in a transaction of its own
 * or, when it cannot run in one, alone (plan.h, "execution model"). */
static void put_grouped(StrBuf *sb, const PtrVec *steps)
{
	int phase = -1;
	const Op *txn = NULL; /* the operation whose transaction is open */
	VEC_EACH(const Step *, st, steps) {
		const Op *op = st->op;
		bool alone = op_exec_mode(op) != EXEC_TRANSACTION;
		if (txn && txn != op) {
			strbuf_puts(sb, "COMMIT;\n");
			txn = NULL;
		}
		if ((int) op->phase != phase) {
			phase = (int) op->phase;
			strbuf_printf(sb, "\n-- pgstage:phase %s\n", phase_name(op->phase));
		}
		if (alone)
			strbuf_puts(sb, "-- pgstage:no-transaction\n");
		else if (!txn) {
			strbuf_puts(sb, "BEGIN;\n");
			txn = op;
		}
		PtrVec one = {.items = (void **) &st, .len = 1, .cap = 1};
		render_steps(sb, &one, WRAP_PLAIN);
	}
	if (txn)
		strbuf_puts(sb, "COMMIT;\n");
}

static void pgstage_render(Arena *a, PtrVec *files, const Unit *u)
{
	StrBuf sb = STRBUF_INIT;
	render_header(&sb, u, "up");
	render_session(&sb);
	put_grouped(&sb, &u->steps);
	out_file(a, files, arena_printf(a, "%s_%s.up.sql", u->version, u->slug), &sb);
	render_header(&sb, u, "down");
	if (u->irreversible) {
		strbuf_comment(&sb, "pgstage:irreversible %s", u->irreversible);
		render_irreversible(&sb, u, WRAP_PLAIN);
	} else if (!u->down.len) {
		strbuf_puts(&sb, "-- nothing to undo\n");
	} else {
		render_session(&sb);
		put_grouped(&sb, &u->down);
	}
	out_file(a, files, arena_printf(a, "%s_%s.down.sql", u->version, u->slug), &sb);
	strbuf_release(&sb);
}

static int pgstage_read_up(Arena *a, PtrVec *chunks, const char *dir, const char *entry,
			   PgsError *err)
{
	Chunk *c = ARENA_NEW(a, Chunk);
	c->name = arena_printf(a, "%s/%s", dir, entry);
	c->mode = CHUNK_EACH_STATEMENT; /* BEGIN and COMMIT are in the file */
	int rc = file_slurp(a, c->name, (char **) &c->sql, err);
	if (rc == 0)
		vec_push(a, chunks, c);
	return rc;
}

const Runner runner_pgstage = {
	.name = "pgstage",
	.mixed_transactions = true,
	.default_style = VERSION_SEQUENTIAL,
	.seq_width = 4,
	.first_seq = 1,
	.entry_version = pgstage_version,
	.render = pgstage_render,
	.read_up = pgstage_read_up,
};
