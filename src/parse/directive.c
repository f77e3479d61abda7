/* stub: replaced by the directive parser */
#include "parse/directive.h"
int directive_parse(Directive *out, bool *found, const char *text, const char *file, int line,
		    int col, Arena *arena, PgsError *err)
{
	(void) out, (void) text, (void) file, (void) line, (void) col, (void) arena, (void) err;
	*found = false;
	return 0;
}
