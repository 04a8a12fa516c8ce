/*
 * cli-readings.c: readings from the dictionary for the glosses at the
 * command line: glossa readings --fill (the archive's glosses without a
 * reading), and cli_gloss_reading() for glossa gloss.
 *
 * Exports cmd_readings (a row of cli.c's command table) and
 * cli_gloss_reading().
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli-dict.h"
#include "cli-internal.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

char *cli_gloss_reading(const char *phrase)
{
	glossa_dict_t *dict = cli_dict_open(1);
	char *r = NULL;

	if (!dict)
		return NULL;
	if (glossa_gloss_reading(dict, phrase, &r) != GLOSSA_OK || !r[0]) {
		free(r);
		r = NULL;
	}
	glossa_dict_close(dict);
	return r;
}

int cmd_readings(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"fill", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct timespec t0, t1;
	glossa_dict_t *dict;
	glossa_db_t *db;
	glossa_status_t st;
	int64_t filled = 0;
	int c, fill = 0, status = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "h", options)) != -1) {
		if (c == 'f')
			fill = 1;
		else
			return c == 'h' ? usage_of(argv[0], stdout, EXIT_OK)
					: usage_of(argv[0], stderr, EXIT_USAGE);
	}
	if (!fill || optind != argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (!(dict = cli_dict_open(0)))
		return EXIT_ERROR;
	catch_stop_signals();
	if (!(db = open_db(db_path, 0))) {
		glossa_dict_close(dict);
		return stop_signal ? 128 + stop_signal : EXIT_ERROR;
	}
	glossa_db_set_interrupt(db, stop_requested, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = glossa_readings_fill(db, dict, &filled);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (st != GLOSSA_OK && stop_signal) {
		/* one transaction: rolled back */
		err("interrupted: no reading filled\n");
		status = 128 + stop_signal;
	} else if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else {
		out("filled %" PRId64 " reading%s from the dictionary"
		    " (%lld ms)\n",
		    filled, filled == 1 ? "" : "s",
		    (long long)(t1.tv_sec - t0.tv_sec) * 1000 +
			(t1.tv_nsec - t0.tv_nsec) / 1000000);
	}
	glossa_db_close(db);
	glossa_dict_close(dict);
	status = finish_output(status);
	return stop_signal ? 128 + stop_signal : status;
}
