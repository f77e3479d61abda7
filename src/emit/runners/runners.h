/*
 * runners.h - migration files for pgstage and for existing runners (goose,
 * golang-migrate, Flyway, dbmate, Prisma): writing the next versioned files
 * of a plan in the runner's own conventions, and replaying a runner's
 * directory into a scratch database (emit --from-dir).
 *
 * A plan becomes Units: the statements one runner file (one version) runs.
 * Every path runs a plan the same way (plan.h, "execution model"): each
 * operation in a transaction of its own or, when it cannot run in one,
 * alone.  Runners that wrap each file in one transaction therefore get one
 * Unit per operation, and a statement that must run outside a transaction
 * a Unit of its own; pgstage's own format keeps one file with a
 * BEGIN/COMMIT per operation.  Expand, backfill and tighten go into one
 * release, contract into a later one.  Each Unit
 * carries its down statements (a reverse plan, desired -> live) or the
 * reason it cannot be undone.
 *
 * Memory ownership: an EmitResult owns an arena holding its strings
 * (runner_emit_release frees it).  Units live in an arena the caller gives
 * and point into the two Plans, which must outlive them.
 */
#ifndef PGSTAGE_RUNNERS_H
#define PGSTAGE_RUNNERS_H

#include <stdbool.h>
#include <time.h>

#include "plan/plan.h"
#include "util/strbuf.h"

/* One SQL statement of a unit, with the operation it implements. */
typedef struct Step {
	const Op *op;
	const char *sql;          /* without the final semicolon */
} Step;

typedef struct Unit {
	Phase phase;              /* of its first step */
	bool no_transaction;      /* must run outside a transaction block */
	bool contract;            /* part of the later (contract) release */
	PtrVec steps;             /* Step*, in plan order */
	PtrVec down;              /* Step* of the reverse plan, in its order */
	const char *irreversible; /* why no down exists; NULL when reversible */
	const char *version;      /* assigned by version.c */
	const char *slug;         /* file-name part: [a-z0-9_]+ */
} Unit;

/* A file to create, relative to the migration directory. */
typedef struct OutFile {
	const char *path;         /* "00003_add_users.sql", "2024..._x/migration.sql" */
	const char *text;
	bool only_if_missing;     /* a shared file (migration_lock.toml): skip if present */
} OutFile;

typedef enum VersionStyle {
	VERSION_SEQUENTIAL,       /* 1, 2, 3 ... zero-padded to the directory's width */
	VERSION_TIMESTAMP,        /* YYYYMMDDHHMMSS (UTC) */
} VersionStyle;

/* How one up migration of an existing directory is run by its runner. */
typedef enum ChunkMode {
	CHUNK_TRANSACTION,        /* inside one BEGIN/COMMIT */
	CHUNK_ONE_QUERY,          /* sent as one query string (implicit transaction) */
	CHUNK_EACH_STATEMENT,     /* statement by statement, autocommit */
} ChunkMode;

typedef struct Chunk {
	const char *name;         /* file, for error messages */
	const char *sql;
	ChunkMode mode;
} Chunk;

typedef struct Runner Runner;
struct Runner {
	const char *name;          /* --format value */
	const char *history_table; /* the runner's bookkeeping table, left alone by emit
				    * (model/ignore.h); NULL = none */
	bool mixed_transactions;   /* one file may hold transactional and no-transaction parts */
	bool runs_statements_apart;/* a no-transaction file runs statement by statement */
	bool lexical_order;        /* versions sort as strings, else as dotted numbers */
	VersionStyle default_style;
	int seq_width;             /* zero padding of a new sequential directory */
	int first_seq;             /* first sequential version */
	/* The version of a directory entry, or NULL when the entry is not one
	 * of this runner's up migrations (down files, config files, others). */
	const char *(*entry_version)(Arena *a, const char *entry, bool is_dir);
	/* Appends the files of one unit. */
	void (*render)(Arena *a, PtrVec *files, const Unit *u);
	/* Appends how the runner runs the up migration `entry` of `dir`. */
	int (*read_up)(Arena *a, PtrVec *chunks, const char *dir, const char *entry, PgsError *err);
};

extern const Runner runner_pgstage, runner_goose, runner_migrate, runner_flyway,
	runner_dbmate, runner_prisma;

/* The runner named `name`, or NULL. */
const Runner *runner_find(const char *name);
/* "pgstage, goose, golang-migrate, flyway, dbmate, prisma" */
const char *runner_names(void);

typedef struct EmitRequest {
	const char *dir;           /* migration directory (created when missing) */
	const char *name;          /* slug, any text; NULL = "schema_change" */
	bool allow_drop;           /* also write the contract release */
	bool contract_only;        /* --phase contract: only the contract release */
	bool reorder_columns;      /* PlanOptions.reorder_columns, both directions */
	const PlanOptions *plan;   /* the options that shape the plan, as `plan` takes them
				    * (allow_drop and reorder_columns above win); NULL = defaults */
	unsigned fail_on;          /* HAZ_* bits: refuse (PGSTAGE_EREFUSED) before writing
				    * when an operation written carries one */
	time_t now;                /* for timestamp versions */
	const char *source;        /* shown in file headers; NULL = none */
} EmitRequest;

typedef struct EmitResult {
	Arena *arena;
	PtrVec written;            /* char*: paths created, relative to dir */
	PtrVec held;               /* char*: summaries of contract operations not written */
	PtrVec irreversible;       /* char*: "VERSION: reason" of units without a down */
	size_t n_units;            /* versions written */
} EmitResult;

/* Plans live -> desired (and back, for the downs), cuts the plan into
 * units, numbers them after the directory's last version and writes their
 * files.  Writes nothing when there is nothing to do, and nothing at all
 * when any file exists already or cannot be written.  The runner's history
 * table is the caller's to take out of both catalogs (catalog_ignore(),
 * model/ignore.h; `pgstage emit` names it with --history-table). */
int runner_emit(EmitResult *res, const Runner *r, const EmitRequest *req, Catalog *live,
		Catalog *desired, PgsError *err);
void runner_emit_release(EmitResult *res);

/* Units of a release (see the top of this file); exposed for the tests. */
int units_build(PtrVec *units, Arena *a, const Runner *r, const Plan *forward,
		const Plan *reverse, bool contract, PgsError *err);

/* The versions of `units`, after the last existing one in `dir`. */
int versions_assign(PtrVec *units, Arena *a, const Runner *r, const char *dir, time_t now,
		    PgsError *err);
/* Compares two versions in the runner's order (<0, 0, >0). */
int version_compare(const Runner *r, const char *a, const char *b);
/* Up migrations of `dir` in the runner's order: char* entry names and,
 * when `versions` is not NULL, their versions.  A missing dir is empty. */
int versions_list(PtrVec *entries, PtrVec *versions, Arena *a, const Runner *r, const char *dir,
		  PgsError *err);

/* Creates every file or none: fails when a file exists (except
 * only_if_missing ones, which are skipped) and removes what it created. */
int files_write_all(PtrVec *written, Arena *a, const char *dir, const PtrVec *files,
		    PgsError *err);

/* Replays the up migrations of `dir` into a new scratch database on the
 * server of `conninfo` (NULL = DATABASE_URL / PG*), introspects it into
 * *out and drops the database again, also on failure. */
int runner_replay_catalog(Catalog **out, const Runner *r, const char *dir, const char *conninfo,
			  PgsError *err);

#endif
