/*
 * test_db.c: the archive on real SQLite files: creating, reopening,
 * refusing what is not ours, migrating, importing and updating in place,
 * pagination, annotations, and the full-text indexes kept in step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "tokenizer.h"
#include "glossa/glossa.h"
#include "support.h"

/* The FTS5 integrity checks of both indexes pass. */
static void assert_fts_ok(glossa_db_t *db)
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

/* The ids of a search page, in order. */
static char *page_ids(glossa_db_t *db, const char *query, size_t offset,
		      size_t limit, int64_t *total)
{
	glossa_page_t page;
	static char buf[256];
	size_t len = 0;

	if (glossa_search(db, query, offset, limit, &page, total) != GLOSSA_OK)
		fail_msg("search %s: %s", query, glossa_db_errmsg(db));
	buf[0] = '\0';
	for (size_t i = 0; i < page.n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%lld",
					i ? " " : "",
					(long long)page.rows[i].id);
	glossa_page_clear(&page);
	return buf;
}

/* The ids a search finds, as a space-separated string. */
static char *search_ids(glossa_db_t *db, const char *query)
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

/* Schema 6's FTS5 settings, in the table's own config (FTS5 keeps no
 * row for a setting left at its default). */
static void assert_fts_settings(const char *path)
{
	assert_int_equal(test_sql_int(path, "SELECT v FROM article_fts_config"
					    " WHERE k = 'hashsize'"),
			 32 << 20);
	assert_int_equal(test_sql_int(path, "SELECT v FROM article_fts_config"
					    " WHERE k = 'automerge'"),
			 16);
	assert_int_equal(test_sql_int(path, "SELECT v FROM article_fts_config"
					    " WHERE k = 'crisismerge'"),
			 32);
}

static void test_create_sets_schema(void **state)
{
	struct test_archive *f = *state;

	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_sql_int(f->path, "PRAGMA application_id"),
			 0x676c6f73);
	assert_false(glossa_db_readonly(f->db));
	assert_int_equal(test_count_articles(f->db), 0);
	assert_fts_settings(f->path);
}

static void test_reopen_keeps_articles(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;

	test_import_text(f->db, baogang);
	glossa_db_close(f->db);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg),
			 GLOSSA_OK);
	assert_int_equal(test_count_articles(f->db), 1);
}

static void test_missing_file_not_created(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "nothing.db");
	glossa_db_t *db = NULL;
	char *msg = NULL;

	assert_int_equal(glossa_db_open(path, 0, &db, &msg),
			 GLOSSA_NOT_FOUND);
	assert_null(db);
	assert_non_null(strstr(msg, "nothing.db"));
	assert_int_not_equal(access(path, F_OK), 0);
	free(msg);
	free(path);
}

/* Opening path with flags must fail with want and leave the file byte
 * for byte. */
static void assert_refused_flags(const char *path, int flags,
				 glossa_status_t want, const char *words)
{
	size_t len_before, len_after;
	char *before = test_read_file(path, &len_before);
	glossa_db_t *db = NULL;
	char *msg = NULL;

	assert_int_equal(glossa_db_open(path, flags, &db, &msg), want);
	assert_null(db);
	assert_non_null(msg);
	assert_non_null(strstr(msg, words));
	char *after = test_read_file(path, &len_after);
	assert_int_equal(len_before, len_after);
	assert_memory_equal(before, after, len_before);
	free(before);
	free(after);
	free(msg);
}

static void assert_refused(const char *path, glossa_status_t want,
			   const char *words)
{
	assert_refused_flags(path, GLOSSA_OPEN_CREATE, want, words);
}

static void test_refuses_newer_schema(void **state)
{
	struct test_archive *f = *state;
	sqlite3 *raw;

	test_import_text(f->db, baogang);
	glossa_db_close(f->db);
	f->db = NULL;
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw,
				      "PRAGMA journal_mode = DELETE;"
				      "PRAGMA user_version = 99",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_refused(f->path, GLOSSA_TOO_NEW, "newer glossa");
}

static void test_refuses_other_sqlite(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "other.db");
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "CREATE TABLE t (x)", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_refused(path, GLOSSA_NOT_ARCHIVE, "not a glossa archive");
	free(path);
}

/* An empty file (or an SQLite file without a schema) becomes an archive
 * only with GLOSSA_OPEN_CREATE; without it, it stays as it was, with no
 * -wal or -shm beside it. */
static void test_empty_file_needs_create(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "empty.db");
	char *side = test_path(f->dir, "empty.db-wal");
	int flags[] = {0, GLOSSA_OPEN_READONLY};
	glossa_db_t *db = NULL;
	char *msg = NULL;
	sqlite3 *raw;

	test_write_file(path, "", 0);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(glossa_db_open(path, flags[i], &db, &msg),
				 GLOSSA_NOT_ARCHIVE);
		assert_null(db);
		assert_non_null(strstr(msg, "is empty"));
		free(msg);
		msg = NULL;
	}
	/* one page, no schema */
	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA journal_mode = WAL;"
					   "VACUUM", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(access(side, F_OK), -1);
	for (size_t i = 0; i < 2; i++) {
		assert_refused_flags(path, flags[i], GLOSSA_NOT_ARCHIVE,
				     "is empty");
		assert_int_equal(access(side, F_OK), -1);
	}
	assert_int_equal(glossa_db_open(path, GLOSSA_OPEN_CREATE, &db, &msg),
			 GLOSSA_OK);
	glossa_db_close(db);
	free(side);
	free(path);
}

