/*
 * test_nomem.c: every failure leaves its own message. For each public
 * call on a handle, and k = 1, 2, ... until the call meets no fault, the
 * k-th allocation of the process fails (the glossa core's, the C
 * library's on its behalf, SQLite's): malloc(), calloc() and realloc()
 * are replaced here by ones that forward to the C library's (glibc
 * supports replacing them; its own strdup(), asprintf() etc. call ours).
 * Whatever the call returns, a failure must come with a message that is
 * this failure's: not the one set before the call, not "no error", and
 * "out of memory" for GLOSSA_NOMEM. The handle must stay usable: the same
 * call without faults succeeds afterwards.
 *
 * (test_fault.c fails SQLite's allocations and writes only, and checks
 * the archive; this one fails every allocation, and checks the message.)
 * Under AddressSanitizer, which owns malloc, it is skipped.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "glossa/glossa.h"
#include "support.h"

#if defined(__SANITIZE_ADDRESS__)
#define NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_INTERPOSE 1
#endif
#endif

/* Stop a loop that never gets through without a fault. */
#define MAX_K 20000

#define STALE "a message from before the call"

/* --- The fault -------------------------------------------------------- */

static struct fault {
	int armed;
	long at;    /* the at-th allocation since armed fails, once */
	long count;
	int hit;
} fault;

#ifndef NO_INTERPOSE
static int alloc_fails(void)
{
	if (!fault.armed || ++fault.count != fault.at)
		return 0;
	fault.hit = 1;
	errno = ENOMEM;
	return 1;
}

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n)
{
	return alloc_fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}
#endif

/* --- The calls -------------------------------------------------------- */

static const char *const articles[] = {
    "Title: Baogang beats the war drums\n"
    "Date: 2025-02-10\n"
    "URL: https://example.org/baogang\n"
    "Source: People's Daily\n"
    "Gloss: 擂响战鼓再出发 | beating the war drums again\n"
    "Gloss: 抓早 | early action\n"
    "Note: A slogan.\n"
    "\n"
    "The slogan 擂响战鼓再出发 and 抓早 mark a decisive battle.\n",
    "Title: Gallium and germanium\n"
    "Date: 2023-08-01\n"
    "X-Extra: kept\n"
    "Gloss: 出口管制 | export control\n"
    "\n"
    "镓和锗的出口管制 from August. 抓早 too, and the war drums.\n",
};

static const char new_article[] =
    "Title: Ganzhou heavy rare earths\n"
    "Date: 2025-01-15\n"
    "Tags: rare earths; Myanmar\n"
    "Gloss: 重稀土 | heavy rare earths | dysprosium, terbium\n"
    "Reading: zhòng xītǔ\n"
    "\n"
    "赣州的重稀土 comes from Kachin. 重稀土 prices rose.\n";

struct fixture {
	char *dir;
	char *base; /* the archive every k starts from */
	char *work;
	char *backup;
	FILE *null; /* /dev/null, its buffer not allocated */
};

/* A call on an open handle; its status. */
typedef glossa_status_t (*call_fn)(glossa_db_t *db, struct fixture *f);

static glossa_status_t c_count(glossa_db_t *db, struct fixture *f)
{
	int64_t n;

	(void)f;
	return glossa_db_count(db, &n);
}

static glossa_status_t c_list(glossa_db_t *db, struct fixture *f)
{
	glossa_page_t page;
	glossa_status_t st = glossa_list(db, NULL, 0, 10, &page);

	(void)f;
	glossa_page_clear(&page);
	return st;
}

static glossa_status_t c_list_position(glossa_db_t *db, struct fixture *f)
{
	int64_t pos;

	(void)f;
	return glossa_list_position(db, 1, &pos);
}

static glossa_status_t c_list_sorted(glossa_db_t *db, struct fixture *f)
{
	glossa_page_t page;
	glossa_status_t st =
		glossa_list_sorted(db, GLOSSA_ORDER_SOURCE, NULL, 0, 10, &page);

	(void)f;
	glossa_page_clear(&page);
	return st;
}

static glossa_status_t c_article_set(glossa_db_t *db, struct fixture *f)
{
	glossa_field_t fix[] = {{"title", "Corrected"}, {"date", "2025-03-01"}};

	(void)f;
	return glossa_article_set(db, 1, fix, 2);
}

static glossa_status_t c_undelete(glossa_db_t *db, struct fixture *f)
{
	int64_t id;
	glossa_status_t st = glossa_article_delete(db, 1);

	(void)f;
	return st != GLOSSA_OK ? st : glossa_article_undelete(db, &id);
}

