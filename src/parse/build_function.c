/*
 * build_function.c - CREATE [OR REPLACE] FUNCTION / PROCEDURE.
 *
 * Fields follow what the server reports: arguments as
 * pg_get_function_arguments prints them, the result as
 * pg_get_function_result, the signature as oidvectortypes(proargtypes)
 * (input argument types, without type modifiers), the body verbatim
 * (prosrc), defaults filled in (volatile, not strict, parallel unsafe).
 *
 * Memory ownership: everything goes into the catalog arena.
 */
#include "parse/parse_int.h"
#include "model/ident.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MODE(x) PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_##x

/* Function argument and result types carry no typmod in pg_proc. */
static int arg_type(ParseCtx *ctx, const PgQuery__TypeName *tn, const char **out, const char **dep)
{
	PgQuery__TypeName copy = *tn;
	copy.n_typmods = 0;
	int rc = typename_canonical(ctx, &copy, out, dep);
	if (rc == 0 && strncmp(*out, "bpchar", 6) == 0)
		*out = arena_printf(ctx->cat->arena, "character%s", *out + 6);
	return rc;
}

static bool is_input(PgQuery__FunctionParameterMode m)
{
	return m != MODE(OUT) && m != MODE(TABLE);
}

const char *function_signature(ParseCtx *ctx, Node **params, size_t n, bool objfuncargs)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const PgQuery__TypeName *tn;
		if (objfuncargs) {
			const PgQuery__FunctionParameter *p = params[i]->function_parameter;
			if (!is_input(p->mode))
				continue;
			tn = p->arg_type;
		} else
			tn = params[i]->type_name;
		const char *t;
		if (arg_type(ctx, tn, &t, NULL) != 0) {
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", t);
	}
	const char *r = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* The default's source text: after the DEFAULT keyword or '=' up to ',' or ')'. */
static const char *param_default(ParseCtx *ctx, const PgQuery__FunctionParameter *p)
{
	int start = srctext_min_location(&p->defexpr->base);
	size_t i = srctext_token_at(ctx, start);
	while (i > 0 && ctx->tokens[i - 1].kind != PG_QUERY__TOKEN__DEFAULT &&
	       ctx->tokens[i - 1].kind != '=')
		i--;
	return srctext_until(ctx, i, ctx->stmt_end, NULL);
}

static const char *mode_word(PgQuery__FunctionParameterMode m)
{
	switch (m) {
	case MODE(OUT): return "OUT ";
	case MODE(INOUT): return "INOUT ";
	case MODE(VARIADIC): return "VARIADIC ";
	default: return "";
	}
}

static const char *config_text(ParseCtx *ctx, const PgQuery__VariableSetStmt *v)
{
	StrBuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s=", v->name);
	for (size_t i = 0; i < v->n_args; i++) {
		const Node *a = v->args[i];
		if (i)
			strbuf_puts(&sb, ", ");
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
			const PgQuery__AConst *c = a->a_const;
			if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
				strbuf_puts(&sb, c->sval->sval);
			else if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
				strbuf_printf(&sb, "%d", c->ival->ival);
			else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
				strbuf_puts(&sb, c->fval->fval);
		}
	}
	const char *r = arena_strdup(ctx->cat->arena, sb.buf);
	strbuf_release(&sb);
	return r;
}

