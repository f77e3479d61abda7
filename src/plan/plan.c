/*
 * plan.c - turning changes into operations: object creates, drops,
 * replacements and comments here; table internals in plan_table.c, enums
 * and sequences in plan_types.c; ordering in order.c.
 * Memory ownership: see plan.h.
 */
#include "plan/plan_online.h"
#include "emit/ddl.h"
#include "model/ident.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Short enough that a DDL statement stuck behind a long transaction gives
 * up before the queue it heads stalls the application. */
#define DEFAULT_LOCK_TIMEOUT_MS 5000

Op *op_new(PlanCtx *ctx, Phase phase, char action, const Change *ch, int rank)
{
	Plan *p = ctx->plan;
	Op *op = ARENA_NEW(p->arena, Op);
	op->phase = phase;
	op->action = action;
	op->change = ch;
	op->rank = rank;
	op->seq = p->ops.len;
	op->held = phase == PHASE_CONTRACT && !ctx->opts->allow_drop;
	vec_push(p->arena, &p->ops, op);
	return op;
}

void op_sql(PlanCtx *ctx, Op *op, StrBuf *sb)
{
	vec_push(ctx->plan->arena, &op->sql, arena_strndup(ctx->plan->arena, sb->buf, sb->len));
	strbuf_reset(sb);
}

void op_summary(PlanCtx *ctx, Op *op, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	op->summary = arena_vprintf(ctx->plan->arena, fmt, ap);
	va_end(ap);
}

void op_need(PlanCtx *ctx, Op *op, const char *key)
{
	if (key)
		vec_push(ctx->plan->arena, &op->needs, (void *) key);
}

void op_release(PlanCtx *ctx, Op *op, const char *key)
{
	if (key)
		vec_push(ctx->plan->arena, &op->releases, (void *) key);
}

static const char *schema_key(PlanCtx *ctx, const Object *obj)
{
	if (!obj->schema)
		return NULL;
	return object_key(ctx->plan->arena, OBJ_SCHEMA, NULL, NULL, obj->schema, NULL);
}

static const char *parent_key(PlanCtx *ctx, const Object *obj)
{
	const char *table = obj->parent;
	if (obj->kind == OBJ_INDEX)
		table = ((const Index *) obj)->table;
	if (!table)
		return NULL;
	return object_key(ctx->plan->arena, OBJ_TABLE, obj->schema, NULL, table, NULL);
}

static const char *owned_table_key(PlanCtx *ctx, const Object *obj)
{
	if (obj->kind != OBJ_SEQUENCE || !((const Sequence *) obj)->owned_table)
		return NULL;
	return object_key(ctx->plan->arena, OBJ_TABLE, obj->schema, NULL,
			  ((const Sequence *) obj)->owned_table, NULL);
}

void op_need_owned_sequences(PlanCtx *ctx, Op *op, const Object *table)
{
	PtrVec *seqs = hashmap_get(&ctx->owned_seqs, table->key);
	if (seqs)
		VEC_EACH(const char *, k, seqs)
			op_need(ctx, op, k);
}

static void index_owned_sequences(PlanCtx *ctx)
{
	VEC_EACH(const Object *, o, &ctx->desired->objects) {
		const char *table = owned_table_key(ctx, o);
		if (!table)
			continue;
		PtrVec *seqs = hashmap_get(&ctx->owned_seqs, table);
		if (!seqs) {
			seqs = ARENA_NEW(ctx->plan->arena, PtrVec);
			hashmap_put(&ctx->owned_seqs, table, seqs);
		}
		vec_push(ctx->plan->arena, seqs, (void *) o->key);
	}
}

void op_need_object_deps(PlanCtx *ctx, Op *op, const Object *obj)
{
	/* a sequence's ownership is a separate step after its table exists */
	const char *owner = owned_table_key(ctx, obj);
	VEC_EACH(const char *, k, &obj->deps)
		if (!owner || strcmp(k, owner) != 0)
			op_need(ctx, op, k);
	op_need(ctx, op, schema_key(ctx, obj));
	op_need(ctx, op, parent_key(ctx, obj));
}

