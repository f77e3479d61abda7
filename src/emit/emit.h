/*
 * emit.h - rendering a Plan for people (text) and for psql (SQL script),
 * and a catalog as desired-schema DDL (dump).
 *
 * Memory ownership: everything is appended to the caller's StrBuf.
 */
#ifndef PGSTAGE_EMIT_H
#define PGSTAGE_EMIT_H

#include "plan/plan.h"
#include "util/strbuf.h"

typedef struct TextOptions {
	bool color;             /* ANSI colours (the CLI honours NO_COLOR and ttys) */
	const char *target;     /* database description, no password */
	const char *source;     /* desired-schema path */
} TextOptions;

/* One line per operation grouped by phase, hazards in brackets, then a
 * summary line ("3 to add, 1 to change, 1 held"). */
void emit_plan_text(StrBuf *out, const Plan *plan, const TextOptions *opts);

/* A script psql runs as is: transactional operations grouped in
 * BEGIN/COMMIT per phase, others alone; held operations as comments.
 * With no runnable operation it holds comments only. */
void emit_plan_sql(StrBuf *out, const Plan *plan);

/* Desired-schema DDL that recreates `cat` (pgstage dump). */
int emit_catalog_ddl(StrBuf *out, const Catalog *cat, PgsError *err);

#endif
