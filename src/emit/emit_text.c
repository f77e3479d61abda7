/*
 * emit_text.c - the human-readable plan.
 * Memory ownership: see emit.h.
 */
#include "emit/emit.h"
#include "util/escape.h"

#include <string.h>

#define RESET "\033[0m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RED "\033[31m"
#define DIM "\033[2m"
#define BOLD "\033[1m"

static const char *colour(const TextOptions *o, const char *code)
{
	return o->color ? code : "";
}

static const char *action_colour(char action)
{
	return action == '+' ? GREEN : action == '-' ? RED : YELLOW;
}

/* Every text below that comes from a schema, a catalog or a server goes
 * through strbuf_display() (util/escape.h): a name holding a newline or an
 * escape sequence cannot forge a line of the plan or drive the terminal. */

/* "  [ACCESS EXCLUSIVE; table-rewrite, blocks-reads; ~1.2M rows, 85 MB]" */
static void put_costs(StrBuf *out, const Op *op)
{
	if (!op->lock && !op->hazards && !op->cost)
		return;
	strbuf_display(out, "  [%s", op->lock ? op->lock : "no lock");
	const char *sep = "; ";
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1) {
		if (!(op->hazards & bit))
			continue;
		strbuf_printf(out, "%s%s", sep, hazard_name(bit));
		sep = ", ";
	}
	if (op->cost)
		strbuf_display(out, "; %s", op->cost);
	strbuf_putc(out, ']');
}

static void put_checks(StrBuf *out, const Op *op, const TextOptions *o)
{
	VEC_EACH(const Check *, c, &op->checks) {
		if (!c->ran)
			continue;
		long shown = c->count > PREFLIGHT_CAP ? (long) PREFLIGHT_CAP : c->count;
		const char *more = c->count > PREFLIGHT_CAP ? "more than " : "";
		if (c->error) {
			strbuf_printf(out, "      %spre-flight failed:%s ", colour(o, RED), colour(o, RESET));
			strbuf_display(out, "%s: %s", c->what, c->error);
		} else if (c->count > 0 && c->fixed_by_backfill) {
			strbuf_display(out, "      pre-flight: %s%ld %s, fixed by the backfill first", more,
				       shown, c->what);
		} else if (c->count > 0) {
			strbuf_printf(out, "      %spre-flight failed:%s ", colour(o, RED), colour(o, RESET));
			strbuf_display(out, "%s%ld %s%s%s", more, shown, c->what, c->sample ? ", e.g. " : "",
				       c->sample ? c->sample : "");
		} else {
			strbuf_printf(out, "      %s", colour(o, DIM));
			strbuf_display(out, "pre-flight ok: no %s", c->what);
			strbuf_puts(out, colour(o, RESET));
		}
		strbuf_putc(out, '\n');
	}
}

void emit_plan_text(StrBuf *out, const Plan *plan, const TextOptions *o)
{
	if (o->source || o->target) {
		strbuf_printf(out, "%sPlan%s: ", colour(o, BOLD), colour(o, RESET));
		strbuf_display(out, "%s -> %s", o->target ? o->target : "database",
			       o->source ? o->source : "schema");
		strbuf_puts(out, "\n\n");
	}
	if (plan->ops.len == 0) {
		strbuf_puts(out, "No changes. The database matches the desired schema.\n");
		/* what was left alone (a runner's history table) is still said */
		VEC_EACH(const char *, w, &plan->warnings)
			strbuf_printf(out, "\n%swarning:%s %s\n", colour(o, YELLOW), colour(o, RESET), w);
		return;
	}
	strbuf_printf(out, "Every statement runs with lock_timeout %dms", plan->lock_timeout_ms);
	if (plan->statement_timeout_ms)
		strbuf_printf(out, " and statement_timeout %dms", plan->statement_timeout_ms);
	strbuf_puts(out, ".\n\n");
	int shown_phase = -1;
	VEC_EACH(const Op *, op, &plan->ops) {
		if ((int) op->phase != shown_phase) {
			shown_phase = (int) op->phase;
			if (op->held)
				strbuf_printf(out, "%s%s (held: run with --allow-drop to include):%s\n",
					      colour(o, BOLD), phase_name(op->phase), colour(o, RESET));
			else
				strbuf_printf(out, "%s%s:%s\n", colour(o, BOLD), phase_name(op->phase),
					      colour(o, RESET));
		}
		strbuf_printf(out, "  %s", colour(o, op->held ? DIM : action_colour(op->action)));
		strbuf_display(out, "%c %s", op->action, op->summary ? op->summary : "");
		strbuf_puts(out, colour(o, RESET));
		put_costs(out, op);
		strbuf_putc(out, '\n');
		if (op->note) {
			strbuf_printf(out, "      %s", colour(o, DIM));
			strbuf_display(out, "%s", op->note);
			strbuf_printf(out, "%s\n", colour(o, RESET));
		}
		put_checks(out, op, o);
	}
	if (plan->cycle_note) {
		strbuf_puts(out, "\nwarning: ");
		strbuf_display(out, "%s", plan->cycle_note);
		strbuf_putc(out, '\n');
	}
	VEC_EACH(const char *, w, &plan->warnings) {
		strbuf_printf(out, "\n%swarning:%s ", colour(o, YELLOW), colour(o, RESET));
		strbuf_display(out, "%s", w);
		strbuf_putc(out, '\n');
	}
	strbuf_printf(out, "\n%zu to add, %zu to change, %zu to drop, %zu held.\n", plan->n_add,
		      plan->n_change, plan->n_drop, plan->n_held);
}
