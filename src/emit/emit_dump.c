/*
 * emit_dump.c - a catalog as desired-schema DDL: the plan that creates it
 * from nothing, printed as plain statements (pgstage dump).
 * Memory ownership: see emit.h; the temporary diff and plan are freed here.
 */
#include "emit/emit.h"
#include "parse/portable.h"

int emit_catalog_ddl(StrBuf *out, const Catalog *cat, PgsError *err)
{
	Catalog *empty = catalog_new();
	Diff *diff = diff_catalogs(empty, cat);
	Plan *plan = NULL;
	int rc = plan_build(&plan, diff, empty, cat, NULL, err);
	if (rc == 0) {
		strbuf_printf(out, "-- desired schema written by pgstage %s dump\n", PGSTAGE_VERSION);
		/* statements that load the same under any
		 * standard_conforming_strings (parse/portable.h) */
		PgsError ignored;
		VEC_EACH(const Op *, op, &plan->ops)
			VEC_EACH(const char *, stmt, &op->sql) {
				strbuf_putc(out, '\n');
				sql_portable(out, stmt, &ignored);
				strbuf_puts(out, ";\n");
			}
	}
	plan_free(plan);
	diff_free(diff);
	catalog_free(empty);
	return rc;
}
