/*
 * test_date.c: reading pasted dates (storage/date.c): every form, leap
 * years, impossible dates and times, garbage and trailing text; then in
 * an archive: the list's order, after:/before:, the migration to 10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "date.h"
#include "glossa/glossa.h"
#include "support.h"

/* s reads as want ("" : s is refused). */
static void expect(const char *s, const char *want)
{
	char out[GLOSSA_DATE_MAX];
	const char *why = NULL;
	int rc = glossa_date_parse(s, strlen(s), out, &why);

	if (strcmp(out, want) != 0 || (rc == 0) != (want[0] != '\0')) {
		print_error("\"%s\": got \"%s\" (rc %d, %s), want \"%s\"\n", s,
			    out, rc, why ? why : "-", want);
		fail();
	}
	if (rc < 0)
		assert_non_null(why);
}

/* s is refused, with a reason containing part. */
static void refused(const char *s, const char *part)
{
	char out[GLOSSA_DATE_MAX] = "x";
	const char *why = NULL;

	if (glossa_date_parse(s, strlen(s), out, &why) == 0) {
		print_error("\"%s\" read as \"%s\"\n", s, out);
		fail();
	}
	assert_string_equal(out, "");
	assert_non_null(why);
	if (part && !strstr(why, part)) {
		print_error("\"%s\": reason \"%s\" lacks \"%s\"\n", s, why,
			    part);
		fail();
	}
}

static void test_iso(void **state)
{
	(void)state;
	expect("2025-02-10", "2025-02-10");
	expect("  2025-02-10\t ", "2025-02-10");
	expect("2025-2-3", "2025-02-03");
	expect("2025-02", "2025-02");
	expect("2025", "2025");
	expect("2025-02-10T08:30", "2025-02-10T08:30:00");
	expect("2025-02-10T08:30:15", "2025-02-10T08:30:15");
	expect("2025-02-10t08:30:15.123456", "2025-02-10T08:30:15");
	expect("2025-02-10 08:30:15", "2025-02-10T08:30:15");
	expect("2025-02-10T08:30:00+08:00", "2025-02-10T08:30:00+08:00");
	expect("2025-02-10T08:30:00-05:30", "2025-02-10T08:30:00-05:30");
	expect("2025-02-10T08:30:00+0800", "2025-02-10T08:30:00+08:00");
	expect("2025-02-10T08:30:00+08", "2025-02-10T08:30:00+08:00");
	expect("2025-02-10T08:30:00Z", "2025-02-10T08:30:00Z");
	expect("2025-02-10T08:30:00z", "2025-02-10T08:30:00Z");
	expect("2025-02-10T08:30:00+00:00", "2025-02-10T08:30:00Z");
	expect("2025-02-10T08:30:00 +14:00", "2025-02-10T08:30:00+14:00");
	expect("2025-02-10T00:00:00-12:00", "2025-02-10T00:00:00-12:00");
	expect("2025-02-10T23:59:59", "2025-02-10T23:59:59");
	expect("0001-01-01", "0001-01-01");
	expect("9999-12-31", "9999-12-31");
}

static void test_slashes_and_dots(void **state)
{
	(void)state;
	expect("2025/02/10", "2025-02-10");
	expect("2025/2/10", "2025-02-10");
	expect("2025/02", "2025-02");
	expect("2025.02.10", "2025-02-10");
	expect("2025.2", "2025-02");
	expect("2025/02/10 08:30", "2025-02-10T08:30:00");
	refused("2025/02-10", "separator");
	refused("2025-02/10", "separator");
	refused("2025_02_10", NULL);
}