static void test_refuses_text_file(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "notes.txt");
	static const char text[] =
		"These are my notes, not a database, and they are long "
		"enough to look like a file header of some kind.\n";

	test_write_file(path, text, sizeof(text) - 1);
	assert_refused(path, GLOSSA_NOT_ARCHIVE, "notes.txt");
	free(path);
}

static void test_read_only_file(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	char *msg = NULL;

	if (geteuid() == 0)
		skip(); /* root writes to read-only files */
	test_import_text(f->db, baogang);
	glossa_db_close(f->db);
	assert_int_equal(chmod(f->path, 0444), 0);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg),
			 GLOSSA_OK);
	assert_true(glossa_db_readonly(f->db));
	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(glossa_import_buffer(f->db, baogang, strlen(baogang),
					      "t", NULL, &res),
			 GLOSSA_READONLY);
}

static void test_explicit_read_only(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	char *msg = NULL;

	glossa_db_close(f->db);
	assert_int_equal(glossa_db_open(f->path, GLOSSA_OPEN_READONLY,
					&f->db, &msg),
			 GLOSSA_OK);
	assert_true(glossa_db_readonly(f->db));
	assert_int_equal(glossa_import_buffer(f->db, baogang, strlen(baogang),
					      "t", NULL, &res),
			 GLOSSA_READONLY);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "read-only"));
}

/* An archive of schema 1 (before full-text search) with one article is
 * migrated on open, and the article is then found by search. */
static void test_migrates_from_version_1(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "v1.db");
	char *msg = NULL, *sql;
	glossa_db_t *db;
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, glossa_db_migration(1), NULL, NULL,
				      NULL),
			 SQLITE_OK);
	assert_true(asprintf(&sql,
			     "PRAGMA application_id = %d;"
			     "PRAGMA user_version = 1;"
			     "INSERT INTO article (title, body, date)"
			     " VALUES ('Old one', '这是决战时刻', '2020-01-01');"
			     "INSERT INTO annotation (article_id, kind, phrase,"
			     " translation) VALUES (1, 'gloss', '决战',"
			     " 'decisive battle')",
			     0x676c6f73) > 0);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	sqlite3_close(raw);

	assert_int_equal(glossa_db_open(path, 0, &db, &msg), GLOSSA_OK);
	assert_int_equal(test_sql_int(path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_string_equal(search_ids(db, "决战"), "1");
	assert_string_equal(search_ids(db, "decisive"), "1");
	assert_int_equal(test_count_articles(db), 1);
	assert_fts_ok(db);
	assert_fts_settings(path);
	glossa_db_close(db);
	free(path);
}

/* The number of prefix tokens (tokenizer.h) in both indexes of path. */
static int prefix_tokens(const char *path)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(raw, NULL), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(raw,
			     "CREATE VIRTUAL TABLE temp.a USING"
			     " fts5vocab(main, article_fts, row);"
			     "CREATE VIRTUAL TABLE temp.n USING"
			     " fts5vocab(main, annotation_fts, row);",
			     NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw,
					    "SELECT (SELECT count(*) FROM a"
					    " WHERE term < char(2)) + (SELECT"
					    " count(*) FROM n WHERE term <"
					    " char(2))",
					    -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return n;
}

/*
 * An archive of schema 6 (article_fts's body third, built by tokenizer
 * 1) is migrated on open: the body comes first, and both indexes are
 * built again, with prefix tokens.
 */
static void test_migrates_from_version_6(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;
	glossa_page_t page;
	sqlite3 *raw;

	glossa_db_close(f->db);
	f->db = NULL;
	unlink(f->path);
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(raw, NULL), SQLITE_OK);
	for (int v = 1; v <= 6; v++)
		assert_int_equal(sqlite3_exec(raw, glossa_db_migration(v),
					      NULL, NULL, NULL),
				 SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(raw,
			     "PRAGMA application_id = 1735159667;"
			     "PRAGMA user_version = 6;"
			     "UPDATE meta SET value = '1' WHERE key = 'tokenizer';"
			     "INSERT INTO article (title, body, date, author)"
			     " VALUES ('Drums', 'beating the war drums 战鼓',"
			     " '2025-02-10', 'Du Fu');"
			     "INSERT INTO annotation (article_id, kind, phrase,"
			     " translation) VALUES (1, 'gloss', '战鼓', 'war drums');"
			     "UPDATE article SET glosses = '战鼓 war drums';"
			     "UPDATE article_count SET n = 1;"
			     /* tokenizer 1's index cannot be made here: an
			      * empty one, which only a rebuild fills */
			     "INSERT INTO article_fts (article_fts)"
			     " VALUES ('delete-all');"
			     "INSERT INTO annotation_fts (annotation_fts)"
			     " VALUES ('delete-all');",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(prefix_tokens(f->path), 0);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_true(prefix_tokens(f->path) > 0);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_sql_int(f->path, "SELECT sql LIKE"
					       " '%fts5(  body, title,%'"
					       " FROM sqlite_schema"
					       " WHERE name = 'article_fts'"),
			 1);
	assert_int_equal(test_sql_int(f->path, "SELECT value FROM meta"
					       " WHERE key = 'tokenizer'"),
			 GLOSSA_TOKENIZER_VERSION);
	assert_string_equal(search_ids(f->db, "dr*"), "1");
	assert_string_equal(search_ids(f->db, "title:dr*"), "1");
	assert_string_equal(search_ids(f->db, "in:notes wa*"), "1");
	assert_string_equal(search_ids(f->db, "战鼓"), "1");
	assert_string_equal(search_ids(f->db, "beating*"), "1");
	/* migration 11: the author is indexed, its words listed */
	assert_string_equal(search_ids(f->db, "author:fu"), "1");
	assert_string_equal(search_ids(f->db, "du"), "1");
	assert_int_equal(test_words_missing(f->path), 0);
	assert_int_equal(glossa_search(f->db, "dr*", 0, 1, &page, NULL),
			 GLOSSA_OK);
	assert_non_null(strstr(page.rows[0].snippet, GLOSSA_MARK_START "drums"));
	glossa_page_clear(&page);
	assert_fts_ok(f->db);
	assert_fts_settings(f->path);
}

/* The article count kept at each commit (schema 5) against count(*). */
static void assert_count_kept(struct test_archive *f, int64_t want)
{
	assert_int_equal(test_count_articles(f->db), want);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM article"),
			 want);
}

