/* stub: replaced by the introspection queries */
#include "introspect/introspect.h"
int introspect_catalog(Catalog **out, PGconn *conn, const IntrospectOptions *opts, PgsError *err)
{
	(void) conn;
	(void) opts;
	*out = NULL;
	return pgs_error_set(err, PGSTAGE_EDB, "introspection not implemented");
}
