/*
 * emit_sql.c - the plan as a psql script.
 * Memory ownership: see emit.h.
 */
#include "emit/emit.h"

#include <string.h>

/* A statement as comment lines, so a reviewer sees what is held back. */
static void put_commented(StrBuf *out, const char *stmt)
{
	const char *p = stmt;
	for (;;) {
		size_t n = strcspn(p, "\n");
		strbuf_puts(out, "-- ");
		strbuf_add(out, p, n);
		if (p[n] != '\n')
			break;
		strbuf_putc(out, '\n');
		p += n + 1;
	}
	strbuf_puts(out, ";\n");
}

void emit_plan_sql(StrBuf *out, const Plan *plan)
{
	strbuf_printf(out, "-- pgstage %s plan\n", PGSTAGE_VERSION);
	if (plan_runnable_count(plan) == 0) {
		strbuf_puts(out, "-- no changes to apply\n");
	} else {
		/* session settings: every statement below runs under them */
		strbuf_puts(out, "SET client_min_messages = warning;\n");
		strbuf_printf(out, "SET lock_timeout = '%dms';\n", plan->lock_timeout_ms);
		strbuf_printf(out, "SET statement_timeout = '%dms';\n", plan->statement_timeout_ms);
	}
	VEC_EACH(const char *, w, &plan->warnings)
		strbuf_printf(out, "-- warning: %s\n", w);
	int phase = -1;
	VEC_EACH(const Op *, op, &plan->ops) {
		bool runnable = !op->held && op->sql.len;
		if ((int) op->phase != phase) {
			phase = (int) op->phase;
			strbuf_printf(out, "\n-- phase: %s%s\n", phase_name(op->phase),
				      op->held ? " (held: run with --allow-drop to include)" : "");
		}
		strbuf_printf(out, "-- %c %s\n", op->action, op->summary ? op->summary : "");
		if (op->note)
			strbuf_printf(out, "--   %s\n", op->note);
		if (op->hazards) {
			strbuf_puts(out, "--   hazards:");
			for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
				if (op->hazards & bit)
					strbuf_printf(out, " %s", hazard_name(bit));
			strbuf_putc(out, '\n');
		}
		VEC_EACH(const Check *, c, &op->checks)
			if (c->ran)
				strbuf_printf(out, "--   pre-flight: %s%s%ld %s\n", c->error ? c->error : "",
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
			strbuf_printf(out, "%s;\n", stmt);
		if (txn)
			strbuf_puts(out, "COMMIT;\n");
	}
}