/* Imports, a re-import in place, a refused import and deletes keep the
 * count; a count that went wrong is what glossa check reports. */
static void test_article_count_kept(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	char *bad = test_path(f->dir, "bad.txt"), *report = NULL;
	sqlite3 *raw;
	int64_t a, b;

	assert_count_kept(f, 0);
	a = test_import_text(f->db, baogang);
	assert_count_kept(f, 1);
	b = test_import_text(f->db, "Title: Second\nDate: 2024-02-02\n\nmore");
	assert_count_kept(f, 2);
	assert_int_equal(test_import_text(f->db, baogang), a);
	assert_count_kept(f, 2);
	test_write_file(bad, "Title: binary\n\n\0\0\0\0", 19);
	assert_int_not_equal(glossa_import_file(f->db, bad, NULL, &res),
			     GLOSSA_OK);
	assert_count_kept(f, 2);
	assert_int_equal(glossa_article_delete(f->db, b), GLOSSA_OK);
	assert_count_kept(f, 1);
	/* in a batch: counted at once, written at the commit, or not */
	assert_int_equal(glossa_import_batch_begin(f->db), GLOSSA_OK);
	test_import_text(f->db, "Title: Third\nDate: 2024-03-03\n\nthird");
	assert_int_equal(test_count_articles(f->db), 2);
	glossa_import_batch_rollback(f->db);
	assert_count_kept(f, 1);
	assert_int_equal(glossa_import_batch_begin(f->db), GLOSSA_OK);
	test_import_text(f->db, "Title: Third\nDate: 2024-03-03\n\nthird");
	test_import_text(f->db, "Title: Fourth\nDate: 2024-04-04\n\nfourth");
	assert_int_equal(glossa_import_batch_commit(f->db), GLOSSA_OK);
	assert_count_kept(f, 3);

	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "article_count: ok"));
	free(report);
	report = NULL;
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "UPDATE article_count SET n = 7",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(report);
	assert_non_null(strstr(report, "article_count: damaged\n"
				       "  3 articles, but the count kept says 7"));
	free(report);
	free(bad);
}

static void test_reimport_updates_in_place(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t mine = {.kind = GLOSSA_KIND_NOTE, .pos = -1};
	glossa_article_t *a;
	int64_t id;

	id = test_import_text(f->db, baogang);
	mine.article_id = id;
	mine.note = "ask the desk about this";
	mine.phrase = mine.context_before = mine.context_after = "";
	mine.reading = mine.translation = mine.tags = "";
	assert_int_equal(glossa_annotation_add(f->db, &mine), GLOSSA_OK);

	/* Same URL, new title, text and glosses. */
	char *changed = strdup(baogang);
	char *p = strstr(changed, "Gloss: 抓早 | early action");
	memcpy(p, "Gloss: 抓早 | act early! ", strlen("Gloss: 抓早 | act early! "));
	assert_int_equal(test_import_text(f->db, changed), id);
	free(changed);

	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_OK);
	assert_int_equal(a->n_notes, 3);
	int found_mine = 0, found_new = 0, found_old = 0;
	for (size_t i = 0; i < a->n_notes; i++) {
		found_mine += strcmp(a->notes[i].note, mine.note) == 0;
		found_new += strstr(a->notes[i].translation, "act early") != 0;
		found_old += strcmp(a->notes[i].translation, "early action") == 0;
	}
	assert_int_equal(found_mine, 1);
	assert_int_equal(found_new, 1);
	assert_int_equal(found_old, 0);
	assert_int_equal(a->n_extra, 1);
	assert_string_equal(a->extra[0].name, "X-Desk");
	assert_string_equal(a->extra[0].value, "metals");
	glossa_article_free(a);
	assert_string_equal(search_ids(f->db, "\"act early\""), "1");
	assert_string_equal(search_ids(f->db, "\"early action\""), "");
	assert_fts_ok(f->db);
}

/* Without a URL or a file, an article is the one with the same Title,
 * Date and Source, all three given; title and date alone identify
 * nothing. */
static void test_reimport_by_title_date_and_source(void **state)
{
	struct test_archive *f = *state;
	static const char v1[] = "Title: No URL\nDate: 2024-01-01\n"
				 "Source: Desk\n\nfirst\n";
	static const char v2[] = "Title: No URL\nDate: 2024-01-01\n"
				 "Source: Desk\n\nsecond\n";
	static const char other[] = "Title: No URL\nDate: 2024-01-02\n"
				    "Source: Desk\n\nthird\n";
	static const char no_source[] = "Title: No URL\nDate: 2024-01-01\n"
					"\nfourth\n";

	int64_t id = test_import_text(f->db, v1);
	assert_int_equal(test_import_text(f->db, v2), id);
	assert_int_not_equal(test_import_text(f->db, other), id);
	assert_int_not_equal(test_import_text(f->db, no_source), id);
	assert_int_equal(test_count_articles(f->db), 3);
	assert_string_equal(search_ids(f->db, "first"), "");
	assert_string_equal(search_ids(f->db, "second"), "1");
	assert_string_equal(search_ids(f->db, "fourth"), "3");
}

