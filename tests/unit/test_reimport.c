/*
 * test_reimport.c: importing a file again never loses what the user
 * wrote. An annotation created or changed in glossa is the user's and
 * stays as it is; the file's own annotations keep their ids; one the
 * user deleted stays deleted; a file updates an article only when it is
 * that article by a key the user gave (URL, the same file, or Title +
 * Date + Source), and the same bytes again write nothing.
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
#include "glossa/glossa.h"
#include "support.h"

static const char r1[] = "Title: R\nURL: http://r/\n"
			 "Gloss: alpha | orig\n"
			 "Gloss: beta | second letter\n\n"
			 "alpha beta\n";
/* r1 with a new body, as after the source corrected a word */
static const char r2[] = "Title: R\nURL: http://r/\n"
			 "Gloss: alpha | orig\n"
			 "Gloss: beta | second letter\n\n"
			 "gamma alpha beta\n";

/* Import text with origin, failing the test if it is refused. */
static glossa_import_result_t import(glossa_db_t *db, const char *text,
				     const char *origin)
{
	glossa_import_result_t res, copy;

	if (glossa_import_buffer(db, text, strlen(text), origin, NULL, &res) !=
	    GLOSSA_OK)
		fail_msg("import: %s", glossa_db_errmsg(db));
	copy = res;
	copy.warnings = NULL;
	copy.n_warnings = 0;
	glossa_import_result_clear(&res);
	return copy;
}

/* The annotations of article id, one a line: "id phrase=translation". */
static char *notes_of(glossa_db_t *db, int64_t id)
{
	static char buf[1024];
	glossa_annotation_t *n;
	size_t count, len = 0;

	assert_int_equal(glossa_annotations_list(db, id, &n, &count),
			 GLOSSA_OK);
	buf[0] = '\0';
	for (size_t i = 0; i < count; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%lld %s=%s%s\n", (long long)n[i].id,
					n[i].phrase, n[i].translation,
					n[i].detached ? " (detached)" : "");
	glossa_annotations_free(n, count);
	return buf;
}

static glossa_annotation_t get(glossa_db_t *db, int64_t id)
{
	glossa_annotation_t n;

	assert_int_equal(glossa_annotation_get(db, id, &n), GLOSSA_OK);
	return n;
}

static void set_translation(glossa_db_t *db, int64_t id, const char *text)
{
	glossa_annotation_t n = get(db, id);

	free(n.translation);
	n.translation = strdup(text);
	assert_int_equal(glossa_annotation_update(db, &n), GLOSSA_OK);
	glossa_annotation_clear(&n);
}

/* The issue's own case: a gloss from the file, changed in glossa, then
 * the same file again and a changed file. */
static void test_edit_survives_reimport(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	glossa_annotation_t n;

	import(f->db, r1, "r.txt");
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=orig\n2 beta=second letter\n");
	set_translation(f->db, 1, "MINE");
	res = import(f->db, r1, "r.txt");
	assert_true(res.unchanged);
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=MINE\n2 beta=second letter\n");
	res = import(f->db, r2, "r.txt");
	assert_true(res.updated);
	assert_false(res.unchanged);
	/* the same ids; the edited gloss is not doubled by the file's */
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=MINE\n2 beta=second letter\n");
	n = get(f->db, 1);
	assert_int_equal(n.pos, 6); /* placed in the new body */
	glossa_annotation_clear(&n);
	assert_int_equal(test_count_articles(f->db), 1);
}

/* Saving a note unchanged does not make it the user's: the file can
 * still take it away. */
static void test_file_gloss_follows_file(void **state)
{
	struct test_archive *f = *state;
	static const char r3[] = "Title: R\nURL: http://r/\n"
				 "Gloss: alpha | first letter\n\n"
				 "gamma alpha beta\n";
	glossa_annotation_t n;

	import(f->db, r1, "r.txt");
	n = get(f->db, 2);
	assert_int_equal(glossa_annotation_update(f->db, &n), GLOSSA_OK);
	glossa_annotation_clear(&n);
	import(f->db, r3, "r.txt");
	/* alpha|orig and beta went from the file, alpha changed there */
	assert_string_equal(notes_of(f->db, 1), "3 alpha=first letter\n");
}

