/*
 * plan_types.c - operations for enum and sequence changes.
 * Memory ownership: see plan.h.
 */
#include "plan/plan_internal.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <inttypes.h>
#include <string.h>

static void plan_enum_add(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_ENUM * RANK_KIND + STEP_ALTER);
	op_summary(ctx, op, "add value %s to enum %s", ch->label, display_name(ctx, ch->to));
	strbuf_puts(&sb, "ALTER TYPE ");
	ddl_object_name(&sb, ch->to);
	strbuf_puts(&sb, " ADD VALUE ");
	strbuf_literal(&sb, ch->label);
	if (ch->neighbor) {
		strbuf_puts(&sb, ch->before ? " BEFORE " : " AFTER ");
		strbuf_literal(&sb, ch->neighbor);
	}
	op_sql(ctx, op, &sb);
	op_need(ctx, op, ch->to->key);
	/* a value added in a transaction cannot be used before it commits */
	op->no_transaction = true;
	op->hazards = HAZ_IRREVERSIBLE;
	op->lock = "SHARE UPDATE EXCLUSIVE";
	strbuf_release(&sb);
}

static bool column_uses_type(const Column *c, const char *qualified)
{
	size_t n = strlen(qualified);
	return strncmp(c->type, qualified, n) == 0 && (c->type[n] == '\0' || c->type[n] == '[');
}

/* Rows still holding a label the new type drops would make the conversion
 * fail: count them before anything runs. */
static void removed_label_check(PlanCtx *ctx, Op *op, const Table *t, const Column *c,
				const EnumType *from, const EnumType *to, bool array)
{
	Arena *a = ctx->plan->arena;
	StrBuf list = STRBUF_INIT, sb = STRBUF_INIT;
	VEC_EACH(const char *, l, &from->labels) {
		bool kept = false;
		VEC_EACH(const char *, k, &to->labels)
			if (strcmp(k, l) == 0)
				kept = true;
		if (kept)
			continue;
		strbuf_puts(&list, list.len ? ", " : "");
		strbuf_literal(&list, l);
	}
	if (!list.len) {
		strbuf_release(&list);
		return; /* labels only reordered */
	}
	strbuf_puts(&sb, "SELECT count(*) FROM (SELECT 1 FROM ");
	ddl_object_name(&sb, &t->obj);
	strbuf_puts(&sb, " WHERE ");
	strbuf_ident(&sb, c->name);
	if (array)
		strbuf_printf(&sb, "::text[] && ARRAY[%s]::text[]", list.buf);
	else
		strbuf_printf(&sb, "::text IN (%s)", list.buf);
	strbuf_printf(&sb, " LIMIT %d) s", PREFLIGHT_CAP + 1);
	Check *check = ARENA_NEW(a, Check);
	check->what = arena_printf(a, "rows of %s.%s holding a removed label of %s",
				   display_name(ctx, &t->obj), ident_quote(a, c->name),
				   display_name(ctx, &from->obj));
	check->sql = arena_strndup(a, sb.buf, sb.len);
	vec_push(a, &op->checks, check);
	strbuf_release(&list);
	strbuf_release(&sb);
}

/* Labels removed or reordered: build the new type beside the old one,
 * move every column over through text, then drop the old type. */
