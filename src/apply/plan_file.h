/*
 * plan_file.h - saved plans (`pgstage plan --out FILE`, `apply --plan FILE`).
 * A saved plan is a self-contained JSON document: every op field apply
 * needs, the fingerprint of the live schema it was computed from, the
 * pgstage version and the desired-schema path.  Applying it to a database
 * whose schema changed since is refused (see plan_file_check()).
 *
 * Memory ownership: plan_file_read() returns a Plan the caller frees with
 * plan_free(); the PlanFileMeta strings live in that Plan's arena.
 */
#ifndef PGSTAGE_PLAN_FILE_H
#define PGSTAGE_PLAN_FILE_H

#include "plan/plan.h"

#define PLAN_FILE_FORMAT "pgstage-plan"
#define PLAN_FILE_VERSION 1

/* What a saved plan records besides its ops. */
typedef struct PlanFileMeta {
	const char *schema_path;    /* desired schema the plan was computed for; may be NULL */
	const char *pgstage_version;/* of the pgstage that wrote it */
	const char *plan_id;        /* op_id.h plan_id() at write time */
	const Catalog *live;        /* write: the live catalog the plan came from (optional);
				     * its canonical facts are saved so a refusal can say what changed */
	PtrVec live_facts;          /* read: char*, those facts (empty when not saved) */
} PlanFileMeta;

int plan_file_write(const Plan *plan, const char *path, PgsError *err);
/* Like plan_file_write, also recording `meta` (schema_path, live). */
int plan_file_write_meta(const Plan *plan, const PlanFileMeta *meta, const char *path,
			 PgsError *err);

int plan_file_read(Plan **out, const char *path, PgsError *err);
/* Like plan_file_read; fills *meta (may be NULL) from the file. */
int plan_file_read_meta(Plan **out, PlanFileMeta *meta, const char *path, PgsError *err);

/* Checks that `live` is the schema the saved plan was computed from.  On a
 * mismatch fails with PGSTAGE_EGENERIC, naming the changed facts in the
 * detail when the file recorded them. */
int plan_file_check(const Plan *plan, const PlanFileMeta *meta, const Catalog *live,
		    PgsError *err);

#endif
