/*
 * test_saved.c: saved searches (saved.h) and facets (facets.h): saving,
 * replacing, listing, forgetting, what "opened" remembers, the schema
 * migration that brings the table to an older archive, and facet counts
 * against counts made with plain SQL, whatever the size of the slices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glossa/glossa.h"
#include "support.h"

static void import_some(glossa_db_t *db, int n)
{
	for (int i = 0; i < n; i++) {
		char text[256];

		snprintf(text, sizeof(text),
			 "Title: Piece %d\nSource: %s\nAuthor: %s\n"
			 "Tags: %s\n\nAbout %s.\n",
			 i, i % 3 ? "Daily" : "Weekly", i % 2 ? "Ann" : "",
			 i % 4 == 0   ? "rare earths; China"
			 : i % 4 == 1 ? " China ；magnets;China"
			 : i % 4 == 2 ? ""
				      : "rare earths",
			 i % 2 ? "copper" : "tin");
		test_import_text(db, text);
	}
}

static void test_saved(void **state)
{
	struct test_archive *f = *state;
	glossa_saved_t *s;
	size_t n;

	import_some(f->db, 6);
	assert_int_equal(glossa_saved_put(f->db, "b copper", "copper"),
			 GLOSSA_OK);
	assert_int_equal(glossa_saved_put(f->db, "a unread", "is:unread"),
			 GLOSSA_OK);
	/* a bad query or name is refused, and nothing saved */
	assert_int_equal(glossa_saved_put(f->db, "bad", "foo:bar"),
			 GLOSSA_BAD_QUERY);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "unknown field foo"));
	assert_int_equal(glossa_saved_put(f->db, "", "x"), GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_saved_put(f->db, "a\nb", "x"),
			 GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].name, "a unread");
	assert_string_equal(s[0].query, "is:unread");
	assert_string_equal(s[1].name, "b copper");
	assert_int_equal(s[1].last_opened, 0);
	assert_int_equal(s[1].last_count, -1);
	glossa_saved_free(s, n);

	/* opened: the highest id now is what later matches are new after */
	assert_int_equal(glossa_saved_opened(f->db, "b copper", NULL, 3),
			 GLOSSA_OK);
	import_some(f->db, 2); /* ids 7 (tin) and 8 (copper) */
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(s[1].seen_id, 6);
	assert_int_equal(s[1].last_count, 3);
	assert_true(s[1].last_opened > 0);
	{
		int64_t total = -1, fresh = -1;
		assert_int_equal(glossa_search_count(f->db, s[1].query,
						     s[1].seen_id, &total,
						     &fresh),
				 GLOSSA_OK);
		assert_int_equal(total, 4);
		assert_int_equal(fresh, 1);
	}
	glossa_saved_free(s, n);

	/* the same query again keeps the state; another one forgets it */
	assert_int_equal(glossa_saved_put(f->db, "b copper", "copper"),
			 GLOSSA_OK);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(s[1].seen_id, 6);
	glossa_saved_free(s, n);
	assert_int_equal(glossa_saved_put(f->db, "b copper", "copper -tin"),
			 GLOSSA_OK);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(s[1].seen_id, 0);
	assert_string_equal(s[1].query, "copper -tin");
	glossa_saved_free(s, n);

	/* a configured search's state: kept, but not listed as saved */
	assert_int_equal(glossa_saved_opened(f->db, "conf", "tin", 4),
			 GLOSSA_OK);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(n, 2);
	glossa_saved_free(s, n);
	assert_int_equal(glossa_saved_list(f->db, 1, &s, &n), GLOSSA_OK);
	assert_int_equal(n, 3);
	assert_string_equal(s[2].name, "conf");
	assert_int_equal(s[2].kept, 0);
	assert_int_equal(s[2].seen_id, 8);
	glossa_saved_free(s, n);
	assert_int_equal(glossa_saved_delete(f->db, "conf"), GLOSSA_NOT_FOUND);

	assert_int_equal(glossa_saved_delete(f->db, "a unread"), GLOSSA_OK);
	assert_int_equal(glossa_saved_delete(f->db, "a unread"),
			 GLOSSA_NOT_FOUND);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(n, 1);
	glossa_saved_free(s, n);
}

