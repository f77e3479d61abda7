/*
 * build_grant.c - GRANT / REVOKE statements -> Object.grants, and the
 * canonical grant list shared with the diff and the planner (grant.h).
 *
 * Column privileges are Grants with a column: GRANT SELECT (a, "B") gives
 * one per column, and a table-level REVOKE takes the privilege from the
 * columns too, as in PostgreSQL.
 *
 * A statement PostgreSQL would reject (an object or column the files do
 * not define, a privilege the kind does not have) fails the parse at its
 * file:line:col, with or without --privileges: the file must stay loadable.
 * One the model cannot express (CURRENT_USER as grantee, privileges on
 * kinds pgstage does not manage) is recorded in Catalog.grant_issues and
 * becomes an error only when privileges are compared (--privileges).
 *
 * Memory ownership: grants, names and issues live in the catalog's arena
 * (or the arena passed to the grant_* helpers); nothing is freed here.
 */
#include "parse/parse_int.h" /* before grant.h: its builder prototypes */
#include "parse/grant.h"

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
/* what a column can be granted; ALL (columns) means these */
static const char *const col_privs[] = {"SELECT", "INSERT", "UPDATE", "REFERENCES", NULL};

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

const char *const *grant_kind_privileges(ObjKind kind)
{
	return kind_privileges(kind);
}

bool grant_kind_supported(ObjKind kind)
{
	return kind_privileges(kind) != NULL;
}

/* Canonical order: grantee, then the object before its columns (by
 * name), then privilege. */
static int grant_cmp(const char *grantee, const char *column, const char *privilege, const Grant *g)
{
	int c = strcmp(grantee, g->grantee);
	if (c)
		return c;
	if (!column != !g->column)
		return column ? 1 : -1;
	if (column && (c = strcmp(column, g->column)) != 0)
		return c;
	return strcmp(privilege, g->privilege);
}

const Grant *grant_find(const PtrVec *grants, const char *grantee, const char *column,
			const char *privilege)
{
	VEC_EACH(const Grant *, g, grants)
		if (grant_cmp(grantee, column, privilege, g) == 0)
			return g;
	return NULL;
}

void grant_put(Arena *arena, PtrVec *grants, const char *grantee, const char *column,
	       const char *privilege, bool with_grant_option)
{
	size_t i = 0;
	for (; i < grants->len; i++) {
		Grant *g = grants->items[i];
		int c = grant_cmp(grantee, column, privilege, g);
		if (c == 0) {
			g->with_grant_option |= with_grant_option;
			return;
		}
		if (c < 0)
			break;
	}
	Grant *g = ARENA_NEW(arena, Grant);
	g->grantee = arena_strdup(arena, grantee);
	g->column = column ? arena_strdup(arena, column) : NULL;
	g->privilege = arena_strdup(arena, privilege);
	g->with_grant_option = with_grant_option;
	vec_push(arena, grants, NULL);
	memmove(&grants->items[i + 1], &grants->items[i], (grants->len - 1 - i) * sizeof(void *));
	grants->items[i] = g;
}