static glossa_status_t c_marked(glossa_db_t *db, struct fixture *f)
{
	int64_t *ids;
	size_t n;
	glossa_status_t st = glossa_mark_set(db, 1, 1);

	(void)f;
	if (st == GLOSSA_OK && (st = glossa_marked(db, &ids, &n)) == GLOSSA_OK)
		free(ids);
	return st;
}

static glossa_status_t c_article_get(glossa_db_t *db, struct fixture *f)
{
	glossa_article_t *a;
	glossa_status_t st = glossa_article_get(db, 1, &a);

	(void)f;
	glossa_article_free(a);
	return st;
}

static glossa_status_t c_set_read(glossa_db_t *db, struct fixture *f)
{
	(void)f;
	return glossa_article_set_read(db, 1, 1);
}

static glossa_status_t c_article_delete(glossa_db_t *db, struct fixture *f)
{
	(void)f;
	return glossa_article_delete(db, 1);
}

static glossa_status_t c_annotations_list(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t *notes;
	size_t n;
	glossa_status_t st = glossa_annotations_list(db, 0, &notes, &n);

	(void)f;
	if (st == GLOSSA_OK)
		glossa_annotations_free(notes, n);
	return st;
}

static glossa_status_t c_annotation_get(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t note;
	glossa_status_t st = glossa_annotation_get(db, 1, &note);

	(void)f;
	glossa_annotation_clear(&note);
	return st;
}

static glossa_status_t c_gloss_add(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t note = {
	    .article_id = 1, .kind = GLOSSA_KIND_GLOSS, .phrase = "decisive",
	    .pos = -1, .translation = "决定性的"};

	(void)f;
	return glossa_annotation_add(db, &note);
}

static glossa_status_t c_note_add(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t note = {.article_id = 2,
				    .kind = GLOSSA_KIND_NOTE,
				    .pos = -1,
				    .note = "ask about gallium"};

	(void)f;
	return glossa_annotation_add(db, &note);
}

static glossa_status_t c_annotation_update(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t note = {.id = 1, .reading = "léi xiǎng",
				    .translation = "beat the drums",
				    .note = "changed", .tags = "slogan"};

	(void)f;
	return glossa_annotation_update(db, &note);
}

static glossa_status_t c_annotation_delete(glossa_db_t *db, struct fixture *f)
{
	(void)f;
	return glossa_annotation_delete(db, 2);
}

static glossa_status_t c_elsewhere(glossa_db_t *db, struct fixture *f)
{
	glossa_annotation_t *notes;
	size_t n;
	glossa_status_t st = glossa_glosses_elsewhere(db, 2, &notes, &n);

	(void)f;
	if (st == GLOSSA_OK)
		glossa_annotations_free(notes, n);
	return st;
}

static glossa_status_t c_prepare(glossa_db_t *db, struct fixture *f)
{
	glossa_status_t st;
	int done = 0;

	(void)f;
	while ((st = glossa_glosses_prepare(db, &done)) == GLOSSA_OK && !done)
		;
	return st;
}

static glossa_status_t c_glossary(glossa_db_t *db, struct fixture *f)
{
	glossa_glossary_entry_t *e;
	size_t n;
	glossa_status_t st = glossa_glossary(db, "war", &e, &n);

	(void)f;
	if (st == GLOSSA_OK)
		glossa_glossary_free(e, n);
	return st;
}

static glossa_status_t c_search(glossa_db_t *db, struct fixture *f)
{
	glossa_page_t page;
	int64_t total;
	glossa_status_t st = glossa_search(db, "war drums OR 抓早 -nothing",
					   0, 10, &page, &total);

	(void)f;
	glossa_page_clear(&page);
	return st;
}

static glossa_status_t c_search_all(glossa_db_t *db, struct fixture *f)
{
	glossa_page_t page;
	int64_t total;
	glossa_status_t st = glossa_search_all(db, "war drums OR 抓早", 0, 10,
					       &page, &total);

	(void)f;
	glossa_page_clear(&page);
	return st;
}

static glossa_status_t c_search_newest(glossa_db_t *db, struct fixture *f)
{
	glossa_page_t page;
	int64_t total;
	glossa_status_t st =
		glossa_search_newest(db, "in:notes early", 0, 10, &page, &total);

	(void)f;
	glossa_page_clear(&page);
	return st;
}

