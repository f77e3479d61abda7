/*
 * build_grant.c - GRANT / REVOKE statements -> Object.grants, and the
 * canonical grant list shared with the diff and the planner (grant.h).
 *
 * A statement that names an object not defined in the schema files, or
 * that the model cannot express (column privileges, CURRENT_USER, ALTER
 * DEFAULT PRIVILEGES targets), does not fail the parse: it is recorded in
 * Catalog.grant_issues with its file:line:col and becomes an error only
 * when privileges are compared (--privileges).  Without that option GRANT
 * and REVOKE stay accepted and ignored, as they always were.
 *
 * Memory ownership: grants, names and issues live in the catalog's arena
 * (or the arena passed to the grant_* helpers); nothing is freed here.
 */
#include "parse/grant.h"
#include "parse/parse_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

static const char *const rel_privs[] = {"SELECT", "INSERT", "UPDATE", "DELETE",
					"TRUNCATE", "REFERENCES", "TRIGGER", NULL};
static const char *const seq_privs[] = {"USAGE", "SELECT", "UPDATE", NULL};
static const char *const func_privs[] = {"EXECUTE", NULL};
static const char *const schema_privs[] = {"USAGE", "CREATE", NULL};
static const char *const type_privs[] = {"USAGE", NULL};

/* What ALL PRIVILEGES means for `kind` (PostgreSQL 15), NULL: none. */
static const char *const *kind_privileges(ObjKind kind)
{
	switch (kind) {
	case OBJ_TABLE:
	case OBJ_VIEW:
	case OBJ_MATVIEW:
		return rel_privs;
	case OBJ_SEQUENCE:
		return seq_privs;
	case OBJ_FUNCTION:
		return func_privs;
	case OBJ_SCHEMA:
		return schema_privs;
	case OBJ_ENUM:
	case OBJ_DOMAIN:
	case OBJ_COMPOSITE:
		return type_privs;
	default:
		return NULL;
	}
}

bool grant_kind_supported(ObjKind kind)
{
	return kind_privileges(kind) != NULL;
}

static int grant_cmp(const char *grantee, const char *privilege, const Grant *g)
{
	int c = strcmp(grantee, g->grantee);
	return c ? c : strcmp(privilege, g->privilege);
}

const Grant *grant_find(const PtrVec *grants, const char *grantee, const char *privilege)
{
	VEC_EACH(const Grant *, g, grants)
		if (grant_cmp(grantee, privilege, g) == 0)
			return g;
	return NULL;
}

void grant_put(Arena *arena, PtrVec *grants, const char *grantee, const char *privilege,
	       bool with_grant_option)
{
	size_t i = 0;
	for (; i < grants->len; i++) {
		Grant *g = grants->items[i];
		int c = grant_cmp(grantee, privilege, g);
		if (c == 0) {
			g->with_grant_option |= with_grant_option;
			return;
		}
		if (c < 0)
			break;
	}
	Grant *g = ARENA_NEW(arena, Grant);
	g->grantee = arena_strdup(arena, grantee);
	g->privilege = arena_strdup(arena, privilege);
	g->with_grant_option = with_grant_option;
	vec_push(arena, grants, NULL);
	memmove(&grants->items[i + 1], &grants->items[i], (grants->len - 1 - i) * sizeof(void *));
	grants->items[i] = g;
}

void grant_remove(PtrVec *grants, const char *grantee, const char *privilege, bool option_only)
{
	for (size_t i = 0; i < grants->len; i++) {
		Grant *g = grants->items[i];
		if (grant_cmp(grantee, privilege, g) != 0)
			continue;
		if (option_only) {
			g->with_grant_option = false;
			return;
		}
		memmove(&grants->items[i], &grants->items[i + 1], (grants->len - 1 - i) * sizeof(void *));
		grants->len--;
		return;
	}
}

void grant_drop_grantee(PtrVec *grants, const char *grantee)
{
	size_t n = 0;
	for (size_t i = 0; i < grants->len; i++) {
		Grant *g = grants->items[i];
		if (!grantee || strcmp(g->grantee, grantee) != 0)
			grants->items[n++] = g;
	}
	grants->len = n;
}

void grant_defaults(Arena *arena, const Object *obj, PtrVec *out)
{
	switch (obj->kind) {
	case OBJ_FUNCTION:
		grant_put(arena, out, "PUBLIC", "EXECUTE", false);
		break;
	case OBJ_ENUM:
	case OBJ_DOMAIN:
	case OBJ_COMPOSITE:
		grant_put(arena, out, "PUBLIC", "USAGE", false);
		break;
	case OBJ_SCHEMA:
		/* initdb's acl of schema public (PostgreSQL 15) */
		if (strcmp(obj->name, "public") == 0)
			grant_put(arena, out, "PUBLIC", "USAGE", false);
		break;
	default:
		break;
	}
}