/* An archive of the schema before saved searches gets the table. */
static void test_saved_migration(void **state)
{
	struct test_archive *f = *state;
	glossa_saved_t *s;
	size_t n;

	import_some(f->db, 2);
	glossa_db_close(f->db);
	f->db = NULL;
	test_schema_back_to(f->path, 13, NULL);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM "
					       "sqlite_schema WHERE name = "
					       "'saved_search'"),
			 0);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, NULL), GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(glossa_saved_put(f->db, "x", "tin"), GLOSSA_OK);
	assert_int_equal(glossa_saved_list(f->db, 0, &s, &n), GLOSSA_OK);
	assert_int_equal(n, 1);
	glossa_saved_free(s, n);
}

/* The count of value in the facet list, -1 if absent. */
static int64_t count_of(const glossa_facet_t *e, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].value, value) == 0)
			return e[i].n;
	return -1;
}

static void test_facets(void **state)
{
	struct test_archive *f = *state;
	static const size_t slices[] = {0, 1, 3, 7, 1000};

	import_some(f->db, 20);
	for (size_t k = 0; k < sizeof(slices) / sizeof(slices[0]); k++) {
		glossa_facets_t *fc;
		glossa_facet_t *e;
		size_t n;
		int done = 0, steps = 0;

		assert_int_equal(glossa_facets_new(&fc), GLOSSA_OK);
		while (!done) {
			assert_int_equal(glossa_facets_step(f->db, fc,
							    slices[k], &done),
					 GLOSSA_OK);
			assert_true(++steps < 100);
		}
		assert_int_equal(glossa_facets_counted(fc), 20);
		/* tags: one per article, however often it says it;
		 * trimmed; split at ';' and '；'; none from "" */
		assert_int_equal(glossa_facets_get(fc, GLOSSA_FACET_TAG, &e,
						   &n),
				 GLOSSA_OK);
		assert_int_equal(n, 3);
		assert_int_equal(count_of(e, n, "rare earths"), 10);
		assert_int_equal(count_of(e, n, "China"), 10);
		assert_int_equal(count_of(e, n, "magnets"), 5);
		/* most first, then by value */
		assert_string_equal(e[0].value, "China");
		assert_string_equal(e[2].value, "magnets");
		free(e);
		assert_int_equal(glossa_facets_get(fc, GLOSSA_FACET_SOURCE,
						   &e, &n),
				 GLOSSA_OK);
		assert_int_equal(n, 2);
		assert_int_equal(
			count_of(e, n, "Weekly"),
			test_sql_int(f->path, "SELECT count(*) FROM article"
					      " WHERE source = 'Weekly'"));
		assert_int_equal(count_of(e, n, "Daily"), 13);
		free(e);
		assert_int_equal(glossa_facets_get(fc, GLOSSA_FACET_AUTHOR,
						   &e, &n),
				 GLOSSA_OK);
		assert_int_equal(n, 1); /* no empty author */
		assert_int_equal(count_of(e, n, "Ann"), 10);
		free(e);
		glossa_facets_free(fc);
	}
	/* Enter's query finds as many articles as the facet says */
	{
		int64_t total = -1;
		assert_int_equal(glossa_search_count(f->db,
						     "tag:\"rare earths\"", 0,
						     &total, NULL),
				 GLOSSA_OK);
		assert_int_equal(total, 10);
		assert_int_equal(glossa_search_count(f->db, "author:\"Ann\"",
						     0, &total, NULL),
				 GLOSSA_OK);
		assert_int_equal(total, 10);
	}
	glossa_facets_free(NULL);
}

int main(void)
{
#define T(name)                                                                \
	cmocka_unit_test_setup_teardown(name, test_archive_setup,              \
					test_archive_teardown)
	const struct CMUnitTest tests[] = {
		T(test_saved),
		T(test_saved_migration),
		T(test_facets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
