/*
 * plan_grants.c - CHG_GRANTS -> GRANT ops (expand) and REVOKE ops
 * (contract); CHG_DEFAULT_PRIVILEGES -> ALTER DEFAULT PRIVILEGES ops, last
 * of the contract phase; column grants given back where the plan drops and
 * recreates a column.
 *
 * A revoke can break an application that relies on the privilege, so it
 * waits in contract and is held like a drop until released.  Neither
 * statement rewrites or scans anything: GRANT and REVOKE only update the
 * object's catalog row (a brief ROW EXCLUSIVE on the catalog): no hazard.
 * Privileges are grouped per grantee: GRANT SELECT, INSERT ON TABLE
 * public.t TO app; GRANT SELECT (a, b), UPDATE (b) ON TABLE public.t TO app.
 * A table-level REVOKE takes the privilege from every column too
 * (PostgreSQL's rule), so the REVOKE op gives back the file's column
 * grants of the same grantee and privilege right after it.
 *
 * Default privileges only act on objects created later, so they change
 * after everything the plan creates: those objects get what the diff
 * expected (the live default privileges), and their own GRANT/REVOKE ops
 * make them what the file says.  Adding default privileges is never held;
 * taking some away is held like any revoke.
 *
 * Memory ownership: SQL, summaries and the grant lists built here live in
 * the Plan's arena.
 */
#include "emit/ddl.h"
#include "emit/ddl_grants.h"
#include "parse/grant.h"
#include "plan/plan_internal.h"

#include <string.h>

enum { STEP_GRANT = 95 };

static void add_statements(PlanCtx *ctx, Op *op, const Object *obj, const PtrVec *list,
			   GrantVerb verb)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < list->len;) {
		i = ddl_grant_statement(&sb, obj, list, i, verb);
		op_sql(ctx, op, &sb);
	}
	strbuf_release(&sb);
}

/* "INSERT to app, SELECT (a) to PUBLIC with grant option" */
static void list_text(StrBuf *sb, const PtrVec *list, const char *to, const char *suffix)
{
	VEC_EACH(const Grant *, g, list) {
		strbuf_printf(sb, "%s%s", sb->len ? ", " : "", g->privilege);
		if (g->column)
			strbuf_printf(sb, " (%s)", g->column);
		strbuf_printf(sb, " %s %s%s", to, g->grantee[0] ? g->grantee : "CURRENT_USER",
			      suffix ? suffix : g->with_grant_option ? " with grant option" : "");
	}
}

static Op *grant_op(PlanCtx *ctx, const Change *ch, Phase phase, char action, const char *what,
		    const char *detail)
{
	Op *op = op_new(ctx, phase, action, ch, (int) ch->kind * RANK_KIND + STEP_GRANT);
	op_summary(ctx, op, "%s on %s %s: %s", what, obj_kind_name(ch->kind),
		   display_name(ctx, ch->to), detail);
	op_need(ctx, op, ch->to->key);
	op->lock = "ROW EXCLUSIVE";
	if (phase == PHASE_CONTRACT)
		op->note = "a revoke can break a client that uses the privilege";
	return op;
}

/* After a table-level REVOKE of `revoked` (Grant*): the file's column grants
 * of the same grantee and privilege, which that REVOKE takes too. */
static void column_grants_back(PlanCtx *ctx, Op *op, const PtrVec *revoked, const PtrVec *want)
{
	Arena *a = ctx->plan->arena;
	PtrVec back = {0};
	VEC_EACH(const Grant *, g, want) {
		if (!g->column)
			continue;
		bool hit = false;
		VEC_EACH(const Grant *, r, revoked)
			hit = hit || (!r->column && strcmp(r->grantee, g->grantee) == 0 &&
				      strcmp(r->privilege, g->privilege) == 0);
		if (hit)
			vec_push(a, &back, (void *) g);
	}
	add_statements(ctx, op, op->change->to, &back, GRANT_VERB_GRANT);
}

