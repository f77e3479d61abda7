/*
 * ddl_grants.h - GRANT and REVOKE statements (ddl_grants.c), shared by the
 * planner (plan_grants.c) and `pgstage dump --privileges`.
 *
 * Memory ownership: statements are written into the caller's StrBuf.
 */
#ifndef PGSTAGE_DDL_GRANTS_H
#define PGSTAGE_DDL_GRANTS_H

#include "model/model.h"
#include "util/strbuf.h"

typedef enum GrantVerb {
	GRANT_VERB_GRANT,          /* GRANT ... TO g [WITH GRANT OPTION] */
	GRANT_VERB_REVOKE,         /* REVOKE ... FROM g */
	GRANT_VERB_REVOKE_OPTION,  /* REVOKE GRANT OPTION FOR ... FROM g */
} GrantVerb;

/* Writes one statement (no semicolon) for the run of `list` (Grant*, sorted
 * by grantee) that starts at index `i`: the privileges of the same grantee
 * on the object, or on its columns ("SELECT (a, b), UPDATE (b)"), and, for
 * GRANT, the same grant option.  Returns the index after the run.
 * Identifiers go through ident.h; PUBLIC is written bare, "" (the running
 * role of a DefaultAcl) as CURRENT_USER; functions and procedures carry
 * their signature.  For a DefaultAcl's header (kind OBJ_DEFAULT_ACL) the
 * statement is ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] ... ON
 * TABLES|SEQUENCES|FUNCTIONS|TYPES|SCHEMAS. */
size_t ddl_grant_statement(StrBuf *sb, const Object *obj, const PtrVec *list, size_t i,
			   GrantVerb verb);

/* The statements that turn `have` into `want` on `obj`, each followed by
 * ";\n" (for dumps): revokes first, then grants. */
void ddl_grants_script(StrBuf *sb, Arena *arena, const Object *obj, const PtrVec *have,
		       const PtrVec *want);

/* Splits the difference between `have` and `want` (Grant* lists, sorted)
 * into three sorted lists allocated in `arena`: grants to add (or to give
 * the grant option), grants to revoke, grant options to revoke.  Adds stay
 * in grantee order, so a fresh object's acl lists them as pg_dump would. */
void ddl_grants_delta(Arena *arena, const PtrVec *have, const PtrVec *want, PtrVec *add,
		      PtrVec *revoke, PtrVec *revoke_opt);

/* For dumps: the statements that give every object of `cat` whose
 * grants_set is true its grants, starting from the kind's defaults, in
 * the catalog's object order; then the catalog's default privileges. */
void ddl_catalog_grants(StrBuf *sb, const Catalog *cat);

#endif