static void test_failed_import_leaves_nothing(void **state)
{
	struct test_archive *f = *state;
	static const char bad[] = "Title: Bad\nGloss: | no phrase\n\nbody\n";
	static const char binary[] = "Title: x\n\nab\0cd";
	glossa_import_result_t res;

	test_import_text(f->db, baogang);
	assert_int_equal(glossa_import_buffer(f->db, bad, strlen(bad), "bad",
					      NULL, &res),
			 GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_import_buffer(f->db, binary,
					      sizeof(binary) - 1, "bin", NULL,
					      &res),
			 GLOSSA_BAD_INPUT);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a text file"));
	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(test_sql_int(f->path,
				      "SELECT count(*) FROM annotation"),
			 2);
}

static void test_import_file_refuses_directory(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;

	assert_int_equal(glossa_import_file(f->db, f->dir, NULL, &res),
			 GLOSSA_BAD_INPUT);
	assert_string_equal(glossa_db_errmsg(f->db), "is a directory");
}

/* 25 articles over 5 dates, listed in pages of 10 both ways. */
static void test_pagination(void **state)
{
	struct test_archive *f = *state;
	int64_t seen[25];
	glossa_page_t page;
	glossa_key_t key;
	char text[128], *date = NULL;
	size_t n = 0;

	for (int i = 0; i < 25; i++) {
		snprintf(text, sizeof(text),
			 "Title: Article %d\nDate: 2025-01-%02d\n\nbody %d\n",
			 i, 1 + i % 5, i);
		test_import_text(f->db, text);
	}
	for (;;) {
		assert_int_equal(glossa_list(f->db, n ? &key : NULL, 0, 10,
					     &page),
				 GLOSSA_OK);
		if (page.n == 0)
			break;
		assert_true(page.n <= 10);
		for (size_t i = 0; i < page.n; i++) {
			assert_true(n < 25);
			seen[n++] = page.rows[i].id;
		}
		free(date);
		date = strdup(page.rows[page.n - 1].date);
		key.date = date;
		key.id = page.rows[page.n - 1].id;
		glossa_page_clear(&page);
	}
	free(date);
	assert_int_equal(n, 25);
	/* Newest date first, then the higher id first; no repeats. */
	for (size_t i = 1; i < n; i++) {
		glossa_article_t *a, *b;
		assert_int_equal(glossa_article_get(f->db, seen[i - 1], &a), 0);
		assert_int_equal(glossa_article_get(f->db, seen[i], &b), 0);
		int cmp = strcmp(a->date, b->date);
		assert_true(cmp > 0 || (cmp == 0 && a->id > b->id));
		glossa_article_free(a);
		glossa_article_free(b);
	}
	/* The last page, read backward from the end, in list order. */
	assert_int_equal(glossa_list(f->db, NULL, 1, 10, &page), GLOSSA_OK);
	assert_int_equal(page.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(page.rows[i].id, seen[15 + i]);
	/* Backward from row 15 gives rows 5-14. */
	key.date = page.rows[0].date;
	key.id = page.rows[0].id;
	glossa_page_t before;
	assert_int_equal(glossa_list(f->db, &key, 1, 10, &before), GLOSSA_OK);
	assert_int_equal(before.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(before.rows[i].id, seen[5 + i]);
	glossa_page_clear(&before);
	glossa_page_clear(&page);
	for (int64_t i = 0; i < 25; i += 6) {
		int64_t pos = -1;
		assert_int_equal(glossa_list_position(f->db, seen[i], &pos),
				 GLOSSA_OK);
		assert_int_equal(pos, i);
	}
	/* an id that does not exist has no position (it was given 0) */
	int64_t pos = -1;
	assert_int_equal(glossa_list_position(f->db, 9999, &pos),
			 GLOSSA_NOT_FOUND);
	assert_int_equal(pos, -1);
}

static void test_annotations_add_update_delete(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	glossa_annotation_t got;
	int64_t id = test_import_text(f->db, baogang);

	g.article_id = id;
	g.phrase = "决战";
	g.translation = "decisive battle";
	g.note = g.reading = g.tags = "";
	g.context_before = g.context_after = "";
	/* Not in the body: refused, nothing written; kept when asked
	 * (detached), with pos -1. */
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_NOT_FOUND);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not in the article"));
	assert_string_equal(search_ids(f->db, "in:notes 决战"), "");
	g.detached = 1;
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	assert_int_equal(g.pos, -1);
	assert_int_equal(g.detached, 1);
	assert_string_equal(search_ids(f->db, "in:notes 决战"), "1");

	glossa_annotation_t h = g;
	h.id = 0;
	h.phrase = "战鼓";
	h.translation = "war drums";
	h.context_before = h.context_after = "";
	assert_int_equal(glossa_annotation_add(f->db, &h), GLOSSA_OK);
	/* "The slogan 擂响" is 13 code points before 战鼓. */
	assert_int_equal(h.pos, 13);
	assert_int_equal(glossa_annotation_get(f->db, h.id, &got), GLOSSA_OK);
	assert_int_equal(got.pos, 13);
	assert_string_equal(got.context_before, "The slogan 擂响");
	assert_string_equal(got.context_after, "再出发 and 抓早 mark a decisive battle.");
	glossa_annotation_clear(&got);
	/* a second gloss of 战鼓: refused, pointing at the first */
	glossa_annotation_t twin = h;
	twin.id = 0;
	twin.pos = -1;
	twin.translation = "drums of war";
	assert_int_equal(glossa_annotation_add(f->db, &twin), GLOSSA_EXISTS);
	assert_int_equal(twin.id, h.id);
	/* a note on the same phrase is not a gloss: fine */
	twin.kind = GLOSSA_KIND_NOTE;
	twin.id = 0;
	twin.pos = -1;
	twin.note = "again";
	assert_int_equal(glossa_annotation_add(f->db, &twin), GLOSSA_OK);

	assert_int_equal(glossa_annotation_get(f->db, g.id, &got), GLOSSA_OK);
	free(got.translation);
	got.translation = strdup("final showdown");
	assert_int_equal(glossa_annotation_update(f->db, &got), GLOSSA_OK);
	glossa_annotation_clear(&got);
	assert_string_equal(search_ids(f->db, "showdown"), "1");
	assert_string_equal(search_ids(f->db, "in:notes \"decisive battle\""),
			    "");
	/* the note's new word is listed at its commit: its long prefix is
	 * written as the OR of the listed words, and finds it */
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "showd*"), "1");
	assert_string_equal(search_ids(f->db, "in:notes showd*"), "1");
	assert_fts_ok(f->db);

	assert_int_equal(glossa_annotation_delete(f->db, g.id), GLOSSA_OK);
	assert_int_equal(glossa_annotation_get(f->db, g.id, &got),
			 GLOSSA_NOT_FOUND);
	assert_string_equal(search_ids(f->db, "showdown"), "");
	assert_int_equal(glossa_annotation_delete(f->db, g.id),
			 GLOSSA_NOT_FOUND);

	g.translation = "";
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_BAD_INPUT);
	assert_fts_ok(f->db);
}

