/*
 * test_export_files.c: the export module's files on a real archive in a
 * fresh temporary directory: an archive round trip, file names, and the
 * file safety rules (existing target, symlink, directory, device, a full
 * stream, a failing write, no temporary file left behind). The fixture
 * is export_fixture.h; the formats are test_export.c.
 */
#include "export_fixture.h"

static void test_archive_round_trip(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir1 = xasprintf("%s/export1", f->dir);
	char *dir2 = xasprintf("%s/export2", f->dir);
	char *db2_path = xasprintf("%s/copy.db", f->dir);
	static const char *const names[] = {
	    "0001-稀土管理条例.txt",
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt",
	};
	glossa_db_t *db2;
	glossa_article_t *a, *b;
	size_t count = 0;
	char *listing, *err = NULL, *stream;

	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir1, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	listing = list_dir(dir1);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);

	assert_int_equal(
	    glossa_db_open(db2_path, GLOSSA_OPEN_CREATE, &db2, &err),
	    GLOSSA_OK);
	for (size_t i = 0; i < 2; i++) {
		char *path = xasprintf("%s/%s", dir1, names[i]);
		glossa_import_result_t res;

		assert_int_equal(glossa_import_file(db2, path, NULL, &res),
		                 GLOSSA_OK);
		assert_int_equal(res.article_id, (int64_t)i + 1);
		assert_int_equal(res.n_warnings, 0);
		glossa_import_result_clear(&res);
		free(path);
	}

	/* The same articles and annotations, the escape sequence too. */
	assert_int_equal(glossa_article_get(f->db, 2, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_get(db2, 2, &b), GLOSSA_OK);
	assert_string_equal(a->title, b->title);
	assert_string_equal(a->source, b->source);
	assert_string_equal(a->url, b->url);
	assert_string_equal(a->date, b->date);
	assert_string_equal(a->tags, b->tags);
	assert_string_equal(a->body, b->body);
	assert_non_null(strchr(b->body, '\x1b'));
	assert_int_equal(a->n_notes, b->n_notes);
	for (size_t i = 0; i < a->n_notes; i++) {
		assert_int_equal(a->notes[i].kind, b->notes[i].kind);
		assert_string_equal(a->notes[i].phrase, b->notes[i].phrase);
		assert_string_equal(a->notes[i].reading, b->notes[i].reading);
		assert_string_equal(a->notes[i].translation,
		                    b->notes[i].translation);
		assert_string_equal(a->notes[i].note, b->notes[i].note);
	}
	glossa_article_free(a);
	glossa_article_free(b);
	assert_int_equal(glossa_article_get(f->db, 1, &a), GLOSSA_OK);
	assert_int_equal(glossa_article_get(db2, 1, &b), GLOSSA_OK);
	assert_string_equal(a->body, b->body);
	assert_int_equal(a->n_notes, b->n_notes);
	glossa_article_free(a);
	glossa_article_free(b);

	assert_int_equal(glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir2, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	listing = list_dir(dir2);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);
	for (size_t i = 0; i < 2; i++) {
		char *p1 = xasprintf("%s/%s", dir1, names[i]);
		char *p2 = xasprintf("%s/%s", dir2, names[i]);
		size_t n1, n2;
		char *t1 = read_all(p1, &n1), *t2 = read_all(p2, &n2);

		assert_non_null(t1);
		assert_non_null(t2);
		assert_int_equal(n1, n2);
		assert_memory_equal(t1, t2, n1);
		/* escaped in the file: nothing a terminal would act on */
		assert_null(strchr(t1, '\x1b'));
		assert_null(strstr(t1, "\xe2\x80\xae"));
		free(t1);
		free(t2);
		free(p1);
		free(p2);
	}

	/* Again into dir1: each file exists, refused without force. */
	assert_int_equal(
	    glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE, dir1, 0, NULL),
	    GLOSSA_EXISTS);
	assert_int_equal(
	    glossa_export_file(db2, &all, GLOSSA_FORMAT_ARCHIVE, dir1, 1, NULL),
	    GLOSSA_OK);
	listing = list_dir(dir1);
	assert_string_equal(
	    listing, "0001-稀土管理条例.txt\n"
	             "0002-baogang-group-beats-the-war-drums-for-2025.txt\n");
	free(listing);

	/* As one stream: the two files with a form feed line between. */
	stream =
	    export_string(db2, &all, GLOSSA_FORMAT_ARCHIVE, &count, GLOSSA_OK);
	{
		char *p2 = xasprintf("%s/%s", dir1, names[1]);
		char *p1 = xasprintf("%s/%s", dir1, names[0]);
		char *t2 = read_all(p2, NULL), *t1 = read_all(p1, NULL);
		char *want = xasprintf("%s\f\n%s", t2, t1);

		assert_string_equal(stream, want);
		free(want);
		free(t1);
		free(t2);
		free(p1);
		free(p2);
	}
	assert_int_equal(count, 8);
	free(stream);

	glossa_db_close(db2);
	free(db2_path);
	free(dir1);
	free(dir2);
}

