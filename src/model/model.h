/*
 * model.h - the catalog model shared by every stage of the pipeline.
 *
 * Both the desired schema (src/parse) and the live database
 * (src/introspect) are turned into a Catalog; src/diff compares two of them.
 * Every top-level object begins with an embedded Object header (as pg_dump's
 * DumpableObject), so code can treat all kinds alike through that member.
 *
 * Canonical forms, so that equal things compare equal as plain strings:
 *  - type names are printed as format_type() prints them with
 *    search_path = pg_catalog: "integer", "character varying(10)",
 *    "timestamp(3) with time zone", "text[]", user types always
 *    schema-qualified and quoted where needed: public."My Enum";
 *  - expressions carry both the SQL to emit and a canonical text from
 *    expr_canonical() (src/parse/expr.h), used only for comparison;
 *  - names are stored unquoted, exactly as PostgreSQL stores them.
 *
 * Memory ownership: everything reachable from a Catalog (objects, strings,
 * vectors) lives in the catalog's arena and is freed by catalog_free();
 * nothing is freed on its own.
 */
#ifndef PGSTAGE_MODEL_H
#define PGSTAGE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "pgstage/pgstage.h"
#include "util/arena.h"
#include "util/hashmap.h"
#include "util/vec.h"

/* Kinds in creation-priority order (the plan creates lower values first). */
typedef enum ObjKind {
	OBJ_SCHEMA,
	OBJ_EXTENSION,
	OBJ_COLLATION,  /* before every kind that can name one (domains, columns, indexes) */
	OBJ_ENUM,
	OBJ_DOMAIN,
	OBJ_COMPOSITE,
	OBJ_SEQUENCE,
	OBJ_FUNCTION,   /* functions and procedures */
	OBJ_TABLE,
	OBJ_VIEW,
	OBJ_MATVIEW,
	OBJ_INDEX,
	OBJ_TRIGGER,
	OBJ_POLICY,
	OBJ_DEFAULT_ACL, /* default privileges (Catalog.default_acls), set after every object */
	OBJ_KIND_COUNT
} ObjKind;

typedef struct SrcLoc {
	const char *file; /* NULL for live objects */
	int line, col;    /* 1-based */
} SrcLoc;

/* Computes the canonical text of `sql` into `arena` (src/parse/expr.h). */
typedef const char *(*ExprCanonFn)(Arena *arena, const char *sql);

typedef struct Expr {
	const char *sql;   /* valid SQL to emit: as written, or as pg_get_expr printed it */
	/* normalized text, for comparison only: read it with expr_canon().
	 * NULL until then when `canonicalize` is set: a canonical text costs a
	 * parse and a deparse, and most expressions of a plan compare equal on
	 * their text alone (expr_equal) */
	const char *canon;
	ExprCanonFn canonicalize;
	Arena *arena;      /* of the catalog, for the canonical text made on demand */
} Expr;

typedef struct Object {
	ObjKind kind;
	const char *schema;    /* NULL for schemas and extensions */
	const char *name;
	const char *parent;    /* owning table of a trigger or policy (part of its identity) */
	const char *signature; /* functions: canonical argument types, e.g. "integer, text" */
	const char *key;       /* identity string, set by catalog_add() */
	const char *comment;   /* COMMENT ON, NULL when none */
	SrcLoc loc;            /* desired side: where the object was defined */
	PtrVec deps;           /* const char* keys (object_key()) of objects this one needs */
	/* desired side, from pgstage directives (grammar/directives.ebnf) */
	const char *renamed_from; /* "renamed from": the old name, same schema */
	char drop_policy;      /* '\0' default, 'k' keep (never drop), 'a' allow-drop */
	/* privileges (read and compared only with --privileges): Grant*, one per
	 * (grantee, column, privilege), sorted in that order (object-level
	 * grants before column grants); grants to the object's owner are never
	 * listed */
	PtrVec grants;
	bool grants_set;       /* false: the kind's default privileges (a NULL acl, or
				* no GRANT/REVOKE in the file); grants is then empty */
	const char *owner;     /* live side, read with privileges: the owning role;
				* the file's grants to it are not compared */
} Object;

