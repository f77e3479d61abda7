/* placeholder; replaced by the real CLI */
#include "pgstage/pgstage.h"
#include <stdio.h>
int main(void) { puts("pgstage " PGSTAGE_VERSION); return 0; }