static void test_rfc2822(void **state)
{
	(void)state;
	expect("Mon, 10 Feb 2025 08:30:00 +0800", "2025-02-10T08:30:00+08:00");
	expect("Mon, 10 Feb 2025 08:30:00 -0000", "2025-02-10T08:30:00");
	expect("Mon, 10 Feb 2025 08:30:00 +0000", "2025-02-10T08:30:00Z");
	expect("Mon, 10 Feb 2025 08:30:00 GMT", "2025-02-10T08:30:00Z");
	expect("Mon, 10 Feb 2025 08:30 UT", "2025-02-10T08:30:00Z");
	expect("Mon, 10 Feb 2025 08:30:00 EST", "2025-02-10T08:30:00-05:00");
	expect("Mon, 10 Feb 2025 08:30:00 PDT", "2025-02-10T08:30:00-07:00");
	expect("10 Feb 2025 08:30:00 +0800", "2025-02-10T08:30:00+08:00");
	expect("Mon, 10 Feb 2025", "2025-02-10");
	expect("monday, 10 february 2025", "2025-02-10");
	expect("Tue, 29 Feb 2028 12:00:00 +0100", "2028-02-29T12:00:00+01:00");
	/* the weekday must be the date's */
	refused("Tue, 10 Feb 2025 08:30:00 +0800", "weekday");
	refused("Mon, Feb 2025", "weekday");
	refused("Mon, 10 Feb 25 08:30:00 +0800", "four digits");
	refused("Mon, 10 Feb 2025 08:30:00 +2500", "14 hours");
	refused("Mon, 10 Feb 2025 08:30:00 +1430", "14 hours");
	refused("Mon, 10 Feb 2025 08:30:00 +0860", "14 hours");
	refused("Mon, 10 Feb 2025 08:30:00 CET", "text after");
}

static void test_names(void **state)
{
	(void)state;
	expect("10 February 2025", "2025-02-10");
	expect("10 Feb 2025", "2025-02-10");
	expect("10 Feb. 2025", "2025-02-10");
	expect("10th February 2025", "2025-02-10");
	expect("1st March 2024", "2024-03-01");
	expect("Feb 10, 2025", "2025-02-10");
	expect("February 10, 2025", "2025-02-10");
	expect("February 10 2025", "2025-02-10");
	expect("Sept 3, 2025", "2025-09-03");
	expect("SEP 3, 2025", "2025-09-03");
	expect("Monday, February 10, 2025", "2025-02-10");
	expect("February 2025", "2025-02");
	expect("Feb 10, 2025, 08:30", "2025-02-10T08:30:00");
	expect("December 31, 1999 23:59", "1999-12-31T23:59:00");
	refused("Febuary 10, 2025", NULL);
	refused("10 Febr 2025", NULL);
	refused("February", NULL);
	refused("February 10", NULL);
	refused("10 February", NULL);
}

static void test_cjk(void **state)
{
	(void)state;
	expect("2025年2月10日", "2025-02-10");
	expect("2025年02月10日", "2025-02-10");
	expect("2025 年 2 月 10 日", "2025-02-10");
	expect("２０２５年２月１０日", "2025-02-10");
	expect("２０２５－０２－１０", "2025-02-10");
	expect("2025年2月10号", "2025-02-10");
	expect("2025年2月10日 08:30", "2025-02-10T08:30:00");
	expect("2025年2月10日　０８：３０", "2025-02-10T08:30:00");
	expect("2025年2月", "2025-02");
	expect("2025年", "2025");
	expect("　2025年2月10日　", "2025-02-10");
	refused("2025年13月1日", "month");
	refused("2025年2月30日", "February");
	refused("2025年2月10", "日");
	refused("2025年2", "月");
	refused("二〇二五年二月十日", NULL);
}

static void test_leap_years(void **state)
{
	(void)state;
	expect("2024-02-29", "2024-02-29");
	expect("2000-02-29", "2000-02-29");
	expect("1600-02-29", "1600-02-29");
	refused("2023-02-29", "28 days");
	refused("1900-02-29", "28 days");
	refused("2100-02-29", "28 days");
	refused("2024-02-30", "29 days");
	expect("29 February 2024", "2024-02-29");
	refused("29 February 2023", "28 days");
}

