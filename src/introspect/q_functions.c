/*
 * q_functions.c - functions and procedures (pg_proc prokind 'f', 'p').
 * Aggregates and window functions are listed by q_unsupported.
 *
 * Memory ownership: values are copied into the catalog arena; the PGresult
 * is cleared before returning.
 */
#include "introspect/introspect_int.h"

#include <string.h>

/* From 14, pg_get_function_arguments() marks a procedure's input arguments
 * "IN x integer"; 12 and 13 print "x integer", as a schema file usually
 * does.  Drop the IN at the start of each top-level argument so the text
 * does not depend on the server version (quotes and parentheses in
 * DEFAULT expressions are skipped over). */
static const char *strip_in_modes(IntroCtx *ctx, const char *args)
{
	StrBuf sb = STRBUF_INIT;
	int depth = 0;
	char quote = 0;
	bool arg_start = true;
	for (const char *p = args; *p; p++) {
		if (arg_start && strncmp(p, "IN ", 3) == 0)
			p += 3;
		arg_start = false;
		char ch = *p;
		if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '(') {
			depth++;
		} else if (ch == ')') {
			depth--;
		} else if (ch == ',' && depth == 0 && p[1] == ' ') {
			strbuf_puts(&sb, ", ");
			p++;
			arg_start = true;
			continue;
		}
		strbuf_putc(&sb, ch);
	}
	const char *out = arena_strndup(ctx->cat->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}

int q_functions(IntroCtx *ctx)
{
	StrBuf sql = STRBUF_INIT;
	strbuf_printf(&sql,
		      "SELECT p.oid, n.nspname, p.proname, p.prokind,"
		      /* the signature is the input types only, as the model keys functions */
		      " oidvectortypes(p.proargtypes) AS signature,"
		      " pg_get_function_arguments(p.oid) AS args,"
		      " CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS result,"
		      " l.lanname, %s AS body,"
		      " p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proparallel,"
		      " array_to_string(p.proconfig, ', ') AS config"
		      " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
		      " JOIN pg_language l ON l.oid = p.prolang"
		      " WHERE p.prokind IN ('f', 'p')"
		      /* implicit functions (range constructors) depend internally on their type */
		      " AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 1255"
		      "   AND x.objid = p.oid AND x.deptype = 'i') AND ",
		      /* SQL-standard bodies (BEGIN ATOMIC, RETURN) exist from 14 */
		      ctx->server_version >= 140000
			      ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid)"
				" ELSE p.prosrc END"
			      : "p.prosrc");
	PGresult *res = intro_query_user_objects(ctx, &sql, "n.nspname", CLS_PG_PROC, "p.oid");
	if (!res)
		return PGSTAGE_EDB;
	int f_oid = intro_fnum(res, "oid"), f_nsp = intro_fnum(res, "nspname"),
	    f_name = intro_fnum(res, "proname"), f_kind = intro_fnum(res, "prokind"),
	    f_sig = intro_fnum(res, "signature"), f_args = intro_fnum(res, "args"),
	    f_result = intro_fnum(res, "result"), f_lang = intro_fnum(res, "lanname"),
	    f_body = intro_fnum(res, "body"), f_vol = intro_fnum(res, "provolatile"),
	    f_strict = intro_fnum(res, "proisstrict"), f_secdef = intro_fnum(res, "prosecdef"),
	    f_leak = intro_fnum(res, "proleakproof"), f_par = intro_fnum(res, "proparallel"),
	    f_config = intro_fnum(res, "config");
	int rc = 0;
	for (int i = 0, n = PQntuples(res); i < n && !rc; i++) {
		Function *f = object_new(ctx->cat, OBJ_FUNCTION, sizeof(Function),
					 PQgetvalue(res, i, f_nsp), PQgetvalue(res, i, f_name));
		f->obj.signature = intro_str(ctx, res, i, f_sig);
		f->is_procedure = intro_char(res, i, f_kind) == 'p';
		f->arguments = intro_str(ctx, res, i, f_args);
		if (f->is_procedure && f->arguments)
			f->arguments = strip_in_modes(ctx, f->arguments);
		f->returns = intro_str(ctx, res, i, f_result);
		f->language = intro_str(ctx, res, i, f_lang);
		f->body = intro_str(ctx, res, i, f_body);
		f->volatility = intro_char(res, i, f_vol);
		f->strict = intro_bool(res, i, f_strict);
		f->security_definer = intro_bool(res, i, f_secdef);
		f->leakproof = intro_bool(res, i, f_leak);
		f->parallel = intro_char(res, i, f_par);
		f->config = intro_str(ctx, res, i, f_config);
		rc = intro_add(ctx, &f->obj, CLS_PG_PROC, PQgetvalue(res, i, f_oid));
	}
	PQclear(res);
	return rc;
}
