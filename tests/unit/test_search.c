/*
 * test_search.c: search past the query language, on real texts (the
 * sample archive, this tree's documentation, Debian's fortunes-zh):
 * search.c's own snippets are those FTS5's snippet() makes, its ranking
 * orders as bm25() does, and glossa_search_newest() gives the newest
 * matches with the rows, filters and counts of glossa_search().
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "glossa/glossa.h"
#include "query.h"
#include "support.h"

#ifndef FORTUNES
#define FORTUNES "/usr/share/games/fortunes/"
#endif

/* An article with this title and date whose body is the file at path
 * (in the source tree), cut to max bytes at a line end. */
static void import_doc(glossa_db_t *db, const char *title, const char *date,
		       const char *rel, size_t max)
{
	char *path = test_src(rel), *body, *text;
	size_t len;

	body = test_read_file(path, &len);
	if (len > max) {
		while (max > 0 && body[max - 1] != '\n')
			max--;
		body[max] = '\0';
	}
	if (asprintf(&text, "Title: %s\nDate: %s\n\n%s", title, date, body) <
	    0)
		fail_msg("out of memory");
	test_import_text(db, text);
	free(text);
	free(body);
	free(path);
}

/* Chinese articles from a fortunes file: n articles of about size bytes
 * each, the fortunes ("%" lines between them) as paragraphs. */
static void import_fortunes(glossa_db_t *db, const char *name, int n,
			    size_t size)
{
	char path[256], line[4096], *text;
	FILE *f;
	size_t len = 0, cap = size + sizeof(line) + 64;

	snprintf(path, sizeof(path), FORTUNES "%s", name);
	if (!(f = fopen(path, "rb")))
		fail_msg("cannot read %s (Debian package fortunes-zh)", path);
	text = malloc(cap);
	assert_non_null(text);
	for (int i = 0; i < n;) {
		if (len == 0)
			len = (size_t)snprintf(text, cap,
					       "Title: %s %d\nDate: 2020-%02d-01"
					       "\nTags: poems\n\n",
					       name, i, 1 + i % 12);
		if (!fgets(line, sizeof(line), f))
			break;
		if (strcmp(line, "%\n") == 0)
			strcpy(line, "\n");
		memcpy(text + len, line, strlen(line) + 1);
		len += strlen(line);
		if (len >= size) {
			test_import_text(db, text);
			len = 0;
			i++;
		}
	}
	fclose(f);
	free(text);
}

/* The sample archive, three documents of this tree and 20 articles of
 * Chinese verse and prose. */
static void import_corpus(glossa_db_t *db)
{
	char *dir = test_src("sample-archive"), path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d))) {
		glossa_import_result_t res;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (glossa_import_file(db, path, NULL, &res) != GLOSSA_OK)
			fail_msg("%s: %s", path, glossa_db_errmsg(db));
		glossa_import_result_clear(&res);
	}
	closedir(d);
	free(dir);
	import_doc(db, "The README", "2024-03-01", "README.md", 30000);
	import_doc(db, "The manual page", "2024-03-02", "tui/glossa.1", 30000);
	import_doc(db, "Bench results", "2024-03-03", "tests/bench/RESULTS.md",
		   6000);
	import_fortunes(db, "tang300", 6, 12000);
	import_fortunes(db, "chinese", 14, 6000);
}

/* Make the connection register search.c's SQL functions. */
static void first_search(glossa_db_t *db)
{
	glossa_page_t page;

	assert_int_equal(glossa_search(db, "x", 0, 1, &page, NULL), GLOSSA_OK);
	glossa_page_clear(&page);
}

#define S GLOSSA_MARK_START
#define E GLOSSA_MARK_END
#define OLD(col) "snippet(article_fts, " col ", '" S "', '" E "', '…', 12)"

/*
 * For every row that matches the FTS5 expression match (100 at most),
 * glossa_snippet() is what search.c made with FTS5's snippet() before:
 * the body's snippet if it has a match, else the best column's. Returns
 * the number of rows compared.
 */
static int same_snippets(glossa_db_t *db, const char *match)
{
	static const char sql[] =
		"SELECT rowid, CASE WHEN instr(" OLD("0") ", '" S "') THEN "
		OLD("0") " ELSE " OLD("-1") " END, glossa_snippet(article_fts)"
		" FROM article_fts WHERE article_fts MATCH ?1"
		" ORDER BY rowid DESC LIMIT 100";
	sqlite3_stmt *stmt;
	int n = 0, rc;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *old = (const char *)sqlite3_column_text(stmt, 1);
		const char *new = (const char *)sqlite3_column_text(stmt, 2);
		if (!old || !new || strcmp(old, new) != 0)
			fail_msg("%s, row %lld:\n  snippet():      %s\n"
				 "  glossa_snippet: %s",
				 match, (long long)sqlite3_column_int64(stmt, 0),
				 old ? old : "(null)", new ? new : "(null)");
		n++;
	}
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", match, sqlite3_errmsg(db->sql));
	sqlite3_finalize(stmt);
	return n;
}

/* The FTS5 expression of query text as search.c writes it, or NULL. */
static char *match_of(glossa_db_t *db, const char *query)
{
	glossa_query_t q;
	char *msg = NULL, *m = NULL, *match = NULL, *exclude = NULL;

	if (glossa_query_parse(query, &q, &msg) != GLOSSA_OK)
		fail_msg("%s: %s", query, msg);
	if (glossa_query_fts(&q, glossa_search_expand, db, &match, &exclude) !=
	    GLOSSA_OK)
		fail_msg("%s: out of memory", query);
	if (match && q.notes_only) {
		if (asprintf(&m, "glosses : (%s)", match) < 0)
			m = NULL;
	} else if (match) {
		m = strdup(match);
	}
	free(match);
	free(exclude);
	glossa_query_clear(&q);
	return m;
}

static void add_query(char ***q, int *n, int *cap, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fail_msg("out of memory");
	va_end(ap);
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*q = realloc(*q, (size_t)*cap * sizeof(**q));
		assert_non_null(*q);
	}
	(*q)[(*n)++] = s;
}

