/*
 * test_importer.c: the importer (glossa/importer.h) puts files into the
 * archive in batches, reports each file once and in order when it is in
 * the archive, imports a failed batch's files again one by one (so a
 * file that fails while writing fails alone), and after a stop rolls the
 * open batch back and reports its files as not imported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "glossa/glossa.h"
#include "support.h"

/* What the callback was told, one line a file: "NAME ok", "NAME
 * interrupted", "NAME failed: MESSAGE". */
struct seen {
	char log[8192];
	size_t len;
	int calls;
};

static void on_file(void *arg, const char *path, glossa_status_t st,
		    const glossa_import_result_t *res, const char *msg)
{
	struct seen *s = arg;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (st == GLOSSA_OK) {
		assert_non_null(res);
		assert_true(res->article_id > 0);
		assert_null(msg);
		s->len += (size_t)snprintf(s->log + s->len,
					   sizeof(s->log) - s->len, "%s ok\n",
					   name);
	} else {
		assert_null(res);
		assert_non_null(msg);
		s->len += (size_t)snprintf(
			s->log + s->len, sizeof(s->log) - s->len, "%s %s%s\n",
			name,
			st == GLOSSA_INTERRUPTED ? "interrupted" : "failed: ",
			st == GLOSSA_INTERRUPTED ? "" : msg);
	}
	s->calls++;
}

/* Write article n of the test (Title: Article n) to dir/aN.txt; the
 * path, allocated. */
static char *article(const char *dir, int n)
{
	char name[32], text[128];
	char *path;

	snprintf(name, sizeof(name), "a%d.txt", n);
	snprintf(text, sizeof(text), "Title: Article %d\nDate: 2024-01-%02d\n\n"
		 "body of article %d\n", n, n % 28 + 1, n);
	path = test_path(dir, name);
	test_write_file(path, text, strlen(text));
	return path;
}

/* Articles in the archive at path, counted by another connection: what
 * is committed. */
static int64_t committed(const char *path)
{
	return test_sql_int(path, "SELECT count(*) FROM article");
}

static glossa_importer_t *begin(struct test_archive *f, struct seen *s,
				size_t batch)
{
	glossa_importer_t *imp;

	assert_int_equal(glossa_importer_begin(f->db, on_file, s, &imp),
			 GLOSSA_OK);
	glossa_importer_set_batch(imp, batch, 0);
	return imp;
}

/* Batches of three: a file is reported when its batch commits, and then
 * it is in the archive for everyone; the last batch at finish. */
static void test_batches(void **state)
{
	struct test_archive *f = *state;
	struct seen s = {0};
	glossa_importer_t *imp = begin(f, &s, 3);

	for (int i = 1; i <= 7; i++) {
		char *path = article(f->dir, i);
		assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
				 GLOSSA_OK);
		free(path);
		/* reported and committed batch by batch, never before */
		assert_int_equal(s.calls, i / 3 * 3);
		assert_int_equal(committed(f->path), i / 3 * 3);
	}
	assert_int_equal(glossa_importer_finish(imp), GLOSSA_OK);
	assert_string_equal(s.log, "a1.txt ok\na2.txt ok\na3.txt ok\n"
				   "a4.txt ok\na5.txt ok\na6.txt ok\n"
				   "a7.txt ok\n");
	assert_int_equal(committed(f->path), 7);
	/* a batch holds FTS5's pending terms to 16 MB, not schema 6's 32 */
	assert_int_equal(test_sql_int(f->path, "SELECT v FROM"
					    " article_fts_config"
					    " WHERE k = 'hashsize'"),
			 16 << 20);
}

/* A file refused before anything is written (not text) leaves the batch
 * whole: the files before it are committed first, so the reports keep
 * the files' order; an unreadable path is reported as it comes. */
