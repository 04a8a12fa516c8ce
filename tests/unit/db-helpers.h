/*
 * db-helpers.h: what the archive tests (test_db.c, test_articles.c)
 * share: index checks, search results as id strings, a sample article.
 * Include after cmocka.h, db.h and glossa/glossa.h.
 */
#ifndef GLOSSA_TEST_DB_HELPERS_H
#define GLOSSA_TEST_DB_HELPERS_H

/* The FTS5 integrity checks of both indexes pass. */
static inline void assert_fts_ok(glossa_db_t *db)
{
	assert_int_equal(
		sqlite3_exec(db->sql,
			     "INSERT INTO article_fts (article_fts) "
			     "VALUES ('integrity-check');"
			     "INSERT INTO annotation_fts (annotation_fts) "
			     "VALUES ('integrity-check');",
			     NULL, NULL, NULL),
		SQLITE_OK);
}

/* The ids of a page of search (glossa_search or glossa_search_all), in
 * order. */
static inline char *
search_page_ids(glossa_status_t (*search)(glossa_db_t *, const char *, size_t,
					  size_t, glossa_page_t *, int64_t *),
		glossa_db_t *db, const char *query, size_t offset, size_t limit,
		int64_t *total)
{
	glossa_page_t page;
	static char buf[4096];
	size_t len = 0;

	if (search(db, query, offset, limit, &page, total) != GLOSSA_OK)
		fail_msg("search %s: %s", query, glossa_db_errmsg(db));
	buf[0] = '\0';
	for (size_t i = 0; i < page.n; i++) {
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%lld",
					i ? " " : "",
					(long long)page.rows[i].id);
		if (len >= sizeof(buf))
			fail_msg("search %s: %zu rows, more than the test's "
				 "buffer holds", query, page.n);
	}
	glossa_page_clear(&page);
	return buf;
}

/* The ids of a page of glossa_search(), in order. */
static inline char *page_ids(glossa_db_t *db, const char *query, size_t offset,
			     size_t limit, int64_t *total)
{
	return search_page_ids(glossa_search, db, query, offset, limit, total);
}

/* The ids a search finds, as a space-separated string. */
static inline char *search_ids(glossa_db_t *db, const char *query)
{
	return page_ids(db, query, 0, 0, NULL);
}

static const char baogang[] =
	"Title: Baogang beats the war drums\n"
	"Source: Rare Earth Exchanges\n"
	"Date: 2025-02-10\n"
	"URL: https://example.org/baogang\n"
	"X-Desk: metals\n"
	"Gloss: 擂响战鼓再出发 | beating the war drums again\n"
	"Gloss: 抓早 | early action\n"
	"\n"
	"The slogan 擂响战鼓再出发 and 抓早 mark a decisive battle.\n";
#endif