static int is_letter(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Queries from the corpus itself: every 151st word of each text alone,
 * with the word after it as a phrase, and with the word 7 later; and
 * every 307th Han character with the 0 to 3 that follow it. */
static int corpus_queries(glossa_db_t *db, char ***out)
{
	sqlite3_stmt *stmt;
	char **q = NULL;
	int n = 0, cap = 0;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT body FROM article"
					    " ORDER BY id",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(stmt, 0);
		const char *word[8192];
		int len[8192], nw = 0, han = 0;

		for (size_t i = 0; b[i]; i++) {
			const unsigned char *u = (const unsigned char *)b + i;
			if (u[0] >= 0xE4 && u[0] <= 0xE9 && ++han % 307 == 0) {
				int k = 1 + han / 307 % 4;
				if (strnlen(b + i, (size_t)(3 * k)) == (size_t)(3 * k))
					add_query(&q, &n, &cap, "%.*s", 3 * k,
						  b + i);
			}
			if (is_letter(u[0]) && (i == 0 || b[i - 1] == ' ') &&
			    nw < 8192) {
				int w = 0;
				while (is_letter((unsigned char)b[i + w]))
					w++;
				word[nw] = b + i;
				len[nw++] = w;
			}
		}
		for (int i = 0; i + 7 < nw; i += 151) {
			add_query(&q, &n, &cap, "%.*s", len[i], word[i]);
			add_query(&q, &n, &cap, "\"%.*s %.*s\"", len[i], word[i],
				  len[i + 1], word[i + 1]);
			add_query(&q, &n, &cap, "%.*s %.*s", len[i], word[i],
				  len[i + 7], word[i + 7]);
		}
	}
	sqlite3_finalize(stmt);
	*out = q;
	return n;
}

static void test_snippets_as_fts5(void **state)
{
	struct test_archive *f = *state;
	static const char *const fixed[] = {
		"war drums",	  "\"war drums\"",
		"rare OR critical", "baogang -steel",
		"mobili*",	  "title:drums",
		"tag:china",	  "source:\"rare earth\"",
		"in:notes drums", "in:notes 战鼓",
		"in:notes battle", "战鼓",
		"决战",		  "the",
		"a",		  "search",
		"snippet",	  "glossa",
		"的",		  "人",
		"不知",		  "明月",
		"春风",		  "\"the list\"",
		"FTS5",		  "ms",
		"2025",		  "SQLite OR tmux OR curses",
	};
	char **queries;
	int n, rows = 0;

	import_corpus(f->db);
	first_search(f->db);
	/* snippet() knows sentences only by ". " and ": " */
	f->db->fts5_sentences = 1;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		char *m = match_of(f->db, fixed[i]);
		if (m)
			rows += same_snippets(f->db, m);
		free(m);
	}
	n = corpus_queries(f->db, &queries);
	assert_true(n > 100);
	for (int i = 0; i < n; i++) {
		char *m = match_of(f->db, queries[i]);
		if (m)
			rows += same_snippets(f->db, m);
		free(m);
		free(queries[i]);
	}
	free(queries);
	/* not a test that compares nothing */
	assert_true(rows > 1000);
}

/* A column of one token, a body of many matches, matches only in the
 * title, tags or glosses, a body without text: the edges of the window. */
static void test_snippets_at_the_edges(void **state)
{
	struct test_archive *f = *state;
	static const char *const queries[] = {
		"alpha", "beta", "gamma", "delta", "omega", "word",
		"\"alpha beta\"", "alpha beta", "alpha OR omega", "tag:alpha",
		"in:notes alpha", "in:notes omega", "zeta", "epsilon",
	};
	char *text;
	size_t len = 0, cap = 40000;

	test_import_text(f->db, "Title: alpha\n\nbeta\n");
	test_import_text(f->db, "Title: nothing here\nTags: alpha\n\n\n");
	test_import_text(f->db, "Title: only glosses\nGloss: omega | alpha\n\n"
			   "The gloss omega is not in this text.\n");
	test_import_text(f->db, "Title: short\n\nalpha. beta: gamma delta\n");
	text = malloc(cap);
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "Title: long\n\n");
	for (int i = 0; len + 200 < cap; i++)
		len += (size_t)snprintf(
			text + len, cap - len, "%s%s word%s ",
			i % 7 == 0 ? "alpha " : "", i % 101 == 0 ? "beta" : "gamma",
			i % 13 == 0 ? ". Delta:" : i % 29 == 0 ? ".\n" : "");
	test_import_text(f->db, text);
	/* Chinese without a full stop: the one sentence starts the text */
	len = (size_t)snprintf(text, cap, "Title: 长\n\n");
	for (int i = 0; len + 200 < cap / 2; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s%s",
					i % 5 ? "的人" : "zeta", i % 37 ? "" : "。");
	test_import_text(f->db, text);
	free(text);
	first_search(f->db);
	f->db->fts5_sentences = 1;
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		char *m = match_of(f->db, queries[i]);
		assert_non_null(m);
		same_snippets(f->db, m);
		free(m);
	}
	assert_int_equal(same_snippets(f->db, "\"的人\""), 1);
	assert_int_equal(same_snippets(f->db, "\"的\""), 1);
}

/* Fail unless s starts with prefix (or, with not, does not). */
static void starts_with(const char *s, const char *prefix, int not)
{
	if ((strncmp(s, prefix, strlen(prefix)) == 0) == !not)
		return;
	fail_msg("snippet %s '%s': %s", not ? "starts with" : "does not start with",
		 prefix, s);
}

/* The snippet of the one article that matches query. */
static char *snippet_of(glossa_db_t *db, const char *query)
{
	glossa_page_t page;
	char *snippet;

	assert_int_equal(glossa_search(db, query, 0, 10, &page, NULL),
			 GLOSSA_OK);
	assert_int_equal(page.n, 1);
	snippet = strdup(page.rows[0].snippet);
	glossa_page_clear(&page);
	return snippet;
}

/*
 * A snippet starts at the start of the match's sentence where it can, by
 * the rule of exported contexts (glossa_sentence_start()): after 。！？
 * in Chinese, which FTS5's snippet() does not know, and after ! and ?
 * as after a full stop in English.
 */