static void test_refused(void **state)
{
	struct test_archive *f = *state;
	struct seen s = {0};
	glossa_importer_t *imp = begin(f, &s, 100);
	char *a1 = article(f->dir, 1), *a2 = article(f->dir, 2);
	char *bin = test_path(f->dir, "bin.txt");
	char *none = test_path(f->dir, "missing.txt");

	test_write_file(bin, "Title: x\n\n\0\0\0", 13);
	assert_int_equal(glossa_importer_add_file(imp, a1, NULL, 0), GLOSSA_OK);
	assert_int_equal(glossa_importer_add_file(imp, bin, NULL, 0),
			 GLOSSA_OK);
	assert_int_equal(glossa_importer_add_file(imp, none, NULL, 0),
			 GLOSSA_OK);
	assert_int_equal(glossa_importer_add_file(imp, a2, NULL, 0), GLOSSA_OK);
	assert_int_equal(glossa_importer_finish(imp), GLOSSA_OK);
	assert_int_equal(s.calls, 4);
	assert_non_null(strstr(s.log, "a1.txt ok\nbin.txt failed: "));
	assert_non_null(strstr(s.log, "\nmissing.txt failed: No such file"));
	assert_non_null(strstr(s.log, "\na2.txt ok\n"));
	assert_int_equal(committed(f->path), 2);
	free(a1);
	free(a2);
	free(bin);
	free(none);
}

/*
 * A file that fails while writing (here a trigger refuses its article;
 * on a real disk: full, an I/O error) rolls its whole batch back: the
 * importer imports the batch's files again one transaction each, so that
 * only that file fails, each file is reported once, in order, and every
 * other file is in the archive.
 */
static void test_failed_batch_replayed(void **state)
{
	struct test_archive *f = *state;
	struct seen s = {0};
	glossa_importer_t *imp = begin(f, &s, 100);
	char *poison = test_path(f->dir, "poison.txt");
	static const char text[] = "Title: Poison\n\nrefused while written\n";
	sqlite3 *sql;

	/* through plain SQLite, as a damaged disk would */
	assert_int_equal(sqlite3_open(f->path, &sql), SQLITE_OK);
	assert_int_equal(
		sqlite3_exec(sql,
			     "CREATE TRIGGER poison BEFORE INSERT ON article "
			     "WHEN new.title = 'Poison' BEGIN "
			     "SELECT RAISE(ABORT, 'poisoned'); END",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(sql);
	test_write_file(poison, text, strlen(text));

	for (int i = 1; i <= 3; i++) {
		char *path = article(f->dir, i);
		assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
				 GLOSSA_OK);
		free(path);
	}
	assert_int_equal(s.calls, 0); /* all three in the open batch */
	assert_int_equal(glossa_importer_add_file(imp, poison, NULL, 0),
			 GLOSSA_OK);
	/* the batch went back; its files went in again one by one, then
	 * the poison alone */
	assert_int_equal(s.calls, 4);
	assert_int_equal(committed(f->path), 3);
	for (int i = 4; i <= 5; i++) {
		char *path = article(f->dir, i);
		assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
				 GLOSSA_OK);
		free(path);
	}
	assert_int_equal(glossa_importer_finish(imp), GLOSSA_OK);
	assert_string_equal(s.log, "a1.txt ok\na2.txt ok\na3.txt ok\n"
				   "poison.txt failed: storing the article: poisoned\n"
				   "a4.txt ok\na5.txt ok\n");
	assert_int_equal(committed(f->path), 5);
	free(poison);
}

static int stop_now;

static int interrupt_cb(void *arg)
{
	(void)arg;
	return stop_now;
}

/* A stop asked through the interrupt callback rolls the open batch back
 * without importing it again: its files are reported as interrupted,
 * what was committed stays, and nothing more is imported. */
static void test_stop(void **state)
{
	struct test_archive *f = *state;
	struct seen s = {0};
	glossa_importer_t *imp = begin(f, &s, 2);
	char *path;

	glossa_db_set_interrupt(f->db, interrupt_cb, NULL);
	stop_now = 0;
	for (int i = 1; i <= 3; i++) {
		path = article(f->dir, i);
		assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
				 GLOSSA_OK);
		free(path);
	}
	stop_now = 1;
	path = article(f->dir, 4);
	assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
			 GLOSSA_INTERRUPTED);
	stop_now = 0;
	/* stopped for good */
	assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
			 GLOSSA_INTERRUPTED);
	free(path);
	assert_int_equal(glossa_importer_finish(imp), GLOSSA_INTERRUPTED);
	/* a4 was not read: not reported */
	assert_string_equal(s.log,
			    "a1.txt ok\na2.txt ok\na3.txt interrupted\n");
	assert_int_equal(committed(f->path), 2);
	glossa_db_set_interrupt(f->db, NULL, NULL);
}

