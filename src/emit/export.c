/* stub: replaced by the JSON/XML exporters */
#include "emit/export.h"
int emit_plan_json(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err)
{
	(void) out, (void) plan, (void) opts;
	return pgs_error_set(err, PGSTAGE_EGENERIC, "json output not implemented yet");
}
int emit_plan_xml(StrBuf *out, const Plan *plan, const ExportOptions *opts, PgsError *err)
{
	(void) out, (void) plan, (void) opts;
	return pgs_error_set(err, PGSTAGE_EGENERIC, "xml output not implemented yet");
}