static void test_snippet_sentences(void **state)
{
	struct test_archive *f = *state;
	char text[4096], *snippet;
	size_t len;

	len = (size_t)snprintf(text, sizeof(text), "Title: 中文\n\n");
	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "的人");
	len += (size_t)snprintf(text + len, sizeof(text) - len,
				"。明月几时有把酒问青天");
	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "的人");
	test_import_text(f->db, text);
	len = (size_t)snprintf(text, sizeof(text), "Title: English\n\n");
	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"filler words ");
	len += (size_t)snprintf(text + len, sizeof(text) - len,
				"go on! Quixotic windmills stand here");
	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					" more words");
	test_import_text(f->db, text);

	snippet = snippet_of(f->db, "几时");
	starts_with(snippet, "…明月" S "几时" E, 0);
	free(snippet);
	snippet = snippet_of(f->db, "windmills");
	starts_with(snippet, "…Quixotic " S "windmills" E, 0);
	free(snippet);
	/* FTS5's rule: the window centred on the match, cut before it */
	f->db->fts5_sentences = 1;
	snippet = snippet_of(f->db, "几时");
	starts_with(snippet, "…明月", 1);
	free(snippet);
	snippet = snippet_of(f->db, "windmills");
	starts_with(snippet, "…Quixotic", 1);
	free(snippet);
}

/* The ids of a page, space-separated, in a static buffer. */
static const char *ids(const glossa_page_t *page)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < page->n && len < sizeof(buf) - 24; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%lld",
					i ? " " : "",
					(long long)page->rows[i].id);
	return buf;
}

/* The ranked order is bm25()'s (with the same weights) where all the
 * query's phrases have fewer matches than glossa_rank() samples. */
static void test_rank_as_bm25(void **state)
{
	struct test_archive *f = *state;
	static const char *const queries[] = {
		"rare earth",	     "china rare",	"the war",
		"critical minerals", "battle OR drums", "magnets china",
		"\"rare earth\" supply", "gallium germanium", "的 人",
		"search snippet",    "glossa sqlite",	"a the of",
		"sample notes",	     "notes rare",	"china earths",
		"exchanges rare",
	};
	sqlite3_stmt *stmt;

	import_corpus(f->db);
	assert_int_equal(
		sqlite3_prepare_v2(f->db->sql,
				   "SELECT article_fts.rowid FROM article_fts"
				   " JOIN article a ON a.id = article_fts.rowid"
				   " WHERE article_fts MATCH ?1 ORDER BY"
				   " bm25(article_fts, 1.0, 10.0, 5.0, 2.0, 3.0),"
				   " a.date DESC, a.id DESC",
				   -1, &stmt, NULL),
		SQLITE_OK);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		glossa_page_t page;
		char *m = match_of(f->db, queries[i]), want[4096];
		size_t len = 0;

		want[0] = '\0';
		sqlite3_bind_text(stmt, 1, m, -1, SQLITE_STATIC);
		while (sqlite3_step(stmt) == SQLITE_ROW && len < 4000)
			len += (size_t)snprintf(
				want + len, sizeof(want) - len, "%s%lld",
				len ? " " : "",
				(long long)sqlite3_column_int64(stmt, 0));
		sqlite3_reset(stmt);
		assert_int_equal(glossa_search(f->db, queries[i], 0, 0, &page,
					       NULL),
				 GLOSSA_OK);
		assert_true(page.n > 1);
		assert_string_equal(ids(&page), want);
		glossa_page_clear(&page);
		free(m);
	}
	sqlite3_finalize(stmt);
}

/*
 * Words in 1000 and more articles: their IDF is estimated from the first
 * 1000 rows, which are spread as all the others are here, so the order
 * is still bm25()'s; "beta" is in half the articles (IDF near 0), and
 * counting only 1000 of its rows would weigh it as much as "alpha".
 */