int build_function(ParseCtx *ctx, const PgQuery__CreateFunctionStmt *s, int loc)
{
	Arena *a = ctx->cat->arena;
	const char *schema, *name;
	int rc = qualified_name(ctx, s->funcname, s->n_funcname, &schema, &name, loc);
	if (rc)
		return rc;
	if (s->sql_body)
		return parse_error(ctx, loc, "unsupported statement: %s with a SQL-standard body",
				   s->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION");
	Function *f = object_new(ctx->cat, OBJ_FUNCTION, sizeof(Function), schema, name);
	f->obj.loc = srctext_loc(ctx, loc);
	f->is_procedure = s->is_procedure;
	f->volatility = 'v';
	f->parallel = 'u';

	StrBuf args = STRBUF_INIT, table = STRBUF_INIT;
	const char *single_out = NULL;
	int n_out = 0;
	for (size_t i = 0; rc == 0 && i < s->n_parameters; i++) {
		const PgQuery__FunctionParameter *p = s->parameters[i]->function_parameter;
		const char *t, *dep;
		if ((rc = arg_type(ctx, p->arg_type, &t, &dep)))
			break;
		if (dep)
			object_add_dep(ctx->cat, &f->obj, dep);
		if (p->arg_type->setof)
			t = arena_printf(a, "SETOF %s", t);
		StrBuf *dst = p->mode == MODE(TABLE) ? &table : &args;
		if (dst->len)
			strbuf_puts(dst, ", ");
		strbuf_puts(dst, mode_word(p->mode));
		if (p->name && *p->name) {
			strbuf_ident(dst, p->name);
			strbuf_putc(dst, ' ');
		}
		strbuf_puts(dst, t);
		if (p->defexpr) {
			const char *d = param_default(ctx, p);
			strbuf_printf(dst, " DEFAULT %s", d ? d : "?");
		}
		if (p->mode == MODE(OUT) || p->mode == MODE(INOUT))
			single_out = t, n_out++;
	}
	f->arguments = arena_strdup(a, args.buf);
	if (rc == 0 && table.len)
		f->returns = arena_printf(a, "TABLE(%s)", table.buf);
	else if (rc == 0 && s->return_type) {
		const char *t, *dep;
		if ((rc = arg_type(ctx, s->return_type, &t, &dep)) == 0) {
			if (dep)
				object_add_dep(ctx->cat, &f->obj, dep);
			f->returns = s->return_type->setof ? arena_printf(a, "SETOF %s", t) : t;
		}
	} else if (rc == 0 && !s->is_procedure)
		f->returns = n_out == 1 ? single_out : "record";
	strbuf_release(&args);
	strbuf_release(&table);
	if (rc)
		return rc;
	f->obj.signature = function_signature(ctx, s->parameters, s->n_parameters, true);

	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;
		const char *k = d->defname;
		const Node *v = d->arg;
		const char *sv = v && v->node_case == PG_QUERY__NODE__NODE_STRING ? v->string->sval : NULL;
		bool bv = v && v->node_case == PG_QUERY__NODE__NODE_BOOLEAN && v->boolean->boolval;
		if (strcmp(k, "as") == 0 && v && v->node_case == PG_QUERY__NODE__NODE_LIST) {
			const PgQuery__List *l = v->list;
			/* C functions: AS 'obj_file', 'link_symbol'; prosrc is the symbol */
			const char *body = node_str(l->items[l->n_items - 1]);
			f->body = arena_strdup(a, body);
		} else if (strcmp(k, "language") == 0 && sv) {
			char *lang = arena_strdup(a, sv);
			for (char *c = lang; *c; c++)
				*c = (char) tolower((unsigned char) *c);
			f->language = lang;
		} else if (strcmp(k, "volatility") == 0 && sv)
			f->volatility = sv[0];
		else if (strcmp(k, "strict") == 0)
			f->strict = bv;
		else if (strcmp(k, "security") == 0)
			f->security_definer = bv;
		else if (strcmp(k, "leakproof") == 0)
			f->leakproof = bv;
		else if (strcmp(k, "parallel") == 0 && sv)
			f->parallel = sv[0];
		else if (strcmp(k, "set") == 0 && v && v->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
			const char *c = config_text(ctx, v->variable_set_stmt);
			f->config = f->config ? arena_printf(a, "%s, %s", f->config, c) : c;
		} else if (strcmp(k, "cost") == 0 || strcmp(k, "rows") == 0 || strcmp(k, "window") == 0)
			continue; /* planner estimates: not modelled */
		else
			return parse_error(ctx, d->location, "unsupported function option \"%s\"", k);
	}
	if (!f->language)
		return parse_error(ctx, loc, "no language specified");
	object_add_dep(ctx->cat, &f->obj, object_key(a, OBJ_SCHEMA, NULL, NULL, schema, NULL));

	Object *prev = catalog_find(ctx->cat, OBJ_FUNCTION, schema, NULL, name, f->obj.signature);
	if (prev && s->replace) {
		/* OR REPLACE: the later definition wins, at its own location */
		Function *pf = (Function *) prev;
		const char *key = prev->key;
		const char *comment = prev->comment;
		*pf = *f;
		pf->obj.key = key;
		pf->obj.comment = comment;
		return 0;
	}
	return catalog_add(ctx->cat, &f->obj, ctx->err);
}
