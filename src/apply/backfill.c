/*
 * backfill.c - batched data changes over primary-key ranges (keyset
 * pagination).  Each batch runs in its own transaction together with the
 * update of its progress row (pgstage.backfill_progress, keyed by op id), so
 * a run killed at any moment, SIGKILL included, resumes after the last
 * committed batch: nothing is changed twice, nothing skipped.
 * Memory ownership: SQL text in StrBufs and results in a scratch arena,
 * both released before returning.
 */
#include "apply/apply_int.h"
#include "apply/db.h"
#include "model/ident.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct BackfillSql {
	StrBuf first, next;      /* one batch: without / with the "after last key" bound */
	StrBuf save, load, count;
	int nkeys;
} BackfillSql;

/* "k1, k2", or "prefix1, prefix2" for the batch's own column names */
static void key_list(StrBuf *sb, const Backfill *b, const char *prefix)
{
	VEC_EACH(const char *, k, &b->key_columns) {
		if (k_i)
			strbuf_puts(sb, ", ");
		if (prefix)
			strbuf_printf(sb, "%s%zu", prefix, k_i + 1);
		else
			strbuf_ident(sb, k);
	}
}

/* WITH batch AS (SELECT ctid, keys ... ORDER BY keys LIMIT n FOR UPDATE),
 *      upd AS (UPDATE t SET ... WHERE ctid = ANY (batch ctids) AND (keys) IN (batch keys))
 * SELECT count of upd, the batch's last key as text.
 * The ctid gives a TID scan whatever the statistics say (a join on the keys
 * can turn into a sequential scan per batch on a freshly loaded table); the
 * keys keep it exact on partitioned tables, where ctids repeat. */
static void batch_sql(StrBuf *sb, const Backfill *b, long batch, bool bounded)
{
	strbuf_puts(sb, "WITH batch(pgstage_ctid, ");
	key_list(sb, b, "pgstage_k");
	strbuf_puts(sb, ") AS (SELECT ctid, ");
	key_list(sb, b, NULL);
	strbuf_puts(sb, " FROM ");
	strbuf_qualified(sb, b->schema, b->table);
	strbuf_puts(sb, " WHERE ");
	if (bounded) {
		strbuf_puts(sb, "(");
		key_list(sb, b, NULL);
		strbuf_puts(sb, ") > (");
		for (size_t i = 0; i < b->key_columns.len; i++)
			strbuf_printf(sb, "%s$%zu", i ? ", " : "", i + 1);
		strbuf_puts(sb, ") AND ");
	}
	strbuf_printf(sb, "(%s) ORDER BY ", b->todo_sql);
	key_list(sb, b, NULL);
	strbuf_printf(sb, " LIMIT %ld FOR UPDATE), upd AS (UPDATE ", batch);
	strbuf_qualified(sb, b->schema, b->table);
	strbuf_printf(sb, " SET %s WHERE ctid = ANY (ARRAY(SELECT pgstage_ctid FROM batch)) AND (",
		      b->set_sql);
	key_list(sb, b, NULL);
	strbuf_puts(sb, ") IN (SELECT ");
	key_list(sb, b, "pgstage_k");
	strbuf_puts(sb, " FROM batch) RETURNING 1) SELECT (SELECT count(*) FROM upd)");
	/* qualified: a bare name in ORDER BY would pick the ::text output column */
	for (size_t i = 0; i < b->key_columns.len; i++)
		strbuf_printf(sb, ", batch.pgstage_k%zu::text", i + 1);
	strbuf_puts(sb, " FROM batch ORDER BY ");
	for (size_t i = 0; i < b->key_columns.len; i++)
		strbuf_printf(sb, "%sbatch.pgstage_k%zu DESC", i ? ", " : "", i + 1);
	strbuf_puts(sb, " LIMIT 1");
}

