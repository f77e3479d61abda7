/*
 * directive.c - the pgstage directive parser: a recursive-descent parser
 * that follows grammar/directives.ebnf production by production (each
 * function is named after the production it recognizes), plus
 * directive_scan_comments(), which reads the directives among a file's
 * comments as libpg_query's scanner found them (directive_scan_sql() scans
 * a whole text itself).
 *
 * Positions: the parser works on byte offsets into one comment's text and
 * turns an offset into file:line:col only when it reports an error or
 * records a directive's location (col counts UTF-8 characters, 1-based).
 *
 * Memory ownership: every Directive, PositionedDirective, string and vector
 * storage returned lives in the caller's arena; libpg_query results and
 * unpacked protobuf messages are freed before each function returns.
 */
#include "parse/directive.h"
#include "parse/parse_limits.h"

#include <limits.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define VALID_DIRECTIVES \
	"valid directives: renamed from <name>, backfill <expression> [batch <n>], keep, allow-drop"

/* PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
#define MAX_IDENT_BYTES 63

/* The comment text being parsed and where it sits in the file. */
typedef struct Cursor {
	const char *text;
	size_t len;
	size_t pos;         /* byte offset of the next unread character */
	const char *file;   /* arena copy, or NULL */
	int line, col;      /* position of text[0] */
	Arena *arena;
	PgsError *err;
} Cursor;

/* ---- positions and errors ---------------------------------------------- */

static bool is_utf8_lead(unsigned char ch)
{
	return (ch & 0xC0) != 0x80;
}

/* Line and column of text[at], walking from text[0]. */
static void cursor_where(const Cursor *c, size_t at, int *line, int *col)
{
	int l = c->line, k = c->col;
	for (size_t i = 0; i < at && i < c->len; i++) {
		unsigned char ch = (unsigned char) c->text[i];
		if (ch == '\n') {
			l++;
			k = 1;
		} else if (is_utf8_lead(ch)) {
			k++;
		}
	}
	*line = l;
	*col = k;
}

