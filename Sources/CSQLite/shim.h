// Debian's libsqlite3 is built with the preupdate hook and the session
// extension; their declarations in sqlite3.h are behind these macros.
#ifndef MARMOT_CSQLITE_SHIM_H
#define MARMOT_CSQLITE_SHIM_H
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#define SQLITE_ENABLE_SESSION 1
#include <sqlite3.h>
#endif