void op_release_object_deps(PlanCtx *ctx, Op *op, const Object *obj)
{
	VEC_EACH(const char *, k, &obj->deps)
		op_release(ctx, op, k);
	op_release(ctx, op, schema_key(ctx, obj));
	op_release(ctx, op, parent_key(ctx, obj));
}

const char *display_name(PlanCtx *ctx, const Object *obj)
{
	Arena *a = ctx->plan->arena;
	if (obj->parent)
		return arena_printf(a, "%s on %s", ident_quote(a, obj->name),
				    ident_qualified(a, obj->schema, obj->parent));
	const char *n = ident_qualified(a, obj->schema, obj->name);
	return obj->signature ? arena_printf(a, "%s(%s)", n, obj->signature) : n;
}

/* Comments that a new object carries: on itself, its columns, constraints. */
void op_create_comments(PlanCtx *ctx, Op *op, const Object *obj, StrBuf *sb)
{
	if (obj->comment) {
		ddl_comment(sb, obj, obj->comment);
		op_sql(ctx, op, sb);
	}
	if (obj->kind != OBJ_TABLE)
		return;
	const Table *t = (const Table *) obj;
	if (t->rls_enabled || t->rls_forced) {
		ddl_alter_table(sb, t);
		strbuf_puts(sb, t->rls_enabled ? " ENABLE ROW LEVEL SECURITY" : " DISABLE ROW LEVEL SECURITY");
		op_sql(ctx, op, sb);
	}
	if (t->rls_forced) {
		ddl_alter_table(sb, t);
		strbuf_puts(sb, " FORCE ROW LEVEL SECURITY");
		op_sql(ctx, op, sb);
	}
	VEC_EACH(const Column *, c, &t->columns)
		if (c->comment) {
			ddl_column_comment(sb, t, c, c->comment);
			op_sql(ctx, op, sb);
		}
	VEC_EACH(const Constraint *, k, &t->constraints)
		if (k->comment && k->type != CON_FOREIGN) {
			ddl_constraint_comment(sb, t, k, k->comment);
			op_sql(ctx, op, sb);
		}
}

/* A foreign key needs the referenced key to exist.  When this plan adds
 * that key to an existing table online, the key is adopted in tighten, so
 * the foreign key waits there too. */
Phase fk_phase(PlanCtx *ctx, const Constraint *k)
{
	if (!online_enabled(ctx))
		return PHASE_EXPAND;
	const Table *live = catalog_find_table(ctx->live, k->ref_schema, k->ref_table);
	const Table *want = catalog_find_table(ctx->desired, k->ref_schema, k->ref_table);
	if (!live || !want)
		return PHASE_EXPAND;
	VEC_EACH(const Constraint *, key, &want->constraints) {
		if ((key->type != CON_PRIMARY && key->type != CON_UNIQUE) ||
		    !strvec_equal(&key->columns, &k->ref_columns))
			continue;
		const Constraint *have = table_find_constraint(live, key->name);
		if (!have || have->type != key->type || !strvec_equal(&have->columns, &key->columns))
			return PHASE_TIGHTEN;
	}
	return PHASE_EXPAND;
}

/* Foreign keys of a new table are added after every table exists, which
 * also resolves reference cycles between new tables. */
static void create_foreign_keys(PlanCtx *ctx, const Change *ch, const Table *t, StrBuf *sb)
{
	VEC_EACH(const Constraint *, k, &t->constraints) {
		if (k->type != CON_FOREIGN)
			continue;
		Op *op = op_new(ctx, fk_phase(ctx, k), '+', ch, OBJ_TABLE * RANK_KIND + STEP_ADD_FK);
		op_summary(ctx, op, "add foreign key %s on %s", ident_quote(ctx->plan->arena, k->name),
			   display_name(ctx, &t->obj));
		ddl_add_constraint(sb, t, k);
		op_sql(ctx, op, sb);
		if (k->comment) {
			ddl_constraint_comment(sb, t, k, k->comment);
			op_sql(ctx, op, sb);
		}
		op_need(ctx, op, t->obj.key);
		op_need(ctx, op, object_key(ctx->plan->arena, OBJ_TABLE, k->ref_schema, NULL,
					    k->ref_table, NULL));
		op->lock = "SHARE ROW EXCLUSIVE";
		op->lock_schema = t->obj.schema;
		op->lock_table = t->obj.name;
	}
}

