/*
 * main.c: glossa's entry point: global options, then a command, or the
 * interactive interface when there is none.
 */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "glossa/glossa.h"
#include "tui.h"

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *db_option = NULL, *config_option = NULL;
	glossa_db_t *db;
	char *path, *msg;
	int c, status;

	/*
	 * Blocks of 128 KB and more come from mmap and go back at free().
	 * glibc raises that threshold after the first large free, and then
	 * keeps a long article's layout in the heap after it is gone: the
	 * peak at a million articles was 28.7 MB, 25.4 MB with this.
	 */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	/* '+': stop at the command; its options are its own. */
	while ((c = cli_getopt(argc, argv, "+d:C:hV", options)) != -1) {
		switch (c) {
		case 'd':
			db_option = optarg;
			break;
		case 'C':
			config_option = optarg;
			break;
		case 'h':
			cli_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("glossa %s\n", GLOSSA_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try 'glossa --help'.\n");
			return EXIT_USAGE;
		}
	}
	/* "" would be SQLite's temporary database: gone at exit. (An empty
	 * $GLOSSA_DB counts as unset, as the XDG variables do.) */
	if (db_option && !*db_option) {
		fprintf(stderr, "glossa: -d needs the archive's file name, "
				"not an empty one\n");
		return EXIT_USAGE;
	}
	if (!(path = cli_archive_path(db_option))) {
		fprintf(stderr, "glossa: out of memory\n");
		return EXIT_ERROR;
	}
	/* The front end's configuration (the core never reads it): its
	 * errors are said on stderr, and the interface starts all the same
	 * (it shows the first in its status line); glossa config prints it
	 * in effect, and fails when it has errors. */
	if (config_load(config_option, stderr) < 0) {
		fprintf(stderr, "glossa: out of memory\n");
		return EXIT_ERROR;
	}
	if (optind < argc) {
		status = cli_run(path, argc - optind, argv + optind);
		config_free();
		free(path);
		return status;
	}
	if (glossa_db_open(path, 0, &db, &msg) != GLOSSA_OK) {
		cli_say(stderr, "glossa: %s\n", msg ? msg : "out of memory");
		free(msg);
		free(path);
		return EXIT_ERROR;
	}
	status = tui_main(db, path);
	config_free();
	glossa_db_close(db);
	free(path);
	return status;
}
