/* stub: replaced by the parser */
#include "parse/parse.h"
#include "parse/keyword.h"
int parse_schema_path(Catalog **out, const char *path, PgsError *err)
{
	*out = NULL;
	return pgs_error_set(err, PGSTAGE_EINPUT, "%s: parser not implemented", path);
}
int parse_schema_string(Catalog **out, const char *sql, const char *filename, PgsError *err)
{
	(void) sql;
	*out = NULL;
	return pgs_error_set(err, PGSTAGE_EINPUT, "%s: parser not implemented", filename);
}
void parse_shutdown(void)
{
	keyword_cache_release();
}
