/*
 * units.c - cutting a plan into the units one runner file each runs, and
 * giving each unit its down statements from the reverse plan.
 * Memory ownership: units and steps live in the arena given; they point
 * into the plans.
 */
#include "emit/runners/runner_int.h"
#include "model/ident.h"
#include "util/hashmap.h"

#include <string.h>

static Unit *unit_new(Arena *a, PtrVec *units, const Op *op, bool no_transaction, bool contract)
{
	Unit *u = ARENA_NEW(a, Unit);
	u->phase = op->phase;
	u->no_transaction = no_transaction;
	u->contract = contract;
	vec_push(a, units, u);
	return u;
}

static void step_add(Arena *a, PtrVec *steps, const Op *op, const char *sql)
{
	Step *s = ARENA_NEW(a, Step);
	s->op = op;
	s->sql = sql;
	vec_push(a, steps, s);
}

/* A backfill without its batched DO block (a plan read back without SQL)
 * runs as one UPDATE. */
static const char *backfill_sql(Arena *a, const Backfill *b)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "UPDATE ");
	strbuf_qualified(&sb, b->schema, b->table);
	strbuf_printf(&sb, " SET %s WHERE %s", b->set_sql, b->todo_sql);
	const char *s = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

static bool op_in_release(const Op *op, bool contract)
{
	if (op->held || (!op->sql.len && !op->backfill))
		return false;
	return (op->phase == PHASE_CONTRACT) == contract;
}

/* The statements the psql script runs for `op`: a backfill's DO block
 * commits per batch in a runner file too, so row locks are held per batch. */
static void op_steps(Arena *a, PtrVec *steps, const Op *op)
{
	if (op->backfill && !op->sql.len) {
		step_add(a, steps, op, backfill_sql(a, op->backfill));
		return;
	}
	VEC_EACH(const char *, sql, &op->sql)
		step_add(a, steps, op, sql);
}

static const char *op_name(Arena *a, const Op *op)
{
	return op->change ? change_object_name(a, op->change) : NULL;
}

static bool is_creation(const Change *ch)
{
	return ch && (ch->type == CHG_CREATE || ch->type == CHG_ADD_COLUMN ||
		      ch->type == CHG_ADD_CONSTRAINT);
}

static bool is_removal(const Change *ch)
{
	return ch && (ch->type == CHG_DROP || ch->type == CHG_DROP_COLUMN ||
		      ch->type == CHG_DROP_CONSTRAINT);
}

static void set_irreversible(Arena *a, Unit *u, const Op *op, const char *why)
{
	if (!u->irreversible)
		u->irreversible = arena_printf(a, "%s: %s", op->summary ? op->summary : "operation", why);
}

static const char *loss_word(unsigned hazards)
{
	return hazards & HAZ_DATA_LOSS ? "loses data" : "PostgreSQL has no statement that undoes it";
}

/* The change an op with its own undo (Op.undo) implements, as a key. */
static const char *undo_key(Arena *a, const Change *ch)
{
	return arena_printf(a, "%d\x1f%s", (int) ch->type, change_object_name(a, ch));
}

/* Operations of this release that carry their own undo (a change only
 * begun here, as an expand/contract type swap's helpers) get it as the
 * down of their unit, latest op first; the reverse plan, which undoes the
 * whole change, is not used for that change (its keys go to `undone`). */
static void own_undos(Arena *a, PtrVec *units, size_t first, HashMap *undone)
{
	for (size_t i = first; i < units->len; i++) {
		Unit *u = units->items[i];
		PtrVec ops = {0};
		VEC_EACH(const Step *, st, &u->steps)
			if (st->op->undo.len && st->op->change &&
			    !hashmap_get(undone, undo_key(a, st->op->change))) {
				hashmap_put(undone, undo_key(a, st->op->change), (void *) st->op);
				vec_push(a, &ops, (void *) st->op);
			}
		for (size_t j = ops.len; j-- > 0;)
			VEC_EACH(const char *, sql, &((const Op *) ops.items[j])->undo)
				step_add(a, &u->down, ops.items[j], sql);
	}
}