static void test_rank_estimates_common_words(void **state)
{
	struct test_archive *f = *state;
	glossa_page_t page;
	sqlite3_stmt *stmt;
	int64_t total = 0;

	assert_int_equal(glossa_db_begin(f->db), GLOSSA_OK);
	for (int i = 1; i <= 3000; i++) {
		char sql[256];
		snprintf(sql, sizeof(sql),
			 "INSERT INTO article (id, title, date, date_iso, body)"
			 " VALUES (%d, 'article %d', '2020-01-%02d',"
			 " '2020-01-%02d', '%s%s%s words')",
			 i, i, 1 + i % 28, 1 + i % 28, i % 3 ? "" : "alpha ",
			 i % 2 ? "" : i % 5 ? "beta " : "beta beta beta ",
			 i % 7 ? "filler" : "more filler here");
		assert_int_equal(glossa_db_exec(f->db, sql), GLOSSA_OK);
		assert_int_equal(glossa_fts_article(f->db, i, 1), GLOSSA_OK);
	}
	assert_int_equal(glossa_db_commit(f->db), GLOSSA_OK);
	f->db->rank_max = 3000;
	assert_int_equal(
		sqlite3_prepare_v2(f->db->sql,
				   "SELECT group_concat(id, ' ') FROM (SELECT"
				   " article_fts.rowid AS id FROM article_fts"
				   " JOIN article a ON a.id = article_fts.rowid"
				   " WHERE article_fts MATCH ?1 ORDER BY"
				   " bm25(article_fts, 1.0, 10.0, 5.0, 2.0, 3.0),"
				   " a.date DESC, a.id DESC LIMIT 40)",
				   -1, &stmt, NULL),
		SQLITE_OK);
	sqlite3_bind_text(stmt, 1, "\"alpha\" OR \"beta\"", -1,
			  SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(glossa_search(f->db, "alpha OR beta", 0, 40, &page,
				       &total),
			 GLOSSA_OK);
	assert_int_equal(total, 2000);
	assert_string_equal(ids(&page),
			    (const char *)sqlite3_column_text(stmt, 0));
	glossa_page_clear(&page);
	sqlite3_finalize(stmt);
}

/* Everything a row says, for comparing two searches' rows. */
static void same_row(const glossa_row_t *a, const glossa_row_t *b)
{
	assert_int_equal(a->id, b->id);
	assert_string_equal(a->title, b->title);
	assert_string_equal(a->date, b->date);
	assert_string_equal(a->source, b->source);
	assert_int_equal(a->read, b->read);
	assert_int_equal(a->n_notes, b->n_notes);
	assert_string_equal(a->snippet ? a->snippet : "",
			    b->snippet ? b->snippet : "");
	assert_string_equal(a->matched_notes ? a->matched_notes : "",
			    b->matched_notes ? b->matched_notes : "");
}

/*
 * glossa_search_newest(): the matches of glossa_search(), newest first,
 * each row as glossa_search() gives it (snippet, matched annotations),
 * the same total (glossa_search_count()'s too), any page of it a slice
 * of the whole.
 */
static void check_newest(glossa_db_t *db, const char *query)
{
	glossa_page_t all, ranked, part;
	int64_t total = -1, rtotal = -2;

	assert_int_equal(glossa_search_newest(db, query, 0, 0, &all, &total),
			 GLOSSA_OK);
	assert_int_equal(glossa_search(db, query, 0, 0, &ranked, &rtotal),
			 GLOSSA_OK);
	assert_int_equal(total, rtotal);
	assert_int_equal((int64_t)all.n, total);
	/* glossa_search_count(): the same number, without the rows */
	rtotal = -3;
	assert_int_equal(glossa_search_count(db, query, 0, &rtotal, NULL),
			 GLOSSA_OK);
	assert_int_equal(rtotal, total);
	for (size_t i = 0; i < all.n; i++) {
		size_t j = 0;
		if (i > 0)
			assert_true(all.rows[i].id < all.rows[i - 1].id);
		assert_true(all.rows[i].rank == 0.0);
		while (j < ranked.n && ranked.rows[j].id != all.rows[i].id)
			j++;
		assert_true(j < ranked.n);
		same_row(&all.rows[i], &ranked.rows[j]);
	}
	for (size_t off = 0; off <= all.n + 1; off += 3) {
		assert_int_equal(
			glossa_search_newest(db, query, off, 4, &part, NULL),
			GLOSSA_OK);
		for (size_t i = 0; i < part.n; i++)
			same_row(&part.rows[i], &all.rows[off + i]);
		assert_int_equal(part.n,
				 off >= all.n ? 0
				 : all.n - off < 4 ? all.n - off
						   : 4);
		glossa_page_clear(&part);
	}
	glossa_page_clear(&all);
	glossa_page_clear(&ranked);
}

static void test_newest(void **state)
{
	struct test_archive *f = *state;
	static const char *const queries[] = {
		"common",
		"common -filler",
		"common after:2020-01-05",
		"common before:2020-01-03",
		"tag:odd common",
		"in:notes common",
		"in:notes",
		"common OR nothing",
		"\"common word\"",
		"nothing",
		"absent",
	};
	glossa_page_t page, list;
	char text[512];

	for (int i = 1; i <= 9; i++) {
		snprintf(text, sizeof(text),
			 "Title: Article %d\nDate: 2020-01-0%d\nTags: %s\n%s\n"
			 "%s common word and %d more words%s\n",
			 i, 10 - i, i % 2 ? "odd" : "even",
			 i % 3 ? "" : "Gloss: common | a common gloss\n",
			 i == 4 ? "common common" : "a", i,
			 i % 4 ? " of filler here" : "");
		test_import_text(f->db, text);
	}
	test_import_text(f->db, "Title: Another\nDate: 2021-01-01\n\nnothing\n");
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		check_newest(f->db, queries[i]);
	/* the newest first, whatever the dates (9 is dated first) */
	assert_int_equal(glossa_search_newest(f->db, "common", 0, 3, &page,
					      NULL),
			 GLOSSA_OK);
	assert_string_equal(ids(&page), "9 8 7");
	glossa_page_clear(&page);
	/* no query: the list's order, as glossa_search() gives it */
	assert_int_equal(glossa_search_newest(f->db, "", 0, 0, &page, NULL),
			 GLOSSA_OK);
	assert_int_equal(glossa_search(f->db, "", 0, 0, &list, NULL),
			 GLOSSA_OK);
	assert_string_equal(ids(&page), "10 1 2 3 4 5 6 7 8 9");
	assert_int_equal(page.n, list.n);
	for (size_t i = 0; i < page.n; i++)
		same_row(&page.rows[i], &list.rows[i]);
	glossa_page_clear(&page);
	glossa_page_clear(&list);
	/* errors as glossa_search() has them */
	assert_int_equal(glossa_search_newest(f->db, "after:soon", 0, 0,
					      &page, NULL),
			 GLOSSA_BAD_QUERY);
	assert_int_equal(page.n, 0);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "soon"));
}

/*
 * glossa_search_newest() of query q gives the rows of FTS5 expression
 * match, newest first; *page (glossa_page_clear() it) keeps its rows.
 * Returns the number of rows.
 */
static size_t same_as_fts5(glossa_db_t *db, const char *q, const char *match,
			   glossa_page_t *page)
{
	char want[16384] = "";
	glossa_status_t st;
	sqlite3_stmt *stmt;
	size_t n = 0;

	stmt = glossa_db_prepare(db, "SELECT rowid FROM article_fts WHERE"
				     " article_fts MATCH ? ORDER BY rowid"
				     " DESC", &st);
	assert_non_null(stmt);
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		size_t len = strlen(want);
		snprintf(want + len, sizeof(want) - len, "%s%lld",
			 len ? " " : "",
			 (long long)sqlite3_column_int64(stmt, 0));
		n++;
	}
	sqlite3_finalize(stmt);
	assert_int_equal(glossa_search_newest(db, q, 0, 0, page, NULL),
			 GLOSSA_OK);
	if (strcmp(ids(page), want))
		fail_msg("%s: %s, FTS5's %s: %s", q, ids(page), match, want);
	return n;
}

/* A query and the FTS5 expression whose rows it must give. */
struct prefix_case {
	const char *query, *match;
	int common; /* has rows, the newest with a marked snippet */
};

/* same_as_fts5() for each case, and check_newest(). */
static void same_as_fts5_all(glossa_db_t *db, const struct prefix_case *cases,
			     size_t ncases)
{
	glossa_page_t page;

	for (size_t i = 0; i < ncases; i++) {
		const char *q = cases[i].query;
		size_t n = same_as_fts5(db, q, cases[i].match, &page);

		if (cases[i].common && n < 2)
			fail_msg("%s: the corpus should have it", q);
		if (cases[i].common &&
		    !strstr(page.rows[0].snippet, GLOSSA_MARK_START))
			fail_msg("%s: no mark in \"%s\"", q,
				 page.rows[0].snippet);
		glossa_page_clear(&page);
		check_newest(db, q);
	}
}

/* A '*' after a CJK character is dropped from the query: the rows are
 * those of FTS5's own prefix query (which merges the doclists of every
 * bigram the character starts before its first row). */
