/*
 * emit_text.c - the human-readable plan.
 * Memory ownership: see emit.h.
 */
#include "emit/emit.h"

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

static void put_hazards(StrBuf *out, const Op *op)
{
	bool any = false;
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1) {
		if (!(op->hazards & bit))
			continue;
		strbuf_printf(out, "%s%s", any ? ", " : "  [", hazard_name(bit));
		any = true;
	}
	if (any && op->lock)
		strbuf_printf(out, "; %s lock", op->lock);
	if (any)
		strbuf_putc(out, ']');
}

void emit_plan_text(StrBuf *out, const Plan *plan, const TextOptions *o)
{
	if (o->source || o->target)
		strbuf_printf(out, "%sPlan%s: %s -> %s\n\n", colour(o, BOLD), colour(o, RESET),
			      o->target ? o->target : "database", o->source ? o->source : "schema");
	if (plan->ops.len == 0) {
		strbuf_puts(out, "No changes. The database matches the desired schema.\n");
		return;
	}
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
		strbuf_printf(out, "  %s%c %s%s", colour(o, op->held ? DIM : action_colour(op->action)),
			      op->action, op->summary ? op->summary : "", colour(o, RESET));
		put_hazards(out, op);
		strbuf_putc(out, '\n');
		if (op->note)
			strbuf_printf(out, "      %s%s%s\n", colour(o, DIM), op->note, colour(o, RESET));
	}
	if (plan->cycle_note)
		strbuf_printf(out, "\nwarning: %s\n", plan->cycle_note);
	strbuf_printf(out, "\n%zu to add, %zu to change, %zu to drop, %zu held.\n", plan->n_add,
		      plan->n_change, plan->n_drop, plan->n_held);
}
