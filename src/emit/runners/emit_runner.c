/*
 * emit_runner.c - `pgstage emit` below the CLI: plan both ways, cut into
 * units, number them, render them in the runner's conventions, write.
 * Memory ownership: see runners.h; plans, diffs and units are freed here.
 */
#include "emit/runners/runner_int.h"
#include "parse/portable.h"

#include <ctype.h>
#include <string.h>

const Runner *runner_find(const char *name)
{
	static const Runner *const all[] = {&runner_pgstage, &runner_goose, &runner_migrate,
					    &runner_flyway, &runner_dbmate, &runner_prisma};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (name && strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

const char *runner_names(void)
{
	return "pgstage, goose, golang-migrate, flyway, dbmate, prisma";
}

/* Lower-case [a-z0-9_] words of `name`, joined by single underscores. */
static const char *slugify(Arena *a, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	for (const char *p = name; *p; p++) {
		if (isalnum((unsigned char) *p) && (unsigned char) *p < 128)
			strbuf_putc(&sb, (char) tolower((unsigned char) *p));
		else if (sb.len && sb.buf[sb.len - 1] != '_')
			strbuf_putc(&sb, '_');
	}
	while (sb.len && sb.buf[sb.len - 1] == '_')
		sb.buf[--sb.len] = '\0';
	if (sb.len > 60) /* keep file names short */
		sb.buf[sb.len = 60] = '\0';
	const char *s = sb.len ? arena_strdup(a, sb.buf) : "schema_change";
	strbuf_release(&sb);
	return s;
}

/* slug, or slug_<phase>[_<n>] when a release needs several files. */
static void name_units(Arena *a, PtrVec *units, size_t from, const char *slug)
{
	size_t n = units->len - from;
	for (size_t i = from; i < units->len; i++) {
		Unit *u = units->items[i];
		if (n == 1) {
			u->slug = slug;
			continue;
		}
		size_t same = 0, nth = 0;
		for (size_t j = from; j < units->len; j++) {
			const Unit *v = units->items[j];
			if (v->phase == u->phase) {
				same++;
				if (j <= i)
					nth++;
			}
		}
		u->slug = same == 1 ? arena_printf(a, "%s_%s", slug, phase_name(u->phase))
				    : arena_printf(a, "%s_%s_%zu", slug, phase_name(u->phase), nth);
	}
}

/* Every statement of the units made setting-independent and free of
 * marker lines (parse/portable.h): runners cut files at markers, and
 * those that send a file as one query cannot set
 * standard_conforming_strings before the server reads it. */
static int portable_steps(Arena *a, const PtrVec *steps, PgsError *err)
{
	StrBuf sb = STRBUF_INIT;
	int rc = 0;
	VEC_EACH(Step *, st, steps) {
		strbuf_reset(&sb);
		if ((rc = sql_portable(&sb, st->sql, err)) != 0) {
			pgs_error_detail(err, "in the statements of \"%c %s\"", st->op ? st->op->action : '~',
					 st->op && st->op->summary ? st->op->summary : "");
			break;
		}
		if (strcmp(sb.buf, st->sql) != 0)
			st->sql = arena_strndup(a, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	return rc;
}

static int plan_both(Plan **fwd, Plan **rev, Diff **dfwd, Diff **drev, const EmitRequest *req,
		     const Catalog *live, const Catalog *desired, PgsError *err)
{
	*dfwd = diff_catalogs(live, desired);
	PlanOptions po = req->plan ? *req->plan : (PlanOptions){0};
	po.allow_drop = req->allow_drop || req->contract_only;
	po.reorder_columns = req->reorder_columns;
	int rc = plan_build(fwd, *dfwd, live, desired, &po, err);
	if (rc)
		return rc;
	/* the downs: desired -> live, drops included (they are judged below) */
	*drev = diff_catalogs(desired, live);
	PlanOptions ro = po;
	ro.allow_drop = true;
	return plan_build(rev, *drev, desired, live, &ro, err);
}

int runner_emit(EmitResult *res, const Runner *r, const EmitRequest *req, Catalog *live,
		Catalog *desired, PgsError *err)
{
	memset(res, 0, sizeof *res);
	res->arena = arena_new();
	Arena *a = res->arena;

	Plan *fwd = NULL, *rev = NULL;
	Diff *dfwd = NULL, *drev = NULL;
	PtrVec units = {0}, files = {0};
	int rc = plan_both(&fwd, &rev, &dfwd, &drev, req, live, desired, err);
	if (rc)
		goto out;
	/* --fail-on refuses before anything is written: the phases written */
	if ((rc = plan_fail_on(fwd, req->fail_on,
			       req->contract_only ? 1u << PHASE_CONTRACT : 0, err)))
		goto out;
	size_t earlier = 0;
	VEC_EACH(const Op *, op, &fwd->ops) {
		if (op->held)
			vec_push(a, &res->held, arena_strdup(a, op->summary ? op->summary : ""));
		else if (op->phase != PHASE_CONTRACT)
			earlier++;
	}
	if (req->contract_only && earlier) {
		rc = pgs_error_set(err, PGSTAGE_EUSAGE,
				   "%zu operation(s) of earlier phases are not in migrations yet", earlier);
		pgs_error_hint(err, "emit them first, without --phase contract");
		goto out;
	}
	const char *slug = slugify(a, req->name ? req->name : "schema_change");
	if (!req->contract_only) {
		rc = units_build(&units, a, r, fwd, rev, false, err);
		name_units(a, &units, 0, slug);
	}
	size_t mark = units.len;
	if (rc == 0 && (req->allow_drop || req->contract_only)) {
		rc = units_build(&units, a, r, fwd, rev, true, err);
		/* the contract release reads as what it is */
		name_units(a, &units, mark, slug);
		if (units.len - mark == 1 && mark)
			((Unit *) vec_last(&units))->slug = arena_printf(a, "%s_contract", slug);
	}
	if (rc || units.len == 0)
		goto out;
	VEC_EACH(Unit *, u, &units)
		if (rc == 0 && (rc = portable_steps(a, &u->steps, err)) == 0)
			rc = portable_steps(a, &u->down, err);
	if (rc || (rc = versions_assign(&units, a, r, req->dir, req->now, err)) != 0)
		goto out;
	VEC_EACH(const Unit *, u, &units) {
		r->render(a, &files, u);
		if (u->irreversible)
			vec_push(a, &res->irreversible, arena_printf(a, "%s: %s", u->version, u->irreversible));
	}
	rc = files_write_all(&res->written, a, req->dir, &files, err);
	if (rc == 0)
		res->n_units = units.len;
out:
	plan_free(fwd);
	plan_free(rev);
	diff_free(dfwd);
	diff_free(drev);
	return rc;
}

void runner_emit_release(EmitResult *res)
{
	arena_free(res->arena);
	memset(res, 0, sizeof *res);
}