void grant_remove(PtrVec *grants, const char *grantee, const char *column, const char *privilege,
		  bool option_only)
{
	for (size_t i = 0; i < grants->len; i++) {
		Grant *g = grants->items[i];
		if (grant_cmp(grantee, column, privilege, g) != 0)
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
		grant_put(arena, out, "PUBLIC", NULL, "EXECUTE", false);
		break;
	case OBJ_ENUM:
	case OBJ_DOMAIN:
	case OBJ_COMPOSITE:
		grant_put(arena, out, "PUBLIC", NULL, "USAGE", false);
		break;
	case OBJ_SCHEMA:
		/* initdb's acl of schema public (PostgreSQL 15) */
		if (strcmp(obj->name, "public") == 0)
			grant_put(arena, out, "PUBLIC", NULL, "USAGE", false);
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
		grant_put(arena, out, g->grantee, g->column, g->privilege, g->with_grant_option);
}

void grant_live_columns(Arena *arena, const Object *desired, PtrVec *have)
{
	if (desired->kind != OBJ_TABLE)
		return;
	const Table *t = (const Table *) desired;
	PtrVec out = {0};
	VEC_EACH(const Grant *, g, have) {
		const char *col = g->column;
		if (col) {
			const char *now = NULL;
			VEC_EACH(const Column *, c, &t->columns)
				if (c->renamed_from && strcmp(c->renamed_from, col) == 0)
					now = c->name;
			if (!now && table_find_column(t, col))
				now = col;
			if (!now)
				continue; /* the column is dropped, and its grants with it */
			col = now;
		}
		grant_put(arena, &out, g->grantee, col, g->privilege, g->with_grant_option);
	}
	*have = out;
}

void grant_normalize(Catalog *cat)
{
	VEC_EACH(Object *, o, &cat->objects) {
		if (!o->grants_set)
			continue;
		PtrVec defaults = {0};
		grant_defaults(cat->arena, o, &defaults);
		bool same = defaults.len == o->grants.len;
		for (size_t i = 0; same && i < defaults.len; i++) {
			const Grant *x = defaults.items[i], *y = o->grants.items[i];
			same = strcmp(x->grantee, y->grantee) == 0 && !y->column &&
			       strcmp(x->privilege, y->privilege) == 0 &&
			       x->with_grant_option == y->with_grant_option;
		}
		if (same) {
			o->grants_set = false;
			o->grants.len = 0;
		}
	}
}

int grant_check_issues(const Catalog *desired, PgsError *err)
{
	if (!desired->grant_issues.len)
		return 0;
	const GrantIssue *is = desired->grant_issues.items[0];
	return pgs_error_at(err, PGSTAGE_EINPUT, is->loc.file, is->loc.line, is->loc.col, "%s",
			    is->message);
}

/* Records a statement the model cannot express; the parse goes on (an
 * error only when privileges are compared). */
int grant_issue(ParseCtx *ctx, int offset, const char *fmt, ...)
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

const char *grant_priv_upper(char *buf, size_t size, const char *src)
{
	size_t j = 0;
	for (; src[j] && j < size - 1; j++)
		buf[j] = (char) toupper((unsigned char) src[j]);
	buf[j] = '\0';
	return buf;
}

static bool in_list(const char *const *list, const char *priv)
{
	for (size_t k = 0; list[k]; k++)
		if (strcasecmp(priv, list[k]) == 0)
			return true;
	return false;
}

/* The output column names of relation `o` as the file defines them; NULL
 * when unknown (a view whose columns could not be worked out). */
static const PtrVec *relation_columns(ParseCtx *ctx, const Object *o, PtrVec *tmp)
{
	if (o->kind == OBJ_TABLE) {
		VEC_EACH(const Column *, c, &((const Table *) o)->columns)
			vec_push(ctx->cat->arena, tmp, (void *) c->name);
		return tmp;
	}
	return hashmap_get(&ctx->view_columns, o->key);
}

static bool has_column(const PtrVec *cols, const char *name)
{
	VEC_EACH(const char *, c, cols)
		if (strcmp(c, name) == 0)
			return true;
	return false;
}

/* PostgreSQL's own checks of one privilege of the statement on `o`. */
static int check_priv(ParseCtx *ctx, const PgQuery__AccessPriv *p, const Object *o, int loc)
{
	char up[32];
	const char *name = p->priv_name && *p->priv_name ? p->priv_name : NULL;
	if (!p->n_cols) {
		if (name && !in_list(kind_privileges(o->kind), name))
			return parse_error(ctx, loc, "invalid privilege type %s for %s",
					   grant_priv_upper(up, sizeof up, name), obj_kind_name(o->kind));
		return 0;
	}
	if (o->kind != OBJ_TABLE && o->kind != OBJ_VIEW && o->kind != OBJ_MATVIEW)
		return parse_error(ctx, loc, "column privileges are only valid for relations");
	if (name && !in_list(col_privs, name))
		return parse_error(ctx, loc, "invalid privilege type %s for column",
				   grant_priv_upper(up, sizeof up, name));
	PtrVec tmp = {0};
	const PtrVec *cols = relation_columns(ctx, o, &tmp);
	for (size_t c = 0; cols && c < p->n_cols; c++) {
		const char *col = node_str(p->cols[c]);
		if (col && !has_column(cols, col))
			return parse_error(ctx, loc, "column \"%s\" of relation \"%s\" does not exist",
					   col, o->name);
	}
	return 0;
}

/* Gives (or takes) `priv` on the object or, with columns, on each of them.
 * A table-level REVOKE takes the privilege from every column too, as
 * PostgreSQL does. */
static void put_priv(ParseCtx *ctx, const PgQuery__GrantStmt *s, Object *o, const char *who,
		     const char *priv, const PgQuery__AccessPriv *p)
{
	Arena *a = ctx->cat->arena;
	size_t n_cols = p ? p->n_cols : 0;
	for (size_t c = 0; c < (n_cols ? n_cols : 1); c++) {
		const char *col = n_cols ? node_str(p->cols[c]) : NULL;
		if (s->is_grant)
			grant_put(a, &o->grants, who, col, priv, s->grant_option);
		else
			grant_remove(&o->grants, who, col, priv, s->grant_option);
	}
	if (s->is_grant || n_cols)
		return;
	for (size_t i = 0; i < o->grants.len;) {
		Grant *g = o->grants.items[i];
		size_t before = o->grants.len;
		if (g->column && strcmp(g->grantee, who) == 0 && strcmp(g->privilege, priv) == 0)
			grant_remove(&o->grants, who, g->column, priv, s->grant_option);
		if (o->grants.len == before)
			i++;
	}
}

/* Applies the statement's privileges and grantees to one object. */
static int apply_to(ParseCtx *ctx, const PgQuery__GrantStmt *s, Object *o, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *const *all = kind_privileges(o->kind);
	if (!all)
		return grant_issue(ctx, loc, "privileges on %s are not supported", obj_kind_name(o->kind));
	/* check everything before changing anything */
	for (size_t i = 0; i < s->n_privileges; i++) {
		int rc = check_priv(ctx, s->privileges[i]->access_priv, o, loc);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < s->n_grantees; i++) {
		const PgQuery__RoleSpec *r = s->grantees[i]->role_spec;
		if (s->is_grant && s->grant_option && r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC)
			return parse_error(ctx, loc, "grant options can only be granted to roles");
		if (r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING &&
		    r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC)
			return grant_issue(ctx, loc, "only role names and PUBLIC can be grantees");
	}
	if (!o->grants_set) {
		grant_defaults(a, o, &o->grants);
		o->grants_set = true;
	}
	for (size_t i = 0; i < s->n_grantees; i++) {
		const PgQuery__RoleSpec *r = s->grantees[i]->role_spec;
		const char *who = r->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC ? "PUBLIC"
											   : r->rolename;
		char priv[32];
		if (!s->n_privileges) {
			for (size_t k = 0; all[k]; k++)
				put_priv(ctx, s, o, who, all[k], NULL);
			continue;
		}
		for (size_t k = 0; k < s->n_privileges; k++) {
			const PgQuery__AccessPriv *p = s->privileges[k]->access_priv;
			if (p->priv_name && *p->priv_name) {
				put_priv(ctx, s, o, who, grant_priv_upper(priv, sizeof priv, p->priv_name), p);
				continue;
			}
			/* ALL (columns) */
			for (size_t c = 0; col_privs[c]; c++)
				put_priv(ctx, s, o, who, col_privs[c], p);
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
			return PGSTAGE_EINPUT;
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
			return PGSTAGE_EINPUT;
		bool ambiguous;
		o = find_function(ctx, ow, schema, name, &ambiguous);
		if (ambiguous)
			return parse_error(ctx, loc, "function name \"%s\" is not unique", name);
		break;
	}
	default:
		return grant_issue(ctx, loc, "privileges on this kind of object are not supported");
	}
	if (!o)
		return parse_error(ctx, loc, "%s on an object not defined in the schema: %s%s%s",
				   s->is_grant ? "grant" : "revoke", schema ? schema : "",
				   schema ? "." : "", name ? name : "?");
	return apply_to(ctx, s, o, loc);
}

/* GRANT ... ON ALL TABLES|SEQUENCES|FUNCTIONS|PROCEDURES|ROUTINES IN SCHEMA s:
 * the objects of the files so far, as PostgreSQL would see them then. */
static int grant_all_in_schema(ParseCtx *ctx, const PgQuery__GrantStmt *s, const Node *n, int loc)
{
	const char *schema = node_str(n);
	if (!schema || !catalog_find(ctx->cat, OBJ_SCHEMA, NULL, NULL, schema, NULL))
		return parse_error(ctx, loc, "schema \"%s\" is not defined in the schema",
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
			return grant_issue(ctx, loc, "privileges on this kind of object are not supported");
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