/* One privilege granted on an object, or on one column of a relation. */
typedef struct Grant {
	const char *grantee;   /* role name, unquoted, or "PUBLIC"; in a DefaultAcl
				* of the running role (role NULL), "" is that role */
	const char *column;    /* column privilege: the column's name; NULL: the object */
	const char *privilege; /* "SELECT", "USAGE", "EXECUTE", ... */
	bool with_grant_option;
} Grant;

typedef struct SeqOptions {
	const char *type;   /* "bigint", "integer", "smallint"; NULL = bigint */
	int64_t start, increment, min, max, cache;
	bool cycle;
} SeqOptions;

typedef struct Column {
	/* pointers first, flags last: 100 000 columns a side at 5000 tables */
	const char *name;
	const char *type;       /* canonical type */
	const char *collation;  /* NULL = the type's default; else qualified: pg_catalog."C" */
	Expr *default_expr;     /* NULL when none */
	SeqOptions *identity_seq;/* set exactly when identity is (defaults filled in) */
	Expr *generated;        /* GENERATED ALWAYS AS (expr) STORED, NULL when none */
	const char *comment;
	SrcLoc loc;
	/* desired side, from pgstage directives */
	const char *renamed_from;
	Expr *backfill;         /* value for existing rows (backfill directive) */
	const SrcLoc *backfill_loc;/* where that directive is (static checks name it) */
	long backfill_batch;    /* rows per batch, 0 = plan default */
	bool not_null;
	char identity;          /* '\0' none, 'a' GENERATED ALWAYS, 'd' BY DEFAULT */
	char drop_policy;       /* as Object.drop_policy */
} Column;

typedef enum ConType {
	CON_PRIMARY = 'p',
	CON_UNIQUE = 'u',
	CON_CHECK = 'c',
	CON_FOREIGN = 'f',
	CON_EXCLUDE = 'x',
} ConType;

typedef struct Constraint {
	ConType type;
	const char *name;         /* always set: the parser fills PostgreSQL's default name */
	PtrVec columns;           /* char*: key columns (p, u, f) */
	PtrVec include;           /* char*: INCLUDE columns (p, u) */
	bool nulls_not_distinct;  /* u */
	Expr *check;              /* c */
	bool no_inherit;          /* c */
	const char *ref_schema;   /* f */
	const char *ref_table;    /* f */
	PtrVec ref_columns;       /* f, char* */
	char on_update, on_delete;/* f: pg_constraint codes a r c n d */
	char match;               /* f: 's' simple, 'f' full, 'p' partial */
	bool deferrable, deferred;
	Expr *exclude;            /* x: "USING gist (c WITH &&) WHERE (...)" as a whole */
	bool not_valid;           /* live side: convalidated = false */
	const char *comment;
	SrcLoc loc;
	const char *renamed_from; /* desired side, from a directive */
} Constraint;

typedef struct Table {
	Object obj;
	PtrVec columns;           /* Column*, in column order */
	PtrVec constraints;       /* Constraint* */
	bool unlogged;
	const char *partition_key;    /* canonical "RANGE (a)", NULL when not partitioned */
	const char *parent_schema;    /* partition of / inherits from */
	const char *parent_table;
	const char *partition_bound;  /* canonical "FOR VALUES ...", "DEFAULT" */
	bool rls_enabled, rls_forced;
	/* live side, for hazard costs: pg_class.reltuples (-1 = never analyzed)
	 * and the table's total size in bytes */
	double est_rows;
	int64_t size_bytes;
} Table;

typedef struct IndexElem {
	const char *column;   /* NULL when expr is set */
	Expr *expr;
	const char *collation;
	const char *opclass;  /* NULL = default operator class */
	bool desc;
	char nulls;           /* '\0' default for the direction, 'f' FIRST, 'l' LAST */
} IndexElem;

typedef struct Index {
	Object obj;
	const char *table;    /* in obj.schema */
	const char *method;   /* "btree", "gin", ... */
	bool unique, nulls_not_distinct;
	PtrVec elems;         /* IndexElem* */
	PtrVec include;       /* char* */
	Expr *where;          /* partial index predicate */
	/* live side: pg_index.indisvalid is false (a CREATE INDEX CONCURRENTLY
	 * that failed): the index enforces and serves nothing, and differs
	 * from any desired index */
	bool invalid;
} Index;

