/* support.c: helpers shared by the unit tests (see support.h). */
#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "support.h"
#include "tokenizer.h"

char *test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (asprintf(&dir, "%s/glossa-unit.XXXXXX", base && *base ? base : "/tmp") < 0)
		fail_msg("out of memory");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s failed", dir);
	return dir;
}

static int remove_entry(const char *path, const struct stat *sb, int type,
			struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

void test_tmpdir_remove(char *dir)
{
	if (!dir)
		return;
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *test_vprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		fail_msg("out of memory");
	return s;
}

char *test_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = test_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *test_path(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		fail_msg("out of memory");
	return p;
}

void test_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot write %s", path);
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("short write to %s", path);
	if (fclose(f) != 0)
		fail_msg("cannot close %s", path);
}

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		fail_msg("cannot read %s", path);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = 2 * (n + 4096 + 1);
			data = realloc(data, cap);
			if (!data)
				fail_msg("out of memory");
		}
		size_t got = fread(data + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

void test_copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = test_read_file(from, &len);

	test_write_file(to, data, len);
	free(data);
}

void test_remove_archive(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	char side[4096];
	size_t i;

	for (i = 0; i < sizeof(sides) / sizeof(*sides); i++) {
		snprintf(side, sizeof(side), "%s%s", path, sides[i]);
		unlink(side);
	}
}

