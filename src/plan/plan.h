/*
 * plan.h - from a Diff to an ordered list of operations with SQL, phases
 * and hazards.
 *
 * Phases, run in this order: expand (additive, online), backfill (batched
 * data changes), tighten (validate and enforce), contract (destructive;
 * held unless released with allow_drop).  Within the plan, operations are
 * topologically sorted on the objects they create, need and release, with
 * ties broken by (phase, rank, name) so the same input gives the same plan.
 *
 * Memory ownership: a Plan owns an arena with its ops and SQL strings; ops
 * point into the Diff and the catalogs, which must outlive the Plan.
 */
#ifndef PGSTAGE_PLAN_H
#define PGSTAGE_PLAN_H

#include "diff/diff.h"

typedef enum Phase {
	PHASE_EXPAND,
	PHASE_BACKFILL,
	PHASE_TIGHTEN,
	PHASE_CONTRACT,
	PHASE_COUNT
} Phase;

/* Hazard bits. */
enum {
	HAZ_DATA_LOSS = 1 << 0,     /* rows or values are destroyed */
	HAZ_TABLE_REWRITE = 1 << 1, /* the whole table is rewritten under the lock */
	HAZ_TABLE_SCAN = 1 << 2,    /* the whole table is read under the lock */
	HAZ_IRREVERSIBLE = 1 << 3,  /* no statement undoes it (e.g. enum values) */
	HAZ_BLOCKS_WRITES = 1 << 4, /* lock blocks writes for the statement's duration */
	HAZ_BLOCKS_READS = 1 << 5,  /* lock blocks reads too */
	HAZ_BREAKS_OLD_APP = 1 << 6,/* application versions using the old name fail from
				     * the moment it runs (a rename) */
	HAZ_COUNT = 7
};

/* A batched data change (backfill phase).  Rows are visited in primary-key
 * order, batch_size at a time, each batch committed on its own; `todo`
 * selects rows still to change, so a batch that is re-run after a crash
 * changes nothing twice and skips nothing. */
typedef struct Backfill {
	const char *schema, *table;
	PtrVec key_columns;     /* char*: primary key columns (batch ranges) */
	const char *set_sql;    /* SET clause body: "col = expr, ..." */
	const char *todo_sql;   /* WHERE condition of rows still to do */
	long batch_size;
} Backfill;

/* A read-only data check run against the live database before the plan is
 * applied (src/preflight): `sql` returns one row with one bigint, the
 * number of offending rows, capped at PREFLIGHT_CAP + 1. */
#define PREFLIGHT_CAP 1000
typedef struct Check {
	const char *what;       /* "rows with NULL in public.users.email" */
	const char *sql;
	/* optional: run when `sql` fails (a cast check stops at the first value
	 * that does not convert); returns one row: the count of offending rows
	 * (capped as above) and the first one's error message */
	const char *count_sql;
	bool fixed_by_backfill; /* a backfill in this plan fixes those rows first */
	const struct Op *fixer; /* that backfill op, when known (apply runs it again to
				 * catch up with rows written since, src/apply) */
	/* results, filled by preflight_run() */
	bool ran;
	long count;             /* offending rows, up to PREFLIGHT_CAP + 1 */
	const char *error;      /* the check itself failed (e.g. a cast error) */
	const char *sample;     /* a few offending values, when cheap to show */
} Check;

typedef struct Op {
	Phase phase;
	char action;            /* '+' add, '~' change, '-' drop */
	const Change *change;   /* what it implements (NULL for helper steps) */
	const char *summary;    /* one line: "add column public.users.email text" */
	const char *note;       /* optional remark shown under the line */
	PtrVec sql;             /* char*: statements, without final semicolons */
	bool no_transaction;    /* must run alone, outside a transaction block */
	bool held;              /* contract op not released: listed, not run */
	unsigned hazards;       /* HAZ_* bits */
	const char *lock;       /* strongest lock taken, PostgreSQL's name */
	const char *lock_schema;/* the table that lock is taken on (NULL when none) */
	const char *lock_table;
	Backfill *backfill;     /* backfill phase: run in batches, not as `sql` */
	PtrVec checks;          /* Check*: pre-flight checks guarding this op */
	/* char*: statements that undo this op on its own, for an op that begins
	 * a change finished in a later release (the helpers of an
	 * expand/contract type swap): a runner file's down after only that
	 * release has run.  Empty: the reverse plan undoes the op. */
	PtrVec undo;
	bool moves_dependents;  /* views/policies/triggers on what it changes are dropped
				 * and recreated inside it (plan_dependents.c) */
	const char *cost;       /* estimated cost from the table's size, e.g. "~1.2M rows, 85 MB" */
	/* ordering (see order.c) */
	int rank;
	size_t seq;
	const char *creates;    /* object key made to exist */
	const char *drops;      /* object key made to disappear */
	PtrVec needs;           /* keys that must exist first */
	PtrVec releases;        /* keys whose drop must wait for this op */
	PtrVec after;           /* Op* that must run first (computed) */
} Op;

