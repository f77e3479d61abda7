/*
 * phases.c - names of phases and hazards, the --phase and --fail-on word
 * lists, narrowing a plan to some phases, and the --fail-on refusal.
 * Memory ownership: see plan.h (the refusal text is built in StrBufs released here).
 */
#include "plan/plan_internal.h"
#include "util/strbuf.h"

#include <string.h>

static const char *const phase_names[PHASE_COUNT] = {"expand", "backfill", "tighten", "contract"};

const char *phase_name(Phase phase)
{
	return phase < PHASE_COUNT ? phase_names[phase] : "?";
}

const char *hazard_name(unsigned bit)
{
	switch (bit) {
	case HAZ_DATA_LOSS:
		return "data-loss";
	case HAZ_TABLE_REWRITE:
		return "table-rewrite";
	case HAZ_TABLE_SCAN:
		return "table-scan";
	case HAZ_IRREVERSIBLE:
		return "irreversible";
	case HAZ_BLOCKS_WRITES:
		return "blocks-writes";
	case HAZ_BLOCKS_READS:
		return "blocks-reads";
	case HAZ_BREAKS_OLD_APP:
		return "breaks-old-app";
	default:
		return "?";
	}
}

/* Calls `fn` for each comma-separated word of `list`. */
static int each_word(const char *list, int (*fn)(const char *word, size_t n, unsigned *mask),
		     unsigned *mask)
{
	*mask = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		if (n == 0 || fn(p, n, mask))
			return -1;
		p += n + (p[n] == ',');
	}
	return *mask ? 0 : -1;
}

static int phase_word(const char *w, size_t n, unsigned *mask)
{
	if (n == 3 && strncmp(w, "all", 3) == 0) {
		*mask |= (1u << PHASE_COUNT) - 1;
		return 0;
	}
	for (int ph = 0; ph < PHASE_COUNT; ph++)
		if (strlen(phase_names[ph]) == n && strncmp(w, phase_names[ph], n) == 0) {
			*mask |= 1u << ph;
			return 0;
		}
	return -1;
}

static int hazard_word(const char *w, size_t n, unsigned *mask)
{
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1) {
		const char *name = hazard_name(bit);
		if (strlen(name) == n && strncmp(w, name, n) == 0) {
			*mask |= bit;
			return 0;
		}
	}
	return -1;
}

int plan_parse_phases(const char *list, unsigned *mask)
{
	return each_word(list, phase_word, mask);
}

int plan_parse_hazards(const char *list, unsigned *mask)
{
	return each_word(list, hazard_word, mask);
}

void plan_select_phases(Plan *p, unsigned mask)
{
	size_t keep = 0;
	for (size_t i = 0; i < p->ops.len; i++) {
		Op *op = p->ops.items[i];
		if (mask & (1u << op->phase))
			p->ops.items[keep++] = op;
	}
	p->ops.len = keep;
	p->n_add = p->n_change = p->n_drop = p->n_held = 0;
	plan_count_ops(p);
}

unsigned plan_hazards(const Plan *plan)
{
	unsigned h = 0;
	VEC_EACH(const Op *, op, &plan->ops)
		if (!op->held)
			h |= op->hazards;
	return h;
}

int plan_fail_on(const Plan *plan, unsigned fail_on, unsigned phases, PgsError *err)
{
	unsigned found = 0;
	VEC_EACH(const Op *, op, &plan->ops)
		if (!op->held && (!phases || (phases & (1u << op->phase))))
			found |= op->hazards;
	found &= fail_on;
	if (!found)
		return 0;
	StrBuf names = STRBUF_INIT, ops = STRBUF_INIT;
	for (unsigned bit = 1; bit < (1u << HAZ_COUNT); bit <<= 1)
		if (found & bit)
			strbuf_printf(&names, " %s", hazard_name(bit));
	VEC_EACH(const Op *, op, &plan->ops)
		if (!op->held && (!phases || (phases & (1u << op->phase))) && (op->hazards & found))
			strbuf_printf(&ops, "%s%s", ops.len ? "\n" : "", op->summary);
	pgs_error_set(err, PGSTAGE_EREFUSED, "the plan carries hazards listed in --fail-on:%s",
		      names.buf);
	pgs_error_detail(err, "%s", ops.buf);
	strbuf_release(&names);
	strbuf_release(&ops);
	return PGSTAGE_EREFUSED;
}
