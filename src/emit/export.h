/*
 * export.h - machine-readable plan and drift documents: JSON (json-c) and
 * XML (libxml2, described by schemas/plan.xsd), JUnit XML for CI
 * (described by schemas/junit.xsd), and the drift report they render.
 *
 * Every renderer builds the whole document first and appends it to the
 * caller's StrBuf only when it succeeded, so a failure leaves `out` as it
 * was.  Text reaches JSON only through json-c and XML only through
 * libxml2's xmlTextWriter: nothing here escapes by hand.
 *
 * Memory ownership: renderers append to the caller's StrBuf and keep
 * nothing.  A DriftReport owns an arena with its items; it points into the
 * Diff and both catalogs, which must outlive it (drift_report_free()).
 */
#ifndef PGSTAGE_EXPORT_H
#define PGSTAGE_EXPORT_H

#include "diff/diff.h"
#include "plan/plan.h"
#include "util/strbuf.h"

/* Version of the JSON and XML document layouts; bumped on incompatible
 * changes only (new optional fields keep it). */
#define PGSTAGE_EXPORT_FORMAT_VERSION 1
/* The `format` of `plan --format json`: a review document, named apart
 * from the saved plan ("pgstage-plan", src/apply/plan_file.h) that
 * apply --plan reads, which refuses a report by this name. */
#define PLAN_REPORT_FORMAT "pgstage-plan-report"

typedef struct ExportOptions {
	const char *target;     /* database description, no password */
	const char *source;     /* desired-schema path */
	double duration_s;      /* drift: seconds the check took (JUnit time=) */
	const char *timestamp;  /* drift: ISO 8601 start time for JUnit; NULL = none */
} ExportOptions;

/* The plan as one JSON object / XML document: version, target, source,
 * fingerprint, timeouts, phases with their operations in execution order,
 * summary counts. */
int emit_plan_json(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err);
int emit_plan_xml(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err);

/* One object of either catalog and the differences found in it. */
typedef struct DriftItem {
	ObjKind kind;
	const char *name;       /* qualified: "public.users", "public.users.users_audit" */
	PtrVec changes;         /* const Change*, in diff order; empty = matches */
} DriftItem;

typedef struct DriftReport {
	Arena *arena;
	PtrVec items;           /* DriftItem*: every desired object, then live-only ones */
	size_t n_drifted;       /* items with at least one change */
	size_t n_changes;       /* changes in all */
} DriftReport;

/* Groups `diff` by object.  Items are sorted by (kind, name) so reports are
 * byte-identical for the same input. */
int drift_report_build(DriftReport **out, const Diff *diff, const Catalog *live,
		       const Catalog *desired, PgsError *err);
void drift_report_free(DriftReport *report);

/* What a change means for drift, one line: the diff's own detail when it
 * has one, else a sentence for its type ("missing from the database"). */
const char *drift_change_detail(const Change *ch);

/* Renderers of a drift report.  Text is for people; JSON lists every
 * difference with object kind, name and detail; JUnit has one test case
 * per item, failing ones carrying their differences. */
void emit_drift_text(StrBuf *out, const DriftReport *report, const ExportOptions *opts);
int emit_drift_json(StrBuf *out, const DriftReport *report, const ExportOptions *opts,
		    PgsError *err);
int emit_drift_junit(StrBuf *out, const DriftReport *report, const ExportOptions *opts,
		     PgsError *err);

/* Documents saying the check itself failed with `failure` (no password in
 * it: errors from src/introspect never carry one), so CI still finds a
 * report: JSON with an "error" member, JUnit with one errored test case. */
int emit_drift_error_json(StrBuf *out, const PgsError *failure, const ExportOptions *opts,
			  PgsError *err);
int emit_drift_error_junit(StrBuf *out, const PgsError *failure, const ExportOptions *opts,
			   PgsError *err);

#endif