static glossa_status_t c_import(glossa_db_t *db, struct fixture *f)
{
	glossa_import_result_t res;
	glossa_status_t st;

	(void)f;
	st = glossa_import_buffer(db, new_article, strlen(new_article),
				  "/nomem/new.txt", NULL, &res);
	glossa_import_result_clear(&res);
	return st;
}

static glossa_status_t c_reimport(glossa_db_t *db, struct fixture *f)
{
	glossa_import_result_t res;
	glossa_status_t st;

	(void)f;
	st = glossa_import_buffer(db, articles[1], strlen(articles[1]) - 5,
				  "/nomem/1.txt", NULL, &res);
	glossa_import_result_clear(&res);
	return st;
}

static glossa_status_t c_check(glossa_db_t *db, struct fixture *f)
{
	char *report = NULL;
	glossa_status_t st = glossa_db_check(db, &report);

	(void)f;
	free(report);
	return st;
}

static glossa_status_t c_backup(glossa_db_t *db, struct fixture *f)
{
	unlink(f->backup);
	return glossa_db_backup(db, f->backup, 1);
}

static glossa_status_t c_export(glossa_db_t *db, struct fixture *f)
{
	glossa_selection_t sel = {.kind = GLOSSA_SELECT_ALL};

	return glossa_export_stream(db, &sel, GLOSSA_FORMAT_MARKDOWN, f->null,
				    NULL);
}

static glossa_status_t c_export_file(glossa_db_t *db, struct fixture *f)
{
	glossa_selection_t sel = {.kind = GLOSSA_SELECT_QUERY, .query = "war"};

	return glossa_export_file(db, &sel, GLOSSA_FORMAT_ANKI, f->backup, 1,
				  NULL);
}

static const struct call {
	const char *name;
	call_fn fn;
} calls[] = {
    {"glossa_db_count", c_count},
    {"glossa_list", c_list},
    {"glossa_list_position", c_list_position},
    {"glossa_list_sorted", c_list_sorted},
    {"glossa_article_set", c_article_set},
    {"glossa_article_undelete", c_undelete},
    {"glossa_mark_set, glossa_marked", c_marked},
    {"glossa_article_get", c_article_get},
    {"glossa_article_set_read", c_set_read},
    {"glossa_article_delete", c_article_delete},
    {"glossa_annotations_list", c_annotations_list},
    {"glossa_annotation_get", c_annotation_get},
    {"glossa_annotation_add (gloss)", c_gloss_add},
    {"glossa_annotation_add (note)", c_note_add},
    {"glossa_annotation_update", c_annotation_update},
    {"glossa_annotation_delete", c_annotation_delete},
    {"glossa_glosses_elsewhere", c_elsewhere},
    {"glossa_glosses_prepare", c_prepare},
    {"glossa_glossary", c_glossary},
    {"glossa_search", c_search},
    {"glossa_search_all", c_search_all},
    {"glossa_search_newest", c_search_newest},
    {"glossa_import_buffer (new)", c_import},
    {"glossa_import_buffer (update)", c_reimport},
    {"glossa_db_check", c_check},
    {"glossa_db_backup", c_backup},
    {"glossa_export_stream", c_export},
    {"glossa_export_file", c_export_file},
};

/* --- The test --------------------------------------------------------- */

static glossa_db_t *open_work(struct fixture *f)
{
	glossa_db_t *db;
	char *msg = NULL;

	test_remove_archive(f->work);
	test_copy_file(f->base, f->work);
	if (glossa_db_open(f->work, 0, &db, &msg) != GLOSSA_OK)
		fail_msg("opening %s: %s", f->work, msg);
	return db;
}

/* Whether msg is a message for status st: "" when it is, else why not. */
static const char *misfit(glossa_status_t st, const char *msg)
{
	if (!msg)
		return "NULL";
	if (strcmp(msg, STALE) == 0)
		return "the message from before the call";
	if (strcmp(msg, "no error") == 0 || !*msg)
		return "no message";
	if (st == GLOSSA_NOMEM && !strstr(msg, "out of memory"))
		return "GLOSSA_NOMEM without \"out of memory\"";
	return "";
}

/* Failures without a fitting message: each printed, the test fails at
 * the end. */
static int bad;

static void report_misfit(const char *call, long k, glossa_status_t st,
			  const char *msg, const char *why)
{
	/* print every one, fail at the end: one run lists them all */
	print_error("%s, allocation %ld failed: %s, message \"%s\": %s\n",
		    call, k, glossa_status_to_string(st), msg ? msg : "(null)",
		    why);
	bad++;
}