static SrcLoc cursor_loc(const Cursor *c, size_t at)
{
	SrcLoc loc = {.file = c->file};
	cursor_where(c, at, &loc.line, &loc.col);
	return loc;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(Cursor *c, size_t at, const char *fmt, ...)
{
	char msg[sizeof c->err->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line, col;
	cursor_where(c, at, &line, &col);
	return pgs_error_at(c->err, PGSTAGE_EINPUT, c->file, line, col, "%s", msg);
}

/* ---- character classes (terminals of the grammar) ---------------------- */

static bool at_end(const Cursor *c)
{
	return c->pos >= c->len;
}

static char peek(const Cursor *c)
{
	return at_end(c) ? '\0' : c->text[c->pos];
}

/* ws_char: space, tab, newline, carriage return, form feed, vertical tab */
static bool is_ws_char(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* ident_start: ASCII letter, "_" or any non-ASCII byte (as PostgreSQL) */
static bool is_ident_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
	       (unsigned char) ch >= 0x80;
}

/* ident_cont: ident_start, digit or "$" */
static bool is_ident_cont(char ch)
{
	return is_ident_start(ch) || (ch >= '0' && ch <= '9') || ch == '$';
}

/* name_char: the characters of a directive name */
static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

/* ws = ws_char , { ws_char } ;  Returns whether any was consumed. */
static bool ws(Cursor *c)
{
	size_t start = c->pos;
	while (!at_end(c) && is_ws_char(peek(c)))
		c->pos++;
	return c->pos > start;
}

/* Length in bytes of the run of characters at `at` satisfying `cls`. */
static size_t run_length(const Cursor *c, size_t at, bool (*cls)(char))
{
	size_t n = 0;
	while (at + n < c->len && cls(c->text[at + n]))
		n++;
	return n;
}

/* A short excerpt of the text at `at` for error messages: up to the next
 * whitespace or ";", at most 40 bytes, cut on a character boundary. */
static int excerpt_len(const Cursor *c, size_t at)
{
	size_t n = 0;
	while (at + n < c->len && !is_ws_char(c->text[at + n]) && c->text[at + n] != ';')
		n++;
	if (n > 40) {
		n = 40;
		while (n > 0 && !is_utf8_lead((unsigned char) c->text[at + n]))
			n--;
	}
	return (int) n;
}

static bool word_at(const Cursor *c, size_t at, const char *word);

/* ---- end of a directive ------------------------------------------------ */

/* After a directive: [ ws ] , ( ";" | end of comment ).  Does not consume
 * the ";". */
static int directive_end(Cursor *c, const char *after)
{
	ws(c);
	if (at_end(c) || peek(c) == ';')
		return 0;
	fail_at(c, c->pos, "unexpected \"%.*s\" after %s", excerpt_len(c, c->pos),
		c->text + c->pos, after);
	if (word_at(c, c->pos, "renamed") || word_at(c, c->pos, "backfill") ||
	    word_at(c, c->pos, "keep") || word_at(c, c->pos, "allow-drop"))
		pgs_error_hint(c->err, "separate directives with \";\"");
	return PGSTAGE_EINPUT;
}

/* ---- identifier -------------------------------------------------------- */

/* Cuts an identifier to PostgreSQL's 63 bytes, on a character boundary. */
static size_t clip_identifier(const char *s, size_t n)
{
	if (n <= MAX_IDENT_BYTES)
		return n;
	n = MAX_IDENT_BYTES;
	while (n > 0 && !is_utf8_lead((unsigned char) s[n]))
		n--;
	return n;
}

/* bare_identifier = ident_start , { ident_cont } ;
 * Folded to lower case as PostgreSQL does: ASCII A-Z only. */
static int bare_identifier(Cursor *c, const char **out)
{
	size_t start = c->pos;
	size_t n = run_length(c, start, is_ident_cont);
	c->pos += n;
	n = clip_identifier(c->text + start, n);
	char *s = arena_strndup(c->arena, c->text + start, n);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char) (*p - 'A' + 'a');
	*out = s;
	return 0;
}

/* quoted_identifier = '"' , qid_char , { qid_char } , '"' ;
 * qid_char = any character - '"' | '""' ;  kept exactly, "" read as ". */
static int quoted_identifier(Cursor *c, const char **out)
{
	size_t open = c->pos;
	c->pos++; /* the opening quote */
	char *buf = arena_alloc(c->arena, c->len - c->pos + 1);
	size_t n = 0;
	for (;;) {
		if (at_end(c))
			return fail_at(c, open, "unterminated quoted identifier");
		char ch = c->text[c->pos++];
		if (ch == '"') {
			if (peek(c) != '"')
				break;
			c->pos++;
		}
		buf[n++] = ch;
	}
	if (n == 0)
		return fail_at(c, open, "zero-length delimited identifier");
	buf[clip_identifier(buf, n)] = '\0';
	*out = buf;
	return 0;
}

/* identifier = bare_identifier | quoted_identifier ; */
static int identifier(Cursor *c, const char **out, const char *after)
{
	char ch = peek(c);
	if (ch == '"')
		return quoted_identifier(c, out);
	if (is_ident_start(ch))
		return bare_identifier(c, out);
	if (at_end(c) || ch == ';')
		return fail_at(c, c->pos, "expected a name after %s", after);
	return fail_at(c, c->pos, "expected a name after %s, found \"%.*s\"", after,
		       excerpt_len(c, c->pos), c->text + c->pos);
}

/* ---- the directives ---------------------------------------------------- */

/* Whether the word at `at` is exactly `word` (not a prefix of a longer word). */
static bool word_at(const Cursor *c, size_t at, const char *word)
{
	size_t n = strlen(word);
	return at + n <= c->len && memcmp(c->text + at, word, n) == 0 &&
	       !(at + n < c->len && (is_name_char(c->text[at + n]) || is_ident_cont(c->text[at + n])));
}

/* renamed_from = "renamed" , ws , "from" , [ ws ] , identifier ;
 * (the cursor is past "renamed") */
static int renamed_from(Cursor *c, Directive *d)
{
	d->kind = DIRECTIVE_RENAMED_FROM;
	if (!ws(c) || !word_at(c, c->pos, "from"))
		return fail_at(c, c->pos, "expected \"from\" after \"renamed\"");
	c->pos += 4;
	ws(c);
	int rc = identifier(c, &d->name, "\"renamed from\"");
	if (rc)
		return rc;
	if (peek(c) == '.') {
		fail_at(c, c->pos, "\"renamed from\" takes an unqualified name");
		pgs_error_hint(c->err, "an object is renamed within its schema: write only the old name");
		return PGSTAGE_EINPUT;
	}
	return directive_end(c, "the name in \"renamed from\"");
}

/* quoted_string = "'" , { ( any character - "'" ) | "''" } , "'" ; */
static int quoted_string(Cursor *c)
{
	size_t open = c->pos++;
	for (;;) {
		if (at_end(c))
			return fail_at(c, open, "unterminated quoted string in backfill expression");
		if (c->text[c->pos++] == '\'') {
			if (peek(c) != '\'')
				return 0;
			c->pos++;
		}
	}
}

/* quoted_identifier, inside an expression: only skipped over. */
static int expr_quoted_identifier(Cursor *c)
{
	size_t open = c->pos++;
	for (;;) {
		if (at_end(c))
			return fail_at(c, open, "unterminated quoted identifier");
		if (c->text[c->pos++] == '"') {
			if (peek(c) != '"')
				return 0;
			c->pos++;
		}
	}
}

static int expr_element(Cursor *c);

/* paren_group = "(" , { expr_element | ws | ";" } , ")" ; */
static int paren_group(Cursor *c)
{
	size_t open = c->pos++;
	for (;;) {
		if (at_end(c))
			return fail_at(c, open, "unbalanced parentheses in backfill expression: "
				       "\"(\" is not closed");
		char ch = peek(c);
		if (ch == ')') {
			c->pos++;
			return 0;
		}
		if (is_ws_char(ch) || ch == ';') {
			c->pos++;
			continue;
		}
		int rc = expr_element(c);
		if (rc)
			return rc;
	}
}

/* expr_element = quoted_string | quoted_identifier | paren_group | word
 *              | other_char ;
 * word = ident_cont , { ident_cont } ;
 * The caller has checked that the next character is none of ws, ";", ")". */
static int expr_element(Cursor *c)
{
	char ch = peek(c);
	if (ch == '\'')
		return quoted_string(c);
	if (ch == '"')
		return expr_quoted_identifier(c);
	if (ch == '(')
		return paren_group(c);
	if (is_ident_cont(ch)) {
		c->pos += run_length(c, c->pos, is_ident_cont);
		return 0;
	}
	/* other_char: one whole (possibly multi-byte) character; "--" and
	 * slash-star would start an SQL comment in the statement the
	 * expression is pasted into */
	if ((ch == '-' || ch == '/') && c->pos + 1 < c->len &&
	    c->text[c->pos + 1] == (ch == '-' ? '-' : '*'))
		return fail_at(c, c->pos, "comments are not allowed in a backfill expression");
	c->pos++;
	while (!at_end(c) && !is_utf8_lead((unsigned char) peek(c)))
		c->pos++;
	return 0;
}

/* batch_word: the word "batch" standing alone at the top level. */
static bool batch_word(const Cursor *c, size_t at)
{
	return at + 5 <= c->len && memcmp(c->text + at, "batch", 5) == 0 &&
	       !(at + 5 < c->len && is_ident_cont(c->text[at + 5]));
}

/* Whether an expression ends at `at`: end of comment, ";" or batch_word. */
static bool expression_stop(const Cursor *c, size_t at)
{
	return at >= c->len || c->text[at] == ';' || batch_word(c, at);
}

/* expression = expr_element - batch_word ,
 *              { expr_element | ws , ( expr_element - batch_word ) } ;
 * Sets [*start, *end) to the expression's bytes (trailing ws excluded). */
static int expression(Cursor *c, size_t *start, size_t *end)
{
	*start = *end = c->pos;
	if (expression_stop(c, c->pos))
		return fail_at(c, c->pos, "empty backfill expression");
	for (;;) {
		if (peek(c) == ')')
			return fail_at(c, c->pos, "unbalanced parentheses in backfill expression: "
				       "unexpected \")\"");
		int rc = expr_element(c);
		if (rc)
			return rc;
		*end = c->pos;
		size_t save = c->pos;
		if (ws(c)) {
			if (expression_stop(c, c->pos)) {
				c->pos = save;
				return 0;
			}
		} else if (at_end(c) || peek(c) == ';') {
			return 0;
		}
	}
}

/* batch_size = digit , { digit } ;  with a value from 1 to INT_MAX */
static int batch_size(Cursor *c, long *out)
{
	size_t start = c->pos;
	size_t n = 0;
	while (start + n < c->len && !is_ws_char(c->text[start + n]) && c->text[start + n] != ';')
		n++;
	if (n == 0)
		return fail_at(c, start, "expected a batch size after \"batch\"");
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = c->text[start + i];
		if (ch < '0' || ch > '9') {
			fail_at(c, start, "batch size must be a positive integer");
			pgs_error_hint(c->err, "write the number of rows per batch, e.g. \"batch 1000\"");
			return PGSTAGE_EINPUT;
		}
		if (v <= INT_MAX)
			v = v * 10 + (ch - '0');
	}
	if (v == 0) {
		fail_at(c, start, "batch size must be a positive integer");
		pgs_error_hint(c->err, "write the number of rows per batch, e.g. \"batch 1000\"");
		return PGSTAGE_EINPUT;
	}
	if (v > INT_MAX) {
		fail_at(c, start, "batch size is too large");
		pgs_error_hint(c->err, "the largest batch size is %d", INT_MAX);
		return PGSTAGE_EINPUT;
	}
	c->pos += n;
	*out = (long) v;
	return 0;
}