static void test_impossible(void **state)
{
	(void)state;
	refused("2024-13-45", "month");
	refused("2024-00-10", "month 0");
	refused("2024-01-00", "day 0");
	refused("2024-01-32", "January");
	refused("2025-04-31", "April");
	refused("2025-06-31", "June");
	refused("2025-09-31", "September");
	refused("2025-11-31", "November");
	refused("0000-01-01", "0000");
	refused("2025-13", "month");
	refused("2025-00", "month 0");
	/* times and offsets out of range */
	refused("2025-02-10T24:00", "hour");
	refused("2025-02-10T23:60", "minute");
	refused("2025-02-10T23:59:60", "second");
	refused("2025-02-10T8:5", "HH:MM");
	refused("2025-02-10T", "HH:MM");
	refused("2025-02-10T08:30:00+15:00", "14 hours");
	refused("2025-02-10T08:30:00-14:01", "14 hours");
	refused("2025-02-10T08:30:00+08:60", "14 hours");
	refused("2025-02-10T08:30:00+8", "offset");
}

static void test_garbage(void **state)
{
	char out[GLOSSA_DATE_MAX];
	char longer[300];

	(void)state;
	refused("", "empty");
	refused("   ", "empty");
	refused("yesterday", NULL);
	refused("n/a", NULL);
	refused("-", NULL);
	refused("202", NULL);
	refused("20250", NULL);
	refused("20250210", NULL);
	refused("12025-01-01", NULL);
	refused("2025--02-10", NULL);
	refused("02/10/2025", NULL);
	refused("10.02.2025", NULL);
	refused("2025-002-10", NULL);
	refused("2025-02-100", NULL);
	refused("Feb 10, 2025 and more", "text after");
	/* trailing text */
	refused("2025-02-10 (updated 2025-03-01)", NULL);
	refused("2025-02-10x", "text after");
	refused("2025-02-10T08:30:00+08:00 extra", "text after");
	refused("2025年2月10日星期一", NULL);
	memset(longer, ' ', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	memcpy(longer + 100, "2025-02-10", 10);
	refused(longer, "too long");
	/* not NUL-terminated: only len bytes are read */
	assert_int_equal(glossa_date_parse("2025-02-10xyz", 10, out, NULL), 0);
	assert_string_equal(out, "2025-02-10");
	/* a stray byte of UTF-8 and a truncated full-width digit */
	refused("2025-02-1\xef\xbc", NULL);
	refused("\xff", NULL);
}

/* The normalised forms sort as the dates do, a partial date first. */
static void test_order(void **state)
{
	static const char *const in_order[] = {
		"1999",		    "1999-12-31",	   "2024",
		"2024-02",	    "2024-02-29",	   "2025",
		"2025-02",	    "2025-02-10",	   "2025-02-10T08:30:00",
		"2025-02-10T08:30:00+08:00", "2025-02-10T09:00:00Z",
		"2025-02-11"};
	char a[GLOSSA_DATE_MAX], b[GLOSSA_DATE_MAX];
	size_t n = sizeof(in_order) / sizeof(*in_order);

	(void)state;
	for (size_t i = 0; i + 1 < n; i++) {
		assert_int_equal(glossa_date_parse(in_order[i],
						   strlen(in_order[i]), a, NULL),
				 0);
		assert_int_equal(glossa_date_parse(in_order[i + 1],
						   strlen(in_order[i + 1]), b,
						   NULL),
				 0);
		assert_true(strcmp(a, b) < 0);
	}
}

/* Every day of 400 years (a whole Gregorian cycle) reads as itself, and
 * the day after each month's last does not. */
static void test_every_day(void **state)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	char s[32], out[GLOSSA_DATE_MAX];

	(void)state;
	for (int y = 1900; y < 2300; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int last = mdays[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= last + 1; d++) {
				int n = snprintf(s, sizeof(s), "%04d-%02d-%02d",
						 y, m, d);
				int rc = glossa_date_parse(s, (size_t)n, out,
							   NULL);
				if (d <= last) {
					assert_int_equal(rc, 0);
					assert_string_equal(out, s);
				} else {
					assert_int_equal(rc, -1);
				}
			}
		}
	}
}