/* The interrupt callback's answer for the test below: stop from its
 * stop_at-th call on (never if 0); calls counts them. */
struct poll {
	int calls, stop_at;
};

static int poll_cb(void *arg)
{
	struct poll *p = arg;

	return ++p->calls >= p->stop_at && p->stop_at > 0;
}

/* Import a1, a2, a refused file, a3 into a fresh archive, stopped at the
 * stop_at-th poll of the interrupt callback; the number of polls. */
static int import_stopped(const char *dir, int stop_at)
{
	char *name = test_printf("stop%d.db", stop_at);
	char *path = test_path(dir, name);
	char *bin = test_path(dir, "bin.txt");
	struct poll p = {0, stop_at};
	struct seen s = {0};
	glossa_importer_t *imp;
	glossa_db_t *db;
	char *msg = NULL;
	int64_t ok = 0;

	assert_int_equal(glossa_db_open(path, GLOSSA_OPEN_CREATE, &db, &msg),
			 GLOSSA_OK);
	assert_int_equal(glossa_importer_begin(db, on_file, &s, &imp),
			 GLOSSA_OK);
	glossa_importer_set_batch(imp, 100, 0);
	glossa_db_set_interrupt(db, poll_cb, &p);
	for (int i = 1; i <= 4; i++) {
		char *file = i == 3 ? strdup(bin) : article(dir, i < 3 ? i : 3);
		assert_non_null(file);
		glossa_importer_add_file(imp, file, NULL, 0);
		free(file);
	}
	glossa_importer_finish(imp);
	glossa_db_set_interrupt(db, NULL, NULL);
	glossa_db_close(db);
	/* Reports in the files' order: what was imported or refused, then
	 * (after a stop) only files not imported; the archive holds exactly
	 * the files reported imported. */
	for (const char *l = s.log, *stopped = NULL; *l;
	     l = strchr(l, '\n') + 1) {
		if (strstr(l, " interrupted\n") == strchr(l, ' '))
			stopped = l;
		else if (stopped)
			fail_msg("stop at poll %d: \"%.*s\" after a file "
				 "not imported:\n%s", stop_at,
				 (int)(strchr(l, '\n') - l), l, s.log);
		if (strstr(l, " ok\n") == strchr(l, ' '))
			ok++;
	}
	assert_int_equal(committed(path), ok);
	free(name);
	free(path);
	free(bin);
	return p.calls;
}

/* A stop may come at any poll of the interrupt callback, the one between
 * a refused file and the commit of the batch before it among them: at
 * each, no file is reported as refused or imported after one reported
 * as not imported. (It was: "interrupted: a1.txt ..." then "bin.txt:
 * not a text file", the summary counting it failed.) */
static void test_stop_anywhere(void **state)
{
	struct test_archive *f = *state;
	char *bin = test_path(f->dir, "bin.txt");
	int polls;

	test_write_file(bin, "Title: x\n\n\0\0\0", 13);
	polls = import_stopped(f->dir, 0);
	assert_true(polls >= 5);
	for (int k = 1; k <= polls; k++)
		import_stopped(f->dir, k);
	free(bin);
}

/* Standard input's bytes: the batch before them is committed first,
 * then they go in alone. */
static void test_buffer(void **state)
{
	struct test_archive *f = *state;
	struct seen s = {0};
	glossa_importer_t *imp = begin(f, &s, 100);
	static const char text[] = "Title: Piped\n\npiped text\n";
	char *path = article(f->dir, 1);

	assert_int_equal(glossa_importer_add_file(imp, path, NULL, 0),
			 GLOSSA_OK);
	assert_int_equal(glossa_importer_add_buffer(imp, text, strlen(text),
						    "(stdin)", NULL),
			 GLOSSA_OK);
	assert_string_equal(s.log, "a1.txt ok\n(stdin) ok\n");
	assert_int_equal(committed(f->path), 2);
	assert_int_equal(glossa_importer_finish(imp), GLOSSA_OK);
	assert_int_equal(s.calls, 2);
	free(path);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, test_archive_setup, \
					      test_archive_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_batches),
		T(test_refused),
		T(test_failed_batch_replayed),
		T(test_stop),
		T(test_stop_anywhere),
		T(test_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
