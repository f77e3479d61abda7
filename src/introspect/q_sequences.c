/*
 * q_sequences.c - sequences with their pg_sequence options and OWNED BY
 * (an auto dependency on a table column, which serial columns create).
 * Identity sequences are skipped: they are part of their column.
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

int q_sequences(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_puts(&sql,
		    "SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL) AS seqtype,"
		    " s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
		    " oc.relname AS owned_table, oa.attname AS owned_column"
		    " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
		    " JOIN pg_namespace n ON n.oid = c.relnamespace"
		    " LEFT JOIN pg_depend d ON d.classid = 1259 AND d.objid = c.oid"
		    "   AND d.refclassid = 1259 AND d.refobjsubid > 0 AND d.deptype = 'a'"
		    " LEFT JOIN pg_class oc ON oc.oid = d.refobjid"
		    " LEFT JOIN pg_attribute oa ON oa.attrelid = d.refobjid AND oa.attnum = d.refobjsubid"
		    " WHERE NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 1259"
		    "   AND x.objid = c.oid AND x.deptype = 'i') AND ");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_CLASS, "c.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_nsp = intro_fnum(res, "nspname"),
	    f_name = intro_fnum(res, "relname"), f_otab = intro_fnum(res, "owned_table"), f_ocol = intro_fnum(res, "owned_column");
	SeqFields f_seq = intro_seq_fields(res);
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Sequence *q = object_new(ctx->cat, OBJ_SEQUENCE, sizeof(Sequence),
					 PQgetvalue(res, i, f_nsp), PQgetvalue(res, i, f_name));
		intro_seq_options(ctx, &q->opts, res, i, &f_seq);
		q->owned_table = intro_str(ctx, res, i, f_otab);
		q->owned_column = intro_str(ctx, res, i, f_ocol);
		rc = intro_add(ctx, &q->obj, CLS_PG_CLASS, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