static void test_file_names(void **state)
{
	struct fixture *f = *state;
	static const char evil[] =
	    "Title: ../-Rare earths: \"export\" controls / quotas, 2025 -- "
	    "a very long title that goes on and on beyond sixty bytes\n"
	    "\n"
	    "Body.\n";
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir = xasprintf("%s/names", f->dir), *listing;
	glossa_import_result_t res;

	assert_int_equal(glossa_import_buffer(f->db, evil, strlen(evil),
	                                      "evil.txt", NULL, &res),
	                 GLOSSA_OK);
	glossa_import_result_clear(&res);
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir, 0, NULL),
	                 GLOSSA_OK);
	listing = list_dir(dir);
	/* The slug is cut between words to at most 60 bytes. */
	assert_string_equal(
	    listing,
	    "0001-稀土管理条例.txt\n"
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt\n"
	    "0003-rare-earths-export-controls-quotas-2025-a-very-long-title."
	    "txt\n");
	/* Measured on the names made, not on a literal: each slug is at
	 * most 60 bytes, and the long one ends where the next word of its
	 * title ("that") would have taken it past 60. */
	for (char *line = listing, *nl; *line; line = nl + 1) {
		size_t slug;
		assert_non_null(nl = strchr(line, '\n'));
		slug = (size_t)(nl - line) - strlen("0001-") - strlen(".txt");
		assert_true(slug <= 60);
		if (strncmp(line, "0003-", 5) == 0)
			assert_true(slug + strlen("-that") > 60);
	}
	free(listing);
	free(dir);
}

/* Titles in any script name their files: letters kept, quotes and
 * brackets dropped, punctuation a '-'; no control, bidi or format
 * character, none of / <>:"\\|?*, a long title cut at a character
 * boundary. */
static void test_file_names_any_script(void **state)
{
	struct fixture *f = *state;
	static const char *const titles[] = {
	    /* 4: quotes dropped, the colon separates */
	    "读\xe2\x80\x9c十四五\xe2\x80\x9d原材料工业规划：稀土",
	    /* 5: bidi override, zero-width joiner, Windows' reserved */
	    ".\xe2\x80\xae<Ré>:\"sumé\"\\|?*/\xe2\x80\x8dЖурнал\tx",
	    /* 6: 30 CJK characters: 90 bytes, cut at 60 */
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
	    /* 7: nothing usable */
	    "\xe2\x80\x9c\xe3\x80\x8a\xe2\x80\xa6\xe3\x80\x8b\xe2\x80\x9d",
	};
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *dir = xasprintf("%s/names", f->dir), *listing;
	glossa_import_result_t res;

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		char *text = xasprintf("Title: %s\n\nBody %zu.\n", titles[i], i);
		/* titles 1 and 2 are the fixture's */
		assert_int_equal(glossa_import_buffer(f->db, text, strlen(text),
		                                      "t.txt", NULL, &res),
		                 GLOSSA_OK);
		glossa_import_result_clear(&res);
		free(text);
	}
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_ARCHIVE,
	                                    dir, 0, NULL),
	                 GLOSSA_OK);
	listing = list_dir(dir);
	assert_string_equal(
	    listing,
	    "0001-稀土管理条例.txt\n"
	    "0002-baogang-group-beats-the-war-drums-for-2025.txt\n"
	    "0003-读十四五原材料工业规划-稀土.txt\n"
	    "0004-ré-sumé-Журнал-x.txt\n"
	    "0005-一二三四五六七八九十一二三四五六七八九十.txt\n"
	    "0006-article.txt\n");
	free(listing);
	free(dir);
}