/* Marker for objects changed by operations outside this release. */
static char elsewhere;

int units_build(PtrVec *units, Arena *a, const Runner *r, const Plan *forward,
		const Plan *reverse, bool contract, PgsError *err)
{
	(void) err;
	size_t first = units->len;
	Unit *cur = NULL;
	HashMap owner = HASHMAP_INIT, created = HASHMAP_INIT, undone = HASHMAP_INIT;

	VEC_EACH(const Op *, op, &forward->ops) {
		const char *name = op_name(a, op);
		if (!op_in_release(op, contract)) {
			if (name && !hashmap_get(&owner, name))
				hashmap_put(&owner, name, &elsewhere);
			continue;
		}
		if (r->mixed_transactions) {
			/* one file, each operation in it run as plan.h's model says */
			if (!cur)
				cur = unit_new(a, units, op, false, contract);
			op_steps(a, &cur->steps, op);
		} else if (op_exec_mode(op) != EXEC_TRANSACTION) {
			/* a file of its own; and one statement per file for runners
			 * that send a file as one query, which would otherwise run
			 * the statements in an implicit transaction */
			PtrVec steps = {0};
			op_steps(a, &steps, op);
			Unit *u = NULL;
			VEC_EACH(Step *, st, &steps) {
				if (!u || !r->runs_statements_apart)
					u = unit_new(a, units, op, true, contract);
				vec_push(a, &u->steps, st);
			}
			cur = NULL;
			if (name && !hashmap_get(&owner, name))
				hashmap_put(&owner, name, vec_last(units));
			if (op->hazards & (HAZ_DATA_LOSS | HAZ_IRREVERSIBLE))
				set_irreversible(a, vec_last(units), op, loss_word(op->hazards));
			if (is_creation(op->change))
				hashmap_put(&created, name, (void *) op);
			continue;
		} else {
			/* a file is one transaction: one operation per file */
			cur = unit_new(a, units, op, false, contract);
			op_steps(a, &cur->steps, op);
		}
		if (name && !hashmap_get(&owner, name))
			hashmap_put(&owner, name, cur);
		if (op->hazards & (HAZ_DATA_LOSS | HAZ_IRREVERSIBLE))
			set_irreversible(a, cur, op, loss_word(op->hazards));
		if (name && is_creation(op->change))
			hashmap_put(&created, name, (void *) op);
	}
	if (units->len == first)
		goto done;
	own_undos(a, units, first, &undone);

	/* Each reverse operation goes to the down of the first unit that
	 * changed the same object (the one that created it): the downs of later
	 * units, which may depend on it, run first as runners roll back. */
	VEC_EACH(const Op *, rop, &reverse->ops) {
		if (rop->held || (!rop->sql.len && !rop->backfill) ||
		    (rop->change && hashmap_get(&undone, undo_key(a, rop->change))))
			continue;
		const char *name = op_name(a, rop);
		void *o = name ? hashmap_get(&owner, name) : NULL;
		if (o == &elsewhere)
			continue;
		Unit *u = o ? o : vec_last(units);
		/* dropping what the up created loses nothing that existed before */
		bool undoes_creation = name && is_removal(rop->change) && hashmap_get(&created, name);
		if ((rop->hazards & (HAZ_DATA_LOSS | HAZ_IRREVERSIBLE)) && !undoes_creation &&
		    !u->irreversible)
			u->irreversible = arena_printf(a, "undoing it takes \"%s\", which %s",
						       rop->summary ? rop->summary : "",
						       loss_word(rop->hazards));
		op_steps(a, &u->down, rop);
	}
done:
	hashmap_release(&owner);
	hashmap_release(&created);
	hashmap_release(&undone);
	return 0;
}
