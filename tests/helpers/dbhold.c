/*
 * dbhold.c: a test helper that writes to an archive with plain SQLite,
 * as another process would, to make the interface's writes meet a lock
 * or fail.
 *
 *   dbhold DB SECONDS [SQL]
 *
 * Opens DB, takes its write lock (BEGIN IMMEDIATE, waiting up to 10 s),
 * runs SQL if given, prints "held" (flushed), keeps the lock for SECONDS,
 * then commits. Exit status 0, or 1 with a message on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

int main(int argc, char **argv)
{
	sqlite3 *db;
	char *err = NULL;
	int rc;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: dbhold DB SECONDS [SQL]\n");
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "dbhold: %s: %s\n", argv[1],
		        sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_busy_timeout(db, 10000);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &err);
	if (rc == SQLITE_OK && argc == 4)
		rc = sqlite3_exec(db, argv[3], NULL, NULL, &err);
	if (rc == SQLITE_OK) {
		printf("held\n");
		fflush(stdout);
		sleep((unsigned)atoi(argv[2]));
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &err);
	}
	if (rc != SQLITE_OK) {
		fprintf(stderr, "dbhold: %s\n", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);
	return 0;
}
