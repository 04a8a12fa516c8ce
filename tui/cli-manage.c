/*
 * cli-manage.c: managing articles: delete, set.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-internal.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- delete ---------------------------------------------------------- */

/*
 * Ask on the terminal whether to delete article a (its title and how
 * many notes go with it): 1 yes, 0 no. Without a terminal to ask on,
 * -1: the caller refuses (a script says --yes).
 */
static int ask_delete(const glossa_article_t *a)
{
	char line[64];

	if (!isatty(STDIN_FILENO) || !is_tty(stderr))
		return -1;
	if (a->n_notes)
		err("delete '%s' and its %zu note%s? (y/n) ", a->title,
		    a->n_notes, a->n_notes == 1 ? "" : "s");
	else
		err("delete '%s'? (y/n) ", a->title);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

int cmd_delete(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"yes", no_argument, NULL, 'y'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_db_t *db;
	int c, yes = 0, status = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "yh", options)) != -1) {
		if (c == 'h')
			return usage_of(argv[0], stdout, EXIT_OK);
		if (c != 'y')
			return usage_of(argv[0], stderr, EXIT_USAGE);
		yes = 1;
	}
	if (argc - optind < 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	for (int i = optind; i < argc; i++) {
		int64_t id;
		if (parse_id(argv[i], &id) < 0)
			return EXIT_USAGE;
	}
	if (!yes && (!isatty(STDIN_FILENO) || !is_tty(stderr))) {
		err("glossa: delete asks first, and there is no terminal to"
		    " ask on: nothing deleted (--yes deletes without"
		    " asking)\n");
		return EXIT_USAGE;
	}
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	for (int i = optind; i < argc; i++) {
		glossa_article_t *a;
		size_t n_notes;
		int64_t id;

		parse_id(argv[i], &id);
		if (glossa_article_get(db, id, &a) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			status = EXIT_ERROR;
			continue;
		}
		n_notes = a->n_notes;
		if (!yes && ask_delete(a) <= 0) {
			out("kept %" PRId64 "\n", id);
			glossa_article_free(a);
			continue;
		}
		glossa_article_free(a);
		if (glossa_article_delete(db, id) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			status = EXIT_ERROR;
		} else {
			out("deleted %" PRId64 " and its %zu note%s\n", id,
			    n_notes, n_notes == 1 ? "" : "s");
		}
	}
	glossa_db_close(db);
	return finish_output(status);
}

/* --- set ------------------------------------------------------------- */

int cmd_set(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"title", required_argument, NULL, 't'},
		{"source", required_argument, NULL, 's'},
		{"author", required_argument, NULL, 'a'},
		{"date", required_argument, NULL, 'd'},
		{"tags", required_argument, NULL, 'g'},
		{"url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char letters[] = "tsadgu";
	static const char *const names[] = {"title", "source", "author",
					    "date",  "tags",   "url"};
	glossa_field_t f[6];
	size_t n = 0;
	glossa_db_t *db;
	int64_t id;
	int c, status = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "t:s:a:d:g:u:h", options)) != -1) {
		const char *which = c ? strchr(letters, c) : NULL;
		if (c == 'h')
			return usage_of(argv[0], stdout, EXIT_OK);
		if (!which)
			return usage_of(argv[0], stderr, EXIT_USAGE);
		size_t k = (size_t)(which - letters), j;
		/* the last of one field given twice */
		for (j = 0; j < n && strcmp(f[j].name, names[k]); j++)
			;
		f[j].name = (char *)names[k];
		f[j].value = optarg;
		if (j == n)
			n++;
	}
	if (argc - optind != 1 || n == 0)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[optind], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	if (glossa_article_set(db, id, f, n) != GLOSSA_OK) {
		err("glossa: %s; nothing changed\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else {
		out("changed %" PRId64 "\n", id);
	}
	glossa_db_close(db);
	return finish_output(status);
}
