/*
 * test_manage.c: managing articles on a real archive: delete and undo
 * (everything back, the index too), corrections that survive
 * re-import, marks that persist, and the list's orders paged by key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "glossa/glossa.h"
#include "support.h"
#include "db-helpers.h"

static const char drums[] =
	"Title: Baogang beats the war drums\n"
	"Source: Rare Earth Exchanges\n"
	"Date: 2025-02-10\n"
	"X-Desk: metals\n"
	"Gloss: 擂响战鼓 | beating the war drums\n"
	"Gloss: 抓早 | early action\n"
	"Note: 抓早 | a slogan of the plant\n"
	"\n"
	"The slogan 擂响战鼓 and 抓早 mark a decisive gallium battle.\n";

/* One row of SQL as text, for comparing a table before and after. */
static char *dump(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	size_t cap = 1, len = 0;
	char *out = calloc(1, 1);

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
			 SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const char *t =
				(const char *)sqlite3_column_text(stmt, i);
			size_t n = strlen(t ? t : "") + 2;
			out = realloc(out, cap += n);
			len += (size_t)snprintf(out + len, cap - len, "%s%c",
						t ? t : "", i ? '|' : ':');
		}
		out = realloc(out, cap += 1);
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return out;
}

/* Everything of the archive an article may own, as text. */
static char *all_rows(const char *path)
{
	static const char *const q[] = {
		"SELECT * FROM article",
		"SELECT * FROM article_field",
		"SELECT * FROM annotation",
		"SELECT * FROM annotation_gone",
		"SELECT * FROM article_override",
		"SELECT * FROM annotation_mark",
		"SELECT * FROM article_count",
	};
	char *all = calloc(1, 1);

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		char *d = dump(path, q[i]);
		all = realloc(all, strlen(all) + strlen(d) + 2);
		strcat(all, d);
		strcat(all, "#");
		free(d);
	}
	return all;
}

static void test_delete_and_undo(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t *notes;
	size_t n;
	int64_t id, other, back;
	glossa_field_t fix = {"title", "Baogang sounds the drums"};
	char *before, *after, *found;

	other = test_import_text(f->db, "Title: Other\n\nplain gallium\n");
	id = test_import_text(f->db, drums);
	assert_int_equal(glossa_annotations_list(f->db, id, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 3);
	/* a deleted note of the file, a correction, a mark: all its own */
	assert_int_equal(glossa_annotation_delete(f->db, notes[2].id),
			 GLOSSA_OK);
	assert_int_equal(glossa_article_set(f->db, id, &fix, 1), GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, notes[1].id, 1), GLOSSA_OK);
	glossa_annotations_free(notes, n);
	before = all_rows(f->path);
	found = strdup(search_ids(f->db, "gallium"));
	assert_non_null(strchr(found, '2'));

	assert_int_equal(glossa_article_delete(f->db, id), GLOSSA_OK);
	assert_string_equal(search_ids(f->db, "gallium"), "1");
	assert_string_equal(search_ids(f->db, "擂响战鼓"), "");
	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM"
					       " annotation_mark"), 0);

	assert_int_equal(glossa_article_undelete(f->db, &back), GLOSSA_OK);
	assert_int_equal(back, id);
	after = all_rows(f->path);
	assert_string_equal(after, before);
	assert_string_equal(search_ids(f->db, "gallium"), found);
	assert_string_equal(search_ids(f->db, "擂响战鼓"), "2");
	assert_string_equal(search_ids(f->db, "sounds"), "2");
	assert_fts_ok(f->db);
	/* once only */
	assert_int_equal(glossa_article_undelete(f->db, &back),
			 GLOSSA_NOT_FOUND);
	assert_int_equal(other, 1);
	free(before);
	free(after);
	free(found);
}

/* Ids taken meanwhile (a new article, a new note reuse the highest
 * ids) give the restored rows new ones, the marks following. */
