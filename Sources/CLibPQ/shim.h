// libpq, PostgreSQL's own client library, from Debian's libpq-dev (headers under /usr/include/postgresql, found
// through `pkg-config libpq`).
#include <libpq-fe.h>
