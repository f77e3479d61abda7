/*
 * diff_grants.c - privileges: one CHG_GRANTS change per object whose
 * grants in effect differ (its columns' included), and one
 * CHG_DEFAULT_PRIVILEGES per pg_default_acl row that differs, only with
 * DiffOptions.privileges.
 *
 * Both sides are compared in effect (grant_effective): an object never
 * granted nor revoked on has its kind's default privileges.  An object the
 * plan creates, or drops and creates, starts from what PostgreSQL will give
 * it then: the live default privileges of the running role, else the
 * kind's defaults (the change's `from` is then NULL).  Grants to the live
 * object's owner are left out on both sides: the owner's privileges are
 * not managed.
 *
 * Default privileges: a desired row without FOR ROLE belongs to the role
 * running pgstage, which the live side names (Catalog.current_role); the
 * row is compared with the live row of that role, as are the "" grantees
 * (CURRENT_USER) of the file.
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

/* "SELECT" or "SELECT (a)" */
static void put_priv(StrBuf *sb, const Grant *g)
{
	strbuf_puts(sb, g->privilege);
	if (g->column)
		strbuf_printf(sb, " (%s)", g->column);
}

/* "+SELECT to app, +UPDATE (a) to app, -UPDATE from PUBLIC": one human
 * line. */
static const char *grants_detail(Diff *d, const PtrVec *have, const PtrVec *want)
{
	StrBuf sb = STRBUF_INIT;
	VEC_EACH(const Grant *, g, want) {
		const Grant *h = grant_find(have, g->grantee, g->column, g->privilege);
		if (h && h->with_grant_option == g->with_grant_option)
			continue;
		if (h && h->with_grant_option) {
			strbuf_puts(&sb, sb.len ? ", -grant option for " : "-grant option for ");
			put_priv(&sb, g);
			strbuf_printf(&sb, " from %s", g->grantee[0] ? g->grantee : "CURRENT_USER");
			continue;
		}
		strbuf_puts(&sb, sb.len ? ", +" : "+");
		put_priv(&sb, g);
		strbuf_printf(&sb, " to %s%s", g->grantee[0] ? g->grantee : "CURRENT_USER",
			      g->with_grant_option ? " with grant option" : "");
	}
	VEC_EACH(const Grant *, h, have)
		if (!grant_find(want, h->grantee, h->column, h->privilege)) {
			strbuf_puts(&sb, sb.len ? ", -" : "-");
			put_priv(&sb, h);
			strbuf_printf(&sb, " from %s", h->grantee[0] ? h->grantee : "CURRENT_USER");
		}
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
		if (strcmp(x->grantee, y->grantee) || !str_equal(x->column, y->column) ||
		    strcmp(x->privilege, y->privilege) || x->with_grant_option != y->with_grant_option)
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
		if (from) {
			grant_effective(d->arena, from, &have);
			grant_live_columns(d->arena, to, &have);
		} else {
			default_acl_created(d->arena, live, to, &have);
		}
		grant_effective(d->arena, to, &want);
		if (from)
			grant_drop_grantee(&want, from->owner);
		if (grants_equal(&have, &want))
			continue;
		Change *ch = diff_add(d, CHG_GRANTS, from, to);
		ch->detail = grants_detail(d, &have, &want);
	}
}

/* `want` with the running role named `me` where the file left it out. */
static const DefaultAcl *resolve_role(Diff *d, const DefaultAcl *want, const char *me)
{
	if (!me)
		return want;
	DefaultAcl *r = default_acl_new(d->arena, want->role ? want->role : me, want->role_named,
					want->obj.schema, want->objtype);
	r->obj.loc = want->obj.loc;
	VEC_EACH(const Grant *, g, &want->grants)
		grant_put(d->arena, &r->grants, g->grantee[0] ? g->grantee : me, NULL, g->privilege,
			  g->with_grant_option);
	return r;
}

static void diff_default_acls(Diff *d, const Catalog *live, const Catalog *desired)
{
	/* the file's rows with the running role named; a row without FOR ROLE
	 * and one FOR ROLE that same role are one row of pg_default_acl */
	HashMap by_key = {0};
	PtrVec wanted = {0};
	VEC_EACH(const DefaultAcl *, w, &desired->default_acls) {
		const DefaultAcl *r = resolve_role(d, w, live->current_role);
		DefaultAcl *same = hashmap_get(&by_key, r->obj.key);
		if (!same) {
			hashmap_put(&by_key, r->obj.key, (void *) r);
			vec_push(d->arena, &wanted, (void *) r);
			continue;
		}
		VEC_EACH(const Grant *, g, &r->grants)
			grant_put(d->arena, &same->grants, g->grantee, NULL, g->privilege,
				  g->with_grant_option);
		same->role_named = same->role_named || r->role_named;
	}
	hashmap_release(&by_key);
	HashMap seen = {0};
	VEC_EACH(const DefaultAcl *, want, &wanted) {
		const char *self = want->role ? want->role : "";
		const DefaultAcl *have = default_acl_find(&live->default_acls, want->role,
							  want->obj.schema, want->objtype);
		if (have)
			hashmap_put(&seen, have->obj.key, (void *) have);
		PtrVec base = {0};
		default_acl_base(d->arena, want, self, &base);
		const PtrVec *from = have ? &have->grants : &base;
		if (grants_equal(from, &want->grants))
			continue; /* (also a row that, its role named, is the built-in defaults) */
		Change *ch = diff_add(d, CHG_DEFAULT_PRIVILEGES, have ? &have->obj : NULL, &want->obj);
		ch->detail = grants_detail(d, from, &want->grants);
	}
	VEC_EACH(const DefaultAcl *, have, &live->default_acls) {
		if (hashmap_get(&seen, have->obj.key))
			continue;
		if (have->obj.schema && !catalog_find(desired, OBJ_SCHEMA, NULL, NULL, have->obj.schema, NULL))
			continue; /* dropping the schema drops its rows */
		PtrVec base = {0};
		default_acl_base(d->arena, have, have->role, &base);
		Change *ch = diff_add(d, CHG_DEFAULT_PRIVILEGES, &have->obj, NULL);
		ch->detail = grants_detail(d, &have->grants, &base);
	}
	hashmap_release(&seen);
}

Diff *diff_catalogs_opts(const Catalog *live, const Catalog *desired, const DiffOptions *opts)
{
	Diff *d = diff_catalogs(live, desired);
	if (opts && opts->privileges) {
		d->privileges = true;
		diff_grants(d, live, desired);
		diff_default_acls(d, live, desired);
	}
	return d;
}