static void test_undo_ids_taken(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t *notes, note = {0};
	size_t n;
	int64_t id, back, newer;

	id = test_import_text(f->db, drums);
	assert_int_equal(glossa_annotations_list(f->db, id, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, notes[2].id, 1), GLOSSA_OK);
	glossa_annotations_free(notes, n);
	assert_int_equal(glossa_article_delete(f->db, id), GLOSSA_OK);
	newer = test_import_text(f->db, "Title: Newer\n\n新的 text\n");
	assert_int_equal(newer, id); /* the id was free again */
	note.article_id = newer;
	note.kind = GLOSSA_KIND_NOTE;
	note.note = "takes the first note id";
	note.pos = -1;
	assert_int_equal(glossa_annotation_add(f->db, &note), GLOSSA_OK);
	assert_int_equal(note.id, 1);

	assert_int_equal(glossa_article_undelete(f->db, &back), GLOSSA_OK);
	assert_true(back != id);
	assert_int_equal(test_count_articles(f->db), 2);
	assert_string_equal(search_ids(f->db, "擂响战鼓"), "2");
	assert_int_equal(glossa_annotations_list(f->db, back, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(n, 3);
	assert_true(notes[0].id != 1 && notes[1].id != 1 && notes[2].id != 1);
	assert_int_equal(test_sql_int(f->path, "SELECT count(*) FROM"
					       " annotation_mark m JOIN"
					       " annotation n ON n.id ="
					       " m.annotation_id WHERE"
					       " n.article_id = 2"), 1);
	glossa_annotations_free(notes, n);
	assert_fts_ok(f->db);
}

/* Deleted, then its file imported again: a new article; the undo then
 * refuses (that is the article now). */
static void test_reimport_after_delete(void **state)
{
	struct test_archive *f = *state;
	char *file = test_path(f->dir, "drums.txt");
	glossa_import_result_t res = {0};
	int64_t id, back;

	test_write_file(file, drums, strlen(drums));
	assert_int_equal(glossa_import_file(f->db, file, NULL, &res),
			 GLOSSA_OK);
	id = res.article_id;
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_article_delete(f->db, id), GLOSSA_OK);
	assert_int_equal(glossa_import_file(f->db, file, NULL, &res),
			 GLOSSA_OK);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.n_glosses, 3);
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_article_undelete(f->db, &back), GLOSSA_EXISTS);
	assert_int_equal(test_count_articles(f->db), 1);
	free(file);
}

static void test_set_survives_reimport(void **state)
{
	struct test_archive *f = *state;
	char *file = test_path(f->dir, "drums.txt");
	glossa_import_result_t res = {0};
	glossa_article_t *a;
	glossa_field_t fix[] = {
		{"title", "Baotou steel sounds the drums"},
		{"source", "REE Exchanges"},
		{"author", "Li Ming"},
		{"date", "11 February 2025"},
		{"tags", "gallium; steel"},
		{"url", "https://example.org/drums"},
	};
	glossa_field_t bad_date = {"date", "2025-13-45"};
	glossa_field_t bad_name = {"body", "x"};
	glossa_field_t no_title = {"title", " "};
	int64_t id;

	test_write_file(file, drums, strlen(drums));
	assert_int_equal(glossa_import_file(f->db, file, NULL, &res),
			 GLOSSA_OK);
	id = res.article_id;
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_article_set(f->db, id, fix, 6), GLOSSA_OK);
	assert_string_equal(search_ids(f->db, "baotou"), "1");
	assert_string_equal(search_ids(f->db, "author:ming"), "1");
	assert_string_equal(search_ids(f->db, "baogang"), "");
	assert_int_equal(glossa_article_set(f->db, id, &bad_date, 1),
			 GLOSSA_BAD_INPUT);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "2025-13-45"));
	assert_int_equal(glossa_article_set(f->db, id, &bad_name, 1),
			 GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_article_set(f->db, id, &no_title, 1),
			 GLOSSA_BAD_INPUT);
	assert_int_equal(glossa_article_set(f->db, 99, fix, 1),
			 GLOSSA_NOT_FOUND);

	/* the file changed (so it is read again), its header as before */
	static const char changed[] =
		"Title: Baogang beats the war drums\n"
		"Source: Rare Earth Exchanges\n"
		"Date: 2025-02-10\n"
		"\n"
		"The slogan 擂响战鼓 and 抓早 mark a decisive gallium battle."
		" And more.\n";
	test_write_file(file, changed, strlen(changed));
	assert_int_equal(glossa_import_file(f->db, file, NULL, &res),
			 GLOSSA_OK);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.article_id, id);
	glossa_import_result_clear(&res);
	/* the same file by its bytes elsewhere (no origin): found by the
	 * file's title, date and source */
	assert_int_equal(glossa_import_buffer(f->db, changed, strlen(changed),
					      "", NULL, &res),
			 GLOSSA_OK);
	assert_int_equal(res.article_id, id);
	glossa_import_result_clear(&res);
	assert_int_equal(test_count_articles(f->db), 1);
	assert_int_equal(glossa_article_get(f->db, id, &a), GLOSSA_OK);
	assert_string_equal(a->title, "Baotou steel sounds the drums");
	assert_string_equal(a->source, "REE Exchanges");
	assert_string_equal(a->author, "Li Ming");
	assert_string_equal(a->date, "11 February 2025");
	assert_string_equal(a->date_iso, "2025-02-11");
	assert_string_equal(a->tags, "gallium; steel");
	assert_string_equal(a->url, "https://example.org/drums");
	glossa_article_free(a);
	assert_string_equal(search_ids(f->db, "baotou"), "1");
	assert_string_equal(search_ids(f->db, "more"), "1");
	assert_string_equal(search_ids(f->db, "baogang"), "");
	assert_fts_ok(f->db);
	free(file);
}