static void test_cjk_prefix(void **state)
{
	struct test_archive *f = *state;
	static const char *const chars[] = {"战", "稀", "的", "山", "月",
					    "战鼓", "稀土", "明月"};
	glossa_page_t page;

	import_corpus(f->db);
	for (size_t i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		char q[64], match[64];

		snprintf(q, sizeof(q), "%s*", chars[i]);
		snprintf(match, sizeof(match), "\"%s\" *", chars[i]);
		if (same_as_fts5(f->db, q, match, &page) == 0 && i < 5)
			fail_msg("%s: the corpus should have it", q);
		glossa_page_clear(&page);
	}
}

/* A prefix of one to three characters is searched through the
 * tokenizer's prefix tokens (one of two, which has none, as the OR of the
 * longer ones and the words of two and three characters: "of*" finds
 * "of"; one of three as its token OR the word: "the*" finds "the"; one
 * digit, which has none, as a long prefix): the rows are those of FTS5's
 * own prefix query, in every column and in one, and a snippet marks a
 * word that has the prefix. */
static void test_short_prefix(void **state)
{
	struct test_archive *f = *state;
	static const struct prefix_case cases[] = {
		{"a*", "\"a\" *", 1},
		{"th*", "\"th\" *", 1},
		{"the*", "\"the\" *", 1},
		{"Co*", "\"Co\" *", 1},
		{"s*", "\"s\" *", 1},
		{"wi*", "\"wi\" *", 1},
		{"with*", "\"with\" *", 1},
		{"of*", "\"of\" *", 1},
		{"In*", "\"in\" *", 1},
		{"x*", "\"x\" *", 0},
		{"q*", "\"q\" *", 0},
		{"zz*", "\"zz\" *", 0},
		{"title:the*", "title : \"the\" *", 0},
		{"title:a*", "title : \"a\" *", 0},
		{"source:s*", "source : \"s\" *", 0},
		{"the -th*", "\"the\" NOT \"th\" *", 0},
		{"title:of*", "title : \"of\" *", 0},
		{"the -of*", "\"the\" NOT \"of\" *", 0},
		{"and*", "\"and\" *", 0},
		{"an*", "\"an\" *", 0},
		{"2*", "\"2\" *", 0},
		{"20*", "\"20\" *", 0},
		{"202*", "\"202\" *", 0},
	};

	import_corpus(f->db);
	same_as_fts5_all(f->db, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * A prefix of two characters that the tokenizer makes one: unicode61
 * splits Devanagari at its vowel signs (U+093E, U+093F), so "का*" is
 * "क*" to FTS5 and to the matcher, "कमा*" is "कम*". Their rows are FTS5's
 * prefix query's: the word "कम" and the longer "कमला" (whose prefix token is
 * "कमल") alike.
 */
static void test_short_prefix_folded(void **state)
{
	struct test_archive *f = *state;
	static const struct prefix_case cases[] = {
		{"\u0915\u093e*", "\"\u0915\u093e\" *", 0},
		{"\u0915\u093f*", "\"\u0915\u093f\" *", 0},
		{"\u0915*", "\"\u0915\" *", 0},
		{"\u0915\u092e\u093e*", "\"\u0915\u092e\u093e\" *", 0},
	};
	glossa_page_t page;

	test_import_text(f->db, "Title: One\n\nfoo \u0915\u092e bar\n");
	test_import_text(f->db,
			 "Title: Two\n\nfoo \u0915\u092e\u0932\u093e bar\n");
	test_import_text(f->db, "Title: Three\n\nfoo \u0915 bar\n");
	assert_int_equal(same_as_fts5(f->db, cases[0].query, cases[0].match,
				      &page),
			 3);
	glossa_page_clear(&page);
	same_as_fts5_all(f->db, cases, sizeof(cases) / sizeof(cases[0]));
}

/* A longer prefix is written as the OR of the listed words it starts:
 * the rows are those of FTS5's own prefix query, in every column and in
 * one, stems included, and a snippet marks a word that has the prefix. */
static void test_long_prefix(void **state)
{
	struct test_archive *f = *state;
	static const struct prefix_case cases[] = {
		{"gloss*", "\"gloss\" *", 1},
		{"Searc*", "\"searc\" *", 1},
		{"strat*", "\"strat\" *", 1},
		{"rare earth*", "\"rare\" AND \"earth\" *", 1},
		{"articles*", "\"articles\" *", 1},
		{"tokeni*", "\"tokeni\" *", 1},
		{"zzzzz*", "\"zzzzz\" *", 0},
		{"title:glossa*", "title : \"glossa\" *", 0},
		{"the -gloss*", "\"the\" NOT \"gloss\" *", 0},
		{"gloss* OR searc*", "\"gloss\" * OR \"searc\" *", 0},
		{"\"rare earth\"*", "\"rare earth\" *", 0},
	};

	import_corpus(f->db);
	assert_int_equal(test_words_missing(f->path), 0);
	same_as_fts5_all(f->db, cases, sizeof(cases) / sizeof(cases[0]));
}

/* Excluded words are FTS5's NOT in the expression now: many of them, and
 * excluded phrases and columns, drop the rows they should. */
static void test_many_exclusions(void **state)
{
	struct test_archive *f = *state;
	glossa_page_t page;
	int64_t total = 0;
	char *query = malloc(20000);
	size_t len;

	assert_non_null(query);
	test_import_text(f->db, "Title: one\nTags: red\n\nshared one\n");
	test_import_text(f->db, "Title: two\n\nshared two words\n");
	test_import_text(f->db, "Title: three\n\nshared three\n");
	test_import_text(f->db, "Title: four\n\nshared four words here\n");
	len = (size_t)snprintf(query, 20000, "shared");
	for (int i = 0; i < 1500; i++)
		len += (size_t)snprintf(query + len, 20000 - len, " -w%d", i);
	snprintf(query + len, 20000 - len, " -three");
	assert_int_equal(glossa_search(f->db, query, 0, 0, &page, &total),
			 GLOSSA_OK);
	assert_int_equal(total, 3);
	assert_int_equal(page.n, 3);
	glossa_page_clear(&page);
	assert_int_equal(glossa_search_newest(f->db, query, 0, 0, &page,
					      &total),
			 GLOSSA_OK);
	assert_int_equal(total, 3);
	assert_string_equal(ids(&page), "4 2 1");
	glossa_page_clear(&page);
	assert_int_equal(glossa_search_newest(f->db,
					      "shared -\"two words\" -tag:red",
					      0, 0, &page, &total),
			 GLOSSA_OK);
	assert_int_equal(total, 2);
	assert_string_equal(ids(&page), "4 3");
	glossa_page_clear(&page);
	check_newest(f->db, query);
	check_newest(f->db, "shared -words");
	free(query);
}

/* The ids glossa_search_newest() finds for query, newest first, and
 * (if snippet is not NULL) the first row's snippet. */
static const char *found(glossa_db_t *db, const char *query, char **snippet)
{
	glossa_page_t page;
	int64_t total = -1;
	const char *out;

	if (glossa_search_newest(db, query, 0, 0, &page, &total) != GLOSSA_OK)
		fail_msg("%s: %s", query, glossa_db_errmsg(db));
	assert_int_equal(total, (int64_t)page.n);
	if (snippet)
		*snippet = page.n && page.rows[0].snippet
				   ? strdup(page.rows[0].snippet)
				   : NULL;
	out = ids(&page); /* a static buffer */
	glossa_page_clear(&page);
	return out;
}

static void import_fields(glossa_db_t *db)
{
	test_import_text(db, "Title: Ore grades\nAuthor: 杜甫\n"
			     "URL: https://Example.org/Ore\n"
			     "Tags: rare earths; China; Ürümqi\n\n"
			     "The ore or the rock.\n");
	test_import_text(db, "Title: Either\nAuthor: Li Bai\n"
			     "URL: https://news.test/x\n"
			     "Tags: rare; Chinese policy\n\n"
			     "One or the other mine.\n");
	test_import_text(db, "Title: Mining\nTags: Rare Earths Processing\n\n"
			     "Mining the hills; mines closed. 稀土矿山\n");
}

/*
 * A quoted word is the word as written, folded, never stemmed: Porter
 * makes "ore" and "or" one stem, and "mining" and "mine"; unquoted words
 * still find every word of their stem. The snippet marks the exact word.
 */
static void test_exact_words(void **state)
{
	struct test_archive *f = *state;
	char *snip = NULL;

	import_fields(f->db);
	assert_string_equal(found(f->db, "ore", NULL), "2 1");
	assert_string_equal(found(f->db, "\"ore\"", &snip), "1");
	assert_non_null(strstr(snip, S "ore" E));
	assert_null(strstr(snip, S "or" E));
	free(snip);
	assert_string_equal(found(f->db, "\"Ore\"", NULL), "1");
	assert_string_equal(found(f->db, "\"or\"", &snip), "2 1");
	assert_null(strstr(snip, S "ore" E));
	free(snip);
	assert_string_equal(found(f->db, "\"or\" -\"ore\"", NULL), "2");
	assert_string_equal(found(f->db, "mining", NULL), "3 2");
	assert_string_equal(found(f->db, "mine", NULL), "3 2");
	/* punctuation around a word, as pasted: still the word's stem */
	assert_string_equal(found(f->db, "mining.", NULL), "3 2");
	assert_string_equal(found(f->db, "(mine)", NULL), "3 2");
	assert_string_equal(found(f->db, "\u201cmines\u201d", NULL), "3 2");
	assert_string_equal(found(f->db, "\"mining\"", NULL), "3");
	assert_string_equal(found(f->db, "\"mine\"", NULL), "2");
	assert_string_equal(found(f->db, "\"mines closed\"", NULL), "3");
	assert_string_equal(found(f->db, "\"mine closed\"", NULL), "");
	assert_string_equal(found(f->db, "\"mi\"*", NULL), "3 2");
	assert_string_equal(found(f->db, "\"ore or\"", NULL), "1");
	/* CJK inside quotes: a substring, as always */
	assert_string_equal(found(f->db, "\"土矿\"", NULL), "3");
	assert_string_equal(found(f->db, "\"杜甫\"", NULL), "1");
	assert_int_equal(test_words_missing(f->path), 0);
}

/*
 * Porter is not idempotent: "representation" stems to "represent", whose
 * own stem is "repres". An unquoted word finds the word written as its
 * stem too, as tokenizer 5's index did (its bare stem token was that
 * word): "representation" finds "represent", "diagnose" finds
 * "diagnos" (a man page's hyphenated "diagnos-tic").
 */
static void test_word_written_as_stem(void **state)
{
	struct test_archive *f = *state;

	test_import_text(f->db, "Title: One\n\nThey represent us.\n");
	test_import_text(f->db, "Title: Two\n\nA representation.\n");
	test_import_text(f->db, "Title: Three\n\nTo diagnos- tic.\n");
	assert_string_equal(found(f->db, "representation", NULL), "2 1");
	assert_string_equal(found(f->db, "represent", NULL), "1");
	assert_string_equal(found(f->db, "diagnose", NULL), "3");
	assert_string_equal(found(f->db, "representation -represent", NULL),
	                    "2");
}

/* author: and url:, and a field that does not exist. */
static void test_fields(void **state)
{
	struct test_archive *f = *state;

	import_fields(f->db);
	assert_string_equal(found(f->db, "杜甫", NULL), "1");
	assert_string_equal(found(f->db, "author:杜甫", NULL), "1");
	assert_string_equal(found(f->db, "title:杜甫", NULL), "");
	assert_string_equal(found(f->db, "author:bai", NULL), "2");
	assert_string_equal(found(f->db, "author:\"li bai\"", NULL), "2");
	assert_string_equal(found(f->db, "-author:bai rare", NULL), "3 1");
	assert_string_equal(found(f->db, "url:example.ORG", NULL), "1");
	assert_string_equal(found(f->db, "url:/x", NULL), "2");
	assert_string_equal(found(f->db, "url:https the", NULL), "2 1");
	assert_string_equal(found(f->db, "url:nowhere", NULL), "");
	assert_int_equal(glossa_search(f->db, "url:nowhere", 0, 10,
				       &(glossa_page_t){0}, NULL),
			 GLOSSA_OK);
	/* a URL and a time are text */
	assert_string_equal(found(f->db, "https://news.test/x", NULL), "");
	assert_string_equal(found(f->db, "08:30", NULL), "");
	assert_int_equal(glossa_search_newest(f->db, "ore foo:bar", 0, 0,
					      &(glossa_page_t){0}, NULL),
			 GLOSSA_BAD_QUERY);
	assert_non_null(strstr(glossa_db_errmsg(f->db),
			       "unknown field foo: the fields are title:"));
}

/* tag: is a whole tag, folded; tag:x* a prefix of one. */
static void test_tags(void **state)
{
	struct test_archive *f = *state;

	import_fields(f->db);
	assert_string_equal(found(f->db, "tag:\"rare earths\"", NULL), "1");
	assert_string_equal(found(f->db, "tag:\"RARE  Earths\"", NULL), "1");
	assert_string_equal(found(f->db, "tag:rare", NULL), "2");
	assert_string_equal(found(f->db, "tag:rare*", NULL), "3 2 1");
	assert_string_equal(found(f->db, "tag:\"rare earths\"*", NULL),
			    "3 1");
	assert_string_equal(found(f->db, "tag:rare* -tag:rare", NULL), "3 1");
	assert_string_equal(found(f->db, "tag:china", NULL), "1");
	assert_string_equal(found(f->db, "tag:chin*", NULL), "2 1");
	assert_string_equal(found(f->db, "tag:earths", NULL), "");
	assert_string_equal(found(f->db, "tag:urumqi", NULL), "1");
	assert_string_equal(found(f->db, "tag:china OR tag:rare", NULL),
			    "2 1");
	/* a title or a body is no tag */
	assert_string_equal(found(f->db, "tag:mining", NULL), "");
	assert_int_equal(test_words_missing(f->path), 0);
}

/* Article i of the state archive: its words and its state, a pattern
 * no two filters share. */
static const char *const state_words[] = {"copper", "nickel", "copper tin",
					  "tin"};

static void import_states(glossa_db_t *db, int n)
{
	for (int i = 0; i < n; i++) {
		char text[256];
		int64_t id;

		snprintf(text, sizeof(text),
			 "Title: State %d\nAuthor: %s\nTags: %s\n\n"
			 "A text about %s, phrase%d here.\n",
			 i, i % 2 ? "Ann Lee" : "Bo", i % 3 ? "metals" : "ores",
			 state_words[i % 4], i);
		id = test_import_text(db, text);
		if (i % 3 == 0)
			assert_int_equal(glossa_article_set_read(db, id, 1),
					 GLOSSA_OK);
		if (i % 5 < 2) {
			glossa_annotation_t note = {.article_id = id,
						    .kind = GLOSSA_KIND_NOTE, .pos = -1,
						    .note = "a note"};
			assert_int_equal(glossa_annotation_add(db, &note),
					 GLOSSA_OK);
		}
		if (i % 4 == 1 || i % 7 == 0) {
			char phrase[32];
			glossa_annotation_t g = {.article_id = id,
						 .kind = GLOSSA_KIND_GLOSS, .pos = -1,
						 .translation = "t"};

			snprintf(phrase, sizeof(phrase), "phrase%d", i);
			g.phrase = phrase;
			/* every 7th: a phrase not in the text, kept */
			if (i % 7 == 0) {
				g.phrase = "nowhere to be found";
				g.detached = 1;
			}
			assert_int_equal(glossa_annotation_add(db, &g),
					 GLOSSA_OK);
		}
	}
}

/* The ids (newest first) of the articles that hold every state bit,
 * read with plain SQL, among the ids of words (glossa_search_newest()
 * of the words alone, "" for all). */
static void oracle(const char *path, glossa_db_t *db, unsigned state,
		   const char *words, char *out, size_t size)
{
	glossa_page_t page;
	sqlite3 *sql;
	size_t len = 0;

	out[0] = 0;
	if (glossa_search_newest(db, words, 0, 0, &page, NULL) != GLOSSA_OK)
		fail_msg("%s: %s", words, glossa_db_errmsg(db));
	assert_int_equal(sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY,
					 NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < page.n; i++) {
		char q[512];
		sqlite3_stmt *st;
		int ok;

		snprintf(q, sizeof(q),
			 "SELECT (SELECT read FROM article WHERE id = %lld),"
			 " (SELECT count(*) FROM annotation WHERE"
			 "  article_id = %lld AND kind = 'note'),"
			 " (SELECT count(*) FROM annotation WHERE"
			 "  article_id = %lld AND kind = 'gloss'),"
			 " (SELECT count(*) FROM annotation WHERE"
			 "  article_id = %lld AND detached)",
			 (long long)page.rows[i].id,
			 (long long)page.rows[i].id,
			 (long long)page.rows[i].id,
			 (long long)page.rows[i].id);
		assert_int_equal(sqlite3_prepare_v2(sql, q, -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		ok = (!(state & GLOSSA_STATE_UNREAD) ||
		      sqlite3_column_int(st, 0) == 0) &&
		     (!(state & GLOSSA_STATE_READ) ||
		      sqlite3_column_int(st, 0) != 0) &&
		     (!(state & GLOSSA_STATE_NOTES) ||
		      sqlite3_column_int(st, 1) > 0) &&
		     (!(state & GLOSSA_STATE_GLOSSES) ||
		      sqlite3_column_int(st, 2) > 0) &&
		     (!(state & GLOSSA_STATE_DETACHED) ||
		      sqlite3_column_int(st, 3) > 0);
		sqlite3_finalize(st);
		if (ok && len < size - 24)
			len += (size_t)snprintf(out + len, size - len,
						"%s%lld", len ? " " : "",
						(long long)page.rows[i].id);
	}
	sqlite3_close(sql);
	glossa_page_clear(&page);
}

/* Sorted, so that list order and newest-first compare. */
static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static char *sorted_ids(const char *s)
{
	long long v[256];
	size_t n = 0, len = 0;
	char *out = malloc(4096), *end;

	out[0] = 0;
	while (*s && n < 256) {
		v[n++] = strtoll(s, &end, 10);
		s = end;
	}
	qsort(v, n, sizeof(v[0]), cmp_ll);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, 4096 - len, "%s%lld",
					i ? " " : "", v[i]);
	return out;
}

/*
 * is: and has: filters, alone, together and with words: every query
 * finds what a check of each article's state with plain SQL finds, in
 * both searches (ranked and newest), and its count and the count of
 * glossa_search_count() agree.
 */
static void test_state_filters(void **state)
{
	static const char *const names[] = {"is:unread", "is:read",
					    "has:notes", "has:glosses",
					    "has:detached"};
	static const char *const words[] = {"", "copper", "tin -copper",
					    "author:\"ann lee\"",
					    "tag:metals", "copper OR nickel"};
	struct test_archive *f = *state;
	char want[4096], q[256];
	int checked = 0, nonempty = 0;

	import_states(f->db, 40);
	for (unsigned bits = 1; bits < 32; bits++) {
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			size_t len = 0;
			glossa_page_t page;
			int64_t total = -1, counted = -1;
			char *a, *b;

			for (int k = 0; k < 5; k++)
				if (bits & (1u << k))
					len += (size_t)snprintf(
						q + len, sizeof(q) - len,
						"%s ", names[k]);
			snprintf(q + len, sizeof(q) - len, "%s", words[w]);
			oracle(f->path, f->db, bits, words[w], want,
			       sizeof(want));
			a = sorted_ids(want);
			b = sorted_ids(found(f->db, q, NULL));
			if (strcmp(a, b))
				fail_msg("%s: found %s, the state says %s", q,
					 b, a);
			free(b);
			assert_int_equal(glossa_search(f->db, q, 0, 0, &page,
						       &total),
					 GLOSSA_OK);
			b = sorted_ids(ids(&page));
			assert_string_equal(a, b);
			assert_int_equal(total, (int64_t)page.n);
			assert_int_equal(glossa_search_count(f->db, q, 0,
							     &counted, NULL),
					 GLOSSA_OK);
			assert_int_equal(counted, total);
			nonempty += page.n > 0;
			checked++;
			glossa_page_clear(&page);
			free(a);
			free(b);
		}
	}
	assert_int_equal(checked, 31 * 6);
	assert_true(nonempty > 40); /* the oracle is not all empty */
	/* a filter is no word, and cannot be excluded */
	assert_string_equal(found(f->db, "is", NULL), "");
	assert_int_equal(glossa_search(f->db, "-is:read", 0, 0,
				       &(glossa_page_t){0}, NULL),
			 GLOSSA_BAD_QUERY);
	assert_int_equal(glossa_search(f->db, "is:marked2", 0, 0,
				       &(glossa_page_t){0}, NULL),
			 GLOSSA_BAD_QUERY);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "is: expects"));
	assert_int_equal(glossa_search(f->db, "has:nothing", 0, 0,
				       &(glossa_page_t){0}, NULL),
			 GLOSSA_BAD_QUERY);
}