/* ---- In an archive ---------------------------------------------------- */

/* Titles t1.. with these Dates (NULL: no Date field), imported in order:
 * article i has id i. */
static const char *const dates[] = {
	"2025/02/10",			 /* 1: 2025-02-10 */
	"10 February 2025",		 /* 2: 2025-02-10 */
	"2025-02-10T08:30:00+08:00",	 /* 3 */
	"2024-13-45",			 /* 4: unreadable */
	"Mon, 03 Mar 2025 08:30:00 +0800", /* 5 */
	"Feb 1, 2025",			 /* 6: 2025-02-01 */
	"２０２４年１２月３１日",	 /* 7: 2024-12-31 */
	"2025-02",			 /* 8: a month */
	"2025",				 /* 9: a year */
	NULL,				 /* 10: none */
	"2025.01.15",			 /* 11 */
};
#define N_DATES (sizeof(dates) / sizeof(*dates))

/* Newest first; the unreadable date with the undated, after the dated. */
static const char list_order[] = "5 3 2 1 6 8 11 9 7 10 4";

static void import_dates(glossa_db_t *db)
{
	for (size_t i = 0; i < N_DATES; i++) {
		char text[256];
		glossa_import_result_t res;

		if (dates[i])
			snprintf(text, sizeof(text),
				 "Title: t%zu\nDate: %s\n\nThe drums.\n", i + 1,
				 dates[i]);
		else
			snprintf(text, sizeof(text),
				 "Title: t%zu\n\nThe drums.\n", i + 1);
		assert_int_equal(glossa_import_buffer(db, text, strlen(text),
						      "t.txt", NULL, &res),
				 GLOSSA_OK);
		assert_int_equal(res.article_id, (int64_t)i + 1);
		if (i + 1 == 4) {
			assert_int_equal(res.n_warnings, 1);
			assert_non_null(strstr(res.warnings[0],
					       "line 2: Date \"2024-13-45\""
					       " is not a date glossa can"
					       " read (there is no month past"
					       " 12)"));
		} else {
			assert_int_equal(res.n_warnings, 0);
		}
		glossa_import_result_clear(&res);
	}
}

/* The ids of a page, space-separated (static). */
static const char *ids_of(const glossa_page_t *page)
{
	static char out[512];
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < page->n && n < sizeof(out) - 24; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%lld",
				      i ? " " : "",
				      (long long)page->rows[i].id);
	return out;
}

/* The whole list read by keyset pages of three, forward. */
static const char *list_by_threes(glossa_db_t *db)
{
	static char out[512];
	glossa_page_t page = {0};
	glossa_key_t key;
	char date[GLOSSA_DATE_MAX];
	int first = 1;

	out[0] = '\0';
	for (;;) {
		assert_int_equal(glossa_list(db, first ? NULL : &key, 0, 3,
					     &page),
				 GLOSSA_OK);
		if (page.n == 0)
			break;
		if (!first)
			strcat(out, " ");
		strcat(out, ids_of(&page));
		snprintf(date, sizeof(date), "%s",
			 page.rows[page.n - 1].date);
		key.date = date;
		key.id = page.rows[page.n - 1].id;
		first = 0;
		glossa_page_clear(&page);
	}
	return out;
}

static const char *search_ids(glossa_db_t *db, const char *query)
{
	static char out[512];
	glossa_page_t page = {0};
	int64_t total = 0;

	assert_int_equal(glossa_search(db, query, 0, 100, &page, &total),
			 GLOSSA_OK);
	snprintf(out, sizeof(out), "%s", ids_of(&page));
	glossa_page_clear(&page);
	return out;
}