static void build_sql(BackfillSql *q, const Backfill *b, long batch)
{
	*q = (BackfillSql){STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
			   (int) b->key_columns.len};
	batch_sql(&q->first, b, batch, false);
	batch_sql(&q->next, b, batch, true);
	/* $1 op id, $2 rows in the batch, $3.. the last key */
	strbuf_puts(&q->save, "UPDATE pgstage.backfill_progress SET last_key = ARRAY[");
	for (int i = 0; i < q->nkeys; i++)
		strbuf_printf(&q->save, "%s$%d::text", i ? ", " : "", i + 3);
	strbuf_puts(&q->save, "], rows_done = rows_done + $2::bigint, batches = batches + 1,"
			      " updated_at = clock_timestamp() WHERE op_id = $1");
	strbuf_puts(&q->load, "SELECT rows_done, finished_at IS NOT NULL, last_key IS NOT NULL");
	for (int i = 0; i < q->nkeys; i++)
		strbuf_printf(&q->load, ", last_key[%d]", i + 1);
	strbuf_puts(&q->load, " FROM pgstage.backfill_progress WHERE op_id = $1");
	strbuf_puts(&q->count, "SELECT count(*) FROM ");
	strbuf_qualified(&q->count, b->schema, b->table);
	strbuf_printf(&q->count, " WHERE (%s)", b->todo_sql);
}

static void release_sql(BackfillSql *q)
{
	strbuf_release(&q->first);
	strbuf_release(&q->next);
	strbuf_release(&q->save);
	strbuf_release(&q->load);
	strbuf_release(&q->count);
}

/* Progress row: created on first sight; a finished one starts a new pass
 * (the todo condition makes the pass cheap and catches rows written since). */
static int load_progress(ApplySession *s, Arena *a, const BackfillSql *q, const Backfill *b,
			 const char *op_id, long *done, char **key, bool *resumed, PgsError *err)
{
	StrBuf keys = STRBUF_INIT;
	strbuf_putc(&keys, '{');
	VEC_EACH(const char *, k, &b->key_columns) {
		strbuf_printf(&keys, "%s\"", k_i ? "," : "");
		for (const char *c = k; *c; c++) {
			if (*c == '"' || *c == '\\')
				strbuf_putc(&keys, '\\');
			strbuf_putc(&keys, *c);
		}
		strbuf_putc(&keys, '"');
	}
	strbuf_putc(&keys, '}');
	int rc = adb_exec(s->conn,
			  "INSERT INTO pgstage.backfill_progress (op_id, schema_name, table_name, key_columns)"
			  " VALUES ($1, $2, $3, $4::text[]) ON CONFLICT (op_id) DO NOTHING",
			  4, (const char *[]){op_id, b->schema, b->table, keys.buf}, NULL, err);
	strbuf_release(&keys);
	DbRows rows;
	if (!rc)
		rc = adb_query(s->conn, a, q->load.buf, 1, (const char *[]){op_id}, &rows, NULL, err);
	if (rc)
		return rc;
	if (dbrows_get(&rows, 0, 1)[0] == 't') {
		*done = 0;
		*resumed = false;
		return adb_exec(s->conn,
				"UPDATE pgstage.backfill_progress SET last_key = NULL, rows_done = 0,"
				" batches = 0, finished_at = NULL, started_at = clock_timestamp(),"
				" updated_at = clock_timestamp() WHERE op_id = $1",
				1, (const char *[]){op_id}, NULL, err);
	}
	*done = atol(dbrows_get(&rows, 0, 0));
	*resumed = dbrows_get(&rows, 0, 2)[0] == 't';
	for (int i = 0; *resumed && i < q->nkeys; i++)
		key[i] = arena_strdup(a, dbrows_get(&rows, 0, 3 + i));
	return 0;
}

typedef struct BatchOutcome {
	long n;                  /* rows changed; -1 when the scan is complete */
	char sqlstate[6];
} BatchOutcome;

/* One batch and its progress row, in one transaction.  The new last key
 * is copied into *key_arena, replacing the previous one, so memory stays
 * flat however many batches run. */
static int run_batch(ApplySession *s, const Plan *plan, Arena **key_arena, const BackfillSql *q,
		     const char *op_id, char **key, bool bounded, BatchOutcome *out, PgsError *err)
{
	Arena *a = arena_new();
	PgsError ignored = {0};
	out->n = -1;
	int rc = adb_exec(s->conn, "BEGIN", 0, NULL, out->sqlstate, err);
	if (!rc)
		rc = apply_set_timeouts(s->conn, plan, true, err);
	DbRows rows = {0};
	if (!rc)
		rc = adb_query(s->conn, a, bounded ? q->next.buf : q->first.buf,
			       bounded ? q->nkeys : 0, (const char *const *) key, &rows, out->sqlstate, err);
	if (!rc && rows.nrows == 1) {
		out->n = atol(dbrows_get(&rows, 0, 0));
		const char *p[2 + 16] = {op_id, dbrows_get(&rows, 0, 0)};
		for (int i = 0; i < q->nkeys && i < 16; i++)
			p[2 + i] = dbrows_get(&rows, 0, 1 + i);
		rc = adb_exec(s->conn, q->save.buf, 2 + q->nkeys, p, out->sqlstate, err);
	} else if (!rc) {
		rc = adb_exec(s->conn,
			      "UPDATE pgstage.backfill_progress SET finished_at = clock_timestamp(),"
			      " updated_at = clock_timestamp() WHERE op_id = $1",
			      1, (const char *[]){op_id}, out->sqlstate, err);
	}
	if (!rc)
		rc = adb_exec(s->conn, "COMMIT", 0, NULL, out->sqlstate, err);
	if (rc) {
		adb_exec(s->conn, "ROLLBACK", 0, NULL, NULL, &ignored);
	} else if (out->n >= 0) {
		Arena *next = arena_new();
		for (int i = 0; i < q->nkeys; i++)
			key[i] = arena_strdup(next, dbrows_get(&rows, 0, 1 + i));
		arena_free(*key_arena);
		*key_arena = next;
	}
	arena_free(a);
	return rc;
}

