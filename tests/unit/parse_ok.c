/*
 * parse_ok.c - see parse_ok.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse_ok.h"
#include "parse/parse.h"

Catalog *parse_ok(const char *sql)
{
	Catalog *cat = NULL;
	PgsError err;
	if (parse_schema_string(&cat, sql, "s.sql", &err) != 0)
		fail_msg("unexpected error: %s:%d:%d: %s", err.file, err.line, err.col, err.message);
	return cat;
}
