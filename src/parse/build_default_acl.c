/*
 * build_default_acl.c - ALTER DEFAULT PRIVILEGES -> Catalog.default_acls,
 * and the default privileges the file's later objects get from them.
 *
 * The rows are kept as PostgreSQL would store them after the file ran
 * (default_acl.c).  Without FOR ROLE (or with FOR ROLE CURRENT_USER) a row
 * belongs to the role that runs pgstage: its role is NULL and, in its acl,
 * that role's own entries are named "" (the diff names them once the
 * live side says who runs it).  Objects the file creates are created by
 * that role, so they get those rows' privileges, as in a database loaded
 * from the file.
 *
 * Wrong statements (IN SCHEMA with SCHEMAS, a schema the files do not
 * define, a privilege the object type does not have, a column list) fail
 * the parse at their file:line:col, with or without --privileges.
 *
 * Memory ownership: rows, grants and names live in the catalog's arena.
 */
#include "parse/parse_int.h" /* before grant.h: its builder prototypes */
#include "parse/grant.h"

#include <string.h>
#include <strings.h>

static char statement_objtype(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		return 'r';
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return 'S';
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return 'f';
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		return 'T';
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		return 'n';
	default:
		return '\0';
	}
}

/* A role of the statement: its name, "" for CURRENT_USER/CURRENT_ROLE
 * (the running role), "PUBLIC"; NULL when the model cannot say. */
static const char *role_name(const PgQuery__RoleSpec *r)
{
	switch (r->roletype) {
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
		return r->rolename;
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
		return "PUBLIC";
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
	case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
		return "";
	default:
		return NULL;
	}
}

/* The list argument of option `name` (IN SCHEMA: "schemas", FOR ROLE:
 * "roles"), NULL when absent. */
static const PgQuery__List *option_list(const PgQuery__AlterDefaultPrivilegesStmt *s, const char *name)
{
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		if (d && strcmp(d->defname, name) == 0 && d->arg &&
		    d->arg->node_case == PG_QUERY__NODE__NODE_LIST)
			return d->arg->list;
	}
	return NULL;
}

static bool valid_priv(char objtype, const char *priv)
{
	for (const char *const *p = default_acl_privileges(objtype); *p; p++)
		if (strcasecmp(*p, priv) == 0)
			return true;
	return false;
}

/* Checks the whole statement before anything changes. */
static int check(ParseCtx *ctx, const PgQuery__AlterDefaultPrivilegesStmt *s, char objtype,
		 const PgQuery__List *schemas, const PgQuery__List *roles, int loc)
{
	const PgQuery__GrantStmt *g = s->action;
	if (schemas && objtype == 'n')
		return parse_error(ctx, loc, "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS");
	for (size_t i = 0; schemas && i < schemas->n_items; i++) {
		const char *name = node_str(schemas->items[i]);
		if (!name || !catalog_find(ctx->cat, OBJ_SCHEMA, NULL, NULL, name, NULL))
			return parse_error(ctx, loc, "schema \"%s\" is not defined in the schema",
					   name ? name : "?");
	}
	for (size_t i = 0; i < g->n_privileges; i++) {
		const PgQuery__AccessPriv *p = g->privileges[i]->access_priv;
		char up[32];
		if (p->n_cols)
			return parse_error(ctx, loc, "default privileges cannot be set for columns");
		if (p->priv_name && *p->priv_name && !valid_priv(objtype, p->priv_name))
			return parse_error(ctx, loc, "invalid privilege type %s for %s",
					   grant_priv_upper(up, sizeof up, p->priv_name),
					   default_acl_objtype_sql(objtype));
	}
	for (size_t i = 0; roles && i < roles->n_items; i++) {
		const char *r = role_name(roles->items[i]->role_spec);
		if (r && strcmp(r, "PUBLIC") == 0)
			return parse_error(ctx, loc, "role \"public\" does not exist");
		if (!r)
			return grant_issue(ctx, loc, "FOR ROLE takes role names or CURRENT_USER");
	}
	for (size_t i = 0; i < g->n_grantees; i++) {
		const char *who = role_name(g->grantees[i]->role_spec);
		if (who && g->is_grant && g->grant_option && strcmp(who, "PUBLIC") == 0)
			return parse_error(ctx, loc, "grant options can only be granted to roles");
		if (!who)
			return grant_issue(ctx, loc, "only role names, CURRENT_USER and PUBLIC can be "
						     "grantees of default privileges");
	}
	return 0;
}