/* An annotation the user changed stays when the file drops it; one the
 * user added stays; a file's annotation the user deleted stays deleted. */
static void test_user_notes_stay(void **state)
{
	struct test_archive *f = *state;
	static const char r3[] = "Title: R\nURL: http://r/\n\n"
				 "gamma alpha beta\n";
	glossa_annotation_t mine = {.kind = GLOSSA_KIND_GLOSS,
				    .article_id = 1,
				    .pos = -1,
				    .phrase = "gamma",
				    .reading = "",
				    .translation = "third letter",
				    .note = "",
				    .tags = ""};

	import(f->db, r1, "r.txt");
	set_translation(f->db, 1, "MINE");
	assert_int_equal(glossa_annotation_delete(f->db, 2), GLOSSA_OK);
	import(f->db, r2, "r.txt");
	/* beta is not brought back */
	assert_string_equal(notes_of(f->db, 1), "1 alpha=MINE\n");
	assert_int_equal(glossa_annotation_add(f->db, &mine), GLOSSA_OK);
	import(f->db, r3, "r.txt");
	assert_string_equal(notes_of(f->db, 1),
			    "2 gamma=third letter\n1 alpha=MINE\n");
	/* a body without the phrase detaches the user's gloss, never drops
	 * it */
	import(f->db, "Title: R\nURL: http://r/\n\nomega\n", "r.txt");
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=MINE (detached)\n"
			    "2 gamma=third letter (detached)\n");
}

/* The archive format of an article imported again (as after export and
 * import) does not double the user's notes. */
static void test_exported_notes_not_doubled(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t mine = {.kind = GLOSSA_KIND_NOTE,
				    .article_id = 1,
				    .pos = -1,
				    .phrase = "beta",
				    .reading = "",
				    .translation = "",
				    .note = "check this",
				    .tags = ""};
	glossa_article_t *a;
	char *text;

	import(f->db, r1, "r.txt");
	assert_int_equal(glossa_annotation_add(f->db, &mine), GLOSSA_OK);
	assert_int_equal(glossa_article_get(f->db, 1, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_format_write(a, &text), GLOSSA_OK);
	glossa_article_free(a);
	import(f->db, text, "export.txt");
	free(text);
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=orig\n2 beta=second letter\n3 beta=\n");
}

/* Files without a header whose first lines agree are two articles, and
 * the second import says it shares its title and date. */
static void test_first_line_identifies_nothing(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;

	res = import(f->db, "新闻稿\n\n包钢…\n", "a.txt");
	assert_int_equal(res.namesake_id, 0);
	res = import(f->db, "新闻稿\n\n北方稀土…\n", "b.txt");
	assert_false(res.updated);
	assert_int_equal(res.article_id, 2);
	assert_int_equal(res.namesake_id, 1);
	assert_int_equal(test_count_articles(f->db), 2);
	res = import(f->db, "新闻稿\n\n包钢…\n", "a.txt");
	assert_int_equal(test_count_articles(f->db), 3); /* no key: a copy */
}

/* The same file (by its absolute path, however it is named) is the same
 * article; a file written over with another article is another. */
static void test_same_file(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "note.txt");
	char *dotted = test_path(f->dir, "./note.txt");
	glossa_import_result_t res;

	test_write_file(path, "Draft\n\nfirst text\n", 18);
	assert_int_equal(glossa_import_file(f->db, path, NULL, &res),
			 GLOSSA_OK);
	assert_int_equal(res.article_id, 1);
	test_write_file(path, "Draft\n\nsecond text\n", 19);
	assert_int_equal(glossa_import_file(f->db, dotted, NULL, &res),
			 GLOSSA_OK);
	assert_true(res.updated);
	assert_int_equal(res.article_id, 1);
	assert_int_equal(glossa_import_file(f->db, path, NULL, &res),
			 GLOSSA_OK);
	assert_true(res.unchanged);
	test_write_file(path, "Other\n\nanother article\n", 23);
	assert_int_equal(glossa_import_file(f->db, path, NULL, &res),
			 GLOSSA_OK);
	assert_false(res.updated);
	assert_int_equal(res.article_id, 2);
	assert_int_equal(test_count_articles(f->db), 2);
	free(path);
	free(dotted);
}

