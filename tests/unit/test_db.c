/*
 * test_db.c: the archive on real SQLite files: creating, reopening,
 * refusing what is not ours, migrating, and checking the archive and its
 * full-text indexes (the articles in it: test_articles.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "tokenizer.h"
#include "glossa/glossa.h"
#include "support.h"
#include "db-helpers.h"

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

/* PRAGMA cache_size of db's connection. */
static int cache_size(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	int n;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "PRAGMA cache_size", -1,
					    &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* A connection opened to read (the interface's searches) has a page
 * cache sized for reading; one opened to write keeps SQLite's. */
static void test_read_only_cache(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;
	glossa_db_t *ro;

	assert_int_equal(glossa_db_open(f->path, GLOSSA_OPEN_READONLY, &ro,
					&msg),
			 GLOSSA_OK);
	assert_int_equal(cache_size(ro), -GLOSSA_READ_CACHE_KB);
	assert_true(GLOSSA_READ_CACHE_KB > 2000);
	assert_int_equal(cache_size(f->db), -2000);
	glossa_db_close(ro);
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
	/* each word with its stem, by which a query word finds it */
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM fts_word"
					       " WHERE (word, stem) IN"
					       " (VALUES ('exchanges', 'exchang'),"
					       " ('drums', 'drum'),"
					       " ('decisive', 'decis'))"),
			 3);
	assert_string_equal(search_ids(f->db, "exchange"), "1");
	assert_string_equal(search_ids(f->db, "drum"), "1");
	assert_string_equal(search_ids(f->db, "decis*"), "1");
	assert_string_equal(search_ids(f->db, "title:beats*"), "1");
	assert_string_equal(search_ids(f->db, "-decis*"), "");
	assert_string_equal(search_ids(f->db, "exchanges*"), "1");

	assert_int_equal(sqlite3_exec(f->db->sql,
				      "DELETE FROM fts_word"
				      " WHERE word GLOB 'exchang*';"
				      "INSERT INTO fts_word"
				      "  VALUES ('exchangz', 'exchangz');"
				      "UPDATE fts_word SET stem = 'drom'"
				      "  WHERE word = 'drums'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* a word listed with another stem is not found by its own */
	assert_string_equal(search_ids(f->db, "drum"), "");
	assert_string_equal(search_ids(f->db, "excha*"), "");
	assert_string_equal(search_ids(f->db, "exc*"), "1"); /* a token */
	/* no listed word: FTS5's prefix query */
	assert_string_equal(search_ids(f->db, "exchanges*"), "1");

	/* glossa check finds the list short and a stem wrong, and the next
	 * open lists the words again, with their stems */
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_CORRUPT);
	assert_non_null(strstr(report, "fts_word: damaged: 1 word of the"
				       " indexes is not listed"));
	assert_non_null(strstr(report, "  not listed: exchanges\n"));
	assert_non_null(strstr(report, "fts_word: damaged: 1 listed word has"
				       " another stem than its own"));
	assert_non_null(strstr(report, "  wrong stem: drums\n"));
	assert_non_null(strstr(report, "  they are listed again\n"));
	free(report);
	glossa_db_close(f->db);
	/* listed by check itself: a read-only open (glossa list) never
	 * lists them, and "drum" would miss "drums" */
	assert_int_equal(glossa_db_open(f->path, GLOSSA_OPEN_READONLY, &f->db,
	                                &msg),
	                 GLOSSA_OK);
	assert_string_equal(search_ids(f->db, "drum"), "1");
	assert_string_equal(search_ids(f->db, "excha*"), "1");
	glossa_db_close(f->db);
	f->db = NULL;
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_words_missing(f->path), 0);
	assert_string_equal(search_ids(f->db, "excha*"), "1");
	assert_string_equal(search_ids(f->db, "drum"), "1");
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
 * indexed, and its words are in the list, which schema 15 makes again
 * from the indexes with the words' stems.
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
 * An archive whose list of words is not complete (an upgrade stopped
 * between the index's rebuild and the list) is refused read-only, as an
 * archive that needs a migration is: without the list a word would find
 * itself only. A writable open lists the words, and then a read-only one
 * finds every word of the stem.
 */
static void test_unlisted_read_only(void **state)
{
	struct test_archive *f = *state;
	glossa_db_t *ro = NULL;
	char *msg = NULL;

	test_import_text(f->db, "Title: Mines\n\nthe mines of Bayan Obo\n");
	glossa_db_close(f->db);
	f->db = NULL;
	raw_sql(f->path, "DELETE FROM meta WHERE key = 'words'");
	assert_int_equal(glossa_db_open(f->path, GLOSSA_OPEN_READONLY, &ro,
					&msg),
			 GLOSSA_READONLY);
	assert_non_null(strstr(msg, "needs its list of words made again"));
	free(msg);
	msg = NULL;
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	glossa_db_close(f->db);
	f->db = NULL;
	assert_int_equal(glossa_db_open(f->path, GLOSSA_OPEN_READONLY, &ro,
					&msg),
			 GLOSSA_OK);
	assert_string_equal(search_ids(ro, "mining"), "1");
	glossa_db_close(ro);
}

/*
 * A list of words that cannot be read fails the search with a message,
 * where the word would otherwise be searched without it (finding fewer
 * articles, silently); a search without words still works.
 */
static void test_words_unreadable(void **state)
{
	struct test_archive *f = *state;
	glossa_page_t page;
	int64_t total = 0;

	test_import_text(f->db, "Title: Mines\n\nthe mines of Bayan Obo\n");
	assert_string_equal(search_ids(f->db, "mining"), "1");
	glossa_db_close(f->db);
	f->db = NULL;
	raw_sql(f->path, "ALTER TABLE fts_word RENAME TO fts_word_gone");
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, NULL), GLOSSA_OK);
	assert_int_equal(glossa_search(f->db, "mining", 0, 10, &page, &total),
			 GLOSSA_ERROR);
	assert_non_null(strstr(glossa_db_errmsg(f->db),
			       "list of words cannot be read"));
	assert_int_equal(glossa_search(f->db, "co*", 0, 10, &page, &total),
			 GLOSSA_ERROR);
	assert_string_equal(search_ids(f->db, "\"mines\""), "1");
	assert_string_equal(search_ids(f->db, "the*"), "1");
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
		T(test_read_only_cache),
		T(test_migrates_from_version_1),
		T(test_unlisted_read_only),
		T(test_words_unreadable),
		T(test_check_long_token),
		T(test_check_index_disagrees),
		T(test_tokenizer_change_rebuilds),
		T(test_migrates_from_version_6),
		T(test_migrates_from_version_7),
		T(test_migrates_from_version_10),
		T(test_check_file),
#undef T
	};

	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
