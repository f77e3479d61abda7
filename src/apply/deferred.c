/*
 * deferred.c - held contract operations in pgstage.deferred; see deferred.h.
 * Memory ownership: statement arrays are sent as one text[] parameter built
 * in a StrBuf; listed rows are copied into the caller's arena.
 */
#include "apply/deferred.h"
#include "apply/db.h"
#include "apply/history.h"
#include "apply/op_id.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdlib.h>

/* A text[] input literal: {"a","b"} with " and \ escaped (array syntax,
 * not SQL: it travels as a parameter). */
static void array_literal(StrBuf *sb, const PtrVec *items)
{
	strbuf_putc(sb, '{');
	VEC_EACH(const char *, s, items) {
		if (s_i)
			strbuf_putc(sb, ',');
		strbuf_putc(sb, '"');
		for (const char *c = s; *c; c++) {
			if (*c == '"' || *c == '\\')
				strbuf_putc(sb, '\\');
			strbuf_putc(sb, *c);
		}
		strbuf_putc(sb, '"');
	}
	strbuf_putc(sb, '}');
}

int deferred_record(PGconn *conn, const Op *op, PgsError *err)
{
	char id[OP_ID_LEN];
	op_id(op, id);
	StrBuf arr = STRBUF_INIT;
	array_literal(&arr, &op->sql);
	const char *p[] = {id, phase_name(op->phase), op->summary, arr.buf};
	int rc = adb_exec(conn,
			  "INSERT INTO pgstage.deferred (op_id, phase, summary, statements)"
			  " VALUES ($1, $2, $3, $4::text[])"
			  " ON CONFLICT (op_id) DO UPDATE SET last_seen = clock_timestamp(),"
			  " released_at = NULL",
			  4, p, NULL, err);
	strbuf_release(&arr);
	return rc;
}

int deferred_release(PGconn *conn, const char *op_id, PgsError *err)
{
	const char *p[] = {op_id};
	return adb_exec(conn,
			"UPDATE pgstage.deferred SET released_at = clock_timestamp()"
			" WHERE op_id = $1 AND released_at IS NULL",
			1, p, NULL, err);
}

int deferred_list(PGconn *conn, Arena *arena, PtrVec *out, PgsError *err)
{
	bool exists = false;
	int rc = history_exists(conn, &exists, err);
	if (rc || !exists)
		return rc;
	DbRows rows;
	rc = adb_query(conn, arena,
		       "SELECT d.op_id, d.phase, d.summary, d.first_seen::text, d.last_seen::text,"
		       " s.stmt FROM pgstage.deferred d"
		       " LEFT JOIN LATERAL unnest(d.statements) WITH ORDINALITY s(stmt, i) ON true"
		       " WHERE d.released_at IS NULL ORDER BY d.first_seen, d.op_id, s.i",
		       0, NULL, &rows, NULL, err);
	if (rc)
		return rc;
	DeferredOp *cur = NULL;
	for (int r = 0; r < rows.nrows; r++) {
		const char *id = dbrows_get(&rows, r, 0);
		if (!cur || !str_equal(cur->op_id, id)) {
			cur = ARENA_NEW(arena, DeferredOp);
			cur->op_id = id;
			cur->phase = dbrows_get(&rows, r, 1);
			cur->summary = dbrows_get(&rows, r, 2);
			cur->first_seen = dbrows_get(&rows, r, 3);
			cur->last_seen = dbrows_get(&rows, r, 4);
			vec_push(arena, out, cur);
		}
		if (dbrows_get(&rows, r, 5))
			vec_push(arena, &cur->statements, (void *) dbrows_get(&rows, r, 5));
	}
	return 0;
}
