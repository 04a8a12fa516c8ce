/*
 * support.h: what the unit tests share: temporary directories (tests
 * never touch $HOME), files, and looks into an archive with plain SQLite.
 */
#ifndef GLOSSA_TEST_SUPPORT_H
#define GLOSSA_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "glossa/glossa.h"

/* A new empty directory under $TMPDIR (or /tmp); free with
 * test_tmpdir_remove(), which deletes it and everything in it. */
char *test_tmpdir(void);
void test_tmpdir_remove(char *dir);

/* The string fmt makes, allocated; out of memory fails the test. */
char *test_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *test_vprintf(const char *fmt, va_list ap);

/* dir/name, allocated. */
char *test_path(const char *dir, const char *name);

/* Write len bytes to path (replacing it); read a whole file (*len set,
 * NUL-terminated); both abort the test on failure. */
void test_write_file(const char *path, const char *data, size_t len);
char *test_read_file(const char *path, size_t *len);

/* Copy the file from to to (replacing it). */
void test_copy_file(const char *from, const char *to);

/* Remove the archive at path and its -wal, -shm and -journal files
 * (those missing are no error). */
void test_remove_archive(const char *path);

/* One integer from an SQL query on the database file at path, opened
 * read-only with plain SQLite (no glossa code in between). */
int64_t test_sql_int(const char *path, const char *sql);

/* How many words (tokenizer.h) of the archive's full-text indexes at
 * path are not in its list fts_word, the first few printed. */
int64_t test_words_missing(const char *path);

/* Take the archive at path (closed) back to schema version, undoing the
 * migrations after it, then run sql (if not NULL) on it: an archive as
 * an older glossa left it, for the migration tests. */
void test_schema_back_to(const char *path, int version, const char *sql);

/* Assert that two articles have the same header fields (title, source,
 * author, url, date, language, tags), body and extra fields. */
void test_same_article_text(const glossa_article_t *x,
			    const glossa_article_t *y);

/* The number of articles of db. */
int64_t test_count_articles(glossa_db_t *db);

/* The path of a file in the source tree ($GLOSSA_SRC/rel), allocated. */
char *test_src(const char *rel);

/* Call each(data, len, arg) with every file of the fuzz corpus
 * tests/fuzz/corpus/<name> (dot files skipped), data NUL-terminated and
 * freed after the call; the number of files. A missing directory fails
 * the test. */
size_t test_each_corpus_file(const char *name,
			     void (*each)(const char *data, size_t len,
					  void *arg),
			     void *arg);

/*
 * The fixture of the tests that work on an archive: a new archive,
 * archive.db in a new temporary directory. test_archive_setup() is a
 * cmocka setup (*state becomes a struct test_archive);
 * test_archive_teardown() closes the archive and removes the directory.
 */
struct test_archive {
	char *dir;
	char *path;
	glossa_db_t *db;
};
int test_archive_setup(void **state);
int test_archive_teardown(void **state);

/* Import an article from text into db, failing the test if it is
 * refused; the article's id. */
int64_t test_import_text(glossa_db_t *db, const char *text);

#endif
