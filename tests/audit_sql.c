/*
 * audit_sql.c: run SQL on a database file with a plain SQLite connection,
 * as someone holding the file but no key would (tests/audit_cli.sh uses
 * it to tamper with an audit store; it needs no sqlite3 shell). Prints
 * result rows separated by '|'. Exit 1 with SQLite's message on error.
 *
 *	audit_sql DB SQL
 */
#include "config.h"

#include <stdio.h>

#include <sqlite3.h>

static int
audit_sql_row(void *arg, int n, char **vals, char **names)
{
	int i;

	(void)arg;
	(void)names;
	for (i = 0; i < n; i++)
		printf("%s%s", i > 0 ? "|" : "",
		    vals[i] != NULL ? vals[i] : "");
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	char *msg = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: audit_sql DB SQL\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "audit_sql: %s: %s\n", argv[1],
		    sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, argv[2], audit_sql_row, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "audit_sql: %s\n", msg != NULL ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