static void test_marks_persist(void **state)
{
	struct test_archive *f = *state;
	glossa_annotation_t *notes;
	int64_t *ids;
	size_t n, nm;
	int64_t id;
	char *msg = NULL;

	id = test_import_text(f->db, drums);
	assert_int_equal(glossa_annotations_list(f->db, id, &notes, &n),
			 GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, notes[0].id, 1), GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, notes[2].id, 1), GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, notes[2].id, 1), GLOSSA_OK);
	assert_int_equal(glossa_mark_set(f->db, 999, 1), GLOSSA_NOT_FOUND);
	glossa_db_close(f->db);
	assert_int_equal(glossa_db_open(f->path, 0, &f->db, &msg), GLOSSA_OK);
	assert_int_equal(glossa_marked(f->db, &ids, &nm), GLOSSA_OK);
	assert_int_equal(nm, 2);
	assert_int_equal(ids[0], notes[0].id);
	assert_int_equal(ids[1], notes[2].id);
	free(ids);
	assert_string_equal(search_ids(f->db, "is:marked"), "1");
	assert_int_equal(glossa_mark_set(f->db, notes[0].id, 0), GLOSSA_OK);
	assert_int_equal(glossa_annotation_delete(f->db, notes[2].id),
			 GLOSSA_OK);
	assert_int_equal(glossa_marked(f->db, &ids, &nm), GLOSSA_OK);
	assert_int_equal(nm, 0);
	assert_null(ids);
	assert_string_equal(search_ids(f->db, "is:marked"), "");
	glossa_annotations_free(notes, n);
}

/* The ids of the whole list in order, read in pages of 3 forward from
 * the start, and backward from the end, must agree with want. */
static void assert_order_pages(glossa_db_t *db, glossa_order_t order,
			       const char *want)
{
	char fwd[256] = "", bwd[256] = "";
	glossa_page_t page;
	glossa_row_t last = {0};
	int have = 0;
	char *keep[3] = {NULL, NULL, NULL};
	int64_t pos, i = 0;

	for (;;) {
		assert_int_equal(glossa_list_sorted(db, order,
						    have ? &last : NULL, 0, 3,
						    &page),
				 GLOSSA_OK);
		if (!page.n)
			break;
		for (size_t k = 0; k < page.n; k++) {
			snprintf(fwd + strlen(fwd), sizeof(fwd) - strlen(fwd),
				 "%s%lld", *fwd ? " " : "",
				 (long long)page.rows[k].id);
			assert_int_equal(glossa_list_position_sorted(
						 db, order, page.rows[k].id,
						 &pos),
					 GLOSSA_OK);
			assert_int_equal(pos, i++);
		}
		for (int k = 0; k < 3; k++)
			free(keep[k]);
		last = page.rows[page.n - 1];
		keep[0] = last.date = strdup(last.date);
		keep[1] = last.title = strdup(last.title);
		keep[2] = last.source = strdup(last.source);
		last.snippet = last.matched_notes = NULL;
		have = 1;
		glossa_page_clear(&page);
	}
	have = 0;
	for (;;) {
		char tmp[256];
		assert_int_equal(glossa_list_sorted(db, order,
						    have ? &last : NULL, 1, 3,
						    &page),
				 GLOSSA_OK);
		if (!page.n)
			break;
		tmp[0] = '\0';
		for (size_t k = 0; k < page.n; k++)
			snprintf(tmp + strlen(tmp), sizeof(tmp) - strlen(tmp),
				 "%lld ", (long long)page.rows[k].id);
		strcat(tmp, bwd);
		strcpy(bwd, tmp);
		for (int k = 0; k < 3; k++)
			free(keep[k]);
		last = page.rows[0];
		keep[0] = last.date = strdup(last.date);
		keep[1] = last.title = strdup(last.title);
		keep[2] = last.source = strdup(last.source);
		have = 1;
		glossa_page_clear(&page);
	}
	for (int k = 0; k < 3; k++)
		free(keep[k]);
	if (*bwd)
		bwd[strlen(bwd) - 1] = '\0';
	assert_string_equal(fwd, want);
	assert_string_equal(bwd, want);
}