static void plan_create(PlanCtx *ctx, const Change *ch)
{
	const Object *obj = ch->to;
	if (obj->kind == OBJ_INDEX && online_enabled(ctx) && live_table(ctx, obj)) {
		plan_online_create_index(ctx, ch);
		return;
	}
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '+', ch, (int) obj->kind * RANK_KIND + STEP_CREATE);
	op_summary(ctx, op, "create %s %s", obj_kind_name(obj->kind), display_name(ctx, obj));
	ddl_create(&sb, obj);
	op_sql(ctx, op, &sb);
	op_create_comments(ctx, op, obj, &sb);
	op->creates = obj->key;
	op_need_object_deps(ctx, op, obj);
	if (obj->kind == OBJ_INDEX)
		index_duplicates_check(ctx, op, (const Index *) obj);
	if (obj->kind == OBJ_TABLE) {
		op_need_owned_sequences(ctx, op, obj);
		create_foreign_keys(ctx, ch, (const Table *) obj, &sb);
	}
	if (obj->kind == OBJ_SEQUENCE && ((const Sequence *) obj)->owned_table) {
		const Sequence *s = (const Sequence *) obj;
		Op *own = op_new(ctx, PHASE_EXPAND, '+', ch, OBJ_TABLE * RANK_KIND + STEP_OWNER);
		op_summary(ctx, own, "set sequence %s owned by %s.%s", display_name(ctx, obj),
			   ident_quote(ctx->plan->arena, s->owned_table),
			   ident_quote(ctx->plan->arena, s->owned_column));
		ddl_sequence_owner(&sb, s);
		op_sql(ctx, own, &sb);
		op_need(ctx, own, obj->key);
		op_need(ctx, own, object_key(ctx->plan->arena, OBJ_TABLE, obj->schema, NULL,
					     s->owned_table, NULL));
	}
	strbuf_release(&sb);
}

/* The table an object's DDL locks: itself, or the table it belongs to. */
static void lock_target(Op *op, const Object *obj)
{
	const char *table = obj->kind == OBJ_INDEX ? ((const Index *) obj)->table : obj->parent;
	if (obj->kind == OBJ_TABLE || obj->kind == OBJ_MATVIEW)
		table = obj->name;
	if (!table)
		return;
	op->lock_schema = obj->schema;
	op->lock_table = table;
}

/* Objects that PostgreSQL drops by itself with their table or column. */
static const char *implied_drop(PlanCtx *ctx, const Object *obj)
{
	const char *table = obj->parent;
	if (obj->kind == OBJ_INDEX)
		table = ((const Index *) obj)->table;
	const char *owner_col = NULL;
	if (obj->kind == OBJ_SEQUENCE) {
		table = ((const Sequence *) obj)->owned_table;
		owner_col = ((const Sequence *) obj)->owned_column;
	}
	if (!table)
		return NULL;
	const Table *want = catalog_find_table(ctx->desired, obj->schema, table);
	if (!want)
		return arena_printf(ctx->plan->arena, "dropped with table %s.%s", obj->schema, table);
	if (obj->kind == OBJ_INDEX && table_find_constraint(want, obj->name))
		return arena_printf(ctx->plan->arena, "becomes the index of constraint %s",
				    ident_quote(ctx->plan->arena, obj->name));
	if (owner_col && !table_find_column(want, owner_col))
		return arena_printf(ctx->plan->arena, "dropped with column %s.%s.%s", obj->schema,
				    table, owner_col);
	return NULL;
}

static unsigned drop_hazards(ObjKind kind)
{
	switch (kind) {
	case OBJ_TABLE:
	case OBJ_MATVIEW:
	case OBJ_SEQUENCE:
	case OBJ_SCHEMA:
	case OBJ_EXTENSION:
		return HAZ_DATA_LOSS | HAZ_IRREVERSIBLE;
	default:
		return 0;
	}
}

