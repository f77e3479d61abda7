/*
 * diff.h - compare a live catalog with a desired one.
 *
 * The diff says *what* differs, object by object and column by column; it
 * decides nothing about statements, order or safety (that is src/plan).
 * Drift reports (text, JSON, JUnit) are rendered from a Diff directly.
 *
 * Memory ownership: a Diff owns an arena holding its Change records and
 * their detail strings; Changes point into the two catalogs, which must
 * outlive the Diff.  diff_free() releases it.
 */
#ifndef PGSTAGE_DIFF_H
#define PGSTAGE_DIFF_H

#include "model/model.h"
#include "util/hashmap.h"

typedef enum ChangeType {
	CHG_CREATE,          /* object only in the desired schema */
	CHG_RENAME,          /* "renamed from" directive: live from->name becomes to->name */
	CHG_DROP,            /* object only in the live database */
	CHG_REPLACE,         /* object differs in a way only drop + create can fix */
	CHG_COMMENT,         /* comment on the object (to->comment, NULL = remove) */
	/* tables */
	CHG_RENAME_COLUMN,   /* from_col->name becomes to_col->name */
	CHG_RENAME_CONSTRAINT,
	CHG_ADD_COLUMN,
	CHG_DROP_COLUMN,
	CHG_COLUMN_TYPE,     /* type and/or collation */
	CHG_COLUMN_DEFAULT,  /* set (to_col->default_expr) or drop */
	CHG_COLUMN_NOT_NULL, /* set or drop (to_col->not_null) */
	CHG_COLUMN_IDENTITY, /* add, drop, or change kind/options */
	CHG_COLUMN_GENERATED,/* stored expression added, changed or dropped */
	CHG_COLUMN_COMMENT,
	CHG_ADD_CONSTRAINT,
	CHG_DROP_CONSTRAINT,
	CHG_CONSTRAINT_COMMENT,
	CHG_VALIDATE_CONSTRAINT, /* live constraint is NOT VALID (an interrupted online add) */
	CHG_TABLE_LOGGED,    /* UNLOGGED <-> LOGGED */
	CHG_TABLE_RLS,       /* enable/force row level security */
	/* types and sequences */
	CHG_ENUM_ADD_VALUE,  /* label, neighbor, before */
	CHG_ENUM_REBUILD,    /* labels removed or reordered */
	CHG_SEQUENCE_OPTIONS,
	CHG_SEQUENCE_OWNER,
	/* privileges (only with DiffOptions.privileges) */
	CHG_GRANTS,          /* grants differ; from NULL: the object is (re)created, so
			      * it starts from its kind's default privileges */
	CHG_COLUMN_ORDER,    /* made by the planner, never by the diff: a kept table
			      * rebuilt in the desired column order (plan_reorder.c) */
	CHG_DEFAULT_PRIVILEGES, /* a pg_default_acl row differs: from/to are DefaultAcl
				 * headers (NULL: no row), `to` with the running role's
				 * name filled in */
	CHG_TYPE_COUNT
} ChangeType;

typedef struct Change {
	ChangeType type;
	ObjKind kind;             /* kind of the object changed */
	const Object *from;       /* live object; NULL for CHG_CREATE */
	const Object *to;         /* desired object; NULL for CHG_DROP */
	const Column *from_col, *to_col;
	const Constraint *from_con, *to_con;
	const char *label;        /* CHG_ENUM_ADD_VALUE */
	const char *neighbor;     /* existing label it goes next to; NULL = at the end */
	bool before;              /* BEFORE neighbor (else AFTER) */
	const char *detail;       /* one human line: "integer -> bigint" */
} Change;

typedef struct Diff {
	Arena *arena;
	PtrVec changes;           /* Change*, grouped by object in catalog order */
	HashMap renamed_tables;   /* live table key -> desired table name */
	HashMap renamed_collations; /* live qualified collation name -> desired one */
	HashMap matched;          /* live object keys matched to a desired object by rename */
	bool privileges;          /* grants compared (diff_catalogs_opts) */
	const Catalog *desired;   /* while diffing: inheritance parents' columns */
} Diff;

typedef struct DiffOptions {
	bool privileges;          /* compare GRANTs too (off by default) */
} DiffOptions;

/* Compares `live` with `desired` (both sorted or not; neither is modified). */
Diff *diff_catalogs(const Catalog *live, const Catalog *desired);
/* The same with options; NULL options = diff_catalogs().  diff_grants.c */
Diff *diff_catalogs_opts(const Catalog *live, const Catalog *desired, const DiffOptions *opts);
void diff_free(Diff *diff);

/* The desired name of live table `name` when a directive renames it, else
 * `name`. */
const char *diff_live_table_name(const Diff *d, const char *schema, const char *name, Arena *arena);

/* NOT NULL as the catalog records it: identity and primary-key columns are
 * NOT NULL whether or not the file says so. */
bool column_effective_not_null(const Table *t, const Column *c);

/* "public.users", "public.users.email", "public.users.users_pkey" */
const char *change_object_name(Arena *arena, const Change *ch);
const char *change_type_name(ChangeType type);

#endif