static void test_file_safety(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *target = xasprintf("%s/notes.txt", f->dir);
	char *victim = xasprintf("%s/victim.txt", f->dir);
	char *link_path = xasprintf("%s/link.txt", f->dir);
	char *subdir = xasprintf("%s/subdir", f->dir);
	char *missing = xasprintf("%s/no/such/dir/x.txt", f->dir);
	char *text, *listing, *want;
	size_t count = 0;
	struct stat sb;

	/* A new file: the same text as the stream. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    target, 0, &count),
	                 GLOSSA_OK);
	assert_int_equal(count, 8);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_text);
	free(text);
	assert_int_equal(stat(target, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));

	/* An existing file is kept without force. */
	write_file(target, "precious\n");
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    target, 0, NULL),
	                 GLOSSA_EXISTS);
	assert_non_null(strstr(glossa_db_errmsg(f->db), target));
	text = read_all(target, NULL);
	assert_string_equal(text, "precious\n");
	free(text);

	/* And replaced with it. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_MARKDOWN,
	                                    target, 1, NULL),
	                 GLOSSA_OK);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_markdown);
	free(text);

	/* A symbolic link is never followed, even with force. */
	write_file(victim, "keep me\n");
	assert_int_equal(symlink(victim, link_path), 0);
	for (int force = 0; force <= 1; force++) {
		assert_int_not_equal(glossa_export_file(f->db, &all,
		                                        GLOSSA_FORMAT_TEXT,
		                                        link_path, force, NULL),
		                     GLOSSA_OK);
		assert_non_null(strstr(glossa_db_errmsg(f->db),
		                       "is a symbolic link; not following it"));
	}
	text = read_all(victim, NULL);
	assert_string_equal(text, "keep me\n");
	free(text);
	assert_int_equal(lstat(link_path, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));

	/* A directory is in the way. */
	assert_int_equal(mkdir(subdir, 0755), 0);
	assert_int_not_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                        subdir, 1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "is a directory"));

	/* A device: refused, not written in place. */
	assert_int_not_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                        "/dev/full", 1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a regular file"));

	/* A directory that does not exist. */
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
	                                    missing, 0, NULL),
	                 GLOSSA_IO);

	/* The archive format needs a directory, not a file. */
	assert_int_not_equal(glossa_export_file(f->db, &all,
	                                        GLOSSA_FORMAT_ARCHIVE, target,
	                                        1, NULL),
	                     GLOSSA_OK);
	assert_non_null(strstr(glossa_db_errmsg(f->db), "not a directory"));

	/* Nothing left behind: no temporary file anywhere. */
	listing = list_dir(f->dir);
	assert_string_equal(listing, "archive.db\narchive.db-shm\n"
	                             "archive.db-wal\nlink.txt\nnotes.txt\n"
	                             "subdir\nvictim.txt\n");
	free(listing);
	listing = list_dir(subdir);
	assert_string_equal(listing, "");
	free(listing);
	text = read_all(target, NULL);
	assert_string_equal(text, expect_markdown);
	free(text);
	(void)want;
	free(target);
	free(victim);
	free(link_path);
	free(subdir);
	free(missing);
}

/* A stream that cannot be written: a full disk is GLOSSA_FULL. */
static void test_stream_full(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	FILE *full = fopen("/dev/full", "w");
	size_t count = 7;

	if (!full)
		skip();
	for (int fmt = GLOSSA_FORMAT_TEXT; fmt <= GLOSSA_FORMAT_ARCHIVE;
	     fmt++) {
		assert_int_equal(
		    glossa_export_stream(f->db, &all, fmt, full, &count),
		    GLOSSA_FULL);
		assert_int_equal(count, 0);
		assert_non_null(strstr(glossa_db_errmsg(f->db), "disk full"));
		clearerr(full);
	}
	fclose(full);
}

/* A write that fails half way (file size limit): an error, the target
 * untouched and the temporary file removed. */
static void test_write_fails(void **state)
{
	struct fixture *f = *state;
	glossa_selection_t all = {GLOSSA_SELECT_ALL, NULL, 0, NULL};
	char *target = xasprintf("%s/big.txt", f->dir);
	char *listing;
	struct rlimit old, small;
	void (*old_handler)(int);
	glossa_status_t st;
	char *text;

	write_file(target, "old\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 100; /* less than the export */
	old_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	st = glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT, target, 1,
	                        NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, old_handler);
	assert_int_equal(st, GLOSSA_IO);
	assert_non_null(strstr(glossa_db_errmsg(f->db), target));
	text = read_all(target, NULL);
	assert_string_equal(text, "old\n");
	free(text);
	listing = list_dir(f->dir);
	assert_string_equal(
	    listing, "archive.db\narchive.db-shm\narchive.db-wal\nbig.txt\n");
	free(listing);
	free(target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_file_names_any_script, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_archive_round_trip, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_file_names, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_safety, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stream_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_fails, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}