static void test_article_delete_and_read(void **state)
{
	struct test_archive *f = *state;
	glossa_article_t *a;
	int64_t id = test_import_text(f->db, baogang);

	assert_int_equal(glossa_article_set_read(f->db, id, 1), GLOSSA_OK);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_OK);
	assert_int_equal(a->read, 1);
	glossa_article_free(a);
	assert_int_equal(glossa_article_delete(f->db, id), GLOSSA_OK);
	assert_int_equal(test_count_articles(f->db), 0);
	assert_int_equal(test_sql_int(f->path,
				      "SELECT count(*) FROM annotation"),
			 0);
	assert_string_equal(search_ids(f->db, "战鼓"), "");
	assert_fts_ok(f->db);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_NOT_FOUND);
}

/*
 * Past rank_max matches, only the newest rank_max are ranked; the older
 * follow, newest first. Every match comes exactly once, whatever the
 * pages, and the count is of all of them.
 */
static void test_search_ranks_the_newest(void **state)
{
	struct test_archive *f = *state;
	char text[160], *all;
	int64_t total = 0;

	/* Article 1 is the best match by far, but the oldest. */
	test_import_text(f->db, "Title: common common\nDate: 2020-01-01\n\n"
			   "common common common common\n");
	for (int i = 2; i <= 8; i++) {
		snprintf(text, sizeof(text),
			 "Title: Article %d\nDate: 2020-01-0%d\n\n"
			 "%s common word and %d more words of filler here\n",
			 i, i, i == 7 ? "common common" : "a", i);
		test_import_text(f->db, text);
	}
	f->db->rank_max = 3;
	all = strdup(page_ids(f->db, "common", 0, 0, &total));
	assert_int_equal(total, 8);
	/* Ranked among 8, 7, 6: 7 (twice) first; then 5 4 3 2 1. */
	assert_string_equal(all, "7 8 6 5 4 3 2 1");
	assert_string_equal(page_ids(f->db, "common", 0, 2, NULL), "7 8");
	assert_string_equal(page_ids(f->db, "common", 2, 3, NULL), "6 5 4");
	assert_string_equal(page_ids(f->db, "common", 3, 2, NULL), "5 4");
	assert_string_equal(page_ids(f->db, "common", 6, 5, NULL), "2 1");
	assert_string_equal(page_ids(f->db, "common", 8, 5, NULL), "");
	/* With filters, the floor is of the filtered matches. */
	assert_string_equal(page_ids(f->db, "common -filler", 0, 0, &total),
			    "1");
	assert_int_equal(total, 1);
	assert_string_equal(page_ids(f->db, "common before:2020-01-04", 0, 0,
				     &total),
			    "4 3 2 1");
	f->db->rank_max = 0;
	/* All ranked: the oldest, best match comes first. */
	assert_string_equal(page_ids(f->db, "common", 0, 1, NULL), "1");
	free(all);
}

/* An index built by another tokenizer version is rebuilt on open. */
static void test_tokenizer_change_rebuilds(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;
	sqlite3 *raw;

	test_import_text(f->db, baogang);
	glossa_db_close(f->db);
	f->db = NULL;
	/* Pretend an older tokenizer built it, and empty the index. */
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(raw, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw,
				      "UPDATE meta SET value = '0'"
				      " WHERE key = 'tokenizer';"
				      "INSERT INTO article_fts (article_fts)"
				      " VALUES ('delete-all')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg),
			 GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "SELECT value FROM meta"
						  " WHERE key = 'tokenizer'"),
			 GLOSSA_TOKENIZER_VERSION);
	assert_string_equal(search_ids(f->db, "战鼓"), "1");
	/* the list of words made again from the new index */
	assert_true(test_sql_int(f->path, "SELECT count(*) FROM fts_word") > 0);
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "decis*"), "1");
	assert_fts_ok(f->db);
}