/* The same bytes again write nothing: not even the import time. */
static void test_unchanged_writes_nothing(void **state)
{
	struct test_archive *f = *state;
	glossa_import_result_t res;
	int64_t changes;

	import(f->db, r1, "r.txt");
	changes = sqlite3_total_changes(f->db->sql);
	res = import(f->db, r1, "r.txt");
	assert_true(res.unchanged);
	assert_int_equal(res.article_id, 1);
	assert_int_equal(sqlite3_total_changes(f->db->sql), changes);
	/* read with another encoding, the same bytes are another text */
	assert_int_equal(glossa_import_buffer(f->db, r1, strlen(r1), "r.txt",
					      "ISO-8859-1", &res),
			 GLOSSA_OK);
	assert_false(res.unchanged);
	assert_true(res.updated);
	glossa_import_result_clear(&res);
}

/* An archive of schema 8: its file annotations get their signature, and
 * the ones changed since their import become the user's. */
static void test_migrates_from_version_8(void **state)
{
	struct test_archive *f = *state;
	char *msg = NULL;

	static const char r3[] = "Title: R\nURL: http://r/\n"
				 "Gloss: beta | second letter\n\n"
				 "gamma alpha beta delta\n";

	import(f->db, r1, "r.txt");
	import(f->db, "Title: S\nURL: http://s/\nGloss: beta | b\n\nbeta\n",
	       "s.txt");
	glossa_db_close(f->db);
	f->db = NULL;
	/* one changed in an older glossa later, one in the second of its
	 * import (which the older glossa left no trace of) */
	test_schema_back_to(f->path, 8,
			    "UPDATE annotation SET translation = 'MINE',"
			    " modified = created + 1 WHERE id = 1;"
			    "UPDATE annotation SET translation = 'S-MINE'"
			    " WHERE id = 3");
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(test_sql_int(f->path, "PRAGMA user_version"),
			 glossa_db_schema_version());
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM"
					       " annotation WHERE from_file = 2"),
			 2);
	/* the migration's signature is the one import computes: beta stays
	 * the file's (and goes with the file's), alpha is the user's */
	import(f->db, r2, "r.txt");
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=MINE\n4 alpha=orig\n2 beta=second letter\n");
	import(f->db, r3, "r.txt");
	assert_string_equal(notes_of(f->db, 1),
			    "1 alpha=MINE\n2 beta=second letter\n");
	/* S's gloss, changed unseen, does not match its file: kept */
	import(f->db, "Title: S\nURL: http://s/\nGloss: beta | b\n\nbeta!\n",
	       "s.txt");
	assert_string_equal(notes_of(f->db, 2), "3 beta=S-MINE\n4 beta=b\n");
}

/* An article imported before schema 9 kept its path as typed; the same
 * file, imported now by its absolute path, is still that article. */
static void test_old_relative_origin(void **state)
{
	struct test_archive *f = *state;
	char *dir = test_path(f->dir, "notes");
	char *path = test_path(dir, "a.txt");
	glossa_import_result_t res;

	assert_int_equal(mkdir(dir, 0700), 0);
	test_write_file(path, "Draft\n\nfirst text\n", 18);
	import(f->db, "Draft\n\nfirst text\n", "notes/a.txt");
	import(f->db, "Other\n\nanother text\n", "./b.txt");
	test_write_file(path, "Draft\n\nsecond text\n", 19);
	assert_int_equal(glossa_import_file(f->db, path, NULL, &res),
			 GLOSSA_OK);
	assert_true(res.updated);
	assert_int_equal(res.article_id, 1);
	assert_int_equal(test_count_articles(f->db), 2);
	free(path);
	free(dir);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, test_archive_setup, \
					       test_archive_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_edit_survives_reimport),
		T(test_file_gloss_follows_file),
		T(test_user_notes_stay),
		T(test_exported_notes_not_doubled),
		T(test_first_line_identifies_nothing),
		T(test_same_file),
		T(test_unchanged_writes_nothing),
		T(test_migrates_from_version_8),
		T(test_old_relative_origin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
