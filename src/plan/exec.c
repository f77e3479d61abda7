/*
 * exec.c - the one execution model every path follows (see plan.h): how an
 * operation runs, and the locking rule its declared lock and hazards keep.
 * Memory ownership: nothing is allocated here.
 */
#include "plan/plan_internal.h"

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
