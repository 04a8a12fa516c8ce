/*
 * cli-list.c: the listings: list, search, glossary.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Say on standard error that only the newest matches were ranked, when
 * they were (why: for glossa search, rank-time ran out). */
static void say_partial(int64_t total, const char *why)
{
	if (total > GLOSSA_RANK_NEWEST)
		err("glossa: ranked the %d newest of %" PRId64 " matches%s;"
		    " the older ones follow them, newest first\n",
		    GLOSSA_RANK_NEWEST, total, why);
}

static glossa_status_t search_ranked(glossa_db_t *db, const char *query,
				     size_t limit, glossa_page_t *page,
				     int64_t *total, int *partial);

/* Why only the newest matches were ranked. */
static const char *why_partial(void)
{
	return config.rank_time > 0 ? " (ranking every one takes longer"
				      " than rank-time)"
				    : " (rank-time is 0)";
}

/* list QUERY: the matches, as glossa search orders them (a query of
 * filters only: in list order), a page at a time, without snippets; the
 * pages after the first come from the ranking the handle kept. A query
 * of more matches than a ranking is kept for ranks the newest only, as
 * each page would rank them all again. */
static int list_query(const char *db_path, const char *query,
		      const struct list_options *o)
{
	glossa_page_t page = {0};
	glossa_status_t st = GLOSSA_OK;
	size_t shown = 0;
	int64_t total = 0;
	int partial = 0;
	glossa_db_t *db;

	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	while (!o->limit || shown < o->limit) {
		size_t want = o->limit ? o->limit - shown : 512;
		if (want > 512)
			want = 512;
		if (shown == 0) {
			st = search_ranked(db, query, want, &page, &total,
					   &partial);
			if (st == GLOSSA_OK && !partial &&
			    total > GLOSSA_RANK_KEPT &&
			    glossa_search_ranks(query)) {
				glossa_page_clear(&page);
				st = glossa_search(db, query, 0, want, &page,
						   NULL);
				partial = 2;
			}
		} else if (partial) {
			st = glossa_search(db, query, shown, want, &page, NULL);
		} else {
			st = glossa_search_all(db, query, shown, want, &page,
					       NULL);
		}
		if (st != GLOSSA_OK || page.n == 0)
			break;
		for (size_t i = 0; i < page.n; i++)
			print_row(&page.rows[i], o->tsv);
		shown += page.n;
		glossa_page_clear(&page);
	}
	glossa_page_clear(&page);
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return finish_output(EXIT_ERROR);
	}
	fflush(stdout);
	say_more(shown, total);
	if (partial == 2) {
		char why[80];
		snprintf(why, sizeof(why), " (a list of more than %d"
			 " ranks the newest only)", GLOSSA_RANK_KEPT);
		say_partial(total, why);
	} else if (partial) {
		say_partial(total, why_partial());
	}
	glossa_db_close(db);
	return finish_output(EXIT_OK);
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
	if (first < argc) {
		char *query = join_args(argc - first, argv + first);

		if (!query)
			return EXIT_ERROR;
		status = list_query(db_path, query, &o);
		free(query);
		return status;
	}
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

/*
 * Take search's options out of argv wherever they stand, so that
 * "glossa search war drums --limit 5" works while "-steel" stays a query
 * term; "--" ends the options. Returns the number of query words left
 * in argv, or -1 with *status set.
 */
static int parse_search_options(int argc, char **argv, struct list_options *o,
				const char **save, int *status)
{
	int n = 0, options = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (options && strcmp(a, "--") == 0) {
			options = 0;
		} else if (options && strcmp(a, "--tsv") == 0) {
			o->tsv = 1;
		} else if (options && strcmp(a, "--save") == 0) {
			if (i + 1 == argc) {
				*status = usage_of(argv[0], stderr,
						   EXIT_USAGE);
				return -1;
			}
			*save = argv[++i];
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
		} else if (options && strncmp(a, "--", 2) == 0 && a[2]) {
			/* not the exclusion of a word ("-steel" is): an
			 * option glossa search does not have (--sort is
			 * glossa list's) */
			err("glossa: search: unknown option %s (a query word"
			    " that starts with -- goes after --)\n", a);
			*status = usage_of(argv[0], stderr, EXIT_USAGE);
			return -1;
		} else {
			argv[n++] = argv[i];
		}
	}
	return n;
}

/* search --save NAME QUERY: keep it in the archive, and say how many
 * articles it finds now. */
