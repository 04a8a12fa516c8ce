/*
 * test_interrupt.c: a search stops inside a real slow SQLite call, not
 * only between calls: a phrase of 150 words over articles that are 5 000
 * times that word (FTS5 tries the phrase at every position: milliseconds
 * an article). Stopped by the interrupt callback (asked by SQLite's
 * progress handler as the statement runs), and by glossa_db_interrupt()
 * from another thread, the one call a second thread may make; the handle
 * works as before afterwards.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "glossa/glossa.h"
#include "support.h"

#define ARTICLES 40

static char *slow_query(void)
{
	size_t len = 0;
	char *q = malloc(150 * 6 + 3);

	assert_non_null(q);
	q[len++] = '"';
	for (int i = 0; i < 150; i++)
		len += (size_t)sprintf(q + len, "%szebra", i ? " " : "");
	q[len++] = '"';
	q[len] = '\0';
	return q;
}

static int setup(void **state)
{
	struct test_archive *f;
	size_t cap = 64 + 5000 * 6;
	char *text = malloc(cap);

	test_archive_setup(state);
	f = *state;
	assert_non_null(text);
	for (int a = 1; a <= ARTICLES; a++) {
		size_t len = (size_t)snprintf(text, cap,
					      "Title: Herd %d\n\n", a);
		for (int i = 0; i < 5000; i++)
			len += (size_t)snprintf(text + len, cap - len, "zebra%s",
						i % 12 == 11 ? "\n" : " ");
		test_import_text(f->db, text);
	}
	free(text);
	return 0;
}

/* The interrupt callback's calls, and from which call on it says stop
 * (0: never). */
static atomic_int calls;
static int stop_from;

static int count_and_stop(void *arg)
{
	(void)arg;
	int n = atomic_fetch_add(&calls, 1) + 1;
	return stop_from && n >= stop_from;
}

/* The callback stops the search while SQLite runs it: GLOSSA_INTERRUPTED
 * after the call that said stop, "interrupted"; then the same search
 * without the callback finds every article. */
static void test_callback_stops(void **state)
{
	struct test_archive *f = *state;
	char *q = slow_query();
	glossa_page_t page = {0};
	int64_t total = 0;

	atomic_store(&calls, 0);
	stop_from = 5;
	glossa_db_set_interrupt(f->db, count_and_stop, NULL);
	assert_int_equal(glossa_search(f->db, q, 0, 10, &page, &total),
			 GLOSSA_INTERRUPTED);
	assert_int_equal(atomic_load(&calls), 5);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "interrupted"));
	glossa_page_clear(&page);

	/* never stopping: the calls show that the search went on long
	 * after the one that stopped it (143 calls here) */
	atomic_store(&calls, 0);
	stop_from = 0;
	assert_int_equal(glossa_search(f->db, q, 0, 10, &page, &total),
			 GLOSSA_OK);
	assert_int_equal(total, ARTICLES);
	assert_int_equal(page.n, 10);
	assert_true(atomic_load(&calls) > 4 * 5);
	glossa_page_clear(&page);
	glossa_db_set_interrupt(f->db, NULL, NULL);
	free(q);
}

static atomic_int searching, done;

static int mark_searching(void *arg)
{
	(void)arg;
	atomic_store(&searching, 1);
	return 0;
}

/* Another thread: once the search runs, glossa_db_interrupt() every
 * millisecond until it returns (one that lands between two statements
 * is cleared when the next begins: the searcher sends it again too). */
static void *interrupter(void *arg)
{
	glossa_db_t *db = arg;

	while (!atomic_load(&searching) && !atomic_load(&done))
		usleep(1000);
	while (!atomic_load(&done)) {
		glossa_db_interrupt(db);
		usleep(1000);
	}
	return NULL;
}

static void test_other_thread_stops(void **state)
{
	struct test_archive *f = *state;
	char *q = slow_query();
	glossa_page_t page = {0};
	pthread_t t;

	atomic_store(&searching, 0);
	atomic_store(&done, 0);
	glossa_db_set_interrupt(f->db, mark_searching, NULL);
	assert_int_equal(pthread_create(&t, NULL, interrupter, f->db), 0);
	assert_int_equal(glossa_search(f->db, q, 0, 10, &page, NULL),
			 GLOSSA_INTERRUPTED);
	atomic_store(&done, 1);
	pthread_join(t, NULL);
	glossa_page_clear(&page);
	glossa_db_set_interrupt(f->db, NULL, NULL);
	/* the handle works as before */
	assert_int_equal(glossa_search(f->db, "herd", 0, 100, &page, NULL),
			 GLOSSA_OK);
	assert_int_equal(page.n, ARTICLES);
	glossa_page_clear(&page);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_callback_stops, setup,
						test_archive_teardown),
		cmocka_unit_test_setup_teardown(test_other_thread_stops, setup,
						test_archive_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
