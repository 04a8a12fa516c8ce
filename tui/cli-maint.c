/*
 * cli-maint.c: check and backup.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli-internal.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- check and backup ------------------------------------------------ */

int cmd_check(const char *db_path, int argc, char **argv)
{
	glossa_status_t st;
	glossa_db_t *db;
	char *report = NULL, *msg = NULL;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (first < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	/* Read-write when it can: FTS5's check is an INSERT. Damage that
	 * stops the opening (it reads a few tables) is reported as any. */
	if ((st = glossa_db_open(db_path, 0, &db, &msg)) != GLOSSA_OK) {
		if (st == GLOSSA_CORRUPT)
			out("%s: damaged\n", db_path);
		err("glossa: %s\n", msg ? msg : "out of memory");
		free(msg);
		return finish_output(EXIT_ERROR);
	}
	st = glossa_db_check(db, &report);
	if (report)
		put(report);
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	free(report);
	glossa_db_close(db);
	return finish_output(status);
}

int cmd_backup(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"force", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_status_t st;
	glossa_db_t *db;
	int force = 0, c, status = EXIT_OK;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "Fh", options)) != -1) {
		switch (c) {
		case 'F':
			force = 1;
			break;
		case 'h':
			return usage_of(argv[0], stdout, EXIT_OK);
		default:
			return usage_of(argv[0], stderr, EXIT_USAGE);
		}
	}
	if (argc - optind != 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	catch_stop_signals();
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return stop_signal ? 128 + stop_signal : EXIT_ERROR;
	glossa_db_set_interrupt(db, stop_requested, NULL);
	st = glossa_db_backup(db, argv[optind], force);
	if (stop_signal && st != GLOSSA_OK) {
		err("interrupted: %s not written\n", argv[optind]);
		glossa_db_close(db);
		return 128 + stop_signal;
	}
	if (st != GLOSSA_OK) {
		status = say_write_error(db, st);
	} else {
		out("backed up %s to %s\n", db_path, argv[optind]);
	}
	glossa_db_close(db);
	status = finish_output(status);
	return stop_signal ? 128 + stop_signal : status;
}