typedef struct PlanOptions {
	bool allow_drop;        /* put the contract phase into the plan */
	int lock_timeout_ms;    /* per DDL statement; 0 = plan default (see plan.c) */
	int statement_timeout_ms;
	long batch_size;        /* backfill rows per batch; 0 = default */
	bool no_online;         /* plain single statements instead of online forms */
	long online_min_rows;   /* a table rewrite of a table at least this big (estimated
				 * rows) uses the expand/contract form; 0 = default
				 * (10000), -1 = always */
	bool reorder_columns;   /* rebuild kept tables whose column order differs from
				 * the desired one (plan_reorder.c); else a warning */
	bool no_fingerprint;    /* leave Plan.fingerprint NULL: the output does not carry
				 * it (hashing the live schema is a pass over all of it) */
} PlanOptions;

typedef struct Plan {
	Arena *arena;
	int lock_timeout_ms, statement_timeout_ms; /* in force for every DDL statement */
	const char *fingerprint;/* of the live schema the plan was computed from; NULL
				 * with PlanOptions.no_fingerprint */
	PtrVec ops;             /* Op*, in execution order */
	size_t n_add, n_change, n_drop, n_held;
	const char *cycle_note; /* set when a dependency cycle had to be broken */
	PtrVec warnings;        /* char*: things a reviewer must look at (likely renames) */
} Plan;

int plan_build(Plan **out, const Diff *diff, const Catalog *live, const Catalog *desired,
	       const PlanOptions *opts, PgsError *err);
void plan_free(Plan *plan);

/* The execution model, the same on every path that runs a plan (`apply`,
 * the psql script of `plan --format sql`, the files of every `emit` format):
 * each runnable operation is one unit, and no unit holds two operations.
 * An operation's statements run in one transaction, or each on its own
 * outside any transaction block (CONCURRENTLY, enum values, DO blocks that
 * commit), or as a batched backfill.  So a lock taken by one operation is
 * released before the next operation starts, and an operation that scans or
 * rewrites a table shares its transaction with nothing else: the only locks
 * held during a scan are the ones the operation itself declares (Op.lock,
 * HAZ_TABLE_SCAN / HAZ_TABLE_REWRITE).  docs/safety.md, "Execution model". */
typedef enum ExecMode {
	EXEC_TRANSACTION,       /* BEGIN; statements; COMMIT */
	EXEC_ALONE,             /* each statement on its own, outside a transaction */
	EXEC_BATCHES,           /* Op.backfill: batches, one commit each */
} ExecMode;
ExecMode op_exec_mode(const Op *op);
/* Why `op` breaks the locking rule (a table scanned or rewritten under a lock
 * stronger than SHARE UPDATE EXCLUSIVE without the op declaring that it
 * blocks writes), or NULL when it keeps it. */
const char *op_lock_rule_violation(const Op *op);
/* Strength of a PostgreSQL lock mode name, 0 (none) to 8 (ACCESS EXCLUSIVE). */
int lock_strength(const char *lock);

/* "expand,tighten" / "all" -> bit mask of (1 << Phase); -1 on a bad name. */
int plan_parse_phases(const char *list, unsigned *mask);
/* "data-loss,table-rewrite" -> HAZ_* bits; -1 on a bad name. */
int plan_parse_hazards(const char *list, unsigned *mask);
/* Keeps only the operations of the phases in `mask`; recounts. */
void plan_select_phases(Plan *plan, unsigned mask);
/* Union of the hazards of the operations that will run. */
unsigned plan_hazards(const Plan *plan);
/* --fail-on: refuses (PGSTAGE_EREFUSED, exit 6) when an operation that will
 * run (not held; `phases`: a mask of (1 << Phase), 0 = every phase) carries
 * a hazard of `fail_on`, naming the hazards and the operations; else 0. */
int plan_fail_on(const Plan *plan, unsigned fail_on, unsigned phases, PgsError *err);

/* Operations that will run (not held). */
size_t plan_runnable_count(const Plan *plan);
const char *phase_name(Phase phase);
const char *hazard_name(unsigned bit);

#endif
