/*
 * types.c - canonical (format_type) names of built-in types.
 *
 * The table was checked against PostgreSQL 15's format_type() output for a
 * table holding every spelling (see tests/unit/test_types.c).
 *
 * Memory ownership: static tables only.
 */
#include "model/types.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *canon;
} aliases[] = {
	/* parser-internal and SQL-standard spellings with a different format_type name */
	{"bit varying", "bit varying"},
	{"bool", "boolean"},
	{"boolean", "boolean"},
	{"bpchar", "character"},
	{"char", "\"char\""},
	{"character", "character"},
	{"character varying", "character varying"},
	{"dec", "numeric"},
	{"decimal", "numeric"},
	{"double precision", "double precision"},
	{"float", "double precision"},
	{"float4", "real"},
	{"float8", "double precision"},
	{"int", "integer"},
	{"int2", "smallint"},
	{"int4", "integer"},
	{"int8", "bigint"},
	{"integer", "integer"},
	{"real", "real"},
	{"smallint", "smallint"},
	{"bigint", "bigint"},
	{"time", "time without time zone"},
	{"time with time zone", "time with time zone"},
	{"time without time zone", "time without time zone"},
	{"timestamp", "timestamp without time zone"},
	{"timestamp with time zone", "timestamp with time zone"},
	{"timestamp without time zone", "timestamp without time zone"},
	{"timestamptz", "timestamp with time zone"},
	{"timetz", "time with time zone"},
	{"varbit", "bit varying"},
	{"varchar", "character varying"},
};

/* pg_catalog types whose format_type name is their typname (PostgreSQL 15),
 * sorted for bsearch. */
static const char *const plain[] = {
	"aclitem", "any", "anyarray", "anycompatible", "anycompatiblearray",
	"anycompatiblemultirange", "anycompatiblenonarray", "anycompatiblerange", "anyelement",
	"anyenum", "anymultirange", "anynonarray", "anyrange", "bit", "box", "bytea", "cid",
	"cidr", "circle", "cstring", "date", "datemultirange", "daterange", "event_trigger",
	"fdw_handler", "gtsvector", "index_am_handler", "inet", "int2vector", "int4multirange",
	"int4range", "int8multirange", "int8range", "internal", "interval", "json", "jsonb",
	"jsonpath", "language_handler", "line", "lseg", "macaddr", "macaddr8", "money", "name",
	"numeric", "nummultirange", "numrange", "oid", "oidvector", "path",
	"pg_brin_bloom_summary", "pg_brin_minmax_multi_summary", "pg_ddl_command",
	"pg_dependencies", "pg_lsn", "pg_mcv_list", "pg_ndistinct", "pg_node_tree",
	"pg_snapshot", "point", "polygon", "record", "refcursor", "regclass", "regcollation",
	"regconfig", "regdictionary", "regnamespace", "regoper", "regoperator", "regproc",
	"regprocedure", "regrole", "regtype", "table_am_handler", "text", "tid", "trigger",
	"tsm_handler", "tsmultirange", "tsquery", "tsrange", "tstzmultirange", "tstzrange",
	"tsvector", "txid_snapshot", "unknown", "uuid", "void", "xid", "xid8", "xml",
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *) elem);
}

const char *types_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].name, name) == 0)
			return aliases[i].canon;
	const char *const *hit =
		bsearch(name, plain, sizeof plain / sizeof plain[0], sizeof plain[0], cmp_name);
	return hit ? *hit : NULL;
}

/* datetime.h field bits, as intervaltypmodout decodes them */
enum { F_MONTH = 1 << 1, F_YEAR = 1 << 2, F_DAY = 1 << 3, F_HOUR = 1 << 10,
       F_MINUTE = 1 << 11, F_SECOND = 1 << 12, F_FULL = 0x7FFF };

static const char *interval_fields(int mask)
{
	switch (mask) {
	case F_YEAR: return " year";
	case F_MONTH: return " month";
	case F_DAY: return " day";
	case F_HOUR: return " hour";
	case F_MINUTE: return " minute";
	case F_SECOND: return " second";
	case F_YEAR | F_MONTH: return " year to month";
	case F_DAY | F_HOUR: return " day to hour";
	case F_DAY | F_HOUR | F_MINUTE: return " day to minute";
	case F_DAY | F_HOUR | F_MINUTE | F_SECOND: return " day to second";
	case F_HOUR | F_MINUTE: return " hour to minute";
	case F_HOUR | F_MINUTE | F_SECOND: return " hour to second";
	case F_MINUTE | F_SECOND: return " minute to second";
	default: return "";
	}
}

void types_format(StrBuf *sb, const char *base, const int *typmods, int n)
{
	if (strcmp(base, "interval") == 0) {
		strbuf_puts(sb, "interval");
		if (n >= 1)
			strbuf_puts(sb, interval_fields(typmods[0]));
		if (n >= 2 && typmods[1] >= 0)
			strbuf_printf(sb, "(%d)", typmods[1]);
		return;
	}
	if (strcmp(base, "character") == 0 && n == 0) {
		strbuf_puts(sb, "bpchar");   /* bpchar without length prints so */
		return;
	}
	const char *tz = NULL;
	if (strncmp(base, "timestamp ", 10) == 0 || strncmp(base, "time ", 5) == 0)
		tz = strchr(base, ' ');
	if (tz)
		strbuf_add(sb, base, (size_t) (tz - base));
	else
		strbuf_puts(sb, base);
	if (strcmp(base, "numeric") == 0 && n >= 1)
		strbuf_printf(sb, "(%d,%d)", typmods[0], n >= 2 ? typmods[1] : 0);
	else if (n >= 1) {
		strbuf_putc(sb, '(');
		for (int i = 0; i < n; i++)
			strbuf_printf(sb, "%s%d", i ? "," : "", typmods[i]);
		strbuf_putc(sb, ')');
	}
	if (tz)
		strbuf_puts(sb, tz);
}
