// The SQLite C library from Debian's libsqlite3-dev (sqlite.org's own amalgamation, packaged by Debian).
#include <sqlite3.h>