/* glossa_search_count()'s new matches: those above the id given. */
static void test_count_fresh(void **state)
{
	struct test_archive *f = *state;
	int64_t total = -1, fresh = -1;

	import_states(f->db, 12);
	assert_int_equal(glossa_search_count(f->db, "copper", 5, &total,
					     &fresh),
			 GLOSSA_OK);
	/* copper: articles 1, 3, 5, 7, 9, 11 (i % 4 = 0 or 2) */
	assert_int_equal(total, 6);
	assert_int_equal(fresh, 3);
	/* words and state: 3, 5, 9 and 11 (1 and 7 are read) */
	assert_int_equal(glossa_search_count(f->db, "is:unread copper", 5,
					     &total, &fresh),
			 GLOSSA_OK);
	assert_int_equal(total, 4);
	assert_int_equal(fresh, 2);
	assert_int_equal(glossa_search_count(f->db, "is:unread", 10, &total,
					     &fresh),
			 GLOSSA_OK);
	assert_int_equal(total, 8);
	assert_int_equal(fresh, 2); /* 11 and 12 */
	assert_int_equal(glossa_search_count(f->db, "", 0, &total, &fresh),
			 GLOSSA_OK);
	assert_int_equal(total, 12);
	assert_int_equal(fresh, 12);
	assert_int_equal(glossa_search_count(f->db, "foo:bar", 0, &total,
					     NULL),
			 GLOSSA_BAD_QUERY);
}

