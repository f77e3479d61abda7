/*
 * diff_grants.c - privileges: one CHG_GRANTS change per object whose
 * grants in effect differ, only with DiffOptions.privileges.
 *
 * Both sides are compared in effect (grant_effective): an object never
 * granted nor revoked on has its kind's default privileges.  An object the
 * plan creates, or drops and creates, starts from those defaults whatever
 * the live one had (the change's `from` is then NULL).  Grants to the live
 * object's owner are left out on both sides: the owner's privileges are
 * not managed.
 *
 * Memory ownership: changes, grant lists and detail strings live in the
 * Diff's arena.
 */
#include "diff/diff_internal.h"
#include "parse/grant.h"

#include <string.h>

/* A function whose result (and kind) stay is replaced in place by CREATE OR
 * REPLACE, which keeps its privileges (the planner's rule, plan.c). */
static bool replaced_in_place(const Change *ch)
{
	if (ch->to->kind != OBJ_FUNCTION || !ch->from || ch->from->kind != OBJ_FUNCTION)
		return false;
	const Function *a = (const Function *) ch->from, *b = (const Function *) ch->to;
	return str_equal(a->returns, b->returns) && a->is_procedure == b->is_procedure;
}

/* Changes of the base diff that (re)create `to`. */
static bool recreated(const Diff *d, size_t n_base, const Object *to)
{
	for (size_t i = 0; i < n_base; i++) {
		const Change *ch = d->changes.items[i];
		if (ch->to == to && (ch->type == CHG_CREATE ||
				     (ch->type == CHG_REPLACE && !replaced_in_place(ch))))
			return true;
	}
	return false;
}

/* "+SELECT to app, -UPDATE from PUBLIC": one human line. */
static const char *grants_detail(Diff *d, const PtrVec *have, const PtrVec *want)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Grant *, g, want) {
		const Grant *h = grant_find(have, g->grantee, g->privilege);
		if (h && h->with_grant_option == g->with_grant_option)
			continue;
		strbuf_printf(&sb, "%s+%s to %s%s", sb.len ? ", " : "", g->privilege, g->grantee,
			      g->with_grant_option ? " with grant option" : "");
	}
	VEC_EACH(const Grant *, h, have)
		if (!grant_find(want, h->grantee, h->privilege))
			strbuf_printf(&sb, "%s-%s from %s", sb.len ? ", " : "", h->privilege, h->grantee);
	const char *r = arena_strdup(d->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}

static bool grants_equal(const PtrVec *a, const PtrVec *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		const Grant *x = a->items[i], *y = b->items[i];
		if (strcmp(x->grantee, y->grantee) || strcmp(x->privilege, y->privilege) ||
		    x->with_grant_option != y->with_grant_option)
			return false;
	}
	return true;
}

/* The live object `to` corresponds to (same key, or renamed from). */
static const Object *live_of(const Diff *d, const Catalog *live, size_t n_base, const Object *to)
{
	for (size_t i = 0; i < n_base; i++) {
		const Change *ch = d->changes.items[i];
		if (ch->to == to && ch->type == CHG_RENAME)
			return ch->from;
	}
	const Object *from = catalog_find_key(live, to->key);
	return from && from->kind == to->kind ? from : NULL;
}

static void diff_grants(Diff *d, const Catalog *live, const Catalog *desired)
{
	size_t n_base = d->changes.len;
	VEC_EACH(const Object *, to, &desired->objects) {
		if (!grant_kind_supported(to->kind))
			continue;
		const Object *from = recreated(d, n_base, to) ? NULL : live_of(d, live, n_base, to);
		PtrVec have = {0}, want = {0};
		if (from)
			grant_effective(d->arena, from, &have);
		else
			grant_defaults(d->arena, to, &have);
		grant_effective(d->arena, to, &want);
		if (from)
			grant_drop_grantee(&want, from->owner);
		if (grants_equal(&have, &want))
			continue;
		Change *ch = diff_add(d, CHG_GRANTS, from, to);
		ch->detail = grants_detail(d, &have, &want);
	}
}

Diff *diff_catalogs_opts(const Catalog *live, const Catalog *desired, const DiffOptions *opts)
{
	Diff *d = diff_catalogs(live, desired);
	if (opts && opts->privileges) {
		d->privileges = true;
		diff_grants(d, live, desired);
	}
	return d;
}
