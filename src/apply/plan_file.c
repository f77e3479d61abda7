/* stub: replaced by the saved-plan reader/writer */
#include "apply/plan_file.h"
int plan_file_write(const Plan *plan, const char *path, PgsError *err)
{
	(void) plan;
	return pgs_error_set(err, PGSTAGE_EGENERIC, "%s: saving plans is not implemented yet", path);
}
int plan_file_read(Plan **out, const char *path, PgsError *err)
{
	*out = NULL;
	return pgs_error_set(err, PGSTAGE_EGENERIC, "%s: reading plans is not implemented yet", path);
}