void plan_grants(PlanCtx *ctx, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	PtrVec have = {0}, want = {0};
	if (ch->from) {
		grant_effective(a, ch->from, &have);
		grant_live_columns(a, ch->to, &have);
	} else {
		default_acl_created(a, ctx->live, ch->to, &have);
	}
	grant_effective(a, ch->to, &want);
	if (ch->from)
		grant_drop_grantee(&want, ch->from->owner);
	PtrVec add = {0}, revoke = {0}, revoke_opt = {0};
	ddl_grants_delta(a, &have, &want, &add, &revoke, &revoke_opt);
	StrBuf text = STRBUF_INIT;
	if (add.len) {
		list_text(&text, &add, "to", NULL);
		Op *op = grant_op(ctx, ch, PHASE_EXPAND, '+', "grant", text.buf);
		add_statements(ctx, op, ch->to, &add, GRANT_VERB_GRANT);
		strbuf_reset(&text);
	}
	if (revoke.len || revoke_opt.len) {
		list_text(&text, &revoke_opt, "from", " (grant option only)");
		list_text(&text, &revoke, "from", "");
		Op *op = grant_op(ctx, ch, PHASE_CONTRACT, '-', "revoke", text.buf);
		add_statements(ctx, op, ch->to, &revoke_opt, GRANT_VERB_REVOKE_OPTION);
		add_statements(ctx, op, ch->to, &revoke, GRANT_VERB_REVOKE);
		PtrVec both = {0};
		VEC_EACH(const Grant *, g, &revoke_opt)
			vec_push(a, &both, (void *) g);
		VEC_EACH(const Grant *, g, &revoke)
			vec_push(a, &both, (void *) g);
		column_grants_back(ctx, op, &both, &want);
	}
	strbuf_release(&text);
}

void plan_default_privileges(PlanCtx *ctx, const Change *ch)
{
	Arena *a = ctx->plan->arena;
	const DefaultAcl *from = (const DefaultAcl *) ch->from, *to = (const DefaultAcl *) ch->to;
	const DefaultAcl *row = to ? to : from;
	PtrVec have = {0}, want = {0};
	if (from)
		have = from->grants;
	else
		default_acl_base(a, row, row->role ? row->role : "", &have);
	if (to)
		want = to->grants;
	else
		default_acl_base(a, row, row->role ? row->role : "", &want);
	PtrVec add = {0}, revoke = {0}, revoke_opt = {0};
	ddl_grants_delta(a, &have, &want, &add, &revoke, &revoke_opt);
	const char *name = object_display_name(a, &row->obj);
	int rank = OBJ_DEFAULT_ACL * RANK_KIND + STEP_GRANT;
	if (add.len) {
		Op *op = op_new(ctx, PHASE_CONTRACT, '+', ch, rank);
		op->held = false; /* contract only to come after every create */
		StrBuf text = STRBUF_INIT;
		list_text(&text, &add, "to", NULL);
		op_summary(ctx, op, "default privileges: %s: grant %s", name, text.buf);
		strbuf_release(&text);
		add_statements(ctx, op, &row->obj, &add, GRANT_VERB_GRANT);
	}
	if (revoke.len || revoke_opt.len) {
		Op *op = op_new(ctx, PHASE_CONTRACT, '-', ch, rank + 1);
		StrBuf text = STRBUF_INIT;
		list_text(&text, &revoke_opt, "from", " (grant option only)");
		list_text(&text, &revoke, "from", "");
		op_summary(ctx, op, "default privileges: %s: revoke %s", name, text.buf);
		strbuf_release(&text);
		op->note = "objects created later no longer get the privilege";
		add_statements(ctx, op, &row->obj, &revoke_opt, GRANT_VERB_REVOKE_OPTION);
		add_statements(ctx, op, &row->obj, &revoke, GRANT_VERB_REVOKE);
	}
}