static void plan_drop(PlanCtx *ctx, const Change *ch)
{
	const Object *obj = ch->from;
	StrBuf sb = STRBUF_INIT;
	int rank = (OBJ_KIND_COUNT - (int) obj->kind) * RANK_KIND;
	Op *op = op_new(ctx, PHASE_CONTRACT, '-', ch, rank);
	op_summary(ctx, op, "drop %s %s", obj_kind_name(obj->kind), display_name(ctx, obj));
	op->drops = obj->key;
	op_release_object_deps(ctx, op, obj);
	op->hazards = drop_hazards(obj->kind);
	op->lock = "ACCESS EXCLUSIVE";
	lock_target(op, obj);
	const char *implied = implied_drop(ctx, obj);
	if (implied) {
		op->note = implied;
		op->hazards = 0;
	} else if (obj->kind == OBJ_INDEX && online_enabled(ctx)) {
		plan_online_drop_index(ctx, op, (const Index *) obj);
	} else {
		ddl_drop(&sb, obj);
		op_sql(ctx, op, &sb);
	}
	strbuf_release(&sb);
}

/* Drop and create in one step: for kinds whose definition cannot be
 * altered in place (indexes, views, functions, triggers, policies...). */
static void plan_replace(PlanCtx *ctx, const Change *ch)
{
	const Object *obj = ch->to;
	if (obj->kind == OBJ_FUNCTION &&
	    str_equal(((const Function *) ch->from)->returns, ((const Function *) obj)->returns) &&
	    ((const Function *) ch->from)->is_procedure == ((const Function *) obj)->is_procedure) {
		/* same signature and result: replaced in place, dependents stay */
		StrBuf sb = STRBUF_INIT;
		Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, OBJ_FUNCTION * RANK_KIND + STEP_CREATE);
		op_summary(ctx, op, "replace %s %s", obj_kind_name(obj->kind), display_name(ctx, obj));
		ddl_create_function(&sb, (const Function *) obj, true);
		op_sql(ctx, op, &sb);
		op->creates = obj->key;
		op_need_object_deps(ctx, op, obj);
		strbuf_release(&sb);
		return;
	}
	if (obj->kind == OBJ_INDEX && online_enabled(ctx) && live_table(ctx, obj)) {
		if (((const Index *) ch->from)->invalid)
			plan_online_rebuild_invalid_index(ctx, ch);
		else
			plan_online_replace_index(ctx, ch);
		return;
	}
	if (obj->kind == OBJ_COLLATION && ch->from->kind == OBJ_COLLATION) {
		plan_collation_replace(ctx, ch); /* plan_collation.c */
		return;
	}
	bool is_data = obj->kind == OBJ_TABLE;
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, is_data ? PHASE_CONTRACT : PHASE_EXPAND, '~', ch,
			(int) obj->kind * RANK_KIND + STEP_CREATE);
	op_summary(ctx, op, "replace %s %s (%s)", obj_kind_name(obj->kind), display_name(ctx, obj),
		   ch->detail ? ch->detail : "changed");
	ddl_drop(&sb, ch->from);
	op_sql(ctx, op, &sb);
	ddl_create(&sb, obj);
	op_sql(ctx, op, &sb);
	op_create_comments(ctx, op, obj, &sb);
	op->moves_dependents = true;
	op->creates = obj->key;
	op_need_object_deps(ctx, op, obj);
	if (obj->kind == OBJ_INDEX)
		index_duplicates_check(ctx, op, (const Index *) obj);
	op->lock = "ACCESS EXCLUSIVE";
	lock_target(op, obj);
	apply_drop_policy(op, obj->drop_policy);
	if (is_data) {
		op->hazards = HAZ_DATA_LOSS | HAZ_IRREVERSIBLE;
		create_foreign_keys(ctx, ch, (const Table *) obj, &sb);
	}
	strbuf_release(&sb);
}

static void lock_target(Op *op, const Object *obj);

void apply_drop_policy(Op *op, char policy)
{
	if (policy == 'k') {
		op->held = true;
		op->note = "kept by a `keep` directive: never run";
	} else if (policy == 'a' && op->phase == PHASE_CONTRACT) {
		op->held = false;
	}
}

