/*
 * grant.h - privileges in the model: PostgreSQL's default privileges per
 * kind, the canonical Grant list, object and column grants alike
 * (build_grant.c), and pg_default_acl's rules for ALTER DEFAULT PRIVILEGES
 * (default_acl.c).
 *
 * Used by src/parse (GRANT/REVOKE, ALTER DEFAULT PRIVILEGES),
 * src/introspect, src/diff, src/plan and src/emit; privileges are read and
 * compared only when asked (--privileges).
 *
 * Memory ownership: every Grant and string lives in the arena passed in.
 */
#ifndef PGSTAGE_GRANT_H
#define PGSTAGE_GRANT_H

#include "model/model.h"

/* The privileges `obj` has when its acl is NULL (never granted nor revoked),
 * grants to the owner left out: EXECUTE to PUBLIC on functions and
 * procedures, USAGE to PUBLIC on types and domains and on schema public
 * (PostgreSQL 15 and later); none for the other kinds.  Appended to `out`. */
void grant_defaults(Arena *arena, const Object *obj, PtrVec *out);

/* The live grants `have` of a table as the desired table `desired` names
 * its columns: a column renamed by a directive under its new name, a
 * column the desired table does not have (dropped by the plan, which takes
 * its grants along) left out.  `have` is replaced by a list in `arena`. */
void grant_live_columns(Arena *arena, const Object *desired, PtrVec *have);

/* Canonical form: an object whose grants are exactly its kind's defaults
 * gets grants_set false (parse and introspection both end with it). */
void grant_normalize(Catalog *cat);

/* The grants in effect on `obj`: its list, or the defaults when its
 * grants_set is false.  `out` is filled (it may alias nothing of obj). */
void grant_effective(Arena *arena, const Object *obj, PtrVec *out);

/* Adds one privilege (on `column`, NULL: on the object) in canonical
 * order, or removes it; with_grant_option only upgrades on add and, on
 * remove with `option_only`, is all that is taken away. */
void grant_put(Arena *arena, PtrVec *grants, const char *grantee, const char *column,
	       const char *privilege, bool with_grant_option);
void grant_remove(PtrVec *grants, const char *grantee, const char *column, const char *privilege,
		  bool option_only);
/* Removes every grant to `grantee` (NULL: none): the owner's privileges
 * are not managed. */
void grant_drop_grantee(PtrVec *grants, const char *grantee);
/* The grant of (grantee, column, privilege) in `grants`, or NULL. */
const Grant *grant_find(const PtrVec *grants, const char *grantee, const char *column,
			const char *privilege);

/* What ALL PRIVILEGES means for `kind` (NULL-terminated), NULL: none. */
const char *const *grant_kind_privileges(ObjKind kind);
/* Whether `kind` carries privileges at all. */
bool grant_kind_supported(ObjKind kind);

/* The first privilege statement of the desired catalog that the model
 * cannot express (Catalog.grant_issues), as an input error at its
 * file:line:col; 0 when there is none. */
int grant_check_issues(const Catalog *desired, PgsError *err);

/* --- default privileges (default_acl.c) --- */

/* pg_default_acl.defaclobjtype of objects of `kind`: 'r' relations, 'S'
 * sequences, 'f' functions and procedures, 'T' types, 'n' schemas; '\0'
 * for kinds without default privileges. */
char default_acl_objtype(ObjKind kind);
/* "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS" */
const char *default_acl_objtype_sql(char objtype);
/* What ALL PRIVILEGES means for `objtype`. */
const char *const *default_acl_privileges(char objtype);
/* acldefault(): the acl of a new object of `objtype` with no default
 * privileges set, its owner (named `owner` in the list) included. */
void default_acl_builtin(Arena *arena, char objtype, const char *owner, PtrVec *out);
/* The row of (role, schema, objtype) in `acls` (DefaultAcl*), or NULL;
 * names compared NULL-safe. */
DefaultAcl *default_acl_find(const PtrVec *acls, const char *role, const char *schema, char objtype);
/* A new row (not added anywhere), key set, in `arena`. */
DefaultAcl *default_acl_new(Arena *arena, const char *role, bool role_named, const char *schema,
			    char objtype);
/* The acl a missing row stands for: the built-in defaults for a row with
 * no schema (owner named `self`), nothing for a row with one. */
void default_acl_base(Arena *arena, const DefaultAcl *d, const char *self, PtrVec *out);
/* Whether `d`'s grants are exactly what a missing row stands for (then
 * PostgreSQL deletes the row). */
bool default_acl_is_base(Arena *arena, const DefaultAcl *d, const char *self);
/* The privileges PostgreSQL gives `obj` when `role` (named `self` in the
 * acls) creates it, given the rows `acls`: false when no row applies (the
 * object keeps its kind's defaults); else `out` gets the object's grants,
 * the owner's own left out. */
bool default_acl_for_new(Arena *arena, const PtrVec *acls, const char *role, const char *self,
			 const Object *obj, PtrVec *out);

/* The grants an object gets when the plan creates it on the live side:
 * the live default privileges of the running role (live->current_role),
 * else its kind's defaults. */
void default_acl_created(Arena *arena, const Catalog *live, const Object *obj, PtrVec *out);

/* The GRANT/REVOKE and ALTER DEFAULT PRIVILEGES builders, for parse.c
 * (they see the protobuf types). */
#ifdef PGSTAGE_PARSE_INT_H
int build_grant(ParseCtx *ctx, const PgQuery__GrantStmt *s, int loc);
int build_default_privileges(ParseCtx *ctx, const PgQuery__AlterDefaultPrivilegesStmt *s, int loc);
/* Objects the statement just parsed created (objects[first..]) get the
 * file's default privileges so far, as PostgreSQL gives them. */
void grant_new_objects(ParseCtx *ctx, size_t first);
/* Records a statement the model cannot express (Catalog.grant_issues). */
int grant_issue(ParseCtx *ctx, int offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "select" -> "SELECT" into buf. */
const char *grant_priv_upper(char *buf, size_t size, const char *src);
#endif

#endif
