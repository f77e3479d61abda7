/*
 * plan_internal.h - shared by the planner's files; not public.
 * Memory ownership: as plan.h (everything in the Plan's arena).
 */
#ifndef PGSTAGE_PLAN_INTERNAL_H
#define PGSTAGE_PLAN_INTERNAL_H

#include "plan/plan.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

typedef struct PlanCtx {
	Plan *plan;
	const Diff *diff;
	const Catalog *live, *desired;
	const PlanOptions *opts;
	HashMap owned_seqs;     /* desired table key -> PtrVec* of sequence keys it owns */
	HashMap helpers_used;   /* "schema.table.name" of __pgstage helpers this plan uses */
	HashMap recreated;      /* live keys dropped/recreated around a change they depend on */
} PlanCtx;

/* Ranks: creation order of kinds within a phase; table-level steps slot in
 * between (see plan.c). */
enum {
	RANK_KIND = 100,              /* rank = kind * RANK_KIND + step */
	STEP_CREATE = 0,
	STEP_ALTER = 10,
	STEP_DROP_FK = 20,
	STEP_DROP_CONSTRAINT = 21,
	STEP_ADD_COLUMN = 30,
	STEP_COLUMN = 40,
	STEP_ADD_CONSTRAINT = 50,
	STEP_ADD_FK = 60,
	STEP_OWNER = 70,
	STEP_COMMENT = 90,
};

Op *op_new(PlanCtx *ctx, Phase phase, char action, const Change *ch, int rank);
/* Appends one statement built in `sb` (then reset) to the op. */
void op_sql(PlanCtx *ctx, Op *op, StrBuf *sb);
void op_summary(PlanCtx *ctx, Op *op, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void op_need(PlanCtx *ctx, Op *op, const char *key);
void op_release(PlanCtx *ctx, Op *op, const char *key);
/* Needs every dependency of `obj` plus its schema and owning table. */
void op_need_object_deps(PlanCtx *ctx, Op *op, const Object *obj);
void op_release_object_deps(PlanCtx *ctx, Op *op, const Object *obj);

/* Comments, row level security and column/constraint comments a newly
 * created object carries (plan.c). */
void op_create_comments(PlanCtx *ctx, Op *op, const Object *obj, StrBuf *sb);

/* Quoted, qualified name for plan lines: public."My Table", t on public.x */
const char *display_name(PlanCtx *ctx, const Object *obj);

/* Another change of `type` on the same table column as `ch`, if any. */
const Change *sibling_change(PlanCtx *ctx, const Change *ch, ChangeType type);

/* A table's column defaults call nextval() on the sequences it owns
 * (serial): they must exist before the table or column is created. */
void op_need_owned_sequences(PlanCtx *ctx, Op *op, const Object *table);

/* Records that this plan uses (creates or resumes) the helper object
 * `name` of `table` (NULL for schema-level objects); any other live helper
 * is a leftover and gets dropped (plan_cleanup.c). */
void helper_used(PlanCtx *ctx, const char *schema, const char *table, const char *name);
void plan_cleanup_helpers(PlanCtx *ctx);

/* Dependents dropped and recreated around the changes they block
 * (plan_dependents.c); runs over the finished op list. */
void plan_dependents(PlanCtx *ctx);
bool dependent_recreated(PlanCtx *ctx, const Object *o);

/* EXPAND, or TIGHTEN when the referenced key is added online by this plan. */
Phase fk_phase(PlanCtx *ctx, const Constraint *k);

/* Marks a rename of an object of `kind` (or a column: OBJ_TABLE) that
 * applications name in their queries: hazard breaks-old-app, and a note
 * saying so (plan.c). */
void rename_hazard(Op *op, ObjKind kind);

/* A `keep` directive holds `op` for good; `allow-drop` releases it. */
void apply_drop_policy(Op *op, char policy);

/* A column added to an inheritance child that now inherits it from a
 * parent dropping it: no ADD, the parent's drop leaves it (plan_inherit.c). */
bool inherit_add_is_move(PlanCtx *ctx, const Change *add);
/* Fills the parent's drop op with ALTER TABLE ONLY and the children's
 * steps when a child keeps the column; false when none does. */
bool plan_inherit_drop_column(PlanCtx *ctx, Op *op, const Change *drop);

/* Column order of kept tables: a warning, or with --reorder-columns a
 * rebuild in the desired order (plan_reorder.c); after every change is
 * planned, before plan_dependents(). */
void plan_column_order(PlanCtx *ctx);
/* The desired grants of a table created again by this op (plan_grants.c). */
void plan_grants_recreated_table(PlanCtx *ctx, Op *op, const Object *want);

void plan_table_change(PlanCtx *ctx, const Change *ch);
void plan_type_change(PlanCtx *ctx, const Change *ch);
/* A changed collation: dropped and created, or rebuilt under its users. */
void plan_collation_replace(PlanCtx *ctx, const Change *ch);
void plan_grants(PlanCtx *ctx, const Change *ch);  /* plan_grants.c */
void plan_grants_recreated(PlanCtx *ctx);          /* after plan_dependents() */
void plan_default_privileges(PlanCtx *ctx, const Change *ch); /* plan_grants.c */
/* Appends to `op`, which drops and recreates `column` of the table of
 * `ch` (a change with both sides), the file's grants on that column (only
 * when privileges are compared; grants to the live owner left out, as in
 * the diff). */
void plan_column_grants_back(PlanCtx *ctx, Op *op, const Change *ch, const char *column);
/* Recounts n_add/n_change/n_drop/n_held. */
void plan_count_ops(Plan *p);
/* Prepends to each operation that blocks writes on a table of `live` a
 * statement taking that lock in short attempts (exec.c). */
void plan_take_locks_politely(Plan *plan, const Catalog *live);
/* Topologically sorts plan->ops in place; see order.c. */
void plan_order(Plan *plan);

#endif