/* A rename of a name that applications write in their queries (a table,
 * column, view, function, sequence, type, schema) breaks every running
 * application version that still uses the old name, the moment it runs;
 * renaming an index, constraint, trigger, policy or collation does not. */
void rename_hazard(Op *op, ObjKind kind)
{
	switch (kind) {
	case OBJ_INDEX:
	case OBJ_TRIGGER:
	case OBJ_POLICY:
	case OBJ_COLLATION:
		return;
	default:
		break;
	}
	op->hazards |= HAZ_BREAKS_OLD_APP;
	op->note = "from a `renamed from` directive: the data stays.  Runs in expand, so that "
		   "the new application version finds the new name; application versions still "
		   "using the old name fail from this moment on (deploy them together, or keep "
		   "the old name working yourself, e.g. with a view)";
}

/* ALTER <kind> old RENAME TO new, for a "renamed from" directive. */
static void plan_rename(PlanCtx *ctx, const Change *ch)
{
	const Object *from = ch->from, *to = ch->to;
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, (int) to->kind * RANK_KIND + STEP_CREATE - 1);
	op_summary(ctx, op, "rename %s %s to %s", obj_kind_name(to->kind), display_name(ctx, from),
		   ident_quote(ctx->plan->arena, to->name));
	strbuf_puts(&sb, "ALTER ");
	if (to->kind == OBJ_TRIGGER || to->kind == OBJ_POLICY) {
		strbuf_printf(&sb, "%s ", obj_kind_sql(to->kind));
		strbuf_ident(&sb, from->name);
		strbuf_puts(&sb, " ON ");
		strbuf_qualified(&sb, to->schema, to->parent);
	} else {
		strbuf_printf(&sb, "%s ", to->kind == OBJ_FUNCTION && ((const Function *) to)->is_procedure
						  ? "PROCEDURE"
						  : obj_kind_sql(to->kind));
		ddl_object_name(&sb, from);
		if (to->kind == OBJ_FUNCTION)
			strbuf_printf(&sb, "(%s)", from->signature ? from->signature : "");
	}
	strbuf_puts(&sb, " RENAME TO ");
	strbuf_ident(&sb, to->name);
	op_sql(ctx, op, &sb);
	op->creates = to->key;
	op->lock = "ACCESS EXCLUSIVE";
	lock_target(op, from);
	op->note = "from a `renamed from` directive: the data stays";
	rename_hazard(op, to->kind);
	strbuf_release(&sb);
}

static void plan_comment(PlanCtx *ctx, const Change *ch)
{
	StrBuf sb = STRBUF_INIT;
	Op *op = op_new(ctx, PHASE_EXPAND, '~', ch, (int) ch->kind * RANK_KIND + STEP_COMMENT);
	op_summary(ctx, op, "%s comment on %s %s", ch->to->comment ? "set" : "remove",
		   obj_kind_name(ch->kind), display_name(ctx, ch->to));
	ddl_comment(&sb, ch->to, ch->to->comment);
	op_sql(ctx, op, &sb);
	op_need(ctx, op, ch->to->key);
	strbuf_release(&sb);
}

/* A dependent that goes away in this plan was already dropped by the
 * change it blocked: its own drop has nothing left to do. */
static void settle_early_drops(PlanCtx *ctx)
{
	VEC_EACH(Op *, op, &ctx->plan->ops) {
		if (!op->change || op->change->type != CHG_DROP || !dependent_recreated(ctx, op->change->from))
			continue;
		op->sql.len = 0;
		op->hazards = 0;
		op->note = "dropped earlier, with the change it depended on";
	}
}

void helper_used(PlanCtx *ctx, const char *schema, const char *table, const char *name)
{
	const char *key = arena_printf(ctx->plan->arena, "%s\x1f%s\x1f%s", schema ? schema : "",
				       table ? table : "", name);
	hashmap_put(&ctx->helpers_used, key, (void *) key);
}