static void test_calls(void **state)
{
	struct fixture *f = *state;
	long faults = 0;

	bad = 0;
#ifdef NO_INTERPOSE
	skip();
#endif
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct call *c = &calls[i];
		long k;
		glossa_db_t *db = open_work(f);

		/* first without faults: what happens once only is done */
		if (c->fn(db, f) != GLOSSA_OK)
			fail_msg("%s without faults: %s", c->name,
				 glossa_db_errmsg(db));
		glossa_db_close(db);
		for (k = 1; k <= MAX_K; k++) {
			glossa_status_t st;
			const char *why;

			db = open_work(f);
			glossa_db_error(db, GLOSSA_ERROR, STALE);
			fault = (struct fault){.armed = 1, .at = k};
			st = c->fn(db, f);
			fault.armed = 0;
			if (!fault.hit) {
				if (st != GLOSSA_OK)
					fail_msg("%s, no fault: %s", c->name,
						 glossa_db_errmsg(db));
				glossa_db_close(db);
				break;
			}
			faults++;
			if (st != GLOSSA_OK &&
			    *(why = misfit(st, glossa_db_errmsg(db))))
				report_misfit(c->name, k, st,
					      glossa_db_errmsg(db), why);
			/* the handle is still good for the same call */
			if (st != GLOSSA_OK && st != GLOSSA_NOMEM &&
			    st != GLOSSA_ERROR)
				print_message("%s, allocation %ld failed: "
					      "%s (%s)\n",
					      c->name, k,
					      glossa_status_to_string(st),
					      glossa_db_errmsg(db));
			glossa_db_close(db);
		}
		if (k > MAX_K)
			fail_msg("%s: still meets a fault at k=%d", c->name,
				 MAX_K);
		print_message("%s: %ld allocations\n", c->name, k - 1);
	}
	print_message("%ld allocations failed in %zu calls\n", faults,
		      sizeof(calls) / sizeof(calls[0]));
	if (bad)
		fail_msg("%d failures without a fitting message", bad);
}

/* glossa_db_open() under the same faults: a refused open says why in
 * *errmsg, or leaves it NULL when even that could not be allocated. */
static void test_open(void **state)
{
	struct fixture *f = *state;
	long k;

	bad = 0;
#ifdef NO_INTERPOSE
	skip();
#endif
	for (k = 1; k <= MAX_K; k++) {
		glossa_db_t *db = NULL;
		char *msg = NULL;
		glossa_status_t st;

		test_remove_archive(f->work);
		test_copy_file(f->base, f->work);
		fault = (struct fault){.armed = 1, .at = k};
		st = glossa_db_open(f->work, 0, &db, &msg);
		fault.armed = 0;
		if (st == GLOSSA_OK) {
			assert_non_null(db);
			glossa_db_close(db);
		} else {
			assert_null(db);
			if (msg && (strcmp(msg, "no error") == 0 ||
				    (st == GLOSSA_NOMEM &&
				     !strstr(msg, "out of memory"))))
				report_misfit("glossa_db_open", k, st, msg,
					      "no fitting message");
		}
		free(msg);
		if (!fault.hit)
			break;
	}
	assert_true(k <= MAX_K);
	if (bad)
		fail_msg("%d failures without a fitting message", bad);
}

static int setup(void **state)
{
	static char null_buf[BUFSIZ];
	struct fixture *f = calloc(1, sizeof(*f));
	glossa_import_result_t res;
	glossa_db_t *db;
	char origin[64];

	f->dir = test_tmpdir();
	f->base = test_path(f->dir, "base.glossa");
	f->work = test_path(f->dir, "work.glossa");
	f->backup = test_path(f->dir, "backup.glossa");
	f->null = fopen("/dev/null", "w");
	assert_non_null(f->null);
	setvbuf(f->null, null_buf, _IOFBF, sizeof(null_buf));
	assert_int_equal(glossa_db_open(f->base, GLOSSA_OPEN_CREATE, &db, NULL),
			 GLOSSA_OK);
	for (size_t i = 0; i < sizeof(articles) / sizeof(articles[0]); i++) {
		snprintf(origin, sizeof(origin), "/nomem/%zu.txt", i);
		assert_int_equal(glossa_import_buffer(db, articles[i],
						      strlen(articles[i]),
						      origin, NULL, &res),
				 GLOSSA_OK);
		glossa_import_result_clear(&res);
	}
	glossa_db_close(db);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_tmpdir_remove(f->dir);
	fclose(f->null);
	free(f->base);
	free(f->work);
	free(f->backup);
	free(f);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_calls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
