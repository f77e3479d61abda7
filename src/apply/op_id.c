/*
 * op_id.c - hashes that name ops and plans across runs; see op_id.h.
 * Memory ownership: nothing is allocated outside a local XXH3 state.
 */
#include "apply/op_id.h"

#include <stdio.h>
#include <string.h>
#include <xxhash.h>

/* Each field is followed by a NUL so "ab","c" and "a","bc" differ. */
static void feed(XXH3_state_t *st, const char *s)
{
	if (!s)
		s = "";
	XXH3_64bits_update(st, s, strlen(s) + 1);
}

static void feed_op(XXH3_state_t *st, const Op *op)
{
	VEC_EACH(const char *, stmt, &op->sql)
		feed(st, stmt);
	if (op->backfill) {
		const Backfill *b = op->backfill;
		feed(st, "backfill");
		feed(st, b->schema);
		feed(st, b->table);
		VEC_EACH(const char *, k, &b->key_columns)
			feed(st, k);
		feed(st, b->set_sql);
		feed(st, b->todo_sql);
	}
}

static void hex(XXH64_hash_t h, char out[OP_ID_LEN])
{
	snprintf(out, OP_ID_LEN, "%016llx", (unsigned long long) h);
}

void op_id(const Op *op, char out[OP_ID_LEN])
{
	XXH3_state_t *st = XXH3_createState();
	XXH3_64bits_reset(st);
	feed_op(st, op);
	hex(XXH3_64bits_digest(st), out);
	XXH3_freeState(st);
}

void plan_id(const Plan *plan, char out[OP_ID_LEN])
{
	XXH3_state_t *st = XXH3_createState();
	XXH3_64bits_reset(st);
	feed(st, plan->fingerprint);
	VEC_EACH(const Op *, op, &plan->ops) {
		char id[OP_ID_LEN];
		op_id(op, id);
		feed(st, id);
	}
	hex(XXH3_64bits_digest(st), out);
	XXH3_freeState(st);
}