void grant_effective(Arena *arena, const Object *obj, PtrVec *out)
{
	if (!obj->grants_set) {
		grant_defaults(arena, obj, out);
		return;
	}
	VEC_EACH(const Grant *, g, &obj->grants)
		grant_put(arena, out, g->grantee, g->privilege, g->with_grant_option);
}

int grant_check_issues(const Catalog *desired, PgsError *err)
{
	if (!desired->grant_issues.len)
		return 0;
	const GrantIssue *is = desired->grant_issues.items[0];
	return pgs_error_at(err, PGSTAGE_EINPUT, is->loc.file, is->loc.line, is->loc.col, "%s",
			    is->message);
}

/* Records a problem of the current statement; the parse goes on. */
static int issue(ParseCtx *ctx, int offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int issue(ParseCtx *ctx, int offset, const char *fmt, ...)
{
	Arena *a = ctx->cat->arena;
	GrantIssue *is = ARENA_NEW(a, GrantIssue);
	is->loc = srctext_loc(ctx, offset);
	va_list ap;
	va_start(ap, fmt);
	is->message = arena_vprintf(a, fmt, ap);
	va_end(ap);
	vec_push(a, &ctx->cat->grant_issues, is);
	return 0;
}

/* Privilege keywords arrive lower-case from the grammar: "SELECT". */
static const char *upper_priv(char *buf, size_t size, const char *src)
{
	size_t j = 0;
	for (; src[j] && j < size - 1; j++)
		buf[j] = (char) toupper((unsigned char) src[j]);
	buf[j] = '\0';
	return buf;
}

/* qualified_name() failed: keep its message as an issue, not an error. */
static int name_issue(ParseCtx *ctx, int loc)
{
	const char *msg = arena_strdup(ctx->cat->arena, ctx->err->message);
	pgs_error_clear(ctx->err);
	return issue(ctx, loc, "%s", msg);
}

/* Applies the statement's privileges and grantees to one object. */
static int apply_to(ParseCtx *ctx, const PgQuery__GrantStmt *s, Object *o, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *const *all = kind_privileges(o->kind);
	if (!all)
		return issue(ctx, loc, "privileges on %s are not supported", obj_kind_name(o->kind));
	/* check everything before changing anything */
	for (size_t i = 0; i < s->n_privileges; i++) {
		const PgQuery__AccessPriv *p = s->privileges[i]->access_priv;
		if (p->n_cols)
			return issue(ctx, loc, "column privileges are not supported");
		bool ok = false;
		for (size_t k = 0; all[k] && !ok; k++)
			ok = strcasecmp(p->priv_name, all[k]) == 0;
		char up[32];
		if (!ok)
			return issue(ctx, loc, "invalid privilege type %s for %s",
				     upper_priv(up, sizeof up, p->priv_name), obj_kind_name(o->kind));
	}
	for (size_t i = 0; i < s->n_grantees; i++) {
		const PgQuery__RoleSpec *r = s->grantees[i]->role_spec;
		if (r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING &&
		    r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC)
			return issue(ctx, loc, "only role names and PUBLIC can be grantees");
	}
	if (!o->grants_set) {
		grant_defaults(a, o, &o->grants);
		o->grants_set = true;
	}
	for (size_t i = 0; i < s->n_grantees; i++) {
		const PgQuery__RoleSpec *r = s->grantees[i]->role_spec;
		const char *who = r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC ? "PUBLIC"
											   : r->rolename;
		size_t n = s->n_privileges;
		for (size_t k = 0; n ? k < n : all[k] != NULL; k++) {
			char priv[32];
			upper_priv(priv, sizeof priv, n ? s->privileges[k]->access_priv->priv_name : all[k]);
			if (s->is_grant)
				grant_put(a, &o->grants, who, priv, s->grant_option);
			else
				grant_remove(&o->grants, who, priv, s->grant_option);
		}
	}
	return 0;
}

static const ObjKind rel_kinds[] = {OBJ_TABLE, OBJ_VIEW, OBJ_MATVIEW, OBJ_SEQUENCE};
static const ObjKind type_kinds[] = {OBJ_ENUM, OBJ_DOMAIN, OBJ_COMPOSITE};

static Object *find_in(ParseCtx *ctx, const ObjKind *kinds, size_t n, const char *schema,
		       const char *name)
{
	for (size_t i = 0; i < n; i++) {
		Object *o = catalog_find(ctx->cat, kinds[i], schema, NULL, name, NULL);
		if (o)
			return o;
	}
	return NULL;
}

/* By signature, or the only function of that name when none is given. */
static Object *find_function(ParseCtx *ctx, const PgQuery__ObjectWithArgs *ow, const char *schema,
			     const char *name, bool *ambiguous)
{
	*ambiguous = false;
	if (!ow->args_unspecified) {
		const char *sig = function_signature(ctx, ow->objargs, ow->n_objargs, false);
		return sig ? catalog_find(ctx->cat, OBJ_FUNCTION, schema, NULL, name, sig) : NULL;
	}
	Object *o = NULL;
	int hits = 0;
	VEC_EACH(Object *, f, &ctx->cat->objects)
		if (f->kind == OBJ_FUNCTION && strcmp(f->schema, schema) == 0 &&
		    strcmp(f->name, name) == 0)
			o = f, hits++;
	*ambiguous = hits > 1;
	return hits == 1 ? o : NULL;
}

/* One named object of the statement. */
static int grant_object(ParseCtx *ctx, const PgQuery__GrantStmt *s, const Node *n, int loc)
{
	const char *schema = NULL, *name = NULL;
	Object *o = NULL;
	switch (s->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
			break;
		rangevar_name(ctx, n->range_var, &schema, &name);
		if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
			o = catalog_find(ctx->cat, OBJ_SEQUENCE, schema, NULL, name, NULL);
		else
			o = find_in(ctx, rel_kinds, sizeof rel_kinds / sizeof rel_kinds[0], schema, name);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		name = node_str(n);
		if (name)
			o = catalog_find(ctx->cat, OBJ_SCHEMA, NULL, NULL, name, NULL);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		if (n->node_case != PG_QUERY__NODE__NODE_LIST)
			break;
		if (qualified_name(ctx, n->list->items, n->list->n_items, &schema, &name, loc))
			return name_issue(ctx, loc);
		if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
			o = catalog_find(ctx->cat, OBJ_DOMAIN, schema, NULL, name, NULL);
		else
			o = find_in(ctx, type_kinds, sizeof type_kinds / sizeof type_kinds[0], schema,
				    name);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: {
		if (n->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			break;
		const PgQuery__ObjectWithArgs *ow = n->object_with_args;
		if (qualified_name(ctx, ow->objname, ow->n_objname, &schema, &name, loc))
			return name_issue(ctx, loc);
		bool ambiguous;
		o = find_function(ctx, ow, schema, name, &ambiguous);
		if (ambiguous)
			return issue(ctx, loc, "function name \"%s\" is not unique", name);
		break;
	}
	default:
		return issue(ctx, loc, "privileges on this kind of object are not supported");
	}
	if (!o)
		return issue(ctx, loc, "%s on an object not defined in the schema: %s%s%s",
			     s->is_grant ? "grant" : "revoke", schema ? schema : "", schema ? "." : "",
			     name ? name : "?");
	return apply_to(ctx, s, o, loc);
}

/* GRANT ... ON ALL TABLES|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES IN SCHEMA s:
 * the objects of the files so far, as PostgreSQL would see them then. */
static int grant_all_in_schema(ParseCtx *ctx, const PgQuery__GrantStmt *s, const Node *n, int loc)
{
	const char *schema = node_str(n);
	if (!schema || !catalog_find(ctx->cat, OBJ_SCHEMA, NULL, NULL, schema, NULL))
		return issue(ctx, loc, "schema \"%s\" is not defined in the schema",
			     schema ? schema : "?");
	VEC_EACH(Object *, o, &ctx->cat->objects) {
		if (!o->schema || strcmp(o->schema, schema) != 0)
			continue;
		bool hit = false;
		switch (s->objtype) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
			hit = o->kind == OBJ_TABLE || o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
			hit = o->kind == OBJ_SEQUENCE;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
			hit = o->kind == OBJ_FUNCTION && !((Function *) o)->is_procedure;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
			hit = o->kind == OBJ_FUNCTION && ((Function *) o)->is_procedure;
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
			hit = o->kind == OBJ_FUNCTION;
			break;
		default:
			return issue(ctx, loc, "privileges on this kind of object are not supported");
		}
		if (hit) {
			int rc = apply_to(ctx, s, o, loc);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int build_grant(ParseCtx *ctx, const PgQuery__GrantStmt *s, int loc)
{
	if (s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS)
		return issue(ctx, loc, "ALTER DEFAULT PRIVILEGES is not supported");
	size_t before = ctx->cat->grant_issues.len;
	for (size_t i = 0; i < s->n_objects && ctx->cat->grant_issues.len == before; i++) {
		int rc = s->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA
				 ? grant_all_in_schema(ctx, s, s->objects[i], loc)
				 : grant_object(ctx, s, s->objects[i], loc);
		if (rc)
			return rc;
	}
	return 0;
}