/*
 * An archive of schema 7 has no list of its words: it is made from the
 * indexes on open, and searching a long prefix uses it. Without the
 * list, the prefix is FTS5's own query: a word taken out of the list is
 * not found, which shows the list is used; glossa check reports it, and
 * the list is made again at the next open.
 */
static void test_migrates_from_version_7(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL, *report = NULL;

	test_import_text(f->db, baogang);
	glossa_db_close(f->db);
	f->db = NULL;
	test_schema_back_to(f->path, 7, NULL);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_words_missing(f->path), 0);
	/* the words as written, not the stems that are no word (the
	 * index has them marked), not prefix tokens, not CJK */
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM fts_word"
					       " WHERE word IN ('decisive',"
					       " 'drums', 'exchanges')"),
			 3);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM fts_word"
					       " WHERE word IN ('decis',"
					       " 'exchang')"),
			 0);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM fts_word"
					       " WHERE word GLOB '*[^ -~]*'"),
			 0);
	assert_string_equal(search_ids(f->db, "decis*"), "1");
	assert_string_equal(search_ids(f->db, "title:beats*"), "1");
	assert_string_equal(search_ids(f->db, "-decis*"), "");
	assert_string_equal(search_ids(f->db, "exchanges*"), "1");

	assert_int_equal(sqlite3_exec(f->db->sql,
				      "DELETE FROM fts_word"
				      " WHERE word GLOB 'exchang*';"
				      "INSERT INTO fts_word VALUES ('exchangz')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_string_equal(search_ids(f->db, "excha*"), "");
	assert_string_equal(search_ids(f->db, "exc*"), "1"); /* a token */
	/* no listed word: FTS5's prefix query */
	assert_string_equal(search_ids(f->db, "exchanges*"), "1");

	/* glossa check finds the list short, and the next open lists the
	 * words again */
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(strstr(report, "fts_word: damaged: 1 word of the"
				       " indexes is not listed"));
	assert_non_null(strstr(report, "  not listed: exchanges\n"));
	free(report);
	glossa_db_close(f->db);
	f->db = NULL;
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "excha*"), "1");
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "fts_word: ok\n"));
	free(report);
}

/* Run glossa check; its status, the report in *report (freed by the
 * caller). */
static glossa_status_t check(glossa_db_t *db, char **report)
{
	*report = NULL;
	return glossa_db_check(db, report);
}

/* Run SQL on the archive at path with plain SQLite, behind glossa's back. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
}

/*
 * An archive of schema 10 (article_fts without the author, tokenizer 4,
 * its list of words complete) is migrated on open: the author is
 * indexed, and its words go into the list at once, which stays
 * complete without being made again from the indexes.
 */
static void test_migrates_from_version_10(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;
	sqlite3 *raw;

	test_import_text(f->db, "Title: Drums\nAuthor: Zhangsan Lisi\n\n"
				"beating the war drums\n");
	glossa_db_close(f->db);
	f->db = NULL;
	/* the migrations after 11 undone first, then 11 by hand */
	test_schema_back_to(f->path, 11, NULL);
	assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(raw, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw,
		"DROP TABLE article_fts;"
		"CREATE VIRTUAL TABLE article_fts USING fts5("
		"  body, title, glosses, source, tags,"
		"  content='article', content_rowid='id',"
		"  tokenize='glossa', detail=full);"
		"INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
		"DELETE FROM fts_word WHERE word GLOB 'zhang*'"
		"  OR word GLOB 'lis*';"
		"UPDATE meta SET value = '4' WHERE key = 'tokenizer';"
		"PRAGMA user_version = 10;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM meta"
					       " WHERE key = 'words'"),
			 1);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "zhangs*"), "1");
	assert_string_equal(search_ids(f->db, "author:lisi"), "1");
	assert_fts_ok(f->db);
}

/*
 * A token longer than FTS5 indexes (it keeps the first 32 768 bytes) is
 * listed as FTS5 cut it, and check finds the archive healthy; an archive
 * that listed it whole (before the list cut them) is healthy too.
 */
static void test_check_long_token(void **state)
{
	struct test_archive *f = *state;
	size_t n = 40000;
	char *text = malloc(n + 64), *report;

	assert_non_null(text);
	strcpy(text, "Title: Long\n\nbefore ");
	memset(text + strlen(text), 'x', n);
	strcpy(text + strlen("Title: Long\n\nbefore ") + n, " after\n");
	test_import_text(f->db, text);
	assert_int_equal(test_words_missing(f->path), 0);
	assert_int_equal(test_sql_int(f->path, "SELECT max(length(word))"
					       " FROM fts_word"),
			 32768);
	assert_int_equal(check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "fts_word: ok\n"));
	free(report);

	raw_sql(f->path, "UPDATE fts_word SET word = word || 'xxxxxxx'"
			 " WHERE length(word) = 32768");
	assert_int_equal(check(f->db, &report), GLOSSA_OK);
	free(report);
	/* the longer word is not taken for another one that it starts */
	raw_sql(f->path, "UPDATE fts_word SET word = 'y' || word"
			 " WHERE length(word) > 32768");
	assert_int_equal(check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(strstr(report, "fts_word: damaged: 1 word of"));
	free(report);
	free(text);
}

/* An index that disagrees with the text it indexes (the text changed
 * by plain SQL, without the index) is reported damaged. */