static int save_search(const char *db_path, const char *name,
		       const char *query)
{
	glossa_db_t *db = open_db(db_path, 0);
	int64_t total = 0;

	if (!db)
		return EXIT_ERROR;
	if (glossa_saved_put(db, name, query) != GLOSSA_OK ||
	    glossa_search_count(db, query, 0, &total, NULL) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	out("saved search ");
	put(name);
	out(": ");
	put(query);
	out(" (%" PRId64 " article%s)\n", total, total == 1 ? "" : "s");
	glossa_db_close(db);
	return finish_output(EXIT_OK);
}

/* When a search that ranks every match stops: at rank-time. */
struct rank_limit {
	double deadline;
	int expired;
};

static int rank_expired(void *arg)
{
	struct rank_limit *l = arg;

	return l->expired = glossa_clock() > l->deadline;
}

/*
 * The first limit rows of query's matches, every match ranked if that
 * takes at most rank-time (SQLite looks at the clock between FTS5's
 * calls only: a prefix that starts hundreds of words may take longer
 * before it stops); else the newest GLOSSA_RANK_NEWEST ranked and
 * *partial set if there are more.
 */
static glossa_status_t search_ranked(glossa_db_t *db, const char *query,
				     size_t limit, glossa_page_t *page,
				     int64_t *total, int *partial)
{
	struct rank_limit l = {glossa_clock() + config.rank_time / 1000.0, 0};
	glossa_status_t st = GLOSSA_INTERRUPTED;

	/* filters alone list in list order: nothing to rank */
	if (!glossa_search_ranks(query))
		return glossa_search(db, query, 0, limit, page, total);
	if (config.rank_time > 0) {
		glossa_db_set_interrupt(db, rank_expired, &l);
		st = glossa_search_all(db, query, 0, limit, page, total);
		glossa_db_set_interrupt(db, NULL, NULL);
	}
	if (st == GLOSSA_INTERRUPTED && (l.expired || !config.rank_time)) {
		glossa_page_clear(page);
		st = glossa_search(db, query, 0, limit, page, total);
		*partial = st == GLOSSA_OK && *total > GLOSSA_RANK_NEWEST;
	}
	return st;
}

int cmd_search(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.limit = (size_t)config.search_limit};
	glossa_page_t page = {0};
	glossa_db_t *db;
	int64_t total = 0;
	const char *save = NULL;
	char *query;
	int status = EXIT_OK, words, partial = 0;

	if ((words = parse_search_options(argc, argv, &o, &save, &status)) < 0)
		return status;
	if (!(query = join_args(words, argv)))
		return EXIT_ERROR;
	if (save) {
		status = save_search(db_path, save, query);
		free(query);
		return status;
	}
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY))) {
		free(query);
		return EXIT_ERROR;
	}
	if (search_ranked(db, query, o.limit, &page, &total, &partial) !=
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
		if (partial)
			say_partial(total, why_partial());
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

/* --- searches -------------------------------------------------------- */

/*
 * The saved searches with their counts now and the matches new since
 * each was last opened in the interface (never opened: none are new).
 * --delete NAME forgets one.
 */
int cmd_searches(const char *db_path, int argc, char **argv)
{
	struct list_options o = {0};
	glossa_saved_t *s = NULL;
	glossa_status_t st = GLOSSA_OK;
	glossa_db_t *db;
	size_t n = 0;
	int status = EXIT_OK, first;

	if (argc >= 2 && strcmp(argv[1], "--delete") == 0) {
		if (argc != 3)
			return usage_of(argv[0], stderr, EXIT_USAGE);
		if (!(db = open_db(db_path, 0)))
			return EXIT_ERROR;
		if (glossa_saved_delete(db, argv[2]) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			status = EXIT_ERROR;
		}
		glossa_db_close(db);
		return status;
	}
	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (first < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	st = glossa_saved_list(db, 0, &s, &n);
	for (size_t i = 0; st == GLOSSA_OK && i < n; i++) {
		int64_t total = 0, fresh = 0;

		st = glossa_search_count(db, s[i].query, s[i].seen_id, &total,
					 s[i].last_opened ? &fresh : NULL);
		if (st != GLOSSA_OK)
			break;
		if (o.tsv) {
			put_tsv(s[i].name);
			out("\t%" PRId64 "\t%" PRId64 "\t", total, fresh);
			put_tsv(s[i].query);
			out("\n");
			continue;
		}
		put(s[i].name);
		out("  %" PRId64 " article%s", total, total == 1 ? "" : "s");
		if (fresh)
			out(", %" PRId64 " new", fresh);
		out("  ");
		put(s[i].query);
		out("\n");
	}
	if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	glossa_saved_free(s, n);
	glossa_db_close(db);
	return finish_output(status);
}

/* --- facets ---------------------------------------------------------- */

/* The tags, sources and authors with their articles, most first. */
int cmd_facets(const char *db_path, int argc, char **argv)
{
	static const char *const names[GLOSSA_FACET_KINDS] = {
	    "tag", "source", "author"};
	struct list_options o = {0};
	glossa_facets_t *f = NULL;
	glossa_facet_t *e = NULL;
	glossa_db_t *db;
	size_t n = 0, shown = 0;
	int status = EXIT_OK, first, done, only = -1;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (first + 1 < argc)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	for (int k = 0; first < argc && k < GLOSSA_FACET_KINDS; k++)
		if (strncmp(argv[first], names[k], strlen(names[k])) == 0)
			only = k;
	if (first < argc && only < 0)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	if (glossa_facets_new(&f) != GLOSSA_OK ||
	    glossa_facets_step(db, f, 0, &done) != GLOSSA_OK) {
		err("glossa: %s\n", f ? glossa_db_errmsg(db) : "out of memory");
		glossa_facets_free(f);
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	for (int k = 0; k < GLOSSA_FACET_KINDS; k++) {
		if (only >= 0 && k != only)
			continue;
		if (glossa_facets_get(f, (glossa_facet_kind_t)k, &e, &n) !=
		    GLOSSA_OK) {
			err("glossa: out of memory\n");
			status = EXIT_ERROR;
			break;
		}
		for (size_t i = 0; i < n && (!o.limit || i < o.limit); i++) {
			shown++;
			if (o.tsv) {
				out("%s\t%" PRId64 "\t", names[k], e[i].n);
				put_tsv(e[i].value);
				out("\n");
				continue;
			}
			out("%-6s  %6" PRId64 "  ", names[k], e[i].n);
			put(e[i].value);
			out("\n");
		}
		free(e);
	}
	/* nothing to list: said on a terminal, as list does (a script
	 * reading the output gets it empty) */
	if (status == EXIT_OK && !shown && !o.tsv && isatty(STDERR_FILENO))
		err("no %s in the archive's articles\n",
		    only == 0   ? "tags"
		    : only == 1 ? "sources"
		    : only == 2 ? "authors"
		                : "tags, sources or authors");
	glossa_facets_free(f);
	glossa_db_close(db);
	return finish_output(status);
}
