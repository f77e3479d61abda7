/*
 * exec.c - the one execution model every path follows (see plan.h): how an
 * operation runs, and the locking rule its declared lock and hazards keep.
 * Memory ownership: nothing is allocated here.
 */
#include "plan/plan_internal.h"
#include "model/ident.h"

#include <string.h>

ExecMode op_exec_mode(const Op *op)
{
	if (op->backfill)
		return EXEC_BATCHES;
	return op->no_transaction ? EXEC_ALONE : EXEC_TRANSACTION;
}

/* PostgreSQL's table lock modes, weakest first (lock.h's order). */
static const char *const lock_modes[] = {
	"ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
	"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE",
};

int lock_strength(const char *lock)
{
	if (!lock)
		return 0;
	for (size_t i = 0; i < sizeof lock_modes / sizeof lock_modes[0]; i++)
		if (strcmp(lock, lock_modes[i]) == 0)
			return (int) i + 1;
	return (int) (sizeof lock_modes / sizeof lock_modes[0]); /* unknown: assume the worst */
}

const char *op_lock_rule_violation(const Op *op)
{
	bool reads_table = op->hazards & (HAZ_TABLE_SCAN | HAZ_TABLE_REWRITE);
	if (!reads_table || lock_strength(op->lock) <= lock_strength("SHARE UPDATE EXCLUSIVE"))
		return NULL;
	if (op->hazards & HAZ_BLOCKS_WRITES)
		return NULL; /* a blocking form, declared as such (small table, --no-online) */
	return "scans or rewrites a table under a lock stronger than SHARE UPDATE EXCLUSIVE "
	       "without declaring that it blocks writes";
}

/* ---- taking a table lock without stalling the application ------------- */

/* A lock request that waits queues every later request on the table behind
 * it: while an ACCESS EXCLUSIVE request waits for a long transaction or an
 * autovacuum (which PostgreSQL cancels only after deadlock_timeout, 1 s),
 * every read and write of the table waits too.  So an operation that blocks
 * writes first takes its table's lock in short attempts, each waiting at
 * most LOCK_ATTEMPT_MS, with growing, jittered pauses between them in which
 * the queue drains; it gives up after the session's lock_timeout (0: keeps
 * trying) with SQLSTATE 55P03, so apply's retries still apply. */
#define LOCK_ATTEMPT_MS 50

/* Only tables that exist before the plan: nobody waits on a new one (and
 * `dump`, a plan from nothing, stays plain DDL). */
static bool takes_write_blocking_lock(const Op *op, const Catalog *live)
{
	return op->lock_table && op->sql.len && op_exec_mode(op) == EXEC_TRANSACTION &&
	       lock_strength(op->lock) >= lock_strength("SHARE") &&
	       (catalog_find_table(live, op->lock_schema, op->lock_table) ||
		catalog_find(live, OBJ_VIEW, op->lock_schema, NULL, op->lock_table, NULL));
}

static const char *polite_lock_sql(Arena *a, const Op *op)
{
	StrBuf name = STRBUF_INIT, body = STRBUF_INIT, stmt = STRBUF_INIT;
	strbuf_qualified(&name, op->lock_schema, op->lock_table);
	strbuf_puts(&body, "DECLARE rel regclass := to_regclass(");
	strbuf_literal(&body, name.buf);
	/* one line: a DO literal holding a line break would be E'...' */
	strbuf_printf(&body,
		      "); budget interval := current_setting('lock_timeout')::interval; "
		      "saved text := current_setting('lock_timeout'); "
		      "deadline timestamptz := clock_timestamp() + budget; tries int := 0; "
		      "BEGIN IF rel IS NULL OR (SELECT relkind FROM pg_class WHERE oid = rel) "
		      "NOT IN ('r', 'p', 'v') THEN RETURN; END IF; "
		      "PERFORM set_config('lock_timeout', '%dms', true); "
		      "LOOP BEGIN EXECUTE format('LOCK TABLE %%s IN %s MODE', rel); EXIT; "
		      "EXCEPTION WHEN lock_not_available THEN tries := tries + 1; "
		      "IF budget > interval '0' AND clock_timestamp() >= deadline THEN "
		      "RAISE EXCEPTION USING ERRCODE = 'lock_not_available', MESSAGE = format("
		      "'could not take the %s lock on %%s: lock timeout %%s reached after %%s attempts of %d ms', "
		      "rel, saved, tries); END IF; "
		      "PERFORM pg_sleep(least(0.5, 0.01 * power(2, least(tries, 6))) * (0.5 + random())); END; "
		      "END LOOP; PERFORM set_config('lock_timeout', saved, true); END",
		      LOCK_ATTEMPT_MS, op->lock, op->lock, LOCK_ATTEMPT_MS);
	strbuf_puts(&stmt, "DO ");
	strbuf_literal(&stmt, body.buf);
	const char *out = arena_strndup(a, stmt.buf, stmt.len);
	strbuf_release(&name);
	strbuf_release(&body);
	strbuf_release(&stmt);
	return out;
}

/* Where the lock is taken: at an op's own `LOCK TABLE` (the swap of a type
 * change first checks its rows under ACCESS SHARE, then locks), else at
 * its first statement. */
static size_t lock_point(const Op *op)
{
	for (size_t i = 0; i < op->sql.len; i++)
		if (strncmp(op->sql.items[i], "LOCK TABLE ", 11) == 0)
			return i;
	return 0;
}

void plan_take_locks_politely(Plan *plan, const Catalog *live)
{
	VEC_EACH(Op *, op, &plan->ops) {
		if (!takes_write_blocking_lock(op, live))
			continue;
		size_t at = lock_point(op);
		PtrVec sql = {0};
		for (size_t i = 0; i < op->sql.len; i++) {
			if (i == at)
				vec_push(plan->arena, &sql, (void *) polite_lock_sql(plan->arena, op));
			vec_push(plan->arena, &sql, op->sql.items[i]);
		}
		op->sql = sql;
	}
}
