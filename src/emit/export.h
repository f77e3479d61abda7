/*
 * export.h - machine-readable plan and drift documents: JSON (json-c) and
 * XML (libxml2, described by schemas/plan.xsd), JUnit XML for CI.
 *
 * Memory ownership: appends to the caller's StrBuf.
 */
#ifndef PGSTAGE_EXPORT_H
#define PGSTAGE_EXPORT_H

#include "diff/diff.h"
#include "plan/plan.h"
#include "util/strbuf.h"

typedef struct ExportOptions {
	const char *target;     /* database description, no password */
	const char *source;     /* desired-schema path */
} ExportOptions;

int emit_plan_json(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err);
int emit_plan_xml(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err);

#endif
