/*
 * test_atomic.c: the one way the core writes a file the user named
 * (storage/atomic.c), through export and backup. The process umask is
 * never changed (the interface has a second thread, and a umask changed
 * for a moment applies to its files too): umask() is defined here, so
 * any call from the core is counted. The new file's mode is 0666 less the
 * umask, and a file that appears at the target while the copy is written
 * is never replaced without force.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomic.h"
#include "glossa/glossa.h"
#include "support.h"

/* Calls of umask() from anywhere in this program (the core's included:
 * this definition comes before the C library's). */
static int umask_calls;

mode_t umask(mode_t mask)
{
	umask_calls++;
	return (mode_t)syscall(SYS_umask, mask);
}

/* Files in dir whose name starts with prefix. */
static int files_like(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_mode & 07777;
}

static int setup(void **state)
{
	test_archive_setup(state);
	test_import_text(((struct test_archive *)*state)->db,
			 "Title: One\nGloss: word | a gloss\n\na word.\n");
	/* set without umask(): the test's own calls are not counted */
	syscall(SYS_umask, 027);
	umask_calls = 0;
	return 0;
}

static int teardown(void **state)
{
	syscall(SYS_umask, 022);
	return test_archive_teardown(state);
}

/* Export and backup: mode 0666 less the umask (a backup was 0600),
 * an existing file refused without force and replaced with it, no
 * temporary file left, and umask() never called. */
static void test_export_and_backup(void **state)
{
	struct test_archive *f = *state;
	glossa_selection_t all = {.kind = GLOSSA_SELECT_ALL};
	char *out = test_path(f->dir, "out.txt");
	char *copy = test_path(f->dir, "copy.db");
	size_t count;

	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
					    out, 0, &count),
			 GLOSSA_OK);
	assert_int_equal(mode_of(out), 0640);
	assert_int_equal(glossa_db_backup(f->db, copy, 0), GLOSSA_OK);
	assert_int_equal(mode_of(copy), 0640);

	test_write_file(out, "mine", 4);
	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
					    out, 0, &count),
			 GLOSSA_EXISTS);
	assert_int_equal(glossa_db_backup(f->db, copy, 0), GLOSSA_EXISTS);
	size_t len;
	char *text = test_read_file(out, &len);
	assert_string_equal(text, "mine");
	free(text);

	assert_int_equal(glossa_export_file(f->db, &all, GLOSSA_FORMAT_TEXT,
					    out, 1, &count),
			 GLOSSA_OK);
	assert_int_equal(glossa_db_backup(f->db, copy, 1), GLOSSA_OK);
	text = test_read_file(out, &len);
	assert_non_null(strstr(text, "a gloss"));
	free(text);

	assert_int_equal(files_like(f->dir, "out.txt."), 0);
	assert_int_equal(files_like(f->dir, "copy.db."), 0);
	assert_int_equal(umask_calls, 0);
	free(out);
	free(copy);
}

/* A file created at the target while the temporary file is written is
 * not replaced without force (no check, then rename); with force it is.
 * The temporary file goes either way. */
static void test_made_meanwhile(void **state)
{
	struct test_archive *f = *state;
	char *path = test_path(f->dir, "target");
	char *tmp, *text;
	size_t len;
	int fd;

	assert_int_equal(glossa_atomic_check(f->db, path, 0), GLOSSA_OK);
	assert_int_equal(glossa_atomic_begin(f->db, path, &tmp, &fd),
			 GLOSSA_OK);
	assert_int_equal(mode_of(tmp), 0640);
	assert_int_equal(write(fd, "new", 3), 3);
	close(fd);
	test_write_file(path, "theirs", 6); /* meanwhile */
	assert_int_equal(glossa_atomic_commit(f->db, tmp, path, 0),
			 GLOSSA_EXISTS);
	text = test_read_file(path, &len);
	assert_string_equal(text, "theirs");
	free(text);
	assert_int_equal(files_like(f->dir, "target."), 0);

	assert_int_equal(glossa_atomic_begin(f->db, path, &tmp, &fd),
			 GLOSSA_OK);
	assert_int_equal(write(fd, "new", 3), 3);
	close(fd);
	assert_int_equal(glossa_atomic_commit(f->db, tmp, path, 1), GLOSSA_OK);
	text = test_read_file(path, &len);
	assert_string_equal(text, "new");
	free(text);
	assert_int_equal(files_like(f->dir, "target."), 0);
	assert_int_equal(umask_calls, 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_and_backup, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_made_meanwhile, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
