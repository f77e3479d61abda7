/*
 * grant.h - privileges in the model: PostgreSQL's default privileges per
 * kind, and the canonical Grant list (build_grant.c).
 *
 * Used by src/parse (GRANT/REVOKE), src/diff and src/plan; privileges are
 * read and compared only when asked (--privileges).
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

/* The grants in effect on `obj`: its list, or the defaults when its
 * grants_set is false.  `out` is filled (it may alias nothing of obj). */
void grant_effective(Arena *arena, const Object *obj, PtrVec *out);

/* Adds (or, with `grant` false, removes) one privilege in canonical order;
 * with_grant_option only upgrades on add and, on remove with
 * `option_only`, is all that is taken away. */
void grant_put(Arena *arena, PtrVec *grants, const char *grantee, const char *privilege,
	       bool with_grant_option);
void grant_remove(PtrVec *grants, const char *grantee, const char *privilege, bool option_only);
/* Removes every grant to `grantee` (NULL: none): the owner's privileges
 * are not managed. */
void grant_drop_grantee(PtrVec *grants, const char *grantee);
/* The grant of (grantee, privilege) in `grants`, or NULL. */
const Grant *grant_find(const PtrVec *grants, const char *grantee, const char *privilege);

/* Whether `kind` carries privileges at all. */
bool grant_kind_supported(ObjKind kind);

/* The first GRANT/REVOKE of the desired catalog that names an object not in
 * the schema files (Catalog.grant_issues), as an input error at its
 * file:line:col; 0 when there is none. */
int grant_check_issues(const Catalog *desired, PgsError *err);

/* The GRANT/REVOKE builder, for parse.c (sees the protobuf types). */
#ifdef PGSTAGE_PARSE_INT_H
int build_grant(ParseCtx *ctx, const PgQuery__GrantStmt *s, int loc);
#endif

#endif