static void test_sort_orders(void **state)
{
	struct test_archive *f = *state;
	/* title, source, date, notes */
	static const char *const arts[][4] = {
		{"Delta", "B", "2025-01-03", "0"},   /* 1 */
		{"alpha", "A", "2025-01-01", "2"},   /* 2 */
		{"Charlie", "B", "2025-01-02", "1"}, /* 3 */
		{"Bravo", "A", "2025-01-02", "0"},   /* 4 */
		{"Delta", "C", "", "2"},             /* 5 */
		{"Echo", "A", "2025-01-05", "1"},    /* 6 */
		{"Bravo", "B", "2025-01-04", "3"},   /* 7 */
	};
	glossa_order_t o;
	int64_t unread;

	for (size_t i = 0; i < sizeof(arts) / sizeof(arts[0]); i++) {
		char text[512];
		int len = snprintf(text, sizeof(text),
				   "Title: %s\nSource: %s\n%s%s%s", arts[i][0],
				   arts[i][1], arts[i][2][0] ? "Date: " : "",
				   arts[i][2], arts[i][2][0] ? "\n" : "");
		for (int k = 0; k < atoi(arts[i][3]); k++)
			len += snprintf(text + len, sizeof(text) - len,
					"Note: | note %d\n", k);
		snprintf(text + len, sizeof(text) - len, "\nbody %zu\n", i);
		assert_int_equal(test_import_text(f->db, text),
				 (int64_t)i + 1);
	}
	assert_order_pages(f->db, GLOSSA_ORDER_DATE, "6 7 1 4 3 2 5");
	/* byte order: capitals first */
	assert_order_pages(f->db, GLOSSA_ORDER_TITLE, "4 7 3 1 5 6 2");
	assert_order_pages(f->db, GLOSSA_ORDER_SOURCE, "4 6 2 7 3 1 5");
	assert_order_pages(f->db, GLOSSA_ORDER_NOTES, "7 5 2 6 3 4 1");
	assert_int_equal(glossa_order_parse("notes", &o), 0);
	assert_int_equal(o, GLOSSA_ORDER_NOTES);
	assert_string_equal(glossa_order_name(GLOSSA_ORDER_SOURCE), "source");
	assert_int_equal(glossa_order_parse("size", &o), -1);
	assert_int_equal(glossa_count_unread(f->db, &unread), GLOSSA_OK);
	assert_int_equal(unread, 7);
	assert_int_equal(glossa_article_set_read(f->db, 3, 1), GLOSSA_OK);
	assert_int_equal(glossa_count_unread(f->db, &unread), GLOSSA_OK);
	assert_int_equal(unread, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, test_archive_setup, test_archive_teardown)
		T(test_delete_and_undo),
		T(test_undo_ids_taken),
		T(test_reimport_after_delete),
		T(test_set_survives_reimport),
		T(test_marks_persist),
		T(test_sort_orders),
#undef T
	};

	return cmocka_run_group_tests_name("manage", tests, NULL, NULL);
}