static void test_check_index_disagrees(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t g = {0};
	char *report;
	int64_t id;

	id = test_import_text(f->db, baogang);
	g.article_id = id;
	g.kind = GLOSSA_KIND_NOTE;
	g.phrase = g.reading = g.translation = g.tags = "";
	g.context_before = g.context_after = "";
	g.note = "a note about the steel works";
	g.pos = -1;
	assert_int_equal(glossa_annotation_add(f->db, &g), GLOSSA_OK);
	assert_int_equal(check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "article_fts: ok\n"));
	assert_non_null(strstr(report, "annotation_fts: ok\n"));
	free(report);

	raw_sql(f->path, "UPDATE annotation SET note = note || ' more'");
	assert_int_equal(check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(strstr(report, "article_fts: ok\n"));
	assert_non_null(strstr(report, "annotation_fts: damaged"));
	free(report);

	raw_sql(f->path, "UPDATE annotation"
			 " SET note = substr(note, 1, length(note) - 5)");
	assert_int_equal(check(f->db, &report), GLOSSA_OK);
	free(report);
	raw_sql(f->path, "UPDATE article SET body = 'nothing like it'");
	assert_int_equal(check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(strstr(report, "article_fts: damaged"));
	assert_non_null(strstr(report, "annotation_fts: ok\n"));
	free(report);
}

/* Import file into the archive at path in a child process; its peak
 * RSS in KB. */
static long import_peak_kb(const char *path, const char *file)
{
	struct rusage ru;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		glossa_db_t *db;
		glossa_import_result_t res;
		char *msg = NULL;

		if (glossa_db_open(path, 0, &db, &msg) != GLOSSA_OK)
			_exit(2);
		if (glossa_import_file(db, file, NULL, &res) != GLOSSA_OK)
			_exit(3);
		glossa_import_result_clear(&res);
		glossa_db_close(db);
		_exit(0);
	}
	assert_int_equal(wait4(pid, &status, 0, &ru), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return ru.ru_maxrss;
}

/*
 * Importing one 20 MB article holds a few copies of it at most: its
 * text, the row read back to index it, and FTS5's terms of the one
 * document. It peaked at 6.0 times the file's size (the file's bytes
 * kept to the end, the row copied twice more to index it), now 3.2; the
 * bound is 5. Not under AddressSanitizer, whose memory is its own.
 */
static void test_import_memory(void **state)
{
	struct test_archive *f = *state;
	char *file, *text;
	static char vocab[4096][16];
	size_t size = 20u << 20, n;
	uint32_t x = 1;
	long kb;

#if defined(__SANITIZE_ADDRESS__)
	skip();
#endif
	file = test_path(f->dir, "big.txt");
	text = malloc(size + 256);
	assert_non_null(text);
	/* 4096 words, one in eight of two to four CJK characters, the
	 * others of 2-9 letters; the frequent ones most often */
	for (int w = 0; w < 4096; w++) {
		char *p = vocab[w];
		x = x * 1103515245 + 12345;
		if (w % 8 == 0) {
			for (int i = 0; i < 2 + (int)(x >> 16) % 3; i++) {
				uint32_t cp = 0x4E00 + (x >> (4 + i)) % 3000;
				*p++ = (char)(0xE0 | cp >> 12);
				*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
				*p++ = (char)(0x80 | (cp & 0x3F));
			}
		} else {
			for (int i = 0; i < 2 + (int)(x >> 16) % 8; i++) {
				x = x * 1103515245 + 12345;
				*p++ = (char)('a' + (x >> 16) % 26);
			}
		}
		*p = '\0';
	}
	n = (size_t)sprintf(text, "Title: Big\n\n");
	while (n < size) {
		size_t line = n;
		while (n - line < 70) {
			uint32_t r1 = (x = x * 1103515245 + 12345) >> 8;
			uint32_t r2 = (x = x * 1103515245 + 12345) >> 8;
			const char *w = vocab[r1 % (1 + r2 % 4096)];
			n += (size_t)sprintf(text + n, "%s ", w);
		}
		text[n++] = '\n';
	}
	test_write_file(file, text, n);
	free(text);
	kb = import_peak_kb(f->path, file);
	print_message("importing %zu bytes: peak RSS %ld KB\n", n, kb);
	assert_true(kb < 5 * (long)(n >> 10));
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM article"),
			 1);
	free(file);
}

/* A phrase glossed in one article is reported for another whose body
 * holds it, once, and not for the article itself. */
static void test_glosses_elsewhere(void **state)
{
	struct test_archive *f = *state;
	static const char other[] =
		"Title: Another\nGloss: 战鼓 | war drums\n\n"
		"战鼓 again, and 抓早 too, but no slogan.\n";
	glossa_annotation_t *notes, full;
	size_t n;

	int64_t a = test_import_text(f->db, baogang);
	int64_t b = test_import_text(f->db, other);
	assert_int_equal(glossa_glosses_elsewhere(f->db, b, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].phrase, "抓早");
	assert_int_equal(notes[0].article_id, a);
	/* only the phrase and the ids come back; the rest is read on demand */
	assert_string_equal(notes[0].translation, "");
	assert_int_equal(glossa_annotation_get(f->db, notes[0].id, &full),
			 GLOSSA_OK);
	assert_string_equal(full.phrase, "抓早");
	assert_string_equal(full.translation, "early action");
	glossa_annotation_clear(&full);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_glosses_elsewhere(f->db, a, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].phrase, "战鼓");
	glossa_annotations_free(notes, n);
}

/* The phrases glossa_glosses_elsewhere() gives for article id; and
 * glossa_glosses_in() over the article's body gives the same. */