int64_t test_sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t v;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		fail_msg("cannot open %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fail_msg("%s: no row", sql);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/*
 * What each migration added, removed again: undo[v] takes an archive of
 * schema v back to v - 1 (only the migrations the tests go back over).
 * A new migration adds its line here.
 */
static const char *const undo[] = {
	[8] = "DROP TABLE fts_word;"
	      "DELETE FROM meta WHERE key = 'words';",
	[9] = "DROP INDEX article_origin;"
	      "ALTER TABLE article DROP COLUMN file_hash;"
	      "DROP TABLE annotation_gone;"
	      "ALTER TABLE annotation DROP COLUMN file_sig;",
	[10] = "DROP INDEX article_order;"
	       "ALTER TABLE article DROP COLUMN date_iso;"
	       "CREATE INDEX article_order ON article(date DESC, id DESC);",
	/* the index as tokenizer 4 wrote it, without the author; the old
	 * tokenizer's mark makes the next open build it again */
	[11] = "DROP TABLE article_fts;"
	       "CREATE VIRTUAL TABLE article_fts USING fts5("
	       "  body, title, glosses, source, tags,"
	       "  content='article', content_rowid='id',"
	       "  tokenize='glossa', detail=full);"
	       "INSERT INTO article_fts (article_fts, rank)"
	       "  VALUES ('hashsize', 33554432);"
	       "INSERT INTO article_fts (article_fts, rank)"
	       "  VALUES ('automerge', 16);"
	       "INSERT INTO article_fts (article_fts, rank)"
	       "  VALUES ('crisismerge', 32);"
	       "INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
	       "UPDATE meta SET value = '4' WHERE key = 'tokenizer';",
	[12] = "ALTER TABLE annotation DROP COLUMN reading_derived;",
	[13] = "DROP INDEX article_unread;"
	       "DROP INDEX article_by_source;"
	       "DROP INDEX article_by_title;"
	       "DROP TABLE annotation_mark;"
	       "DROP TABLE article_override;",
	[14] = "DROP TABLE saved_search;"
	       "DROP INDEX article_read;"
	       "DROP INDEX annotation_kind;"
	       "DROP INDEX annotation_detached;",
	/* the list without its stems; the old tokenizer's mark makes the
	 * next open build the index again */
	[15] = "CREATE TABLE old_word (word TEXT PRIMARY KEY) WITHOUT ROWID;"
	       "INSERT INTO old_word SELECT word FROM fts_word;"
	       "DROP TABLE fts_word;"
	       "ALTER TABLE old_word RENAME TO fts_word;"
	       "UPDATE meta SET value = '5' WHERE key = 'tokenizer';",
};

void test_schema_back_to(const char *path, int version, const char *sql)
{
	int now = (int)test_sql_int(path, "PRAGMA user_version");
	char pragma[64];
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    glossa_tokenizer_register(db, NULL) != SQLITE_OK)
		fail_msg("cannot open %s: %s", path, sqlite3_errmsg(db));
	for (int v = now; v > version; v--) {
		if (v >= (int)(sizeof(undo) / sizeof(undo[0])) || !undo[v])
			fail_msg("no undo of migration %d in support.c", v);
		if (sqlite3_exec(db, undo[v], NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("undoing migration %d: %s", v,
				 sqlite3_errmsg(db));
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", version);
	if ((sql && sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) ||
	    sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql ? sql : pragma, sqlite3_errmsg(db));
	sqlite3_close(db);
}

int64_t test_count_articles(glossa_db_t *db)
{
	int64_t n = -1;

	if (glossa_db_count(db, &n) != GLOSSA_OK)
		fail_msg("count: %s", glossa_db_errmsg(db));
	return n;
}

char *test_src(const char *rel)
{
	const char *src = getenv("GLOSSA_SRC");
	char *p;

	if (asprintf(&p, "%s/%s", src && *src ? src : "..", rel) < 0)
		fail_msg("out of memory");
	return p;
}

void test_same_article_text(const glossa_article_t *x,
			    const glossa_article_t *y)
{
	size_t i;

	assert_string_equal(x->title, y->title);
	assert_string_equal(x->source, y->source);
	assert_string_equal(x->author, y->author);
	assert_string_equal(x->url, y->url);
	assert_string_equal(x->date, y->date);
	assert_string_equal(x->language, y->language);
	assert_string_equal(x->tags, y->tags);
	assert_string_equal(x->body, y->body);
	assert_int_equal(x->n_extra, y->n_extra);
	for (i = 0; i < x->n_extra; i++) {
		assert_string_equal(x->extra[i].name, y->extra[i].name);
		assert_string_equal(x->extra[i].value, y->extra[i].value);
	}
}

size_t test_each_corpus_file(const char *name,
			     void (*each)(const char *data, size_t len,
					  void *arg),
			     void *arg)
{
	char *rel = test_path("tests/fuzz/corpus", name);
	char *dir = test_src(rel), *path, *data;
	struct dirent *de;
	size_t len, files = 0;
	DIR *d = opendir(dir);

	if (!d)
		fail_msg("cannot open %s", dir);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = test_path(dir, de->d_name);
		data = test_read_file(path, &len);
		each(data, len, arg);
		free(data);
		free(path);
		files++;
	}
	closedir(d);
	free(dir);
	free(rel);
	return files;
}

int test_archive_setup(void **state)
{
	struct test_archive *a = calloc(1, sizeof(*a));
	char *msg = NULL;

	assert_non_null(a);
	a->dir = test_tmpdir();
	a->path = test_path(a->dir, "archive.db");
	assert_int_equal(glossa_db_open(a->path, GLOSSA_OPEN_CREATE, &a->db,
					&msg),
			 GLOSSA_OK);
	assert_null(msg);
	*state = a;
	return 0;
}

int test_archive_teardown(void **state)
{
	struct test_archive *a = *state;

	glossa_db_close(a->db);
	free(a->path);
	test_tmpdir_remove(a->dir);
	free(a);
	return 0;
}

int64_t test_import_text(glossa_db_t *db, const char *text)
{
	glossa_import_result_t res;
	int64_t id;

	if (glossa_import_buffer(db, text, strlen(text), "test", NULL, &res) !=
	    GLOSSA_OK)
		fail_msg("import failed: %s", glossa_db_errmsg(db));
	id = res.article_id;
	glossa_import_result_clear(&res);
	return id;
}

int64_t test_words_missing(const char *path)
{
	static const char *const tables[] = {"article_fts", "annotation_fts"};
	sqlite3 *db;
	sqlite3_stmt *vocab, *has;
	int64_t missing = 0;
	char sql[128];

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK ||
	    glossa_tokenizer_register(db, NULL) != SQLITE_OK)
		fail_msg("cannot open %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM fts_word WHERE word = ?",
			       -1, &has, NULL) != SQLITE_OK)
		fail_msg("fts_word: %s", sqlite3_errmsg(db));
	for (int t = 0; t < 2; t++) {
		snprintf(sql, sizeof(sql),
			 "CREATE VIRTUAL TABLE temp.v%d"
			 " USING fts5vocab(main, %s, row)",
			 t, tables[t]);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		snprintf(sql, sizeof(sql), "SELECT term FROM temp.v%d", t);
		if (sqlite3_prepare_v2(db, sql, -1, &vocab, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		while (sqlite3_step(vocab) == SQLITE_ROW) {
			const char *term =
				(const char *)sqlite3_column_text(vocab, 0);
			int n = sqlite3_column_bytes(vocab, 0);

			if (!glossa_tokenizer_is_word(term, n))
				continue;
			sqlite3_bind_text(has, 1, term, n, SQLITE_STATIC);
			if (sqlite3_step(has) != SQLITE_ROW) {
				if (missing++ < 5)
					print_error("%s: %.*s not in fts_word\n",
						    tables[t], n, term);
			}
			sqlite3_reset(has);
		}
		sqlite3_finalize(vocab);
	}
	sqlite3_finalize(has);
	sqlite3_close(db);
	return missing;
}