typedef struct EnumType {
	Object obj;
	PtrVec labels;        /* char*, in sort order */
} EnumType;

typedef struct Domain {
	Object obj;
	const char *base_type;
	const char *collation;
	bool not_null;
	Expr *default_expr;
	PtrVec checks;        /* Constraint* of type CON_CHECK */
} Domain;

typedef struct CompositeType {
	Object obj;
	PtrVec attributes;    /* Column* (name, type, collation only) */
} CompositeType;

typedef struct Sequence {
	Object obj;
	SeqOptions opts;
	const char *owned_table;  /* OWNED BY, in obj.schema */
	const char *owned_column;
} Sequence;

typedef struct Function {
	Object obj;
	bool is_procedure;
	const char *arguments;    /* full argument list as pg_get_function_arguments prints it */
	const char *returns;      /* canonical result type, NULL for procedures */
	const char *language;
	const char *body;         /* the source between the dollar quotes, verbatim */
	char volatility;          /* 'i' ', 's', 'v' */
	bool strict, security_definer, leakproof;
	char parallel;            /* 's' 'r' 'u' */
	const char *config;       /* SET clauses, canonical; NULL when none */
} Function;

typedef struct View {
	Object obj;
	Expr *query;              /* the SELECT */
	const char *options;      /* canonical reloptions, e.g. "security_barrier=true"; NULL */
	const char *check_option; /* NULL, "local", "cascaded" */
} View;                           /* also materialized views (OBJ_MATVIEW) */

typedef struct Trigger {
	Object obj;               /* parent = table */
	Expr *definition;         /* whole CREATE TRIGGER statement, canonical */
} Trigger;

typedef struct Policy {
	Object obj;               /* parent = table */
	bool permissive;
	const char *command;      /* "ALL", "SELECT", ... */
	PtrVec roles;             /* char*; empty = PUBLIC */
	Expr *using_expr, *check_expr;
} Policy;

/* CREATE COLLATION.  Only what pg_dump restores is compared: provider,
 * locale(s), determinism; collversion is the library's, not the schema's. */
typedef struct Collation {
	Object obj;
	char provider;            /* pg_collation.collprovider: 'c' libc, 'i' icu */
	const char *lc_collate;   /* libc: collcollate */
	const char *lc_ctype;     /* libc: collctype */
	const char *icu_locale;   /* icu: colliculocale (collcollate before PostgreSQL 15) */
	bool deterministic;
} Collation;

typedef struct Extension {
	Object obj;
	const char *ext_schema;   /* schema the extension's objects live in */
	const char *version;      /* NULL = default version */
	const char *stock_comment;/* live side: the control file's comment, which the
				   * extension's own script sets (and introspection
				   * leaves out of obj.comment); NULL elsewhere */
} Extension;

typedef struct Catalog {
	Arena *arena;
	PtrVec objects;           /* Object*, in definition order */
	HashMap by_key;
	PtrVec unsupported;       /* char*: "kind name" of live objects not modelled */
	/* desired side: GRANT/REVOKE statements the model cannot express
	 * (GrantIssue*); an error only when privileges are compared (a
	 * statement that is wrong, such as one naming an unknown object or
	 * column, fails the parse) */
	PtrVec grant_issues;
	/* ALTER DEFAULT PRIVILEGES (DefaultAcl*), read and compared only with
	 * --privileges; the desired side holds the state at the end of the file */
	PtrVec default_acls;
	/* live side, read with privileges: current_user of the introspecting
	 * session (what a DefaultAcl without FOR ROLE means) */
	const char *current_role;
	HashMap strings;          /* catalog_intern()'s set */
	/* char*: what catalog_ignore() left alone and why (model/ignore.h),
	 * for the plan's notes */
	PtrVec ignored;
} Catalog;

typedef struct GrantIssue {
	SrcLoc loc;
	const char *message;
} GrantIssue;

/* One row of pg_default_acl: the privileges objects of `objtype` get when
 * `role` creates them (in `schema`, or anywhere).  As PostgreSQL stores it:
 * a row without a schema holds the whole acl new objects get, the role's
 * own privileges included, in place of the built-in defaults; a row with a
 * schema holds grants added to those.  A row equal to what it replaces (the
 * built-in defaults, or nothing) does not exist. */
