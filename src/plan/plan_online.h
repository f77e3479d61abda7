/*
 * plan_online.h - online forms of changes to populated tables (see
 * plan_online.c for the list).  Private to src/plan.
 * Memory ownership: see plan.h.
 */
#ifndef PGSTAGE_PLAN_ONLINE_H
#define PGSTAGE_PLAN_ONLINE_H

#include "plan/plan_internal.h"

bool online_enabled(PlanCtx *ctx);
/* The live table an object belongs to (or is), NULL when it is new. */
const Table *live_table(PlanCtx *ctx, const Object *obj);
/* <base><suffix> cut to PostgreSQL's 63-byte limit. */
const char *helper_name(PlanCtx *ctx, const char *base, const char *suffix);
const char *not_null_check_name(PlanCtx *ctx, const Table *t, const Column *c);
/* Sets op->cost from the live table's size estimate. */
void table_cost(PlanCtx *ctx, Op *op, const Table *live);
bool expr_is_volatile(PlanCtx *ctx, const Expr *e);
/* Does SQL text mention the identifier `name` as a whole word? */
bool sql_mentions(const char *sql, const char *name);

/* Fills a backfill op's SQL (a DO block committing per batch) from its
 * Backfill spec; without a primary key, one UPDATE. */
void backfill_sql(PlanCtx *ctx, Op *op, const Table *t, const Table *live);

/* Column type changes (plan_swap.c). */
bool type_change_rewrites(const char *from, const char *to);
bool type_change_needs_using(const char *from, const char *to);
void plan_type_change_column(PlanCtx *ctx, const Change *ch);

void plan_online_create_index(PlanCtx *ctx, const Change *ch);
void plan_online_replace_index(PlanCtx *ctx, const Change *ch);
/* The live index is INVALID (a failed concurrent build): dropped and built
 * again concurrently. */
void plan_online_rebuild_invalid_index(PlanCtx *ctx, const Change *ch);
/* Pre-flight: key values a new unique index would find twice (nothing
 * for a non-unique index, or one over columns this plan adds). */
void index_duplicates_check(PlanCtx *ctx, Op *op, const Index *ix);
/* Fills a drop op with DROP INDEX CONCURRENTLY. */
void plan_online_drop_index(PlanCtx *ctx, Op *op, const Index *ix);
/* Return false when the change has no online form (the caller plans the
 * plain statement). */
bool plan_online_add_constraint(PlanCtx *ctx, const Change *ch);
bool plan_online_add_column(PlanCtx *ctx, const Change *ch);
/* column_is_new: added by this plan (no pre-flight, no separate backfill). */
void plan_online_set_not_null(PlanCtx *ctx, const Change *ch, bool column_is_new);

#endif
