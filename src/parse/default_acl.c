/*
 * default_acl.c - pg_default_acl's semantics (ALTER DEFAULT PRIVILEGES),
 * shared by the parser, introspection, the diff and the planner; see
 * grant.h.
 *
 * As in PostgreSQL (SetDefaultACL, get_user_default_acl): a row without a
 * schema replaces the built-in defaults of the role's new objects (the
 * role's own privileges are part of it), and disappears when it equals
 * them again; a row with a schema adds grants to whatever applies, and
 * disappears when empty.  A new object gets the global row (or the built-in
 * defaults) merged with its schema's row, when either exists.
 *
 * Memory ownership: rows, grants and strings live in the arena passed in.
 */
#include "parse/grant.h"

#include <string.h>

char default_acl_objtype(ObjKind kind)
{
	switch (kind) {
	case OBJ_TABLE:
	case OBJ_VIEW:
	case OBJ_MATVIEW:
		return 'r';
	case OBJ_SEQUENCE:
		return 'S';
	case OBJ_FUNCTION:
		return 'f';
	case OBJ_ENUM:
	case OBJ_DOMAIN:
	case OBJ_COMPOSITE:
		return 'T';
	case OBJ_SCHEMA:
		return 'n';
	default:
		return '\0';
	}
}

/* A kind whose privileges are those of `objtype`. */
static ObjKind objtype_kind(char objtype)
{
	switch (objtype) {
	case 'S':
		return OBJ_SEQUENCE;
	case 'f':
		return OBJ_FUNCTION;
	case 'T':
		return OBJ_ENUM;
	case 'n':
		return OBJ_SCHEMA;
	default:
		return OBJ_TABLE;
	}
}

const char *default_acl_objtype_sql(char objtype)
{
	switch (objtype) {
	case 'S':
		return "SEQUENCES";
	case 'f':
		return "FUNCTIONS";
	case 'T':
		return "TYPES";
	case 'n':
		return "SCHEMAS";
	default:
		return "TABLES";
	}
}

const char *const *default_acl_privileges(char objtype)
{
	return grant_kind_privileges(objtype_kind(objtype));
}

void default_acl_builtin(Arena *arena, char objtype, const char *owner, PtrVec *out)
{
	for (const char *const *p = default_acl_privileges(objtype); *p; p++)
		grant_put(arena, out, owner, NULL, *p, false);
	if (objtype == 'f')
		grant_put(arena, out, "PUBLIC", NULL, "EXECUTE", false);
	else if (objtype == 'T')
		grant_put(arena, out, "PUBLIC", NULL, "USAGE", false);
}

DefaultAcl *default_acl_find(const PtrVec *acls, const char *role, const char *schema, char objtype)
{
	VEC_EACH(DefaultAcl *, d, acls)
		if (d->objtype == objtype && str_equal(d->role, role) && str_equal(d->obj.schema, schema))
			return d;
	return NULL;
}

DefaultAcl *default_acl_new(Arena *arena, const char *role, bool role_named, const char *schema,
			    char objtype)
{
	DefaultAcl *d = ARENA_NEW(arena, DefaultAcl);
	d->obj.kind = OBJ_DEFAULT_ACL;
	d->obj.schema = schema ? arena_strdup(arena, schema) : NULL;
	d->obj.name = role ? arena_strdup(arena, role) : "";
	d->obj.signature = default_acl_objtype_sql(objtype);
	d->obj.key = object_key(arena, OBJ_DEFAULT_ACL, d->obj.schema, NULL, d->obj.name,
				d->obj.signature);
	d->role = role ? d->obj.name : NULL;
	d->role_named = role_named;
	d->objtype = objtype;
	return d;
}

void default_acl_base(Arena *arena, const DefaultAcl *d, const char *self, PtrVec *out)
{
	if (!d->obj.schema)
		default_acl_builtin(arena, d->objtype, self, out);
}

bool default_acl_is_base(Arena *arena, const DefaultAcl *d, const char *self)
{
	PtrVec base = {0};
	default_acl_base(arena, d, self, &base);
	if (base.len != d->grants.len)
		return false;
	for (size_t i = 0; i < base.len; i++) {
		const Grant *x = base.items[i], *y = d->grants.items[i];
		if (strcmp(x->grantee, y->grantee) || strcmp(x->privilege, y->privilege) ||
		    x->with_grant_option != y->with_grant_option)
			return false;
	}
	return true;
}

bool default_acl_for_new(Arena *arena, const PtrVec *acls, const char *role, const char *self,
			 const Object *obj, PtrVec *out)
{
	char objtype = default_acl_objtype(obj->kind);
	if (!objtype || !acls->len)
		return false;
	/* a schema's own schema is none: IN SCHEMA does not apply to schemas */
	const char *schema = obj->kind == OBJ_SCHEMA ? NULL : obj->schema;
	const DefaultAcl *global = default_acl_find(acls, role, NULL, objtype);
	const DefaultAcl *local = schema ? default_acl_find(acls, role, schema, objtype) : NULL;
	if (!global && !local)
		return false;
	PtrVec acl = {0};
	if (global)
		VEC_EACH(const Grant *, g, &global->grants)
			grant_put(arena, &acl, g->grantee, NULL, g->privilege, g->with_grant_option);
	else
		default_acl_builtin(arena, objtype, self, &acl);
	if (local)
		VEC_EACH(const Grant *, g, &local->grants)
			grant_put(arena, &acl, g->grantee, NULL, g->privilege, g->with_grant_option);
	grant_drop_grantee(&acl, self);
	VEC_EACH(const Grant *, g, &acl)
		vec_push(arena, out, (void *) g);
	return true;
}

void default_acl_created(Arena *arena, const Catalog *live, const Object *obj, PtrVec *out)
{
	if (!live || !live->current_role ||
	    !default_acl_for_new(arena, &live->default_acls, live->current_role, live->current_role,
				 obj, out))
		grant_defaults(arena, obj, out);
}
