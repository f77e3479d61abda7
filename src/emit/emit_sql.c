/*
 * emit_sql.c - the plan as a psql script.
 * Memory ownership: see emit.h.
 */
#include "emit/emit.h"
#include "parse/portable.h"
#include "util/escape.h"

#include <string.h>

/* A statement as comment lines, so a reviewer sees what is held back. */
static void put_commented(StrBuf *out, const char *stmt)
{
	const char *p = stmt;
	for (;;) {
		int n = (int) strcspn(p, "\n");
		bool last = p[n] != '\n';
		strbuf_comment(out, "%.*s%s", n, p, last ? ";" : "");
		if (last)
			break;
		p += n + 1;
	}
}

/* A statement as psql runs it: setting-independent (the SET at the top
 * covers psql and the server; this covers a reader who runs it elsewhere). */
static void put_statement(StrBuf *out, const char *stmt)
{
	PgsError ignored;
	sql_portable(out, stmt, &ignored); /* marker lines mean nothing to psql */
	strbuf_puts(out, ";\n");
}

void emit_plan_sql(StrBuf *out, const Plan *plan)
{
	strbuf_comment(out, "pgstage %s plan", PGSTAGE_VERSION);
	if (plan_runnable_count(plan) == 0) {
		strbuf_comment(out, "no changes to apply");
	} else {
		/* session settings: every statement below runs under them; psql
		 * reads the script's string literals by the first one too */
		strbuf_puts(out, "SET standard_conforming_strings = on;\n");
		strbuf_puts(out, "SET client_min_messages = warning;\n");
		strbuf_printf(out, "SET lock_timeout = '%dms';\n", plan->lock_timeout_ms);
		strbuf_printf(out, "SET statement_timeout = '%dms';\n", plan->statement_timeout_ms);
	}
	VEC_EACH(const char *, w, &plan->warnings)
		strbuf_comment(out, "warning: %s", w);
	int phase = -1;
	VEC_EACH(const Op *, op, &plan->ops) {
		bool runnable = !op->held && op->sql.len;
		if ((int) op->phase != phase) {
			phase = (int) op->phase;
			strbuf_putc(out, '\n');
			strbuf_comment(out, "phase: %s%s", phase_name(op->phase),
				       op->held ? " (held: run with --allow-drop to include)" : "");
		}
		strbuf_comment(out, "%c %s", op->action, op->summary ? op->summary : "");
		if (op->note)
			strbuf_comment(out, "  %s", op->note);
		if (op->hazards) {
			strbuf_puts(out, "--   hazards:");
			for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
				if (op->hazards & bit)
					strbuf_printf(out, " %s", hazard_name(bit));
			strbuf_putc(out, '\n');
		}
		VEC_EACH(const Check *, c, &op->checks)
			if (c->ran)
				strbuf_comment(out, "  pre-flight: %s%s%ld %s", c->error ? c->error : "",
					       c->error ? " -- " : "", c->count, c->what);
		if (!runnable) {
			VEC_EACH(const char *, stmt, &op->sql)
				put_commented(out, stmt);
			continue;
		}
		/* one transaction per operation: a strong lock is released before
		 * the next operation, which may scan another table for long */
		bool txn = !op->no_transaction;
		if (txn)
			strbuf_puts(out, "BEGIN;\n");
		VEC_EACH(const char *, stmt, &op->sql)
			put_statement(out, stmt);
		if (txn)
			strbuf_puts(out, "COMMIT;\n");
	}
}