static void plan_enum_rebuild(PlanCtx *ctx, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	const EnumType *to = (const EnumType *) ch->to;
	const char *qualified = ident_qualified(a, to->obj.schema, to->obj.name);
	const char *old_name = arena_printf(a, "%s__pgstage_old", to->obj.name);
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_ENUM * RANK_KIND + STEP_ALTER);
	op_summary(ctx, op, "rebuild enum %s (%s)", qualified, ch->detail);
	op->note = "rows holding a removed label make the conversion fail";
	strbuf_printf(&sb, "ALTER TYPE %s RENAME TO ", qualified);
	strbuf_ident(&sb, old_name);
	op_sql(ctx, op, &sb);
	ddl_create(&sb, &to->obj);
	op_sql(ctx, op, &sb);
	VEC_EACH(const Object *, o, &ctx->live->objects) {
		if (o->kind != OBJ_TABLE)
			continue;
		const Table *t = (const Table *) o;
		const Table *want = catalog_find_table(ctx->desired, o->schema, o->name);
		VEC_EACH(const Column *, c, &t->columns) {
			if (!column_uses_type(c, qualified))
				continue;
			const Column *wc = want ? table_find_column(want, c->name) : NULL;
			const char *arr = strchr(c->type + strlen(qualified), '[') ? "[]" : "";
			removed_label_check(ctx, op, t, c, (const EnumType *) ch->from, to, *arr != '\0');
			if (c->default_expr) {
				ddl_alter_column(&sb, t, c->name);
				strbuf_puts(&sb, " DROP DEFAULT");
				op_sql(ctx, op, &sb);
			}
			ddl_alter_column(&sb, t, c->name);
			strbuf_printf(&sb, " TYPE %s%s USING ", qualified, arr);
			strbuf_ident(&sb, c->name);
			strbuf_printf(&sb, "::text%s::%s%s", arr, qualified, arr);
			op_sql(ctx, op, &sb);
			if (wc && wc->default_expr && column_uses_type(wc, qualified)) {
				ddl_alter_column(&sb, t, c->name);
				strbuf_printf(&sb, " SET DEFAULT %s", wc->default_expr->sql);
				op_sql(ctx, op, &sb);
			}
		}
	}
	strbuf_puts(&sb, "DROP TYPE ");
	strbuf_qualified(&sb, to->obj.schema, old_name);
	op_sql(ctx, op, &sb);
	op_need(ctx, op, ch->to->key);
	op->hazards = HAZ_TABLE_REWRITE | HAZ_BLOCKS_READS | HAZ_BLOCKS_WRITES | HAZ_DATA_LOSS;
	op->lock = "ACCESS EXCLUSIVE";
	op->moves_dependents = true;
	strbuf_release(&sb);
}

static void plan_sequence_options(PlanCtx *ctx, const Change *ch)
{
	const Sequence *s = (const Sequence *) ch->to;
	const SeqOptions *o = &s->opts;
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_SEQUENCE * RANK_KIND + STEP_ALTER);
	op_summary(ctx, op, "alter sequence %s", display_name(ctx, ch->to));
	const Sequence *old = (const Sequence *) ch->from;
	if (o->increment > 0 && o->min > old->opts.min) {
		/* a value below the new MINVALUE would make the ALTER fail: move
		 * the sequence up to it first (only if it is below) */
		StrBuf name = STRBUF_INIT;
		ddl_object_name(&name, ch->to);
		strbuf_puts(&sb, "SELECT setval(");
		strbuf_literal(&sb, name.buf);
		strbuf_printf(&sb, ", %" PRId64 ", false) FROM %s WHERE last_value < %" PRId64, o->min,
			      name.buf, o->min);
		strbuf_release(&name);
		op_sql(ctx, op, &sb);
	}
	strbuf_puts(&sb, "ALTER SEQUENCE ");
	ddl_object_name(&sb, ch->to);
	/* every option, so the result does not depend on the old values */
	strbuf_printf(&sb,
		      " AS %s INCREMENT BY %" PRId64 " MINVALUE %" PRId64 " MAXVALUE %" PRId64
		      " START WITH %" PRId64 " CACHE %" PRId64 " %sCYCLE",
		      o->type ? o->type : "bigint", o->increment, o->min, o->max, o->start, o->cache,
		      o->cycle ? "" : "NO ");
	op_sql(ctx, op, &sb);
	op_need(ctx, op, ch->to->key);
	op->lock = "SHARE ROW EXCLUSIVE";
	strbuf_release(&sb);
}

static void plan_sequence_owner(PlanCtx *ctx, const Change *ch)
{
	const Sequence *s = (const Sequence *) ch->to;
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_TABLE * RANK_KIND + STEP_OWNER);
	op_summary(ctx, op, "set owner of sequence %s", display_name(ctx, ch->to));
	ddl_sequence_owner(&sb, s);
	op_sql(ctx, op, &sb);
	op_need(ctx, op, ch->to->key);
	if (s->owned_table)
		op_need(ctx, op, object_key(ctx->plan->arena, OBJ_TABLE, s->obj.schema, NULL,
					    s->owned_table, NULL));
	strbuf_release(&sb);
}

void plan_type_change(PlanCtx *ctx, const Change *ch)
{
	switch (ch->type) {
	case CHG_ENUM_ADD_VALUE:
		plan_enum_add(ctx, ch);
		break;
	case CHG_ENUM_REBUILD:
		plan_enum_rebuild(ctx, ch);
		break;
	case CHG_SEQUENCE_OPTIONS:
		plan_sequence_options(ctx, ch);
		break;
	case CHG_SEQUENCE_OWNER:
		plan_sequence_owner(ctx, ch);
		break;
	default:
		break;
	}
}
