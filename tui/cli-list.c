/*
 * cli-list.c: the listings: list, search, glossary.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "config.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- list ------------------------------------------------------------ */

/* The date column of a row: its day (the normalised date cut to ten
 * characters), "?" for a Date glossa cannot read, "-" for none. */
static const char *date_column(const glossa_row_t *r)
{
	return r->date[0] ? r->date : r->bad_date ? "?" : "-";
}

/* Print one row of a listing. */
static void print_row(const glossa_row_t *r, int tsv)
{
	if (tsv) {
		out("%" PRId64 "\t", r->id);
		put_tsv(r->date);
		out("\t");
		put_tsv(r->source);
		out("\t");
		put_tsv(r->title);
		out("\n");
		return;
	}
	out("%5" PRId64 "  %-10.10s  ", r->id, date_column(r));
	put(r->source[0] ? r->source : "-");
	out("  ");
	put(r->title);
	out("\n");
}

int cmd_list(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.limit = (size_t)config.list_limit,
	                         .sort_ok = 1};
	/* the page before: its last row is where the next one starts */
	glossa_page_t page = {0}, prev = {0};
	glossa_status_t st = GLOSSA_OK;
	size_t shown = 0;
	glossa_db_t *db;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (first < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	/* Page by page, so that listing a huge archive stays small. */
	while (!o.limit || shown < o.limit) {
		size_t want = o.limit ? o.limit - shown : 512;
		st = glossa_list_sorted(db, o.order,
					prev.n ? &prev.rows[prev.n - 1] : NULL,
					0, want < 512 ? want : 512, &page);
		if (st != GLOSSA_OK || page.n == 0)
			break;
		for (size_t i = 0; i < page.n; i++)
			print_row(&page.rows[i], o.tsv);
		shown += page.n;
		glossa_page_clear(&prev);
		prev = page;
		page = (glossa_page_t){0};
	}
	glossa_page_clear(&page);
	glossa_page_clear(&prev);
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else if (o.limit && shown == o.limit && is_tty(stdout)) {
		int64_t total = 0;
		/* the rows first: the note goes after them */
		if (glossa_db_count(db, &total) == GLOSSA_OK) {
			fflush(stdout);
			say_more(shown, total);
		}
	}
	glossa_db_close(db);
	return finish_output(status);
}

/* --- search ---------------------------------------------------------- */

/* The operands joined by spaces, allocated. */
static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!(s = malloc(len)))
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/*
 * Take search's options out of argv wherever they stand, so that
 * "glossa search war drums --limit 5" works while "-steel" stays a query
 * term; "--" ends the options. Returns the number of query words left
 * in argv, or -1 with *status set.
 */
static int parse_search_options(int argc, char **argv, struct list_options *o,
				int *status)
{
	int n = 0, options = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && strcmp(a, "--tsv") == 0) {
			o->tsv = 1;
		} else if (options && strcmp(a, "--help") == 0) {
			*status = usage_of(argv[0], stdout, EXIT_OK);
			return -1;
		} else if (options && (strcmp(a, "--limit") == 0 ||
				       strcmp(a, "-n") == 0)) {
			if (i + 1 == argc ||
			    parse_limit(argv[++i], &o->limit) < 0) {
				*status = usage_of(argv[0], stderr,
						   EXIT_USAGE);
				return -1;
			}
		} else if (options && strncmp(a, "--limit=", 8) == 0) {
			if (parse_limit(a + 8, &o->limit) < 0) {
				*status = EXIT_USAGE;
				return -1;
			}
		} else {
			argv[n++] = argv[i];
		}
	}
	return n;
}

int cmd_search(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.limit = (size_t)config.search_limit};
	glossa_page_t page = {0};
	glossa_db_t *db;
	int64_t total = 0;
	char *query;
	int status = EXIT_OK, words;

	if ((words = parse_search_options(argc, argv, &o, &status)) < 0)
		return status;
	if (!(query = join_args(words, argv)))
		return EXIT_ERROR;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(query);
		return EXIT_ERROR;
	}
	if (glossa_search(db, query, 0, o.limit, &page, &total) !=
	    GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	for (size_t i = 0; i < page.n; i++) {
		const glossa_row_t *r = &page.rows[i];
		if (o.tsv) {
			out("%" PRId64 "\t", r->id);
			put_tsv(r->date);
			out("\t");
			put_tsv(r->title);
			out("\t");
			put_tsv(r->snippet ? r->snippet : "");
			out("\n");
			continue;
		}
		out("%5" PRId64 "  %-10.10s  ", r->id, date_column(r));
		put(r->title);
		out("\n");
		if (r->snippet && r->snippet[0]) {
			out("       ");
			put(r->snippet);
			out("\n");
		}
		if (r->matched_notes && r->matched_notes[0]) {
			char *line = r->matched_notes, *nl;
			do {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				out("       note: ");
				put(line);
				out("\n");
				line = nl + 1;
			} while (nl);
		}
	}
	if (status == EXIT_OK) {
		fflush(stdout);
		say_more(page.n, total);
	}
	glossa_page_clear(&page);
	glossa_db_close(db);
	free(query);
	return finish_output(status);
}

/* --- glossary ------------------------------------------------------- */

int cmd_glossary(const char *db_path, int argc, char **argv)
{
	struct list_options o = {0};
	glossa_glossary_entry_t *e = NULL;
	glossa_status_t st;
	glossa_db_t *db;
	size_t n = 0, shown = 0;
	char *filter;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (!(filter = join_args(argc - first, argv + first)))
		return EXIT_ERROR;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(filter);
		return EXIT_ERROR;
	}
	/* The article counts are the slow part: only for those shown. */
	st = glossa_glossary_list(db, filter, &e, &n);
	if (st == GLOSSA_OK) {
		shown = o.limit && o.limit < n ? o.limit : n;
		st = glossa_glossary_count(db, e, shown);
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_glossary_free(e, n);
		glossa_db_close(db);
		free(filter);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < shown; i++) {
		if (o.tsv) {
			put_tsv(e[i].phrase);
			out("\t");
			put_tsv(e[i].reading);
			out("\t");
			put_tsv(e[i].translations);
			out("\t%" PRId64 "\t%" PRId64 "\n", e[i].n_glosses,
			    e[i].n_articles);
			continue;
		}
		put(e[i].phrase);
		if (e[i].reading[0]) {
			out(" (");
			put(e[i].reading);
			out(")");
		}
		out(" — ");
		for (char *t = e[i].translations, *nl; t; t = nl) {
			if ((nl = strchr(t, '\n')))
				*nl++ = 0;
			put(t);
			if (nl)
				out("; ");
		}
		out("  [%" PRId64 " gloss%s, %" PRId64 " article%s]\n",
		    e[i].n_glosses, e[i].n_glosses == 1 ? "" : "es",
		    e[i].n_articles, e[i].n_articles == 1 ? "" : "s");
	}
	glossa_glossary_free(e, n);
	glossa_db_close(db);
	free(filter);
	return finish_output(status);
}