typedef struct DefaultAcl {
	Object obj;            /* kind OBJ_DEFAULT_ACL, schema = IN SCHEMA (NULL: all),
				* name = role ("" for the running role),
				* signature = objtype keyword ("TABLES", ...); never in
				* Catalog.objects */
	const char *role;      /* FOR ROLE; NULL (desired side): the role running pgstage */
	bool role_named;       /* desired side: FOR ROLE was written (emit it) */
	char objtype;          /* pg_default_acl.defaclobjtype: r S f T n */
	PtrVec grants;         /* Grant* (no columns), sorted as Object.grants */
} DefaultAcl;

Catalog *catalog_new(void);
void catalog_free(Catalog *cat);

/* Allocates a zeroed object struct of `size` bytes with its header set. */
void *object_new(Catalog *cat, ObjKind kind, size_t size, const char *schema, const char *name);

/* Identity key of an object; equal keys are the same object on both sides. */
const char *object_key(Arena *arena, ObjKind kind, const char *schema, const char *parent,
		       const char *name, const char *signature);

/* Adds `obj`; fails with PGSTAGE_EINPUT naming both places when its key exists. */
int catalog_add(Catalog *cat, Object *obj, PgsError *err);
Object *catalog_find(const Catalog *cat, ObjKind kind, const char *schema, const char *parent,
		     const char *name, const char *signature);
Object *catalog_find_key(const Catalog *cat, const char *key);
Table *catalog_find_table(const Catalog *cat, const char *schema, const char *name);
/* One arena copy per distinct string, for the strings that recur by the
 * thousand (column names and types, dependency keys); NULL gives NULL. */
const char *catalog_intern(Catalog *cat, const char *s);
/* Records that `needs_key` must exist before `obj`. */
void object_add_dep(Catalog *cat, Object *obj, const char *needs_key);

/* Keeps only the objects whose schema matches one of `include` (NULL or
 * empty: all) and none of `exclude`; both NULL-terminated LIKE patterns,
 * as IntrospectOptions applies them to the live side.  Default privileges
 * IN SCHEMA follow their schema; those of all schemas are kept. */
void catalog_keep_schemas(Catalog *cat, const char *const *include, const char *const *exclude);

/* Sorts objects by (kind, schema, parent, name, signature): deterministic output. */
void catalog_sort(Catalog *cat);

Column *table_find_column(const Table *t, const char *name);
Constraint *table_find_constraint(const Table *t, const char *name);
Constraint *table_primary_key(const Table *t);

/* "schema.parent.name(signature)", unquoted, for reports.  In `arena`. */
const char *object_display_name(Arena *arena, const Object *obj);

/* Human names: "table", "enum type", ... */
const char *obj_kind_name(ObjKind kind);
/* SQL keyword of the kind: "TABLE", "TYPE", "MATERIALIZED VIEW", ... */
const char *obj_kind_sql(ObjKind kind);

/* Fills PostgreSQL's defaults into a sequence's options (start/min/max by type). */
void seqopts_fill_defaults(SeqOptions *o, bool has_start, bool has_min, bool has_max);

/* Hex digest of the catalog's canonical text (print.h): equal schemas,
 * equal fingerprints.  Allocated in the catalog's arena. */
const char *catalog_fingerprint(const Catalog *cat);

Expr *expr_new(Arena *arena, const char *sql, const char *canon);
/* An Expr whose canonical text is canonicalize(sql), made on first use.
 * Two such Exprs with the same function and the same text are equal
 * without it.  The catalog must not be shared between threads then. */
Expr *expr_new_lazy(Arena *arena, const char *sql, ExprCanonFn canonicalize);
/* An Expr whose canonical text is canonicalize(sql), made now and kept as
 * it comes (canonicalize allocates it in `arena`). */
Expr *expr_new_canonical(Arena *arena, const char *sql, ExprCanonFn canonicalize);
const char *expr_canon(const Expr *e);
bool expr_equal(const Expr *a, const Expr *b);
bool str_equal(const char *a, const char *b);   /* NULL-safe strcmp == 0 */
bool strvec_equal(const PtrVec *a, const PtrVec *b);

#endif