int backfill_run(ApplySession *s, const Plan *plan, const Op *op, const char *op_id,
		 long *rows_out, PgsError *err)
{
	const Backfill *b = op->backfill;
	if (b->key_columns.len > 16)
		return pgs_error_set(err, PGSTAGE_EGENERIC, "%s: too many key columns for a backfill",
				     op->summary);
	long batch = s->opts.batch_size ? s->opts.batch_size
					: (b->batch_size ? b->batch_size : DEFAULT_BATCH_SIZE);
	BackfillSql q;
	build_sql(&q, b, batch);
	Arena *a = arena_new(), *key_arena = arena_new();
	char *key[16] = {0};
	long done = 0, total = -1, this_run = 0;
	bool resumed = false;
	int rc = load_progress(s, a, &q, b, op_id, &done, key, &resumed, err);
	if (!rc) {
		DbRows rows;
		PgsError ignored = {0};
		if (adb_query(s->conn, a, q.count.buf, 0, NULL, &rows, NULL, &ignored) == 0)
			total = done + atol(dbrows_get(&rows, 0, 0));
		if (resumed)
			apply_event(s, AEV_INFO, op, op_id,
				    "resuming backfill of %s.%s after %ld rows", b->schema, b->table, done);
	}
	double start = apply_now(), last_event = 0;
	int attempt = 0;
	while (!rc) {
		if (apply_stop_requested()) {
			rc = pgs_error_set(err, APPLY_EINTERRUPTED, "interrupted during the backfill of %s.%s",
					   b->schema, b->table);
			break;
		}
		BatchOutcome outcome;
		rc = run_batch(s, plan, &key_arena, &q, op_id, key, resumed, &outcome, err);
		if (rc) {
			if (apply_stop_requested()) {
				rc = pgs_error_set(err, APPLY_EINTERRUPTED,
						   "interrupted during the backfill of %s.%s", b->schema, b->table);
			} else if (strcmp(outcome.sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE) == 0 &&
				   attempt < s->opts.lock_retries) {
				int ms = apply_backoff_ms(s, ++attempt);
				apply_event(s, AEV_WARN, op, op_id,
					    "batch timed out waiting for a lock; retry %d of %d in %d ms",
					    attempt, s->opts.lock_retries, ms);
				apply_sleep_ms(ms);
				rc = 0;
			}
			continue;
		}
		attempt = 0;
		bool finished = outcome.n < 0;
		if (!finished) {
			resumed = true; /* from now on bounded by the last key */
			done += outcome.n;
			this_run += outcome.n;
			if (total >= 0 && done > total)
				total = done;
		}
		double now = apply_now();
		if (finished || now - last_event >= 0.2) {
			double el = now - start;
			ApplyEvent ev = {.kind = AEV_BACKFILL, .op = op, .op_id = op_id,
					 .rows_done = done, .rows_total = total, .elapsed_s = el,
					 .rate = el > 0 ? this_run / el : 0, .finished = finished};
			char msg[256];
			snprintf(msg, sizeof msg, "backfill %s.%s: %ld rows", b->schema, b->table, done);
			ev.message = msg;
			apply_event_raw(s, &ev);
			last_event = now;
		}
		if (finished)
			break;
		if (s->opts.batch_pause_ms)
			apply_sleep_ms(s->opts.batch_pause_ms);
	}
	*rows_out += this_run;
	arena_free(key_arena);
	arena_free(a);
	release_sql(&q);
	return rc;
}