/* The list, its pages, the filters and the article as written. */
static void check_dates(glossa_db_t *db)
{
	glossa_page_t page = {0};
	glossa_article_t *a;
	int64_t pos = -1;

	assert_int_equal(glossa_list(db, NULL, 0, 0, &page), GLOSSA_OK);
	assert_string_equal(ids_of(&page), list_order);
	/* the row's date is normalised; the unreadable one says so */
	assert_string_equal(page.rows[0].date, "2025-03-03T08:30:00+08:00");
	assert_string_equal(page.rows[4].date, "2025-02-01");
	assert_string_equal(page.rows[8].date, "2024-12-31");
	assert_string_equal(page.rows[9].date, "");
	assert_int_equal(page.rows[9].bad_date, 0);
	assert_string_equal(page.rows[10].date, "");
	assert_int_equal(page.rows[10].bad_date, 1);
	glossa_page_clear(&page);
	assert_string_equal(list_by_threes(db), list_order);
	/* backward from the end: the last page */
	assert_int_equal(glossa_list(db, NULL, 1, 3, &page), GLOSSA_OK);
	assert_string_equal(ids_of(&page), "7 10 4");
	glossa_page_clear(&page);
	assert_int_equal(glossa_list_position(db, 4, &pos), GLOSSA_OK);
	assert_int_equal(pos, 10);
	assert_int_equal(glossa_list_position(db, 8, &pos), GLOSSA_OK);
	assert_int_equal(pos, 5);

	/* a month or a year is a period: it passes when it may */
	assert_string_equal(search_ids(db, "after:2025-02-01"),
			    "5 3 2 1 6 8 9");
	assert_string_equal(search_ids(db, "before:2025-01"), "11 9 7");
	assert_string_equal(search_ids(db, "after:2025-02-10 before:2025-02-10"),
			    "3 2 1 8 9");
	assert_string_equal(search_ids(db, "drums after:2025/03/01"), "5 9");
	assert_string_equal(search_ids(db, "before:2024"), "7");

	/* the Date as written is the article's (export, show) */
	assert_int_equal(glossa_article_get(db, 2, &a), GLOSSA_OK);
	assert_string_equal(a->date, "10 February 2025");
	assert_string_equal(a->date_iso, "2025-02-10");
	glossa_article_free(a);
	assert_int_equal(glossa_article_get(db, 4, &a), GLOSSA_OK);
	assert_string_equal(a->date, "2024-13-45");
	assert_string_equal(a->date_iso, "");
	glossa_article_free(a);
}

static void test_archive_dates(void **state)
{
	struct test_archive *f = *state;
	char *report = NULL;

	import_dates(f->db);
	check_dates(f->db);
	/* check lists the unreadable date and still passes */
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "dates: warning: 1 article has a Date"
				       " glossa cannot read"));
	assert_non_null(strstr(report, "\n  4  Date \"2024-13-45\"  t4\n"));
	free(report);
}

/* An archive of schema 9 (dates as strings) gets its dates read on
 * open: the same order and filters as one imported now. */
static void test_migrates_from_version_9(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL, *report = NULL;
	
	import_dates(f->db);
	glossa_db_close(f->db);
	f->db = NULL;
	test_schema_back_to(f->path, 9, NULL);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM article"
					       " WHERE date_iso <> ''"),
			 (int64_t)N_DATES - 2);
	check_dates(f->db);
	assert_int_equal(glossa_db_check(f->db, &report), GLOSSA_OK);
	assert_non_null(strstr(report, "\n  4  Date \"2024-13-45\"  t4\n"));
	free(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_iso),
	    cmocka_unit_test(test_slashes_and_dots),
	    cmocka_unit_test(test_rfc2822),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_cjk),
	    cmocka_unit_test(test_leap_years),
	    cmocka_unit_test(test_impossible),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_every_day),
	    cmocka_unit_test_setup_teardown(test_archive_dates,
					    test_archive_setup,
					    test_archive_teardown),
	    cmocka_unit_test_setup_teardown(test_migrates_from_version_9,
					    test_archive_setup,
					    test_archive_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