void plan_column_grants_back(PlanCtx *ctx, Op *op, const Change *ch, const char *column)
{
	if (!ctx->diff->privileges)
		return;
	PtrVec list = {0};
	VEC_EACH(const Grant *, g, &ch->to->grants)
		if (g->column && strcmp(g->column, column) == 0 &&
		    !(ch->from && str_equal(g->grantee, ch->from->owner)))
			vec_push(ctx->plan->arena, &list, (void *) g);
	add_statements(ctx, op, ch->to, &list, GRANT_VERB_GRANT);
}

/* Views, policies and triggers dropped and recreated around a change they
 * depend on (plan_dependents.c) come back with default privileges (the
 * live default privileges, if any, else the kind's): right
 * after the CREATE in the op that recreates them, their grants from the
 * file are given again.  (A CHG_GRANTS op of the same object then changes
 * nothing it did not already give.) */
void plan_grants_recreated(PlanCtx *ctx)
{
	if (!ctx->diff->privileges)
		return;
	Arena *a = ctx->plan->arena;
	StrBuf create = STRBUF_INIT, sb = STRBUF_INIT;
	VEC_EACH(const Object *, want, &ctx->desired->objects) {
		if (!grant_kind_supported(want->kind) || !hashmap_get(&ctx->recreated, want->key))
			continue;
		PtrVec have = {0}, wanted = {0}, add = {0}, revoke = {0}, revoke_opt = {0};
		default_acl_created(a, ctx->live, want, &have);
		grant_effective(a, want, &wanted);
		const Object *live = catalog_find_key(ctx->live, want->key);
		if (live)
			grant_drop_grantee(&wanted, live->owner); /* not managed */
		ddl_grants_delta(a, &have, &wanted, &add, &revoke, &revoke_opt);
		if (!add.len && !revoke.len && !revoke_opt.len)
			continue;
		strbuf_reset(&create);
		ddl_create(&create, want);
		VEC_EACH(Op *, op, &ctx->plan->ops) {
			size_t at = 0;
			for (size_t i = 0; i < op->sql.len && !at; i++)
				if (strcmp(op->sql.items[i], create.buf) == 0)
					at = i + 1;
			if (!at)
				continue;
			PtrVec sql = {0};
			for (size_t i = 0; i < at; i++)
				vec_push(a, &sql, op->sql.items[i]);
			const PtrVec *lists[] = {&revoke_opt, &revoke, &add};
			const GrantVerb verbs[] = {GRANT_VERB_REVOKE_OPTION, GRANT_VERB_REVOKE, GRANT_VERB_GRANT};
			for (size_t l = 0; l < 3; l++)
				for (size_t i = 0; i < lists[l]->len;) {
					i = ddl_grant_statement(&sb, want, lists[l], i, verbs[l]);
					vec_push(a, &sql, arena_strndup(a, sb.buf, sb.len));
					strbuf_reset(&sb);
				}
			for (size_t i = at; i < op->sql.len; i++)
				vec_push(a, &sql, op->sql.items[i]);
			op->sql = sql;
			/* no break: every op that creates it again (a view recreated
			 * around two changes) gives the grants back */
		}
	}
	strbuf_release(&create);
	strbuf_release(&sb);
}

/* A table rebuilt in place (plan_reorder.c) starts from the default
 * privileges: the file's grants are given again in the same op. */
void plan_grants_recreated_table(PlanCtx *ctx, Op *op, const Object *want)
{
	if (!ctx->diff->privileges || !grant_kind_supported(want->kind) || !want->grants_set)
		return;
	Arena *a = ctx->plan->arena;
	PtrVec have = {0}, add = {0}, revoke = {0}, revoke_opt = {0};
	grant_defaults(a, want, &have);
	ddl_grants_delta(a, &have, &want->grants, &add, &revoke, &revoke_opt);
	add_statements(ctx, op, want, &revoke_opt, GRANT_VERB_REVOKE_OPTION);
	add_statements(ctx, op, want, &revoke, GRANT_VERB_REVOKE);
	add_statements(ctx, op, want, &add, GRANT_VERB_GRANT);
}