/* Byte offset in `s` (of length `len`) of the `chars`-th UTF-8 character. */
static size_t utf8_offset(const char *s, size_t len, long chars)
{
	size_t i = 0;
	for (long k = 0; k < chars && i < len; k++) {
		i++;
		while (i < len && !is_utf8_lead((unsigned char) s[i]))
			i++;
	}
	return i;
}

/* The parse tree must be exactly `SELECT <one expression>`. */
static bool single_expression(const PgQuery__ParseResult *pr, int *at)
{
	*at = -1;
	if (pr->n_stmts != 1 || !pr->stmts[0]->stmt ||
	    pr->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return false;
	const PgQuery__SelectStmt *s = pr->stmts[0]->stmt->select_stmt;
	if (s->n_target_list > 1 && s->target_list[1]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
		*at = s->target_list[1]->res_target->location;
	if (s->n_target_list != 1 || s->n_from_clause || s->where_clause || s->n_group_clause ||
	    s->having_clause || s->n_window_clause || s->n_values_lists || s->n_sort_clause ||
	    s->limit_offset || s->limit_count || s->n_locking_clause || s->with_clause ||
	    s->into_clause || s->n_distinct_clause ||
	    (s->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED &&
	     s->op != PG_QUERY__SET_OPERATION__SETOP_NONE))
		return false;
	const PgQuery__Node *t = s->target_list[0];
	if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return false;
	const PgQuery__ResTarget *rt = t->res_target;
	if ((rt->name && rt->name[0]) || !rt->val)
		return false;
	if (rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		const PgQuery__ColumnRef *cr = rt->val->column_ref;
		for (size_t i = 0; i < cr->n_fields; i++)
			if (cr->fields[i]->node_case == PG_QUERY__NODE__NODE_A_STAR)
				return false;
	}
	return true;
}

/* Checks the expression [start, end) with libpg_query as `SELECT <expr>`. */
static int validate_expression(Cursor *c, size_t start, size_t end)
{
	static const char prefix[] = "SELECT ";
	const size_t plen = sizeof prefix - 1;
	size_t n = end - start;
	char *sql = arena_alloc(c->arena, plen + n + 1);
	memcpy(sql, prefix, plen);
	memcpy(sql + plen, c->text + start, n);
	sql[plen + n] = '\0';

	int rc = 0, at;
	if (sql_too_many_tokens(sql, plen + n, &at))
		return fail_at(c, start + ((size_t) at > plen ? (size_t) at - plen : 0),
			       "backfill expression too complex: more than %d operators, keywords "
			       "and brackets (pgstage's limit)", PARSE_MAX_TOKENS);
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(sql);
	if (r.error) {
		/* cursorpos: 1-based, in characters of the whole query */
		long chars = (long) r.error->cursorpos - 1 - (long) plen;
		size_t at = start + utf8_offset(c->text + start, n, chars < 0 ? 0 : chars);
		rc = fail_at(c, at, "invalid backfill expression: %s", r.error->message);
	} else if (pb_parse_result_too_deep((const uint8_t *) r.parse_tree.data, r.parse_tree.len,
					    PARSE_MAX_NESTING, &rc)) {
		rc = fail_at(c, start, "backfill expression nested too deeply: more than %d levels "
			     "(pgstage's limit)", PARSE_MAX_NESTING);
	} else {
		PgQuery__ParseResult *pr = pg_query__parse_result__unpack(
			NULL, r.parse_tree.len, (const uint8_t *) r.parse_tree.data);
		int loc = -1;
		if (!pr || !single_expression(pr, &loc)) {
			/* node locations are byte offsets into the query */
			size_t at = start;
			if (loc >= (int) plen && (size_t) loc - plen <= n)
				at = start + ((size_t) loc - plen);
			rc = fail_at(c, at, "backfill expression must be a single expression");
			pgs_error_hint(c->err, "use a scalar subquery, e.g. (SELECT max(n) FROM t), "
				       "to compute the value from other rows");
		}
		if (pr)
			pg_query__parse_result__free_unpacked(pr, NULL);
	}
	pg_query_free_protobuf_parse_result(r);
	return rc;
}

/* backfill = "backfill" , [ ws ] , expression , [ ws , "batch" , ws , batch_size ] ;
 * (the cursor is past "backfill") */
static int backfill(Cursor *c, Directive *d)
{
	d->kind = DIRECTIVE_BACKFILL;
	ws(c);
	size_t start, end;
	int rc = expression(c, &start, &end);
	if (rc)
		return rc;
	ws(c);
	if (batch_word(c, c->pos)) {
		c->pos += 5;
		size_t after = c->pos;
		if (!ws(c) && !at_end(c) && peek(c) != ';')
			return fail_at(c, after, "expected a batch size after \"batch\"");
		rc = batch_size(c, &d->batch);
		if (rc)
			return rc;
	}
	rc = directive_end(c, d->batch ? "the batch size" : "the backfill expression");
	if (rc)
		return rc;
	rc = validate_expression(c, start, end);
	if (rc)
		return rc;
	d->expr = arena_strndup(c->arena, c->text + start, end - start);
	return 0;
}

/* A directive without arguments (the cursor is past its name). */
static int no_argument(Cursor *c, Directive *d, DirectiveKind kind)
{
	d->kind = kind;
	char after[32];
	snprintf(after, sizeof after, "\"%s\"", directive_kind_name(kind));
	return directive_end(c, after);
}

/* keep = "keep" ; */
static int keep(Cursor *c, Directive *d)
{
	return no_argument(c, d, DIRECTIVE_KEEP);
}

/* allow_drop = "allow-drop" ; */
static int allow_drop(Cursor *c, Directive *d)
{
	return no_argument(c, d, DIRECTIVE_ALLOW_DROP);
}

/* directive = renamed_from | backfill | keep | allow_drop ; */
static int directive(Cursor *c, Directive *d)
{
	size_t start = c->pos;
	size_t n = run_length(c, start, is_name_char);
	d->loc = cursor_loc(c, start);
	if (n == 0) {
		if (at_end(c) || peek(c) == ';')
			fail_at(c, start, "expected a pgstage directive");
		else
			fail_at(c, start, "unknown pgstage directive \"%.*s\"", excerpt_len(c, start),
				c->text + start);
		pgs_error_hint(c->err, VALID_DIRECTIVES);
		return PGSTAGE_EINPUT;
	}
	c->pos += n;
	if (word_at(c, start, "renamed"))
		return renamed_from(c, d);
	if (word_at(c, start, "backfill"))
		return backfill(c, d);
	if (word_at(c, start, "keep"))
		return keep(c, d);
	if (word_at(c, start, "allow-drop"))
		return allow_drop(c, d);
	fail_at(c, start, "unknown pgstage directive \"%.*s\"", (int) (n > 40 ? 40 : n),
		c->text + start);
	pgs_error_hint(c->err, VALID_DIRECTIVES);
	return PGSTAGE_EINPUT;
}

/* directive_list = directive , { [ ws ] , ";" , [ ws ] , directive } ,
 *                  [ [ ws ] , ";" ] , [ ws ] ; */
static int directive_list(Cursor *c, PtrVec *out)
{
	for (;;) {
		ws(c);
		Directive *d = ARENA_NEW(c->arena, Directive);
		int rc = directive(c, d);
		if (rc)
			return rc;
		vec_push(c->arena, out, d);
		/* directive() stops at ";" or at the end */
		if (at_end(c))
			return 0;
		c->pos++; /* ";" */
		ws(c);
		if (at_end(c))
			return 0; /* a final ";" */
	}
}

/* marker = "pgstage:" ; */
static bool marker(Cursor *c)
{
	static const char m[] = "pgstage:";
	if (c->len - c->pos < sizeof m - 1 || memcmp(c->text + c->pos, m, sizeof m - 1) != 0)
		return false;
	c->pos += sizeof m - 1;
	return true;
}

/* directive_comment = [ ws ] , marker , directive_list ; */
static int directive_comment(Cursor *c, PtrVec *out, bool *found)
{
	ws(c);
	*found = marker(c);
	if (!*found)
		return 0;
	return directive_list(c, out);
}

/* ---- public API -------------------------------------------------------- */

const char *directive_kind_name(DirectiveKind kind)
{
	switch (kind) {
	case DIRECTIVE_RENAMED_FROM:
		return "renamed from";
	case DIRECTIVE_BACKFILL:
		return "backfill";
	case DIRECTIVE_KEEP:
		return "keep";
	case DIRECTIVE_ALLOW_DROP:
		return "allow-drop";
	}
	return "?";
}

/* Parses `len` bytes of comment text into a fresh list; appends to `out`
 * only on success. */
static int parse_text(PtrVec *out, const char *text, size_t len, const char *file_copy,
		      int line, int col, Arena *arena, PgsError *err)
{
	Cursor c = {.text = text, .len = len, .file = file_copy, .line = line, .col = col,
		    .arena = arena, .err = err};
	PtrVec found_list = {0};
	bool found = false;
	int rc = directive_comment(&c, &found_list, &found);
	if (rc)
		return rc;
	VEC_EACH(Directive *, d, &found_list)
		vec_push(arena, out, d);
	return 0;
}

int directive_parse_all(PtrVec *out, const char *text, const char *file, int line, int col,
			Arena *arena, PgsError *err)
{
	return parse_text(out, text, strlen(text), arena_strdup(arena, file), line, col, arena, err);
}

int directive_parse(Directive *out, bool *found, const char *text, const char *file, int line,
		    int col, Arena *arena, PgsError *err)
{
	PtrVec all = {0};
	*found = false;
	int rc = directive_parse_all(&all, text, file, line, col, arena, err);
	if (rc)
		return rc;
	if (all.len > 0) {
		*out = *(Directive *) all.items[0];
		*found = true;
	}
	return 0;
}

/* Line starts of a text, for offset -> line:col. */
typedef struct Lines {
	const char *text;
	int *starts;   /* arena */
	int n;
} Lines;

static void lines_init(Lines *ls, const char *text, size_t len, Arena *arena)
{
	int n = 1;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	ls->text = text;
	ls->starts = ARENA_ARRAY(arena, int, n);
	ls->n = 0;
	ls->starts[ls->n++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			ls->starts[ls->n++] = (int) i + 1;
}

/* 1-based line and column (in UTF-8 characters) of byte `offset`. */
static void lines_where(const Lines *ls, int offset, int *line, int *col)
{
	int lo = 0, hi = ls->n - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (ls->starts[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	int k = 1;
	for (int i = ls->starts[lo]; i < offset; i++)
		k += is_utf8_lead((unsigned char) ls->text[i]);
	*line = lo + 1;
	*col = k;
}

/* Offset of the `chars`-th character (0-based) of `text`, clamped to len. */
static int lines_char_offset(const char *text, size_t len, long chars)
{
	return (int) utf8_offset(text, len, chars);
}

int directive_scan_comments(PtrVec *out, const char *sql, const SqlComment *comments,
			    size_t n_comments, const char *file, Arena *arena, PgsError *err)
{
	if (n_comments == 0)
		return 0;
	size_t len = strlen(sql);
	const char *file_copy = arena_strdup(arena, file);
	Lines ls;
	lines_init(&ls, sql, len, arena);

	PtrVec found = {0};
	int rc = 0;
	for (size_t i = 0; i < n_comments && rc == 0; i++) {
		const SqlComment *t = &comments[i];
		/* the text between "--" and the line end, or between the slash-star
		 * delimiters */
		int tstart = t->start + 2;
		int tend = t->block ? t->end - 2 : t->end;
		if (!t->block)
			while (tend > tstart && (sql[tend - 1] == '\r' || sql[tend - 1] == '\n'))
				tend--;
		if (tend < tstart)
			tend = tstart;
		int line, col, tline, tcol;
		lines_where(&ls, t->start, &line, &col);
		lines_where(&ls, tstart, &tline, &tcol);
		size_t before = found.len;
		rc = parse_text(&found, sql + tstart, (size_t) (tend - tstart), file_copy, tline,
				tcol, arena, err);
		if (rc || found.len == before)
			continue;

		int end_line, end_col;
		lines_where(&ls, t->end > t->start ? t->end - 1 : t->start, &end_line, &end_col);
		bool trailing = false;
		if (t->code_end > 0) {
			int code_line, code_col;
			lines_where(&ls, t->code_end - 1, &code_line, &code_col);
			trailing = code_line == line;
		}
		for (size_t k = before; k < found.len; k++) {
			PositionedDirective *pd = ARENA_NEW(arena, PositionedDirective);
			pd->d = *(Directive *) found.items[k];
			pd->offset = t->start;
			pd->end = t->end;
			pd->line = line;
			pd->col = col;
			pd->end_line = end_line;
			pd->trailing = trailing;
			pd->block = t->block;
			found.items[k] = pd;
		}
	}
	if (rc)
		return rc;
	VEC_EACH(PositionedDirective *, pd, &found)
		vec_push(arena, out, pd);
	return 0;
}

int directive_scan_sql(PtrVec *out, const char *sql, const char *file, Arena *arena,
		       PgsError *err)
{
	PgQueryScanResult r = pg_query_scan(sql);
	if (r.error) {
		size_t len = strlen(sql);
		Lines ls;
		lines_init(&ls, sql, len, arena);
		int line, col;
		long chars = r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0;
		lines_where(&ls, lines_char_offset(sql, len, chars), &line, &col);
		int rc = pgs_error_at(err, PGSTAGE_EINPUT, arena_strdup(arena, file), line, col,
				      "%s", r.error->message);
		pg_query_free_scan_result(r);
		return rc;
	}
	PgQuery__ScanResult *sr =
		pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *) r.pbuf.data);
	if (!sr) {
		pg_query_free_scan_result(r);
		return pgs_error_set(err, PGSTAGE_EGENERIC, "cannot read libpg_query's scan result");
	}
	SqlComment *comments = ARENA_ARRAY(arena, SqlComment, sr->n_tokens + 1);
	size_t n = 0;
	int code_end = -1;
	for (size_t i = 0; i < sr->n_tokens; i++) {
		const PgQuery__ScanToken *t = sr->tokens[i];
		bool block = t->token == PG_QUERY__TOKEN__C_COMMENT;
		if (block || t->token == PG_QUERY__TOKEN__SQL_COMMENT)
			comments[n++] = (SqlComment){.start = t->start, .end = t->end,
						     .code_end = code_end, .block = block};
		else
			code_end = t->end;
	}
	pg_query__scan_result__free_unpacked(sr, NULL);
	pg_query_free_scan_result(r);
	return directive_scan_comments(out, sql, comments, n, file, arena, err);
}