/* The statement on the row of (role, schema). */
static void apply_row(ParseCtx *ctx, const PgQuery__GrantStmt *g, const char *role,
		      const char *schema, char objtype, int loc)
{
	Arena *a = ctx->cat->arena;
	PtrVec *rows = &ctx->cat->default_acls;
	const char *self = role ? role : "";
	DefaultAcl *d = default_acl_find(rows, role, schema, objtype);
	if (!d) {
		d = default_acl_new(a, role, role != NULL, schema, objtype);
		default_acl_base(a, d, self, &d->grants);
		vec_push(a, rows, d);
	}
	d->obj.loc = srctext_loc(ctx, loc);
	const char *const *all = default_acl_privileges(objtype);
	for (size_t i = 0; i < g->n_grantees; i++) {
		const char *who = role_name(g->grantees[i]->role_spec);
		for (size_t k = 0; g->n_privileges ? k < g->n_privileges : all[k] != NULL; k++) {
			const PgQuery__AccessPriv *p = g->n_privileges ? g->privileges[k]->access_priv : NULL;
			char priv[32];
			grant_priv_upper(priv, sizeof priv, p ? p->priv_name : all[k]);
			if (g->is_grant)
				grant_put(a, &d->grants, who, NULL, priv, g->grant_option);
			else
				grant_remove(&d->grants, who, NULL, priv, g->grant_option);
		}
	}
	/* PostgreSQL deletes a row that says nothing beyond what it replaces */
	if (default_acl_is_base(a, d, self)) {
		size_t n = 0;
		for (size_t i = 0; i < rows->len; i++)
			if (rows->items[i] != d)
				rows->items[n++] = rows->items[i];
		rows->len = n;
	}
}

int build_default_privileges(ParseCtx *ctx, const PgQuery__AlterDefaultPrivilegesStmt *s, int loc)
{
	const PgQuery__GrantStmt *g = s->action;
	char objtype = g ? statement_objtype(g->objtype) : '\0';
	if (!objtype)
		return grant_issue(ctx, loc, "default privileges on this kind of object are not supported");
	const PgQuery__List *schemas = option_list(s, "schemas"), *roles = option_list(s, "roles");
	size_t before = ctx->cat->grant_issues.len;
	int rc = check(ctx, s, objtype, schemas, roles, loc);
	if (rc || ctx->cat->grant_issues.len != before)
		return rc;
	size_t n_roles = roles ? roles->n_items : 1, n_schemas = schemas ? schemas->n_items : 1;
	for (size_t r = 0; r < n_roles; r++) {
		const char *role = roles ? role_name(roles->items[r]->role_spec) : NULL;
		if (role && !*role)
			role = NULL; /* FOR ROLE CURRENT_USER: the running role */
		for (size_t i = 0; i < n_schemas; i++)
			apply_row(ctx, g, role, schemas ? node_str(schemas->items[i]) : NULL, objtype, loc);
	}
	return 0;
}

void grant_new_objects(ParseCtx *ctx, size_t first)
{
	Catalog *cat = ctx->cat;
	if (!cat->default_acls.len)
		return;
	for (size_t i = first; i < cat->objects.len; i++) {
		Object *o = cat->objects.items[i];
		PtrVec acl = {0};
		if (o->grants_set || !default_acl_for_new(cat->arena, &cat->default_acls, NULL, "", o, &acl))
			continue;
		o->grants = acl;
		o->grants_set = true;
	}
}