const Change *sibling_change(PlanCtx *ctx, const Change *ch, ChangeType type)
{
	const Column *col = ch->to_col ? ch->to_col : ch->from_col;
	VEC_EACH(const Change *, other, &ctx->diff->changes)
		if (other->type == type && other->to == ch->to &&
		    (other->to_col ? other->to_col : other->from_col) == col)
			return other;
	return NULL;
}

void plan_count_ops(Plan *p)
{
	VEC_EACH(const Op *, op, &p->ops) {
		if (op->held)
			p->n_held++;
		else if (op->action == '+')
			p->n_add++;
		else if (op->action == '-')
			p->n_drop++;
		else
			p->n_change++;
	}
}

/* What both sides left alone (runner history tables, --ignore; see
 * model/ignore.h) heads the warnings, so a reviewer sees it was recognised. */
static void note_ignored(Plan *p, const Catalog *live, const Catalog *desired)
{
	const Catalog *sides[] = {live, desired};
	for (size_t s = 0; s < 2; s++) {
		if (!sides[s])
			continue;
		VEC_EACH(const char *, note, &sides[s]->ignored) {
			bool seen = false;
			VEC_EACH(const char *, w, &p->warnings)
				seen = seen || strcmp(w, note) == 0;
			if (!seen)
				vec_push(p->arena, &p->warnings, arena_strdup(p->arena, note));
		}
	}
}

int plan_build(Plan **out, const Diff *diff, const Catalog *live, const Catalog *desired,
	       const PlanOptions *opts, PgsError *err)
{
	(void) err;
	static const PlanOptions defaults = {0};
	Plan *p = xcalloc(1, sizeof(Plan));
	p->arena = arena_new();
	if (!opts || !opts->no_fingerprint)
		p->fingerprint = arena_strdup(p->arena, catalog_fingerprint(live));
	p->lock_timeout_ms = opts && opts->lock_timeout_ms ? opts->lock_timeout_ms : DEFAULT_LOCK_TIMEOUT_MS;
	p->statement_timeout_ms = opts ? opts->statement_timeout_ms : 0;
	PlanCtx ctx = {.plan = p, .diff = diff, .live = live, .desired = desired, .opts = opts ? opts : &defaults};
	note_ignored(p, live, desired);
	index_owned_sequences(&ctx);
	VEC_EACH(const Change *, ch, &diff->changes) {
		switch (ch->type) {
		case CHG_CREATE:
			plan_create(&ctx, ch);
			break;
		case CHG_DROP:
			plan_drop(&ctx, ch);
			break;
		case CHG_REPLACE:
			plan_replace(&ctx, ch);
			break;
		case CHG_RENAME:
			plan_rename(&ctx, ch);
			break;
		case CHG_COMMENT:
			plan_comment(&ctx, ch);
			break;
		case CHG_GRANTS: plan_grants(&ctx, ch); break; /* plan_grants.c */
		case CHG_DEFAULT_PRIVILEGES: plan_default_privileges(&ctx, ch); break;
		case CHG_ENUM_ADD_VALUE:
		case CHG_ENUM_REBUILD:
		case CHG_SEQUENCE_OPTIONS:
		case CHG_SEQUENCE_OWNER:
			plan_type_change(&ctx, ch);
			break;
		default:
			plan_table_change(&ctx, ch);
			break;
		}
	}
	plan_column_order(&ctx); /* plan_reorder.c: needs every other op of the table */
	plan_dependents(&ctx);
	plan_grants_recreated(&ctx); /* plan_grants.c */
	settle_early_drops(&ctx);
	plan_cleanup_helpers(&ctx);
	hashmap_release(&ctx.recreated);
	hashmap_release(&ctx.owned_seqs);
	hashmap_release(&ctx.helpers_used);
	plan_order(p);
	plan_take_locks_politely(p, live); /* exec.c: after ordering, which reads no SQL */
	plan_count_ops(p);
	*out = p;
	return 0;
}

void plan_free(Plan *plan)
{
	if (!plan)
		return;
	arena_free(plan->arena);
	free(plan);
}

size_t plan_runnable_count(const Plan *plan)
{
	size_t n = 0;
	VEC_EACH(const Op *, op, &plan->ops)
		if (!op->held && op->sql.len)
			n++;
	return n;
}