static char *elsewhere(glossa_db_t *db, int64_t id)
{
	static char buf[256], in[256];
	glossa_annotation_t *notes;
	glossa_article_t *a;
	size_t n, len = 0;

	assert_int_equal(glossa_glosses_elsewhere(db, id, &notes, &n),
			 GLOSSA_OK);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? " " : "", notes[i].phrase);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_article_get(db, id, &a), GLOSSA_OK);
	assert_int_equal(glossa_glosses_in(db, id, a->body, &notes, &n),
			 GLOSSA_OK);
	glossa_article_free(a);
	in[0] = '\0';
	len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "%s%s",
					i ? " " : "", notes[i].phrase);
	glossa_annotations_free(notes, n);
	assert_string_equal(in, buf);
	return buf;
}

/* Prepare steps until the trie is done; how many it took. */
static int prepare_all(glossa_db_t *db)
{
	int done = 0, steps = 0;

	while (!done) {
		assert_int_equal(glossa_glosses_prepare(db, &done), GLOSSA_OK);
		assert_true(++steps < 1000);
	}
	return steps;
}

/*
 * The phrase trie built a few rows at a time by glossa_glosses_prepare()
 * is the one built at once; a write through the handle in the middle of
 * a build stops it, and succeeds even when another connection committed
 * since the build began (its read transaction could not have become a
 * write one); the build then starts over and sees the new gloss.
 */
static void test_glosses_prepare(void **state)
{
	struct test_archive *f = *state;
	static const char other[] =
		"Title: Another\nGloss: 战鼓 | war drums\n"
		"Gloss: 决战 | decisive battle\nGloss: 时刻 | moment\n\n"
		"战鼓 again, 抓早 too, 再出发, but no slogan.\n";
	glossa_annotation_t g = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	glossa_db_t *second;
	char *msg = NULL, want[256];
	int done = 0;

	int64_t a = test_import_text(f->db, baogang);
	int64_t b = test_import_text(f->db, other);
	snprintf(want, sizeof(want), "%s", elsewhere(f->db, b));
	assert_string_equal(want, "抓早");

	/* again, one row a step, on a new handle */
	assert_int_equal(glossa_db_open(f->path, 0, &second, &msg), GLOSSA_OK);
	second->trie_step_rows = 1;
	assert_true(prepare_all(second) >= 5);
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_true(done); /* up to date: nothing more to do */
	assert_string_equal(elsewhere(second, b), want);
	assert_string_equal(elsewhere(second, a), "战鼓");

	/* a build under way, another connection commits, this one writes */
	glossa_db_close(second);
	assert_int_equal(glossa_db_open(f->path, 0, &second, &msg), GLOSSA_OK);
	second->trie_step_rows = 1;
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_false(done);
	assert_int_equal(glossa_article_set_read(f->db, a, 1), GLOSSA_OK);
	assert_int_equal(glossa_article_set_read(second, b, 1), GLOSSA_OK);
	assert_int_equal(glossa_glosses_prepare(second, &done), GLOSSA_OK);
	assert_false(done); /* started over */
	g.article_id = a;
	g.phrase = "再出发";
	g.translation = "set out again";
	g.note = g.reading = g.tags = "";
	g.context_before = g.context_after = "";
	assert_int_equal(glossa_annotation_add(second, &g), GLOSSA_OK);
	prepare_all(second);
	assert_string_equal(elsewhere(second, b), "再出发 抓早");
	glossa_db_close(second);
}

/* glossa_db_check_file() notices the archive deleted, moved or replaced
 * under an open handle, and a file back in its place. */
static void test_check_file(void **state)
{
	struct test_archive *f = *state;
	char *moved = test_path(f->dir, "moved.db");
	char *other = test_path(f->dir, "other.db");
	glossa_db_t *db2;

	assert_int_equal(glossa_db_check_file(f->db), GLOSSA_OK);
	assert_int_equal(rename(f->path, moved), 0);
	assert_int_equal(glossa_db_check_file(f->db), GLOSSA_NOT_FOUND);
	assert_non_null(strstr(glossa_db_errmsg(f->db), f->path));
	assert_non_null(strstr(glossa_db_errmsg(f->db), "deleted or moved"));
	assert_int_equal(rename(moved, f->path), 0);
	assert_int_equal(glossa_db_check_file(f->db), GLOSSA_OK);

	assert_int_equal(glossa_db_open(other, GLOSSA_OPEN_CREATE, &db2, NULL),
			 GLOSSA_OK);
	glossa_db_close(db2);
	assert_int_equal(rename(other, f->path), 0);
	assert_int_equal(glossa_db_check_file(f->db), GLOSSA_IO);
	assert_non_null(strstr(glossa_db_errmsg(f->db), f->path));
	assert_non_null(strstr(glossa_db_errmsg(f->db), "replaced"));
	free(moved);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, test_archive_setup, test_archive_teardown)
		T(test_create_sets_schema),
		T(test_reopen_keeps_articles),
		T(test_missing_file_not_created),
		T(test_refuses_newer_schema),
		T(test_refuses_other_sqlite),
		T(test_refuses_text_file),
		T(test_empty_file_needs_create),
		T(test_read_only_file),
		T(test_explicit_read_only),
		T(test_migrates_from_version_1),
		T(test_article_count_kept),
		T(test_check_long_token),
		T(test_check_index_disagrees),
		T(test_import_memory),
		T(test_reimport_updates_in_place),
		T(test_reimport_by_title_date_and_source),
		T(test_failed_import_leaves_nothing),
		T(test_import_file_refuses_directory),
		T(test_pagination),
		T(test_annotations_add_update_delete),
		T(test_article_delete_and_read),
		T(test_glosses_elsewhere),
		T(test_glosses_prepare),
		T(test_tokenizer_change_rebuilds),
		T(test_migrates_from_version_6),
		T(test_migrates_from_version_7),
		T(test_migrates_from_version_10),
		T(test_search_ranks_the_newest),
		T(test_check_file),
#undef T
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