/*
 * The count (glossa_search()'s *total, glossa_search_count()) is made
 * with an expression of its own (a final CJK run without the character
 * its last bigram implies): for every kind of query, it counts the rows
 * the search gives. rank_max 1, so that no ranking counts them.
 */
static void test_count_as_rows(void **state)
{
	struct test_archive *f = *state;
	static const char *const texts[] = {
		"Title: 战鼓\n\n擂响战鼓再出发。战\n",
		"Title: 鼓战\nTags: 战鼓\n\n鼓战 战 鼓，战鼓！\n",
		"Title: 决战\n\n決戰時刻 decisive battle 战\n",
		"Title: split\n\n战。鼓 战 鼓 战X鼓 战鼓X\n",
		"Title: notes\nGloss: 战鼓 | war drums\n\n"
		"nothing of it here 战\n",
		"Title: English\n\nmining mines the war drums\n",
	};
	static const char *const queries[] = {
		"战鼓", "擂响战鼓", "战", "鼓战", "决战", "決戰時刻", "战鼓 -擂响",
		"title:战鼓", "tag:战鼓", "\"战鼓\"", "决战 OR 战鼓", "in:notes 战鼓",
		"战鼓X", "X鼓", "战鼓 war", "war 战鼓", "战鼓*", "mine", "\"war drums\"",
		"dru*", "再出发", "出发",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		test_import_text(f->db, texts[i]);
	f->db->rank_max = 1;
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		glossa_page_t page;
		int64_t total = -1, counted = -1;

		assert_int_equal(glossa_search(f->db, queries[i], 0, 0, &page,
					       &total),
				 GLOSSA_OK);
		assert_int_equal(glossa_search_count(f->db, queries[i], 0,
						     &counted, NULL),
				 GLOSSA_OK);
		if (total != (int64_t)page.n || counted != total)
			fail_msg("%s: %zu rows, total %lld, count %lld",
				 queries[i], page.n, (long long)total,
				 (long long)counted);
		glossa_page_clear(&page);
	}
	f->db->rank_max = 0;
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, test_archive_setup, test_archive_teardown)
	const struct CMUnitTest tests[] = {
		T(test_snippets_as_fts5),
		T(test_snippets_at_the_edges),
		T(test_snippet_sentences),
		T(test_rank_as_bm25),
		T(test_rank_estimates_common_words),
		T(test_newest),
		T(test_many_exclusions),
		T(test_cjk_prefix),
	T(test_short_prefix),
	T(test_short_prefix_folded),
	T(test_long_prefix),
	T(test_exact_words),
	T(test_word_written_as_stem),
	T(test_fields),
	T(test_tags),
	T(test_state_filters),
	T(test_count_fresh),
	T(test_count_as_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
