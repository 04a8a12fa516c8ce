/*
 * test_fault.c: fault injection as SQLite tests itself. An allocator that
 * fails the k-th allocation (SQLITE_CONFIG_MALLOC) and a VFS shim over the
 * default one whose xWrite fails with SQLITE_FULL from the k-th write on.
 * For k = 1, 2, ... until the whole run meets no fault: open an archive
 * holding some articles, import one article, close; then reopen without
 * faults: glossa_db_check() passes (integrity_check, foreign keys, both
 * FTS5 indexes) and the archive holds exactly the state before the import
 * or after it, never one in between; the one after only if the import
 * said it succeeded, the one before only if it said it failed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "glossa/glossa.h"
#include "support.h"

/* Stop a loop that never gets through without a fault. */
#define MAX_K 50000

/* --- The faults ------------------------------------------------------- */

enum fault_kind { FAULT_MALLOC, FAULT_WRITE };

static struct {
	int armed;
	enum fault_kind kind;
	long at;    /* the k-th allocation fails; writes fail from the k-th */
	long count; /* allocations or writes since armed */
	int hit;    /* a fault was injected */
} fault;

static void arm(enum fault_kind kind, long k)
{
	fault.kind = kind;
	fault.at = k;
	fault.count = 0;
	fault.hit = 0;
	fault.armed = 1;
}

static sqlite3_mem_methods real_mem;

/* The k-th allocation fails, once. */
static int malloc_fails(void)
{
	if (!fault.armed || fault.kind != FAULT_MALLOC)
		return 0;
	if (++fault.count != fault.at)
		return 0;
	fault.hit = 1;
	return 1;
}

static void *f_malloc(int n)
{
	return malloc_fails() ? NULL : real_mem.xMalloc(n);
}

static void *f_realloc(void *p, int n)
{
	return malloc_fails() ? NULL : real_mem.xRealloc(p, n);
}

static void f_free(void *p)
{
	real_mem.xFree(p);
}

static int f_size(void *p)
{
	return real_mem.xSize(p);
}

static int f_roundup(int n)
{
	return real_mem.xRoundup(n);
}

static int f_init(void *app)
{
	(void)app;
	return real_mem.xInit(real_mem.pAppData);
}

static void f_shutdown(void *app)
{
	(void)app;
	real_mem.xShutdown(real_mem.pAppData);
}

static sqlite3_vfs *real_vfs;

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int s_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int s_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

/* Every write from the k-th on fails: a disk that stays full. */
static int s_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fault.armed && fault.kind == FAULT_WRITE &&
	    ++fault.count >= fault.at) {
		fault.hit = 1;
		return SQLITE_FULL;
	}
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int s_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int s_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int s_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int s_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int s_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int s_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int s_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int s_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int s_shm_map(sqlite3_file *f, int page, int size, int extend,
                     void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, p);
}

static int s_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void s_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int s_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int s_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}

static int s_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods shim_io = {
    3,           s_close,          s_read,         s_write,
    s_truncate,  s_sync,           s_file_size,    s_lock,
    s_unlock,    s_check_reserved, s_file_control, s_sector_size,
    s_device,    s_shm_map,        s_shm_lock,     s_shm_barrier,
    s_shm_unmap, s_fetch,          s_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
                  int flags, int *out_flags)
{
	struct shim_file *s = (struct shim_file *)f;
	int rc;

	(void)vfs;
	s->real = (sqlite3_file *)(s + 1);
	rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
	/* Without methods, SQLite will not call xClose. */
	s->base.pMethods = s->real->pMethods ? &shim_io : NULL;
	return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static sqlite3_vfs shim_vfs;

/* Before any other use of SQLite in the process. */
static void install_faults(void)
{
	static sqlite3_mem_methods mem = {
	    f_malloc,  f_free, f_realloc,  f_size,
	    f_roundup, f_init, f_shutdown, NULL,
	};

	if (sqlite3_shutdown() != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK) {
		fprintf(stderr, "cannot install the failing allocator\n");
		exit(1);
	}
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs) {
		fprintf(stderr, "no default VFS\n");
		exit(1);
	}
	shim_vfs = *real_vfs;
	shim_vfs.zName = "glossa-fault";
	shim_vfs.pNext = NULL;
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_vfs.xOpen = v_open;
	shim_vfs.xDelete = v_delete;
	shim_vfs.xAccess = v_access;
	shim_vfs.xFullPathname = v_full_pathname;
	if (sqlite3_vfs_register(&shim_vfs, 1) != SQLITE_OK) {
		fprintf(stderr, "cannot register the VFS shim\n");
		exit(1);
	}
}

/* --- The archive ------------------------------------------------------ */

static const char *const base_articles[] = {
    "Title: Baogang beats the war drums\n"
    "Date: 2025-02-10\n"
    "URL: https://example.org/baogang\n"
    "Gloss: 擂响战鼓再出发 | beating the war drums again\n"
    "Gloss: 抓早 | early action\n"
    "\n"
    "The slogan 擂响战鼓再出发 and 抓早 mark a decisive battle.\n",
    "Title: Gallium and germanium\n"
    "Date: 2023-08-01\n"
    "Gloss: 出口管制 | export control\n"
    "\n"
    "镓和锗的出口管制 from August.\n",
    "Title: Plain\n\nNo notes here at all.\n",
};

/* A new article (with glosses and a note), or the first one again with
 * another body: updated in place, the note added by hand re-anchored. */
static const char new_article[] =
    "Title: Ganzhou heavy rare earths\n"
    "Date: 2025-01-15\n"
    "Tags: rare earths; Myanmar\n"
    "Gloss: 重稀土 | heavy rare earths | dysprosium, terbium\n"
    "Reading: zhòng xītǔ\n"
    "Note: The route runs from Kachin to Ganzhou.\n"
    "\n"
    "赣州的重稀土 comes from Kachin. 重稀土 prices rose.\n";

static const char updated_article[] =
    "Title: Baogang beats the war drums\n"
    "Date: 2025-02-10\n"
    "URL: https://example.org/baogang\n"
    "Gloss: 擂响战鼓再出发 | beating the war drums again\n"
    "Gloss: 机遇期 | period of opportunity\n"
    "\n"
    "A new paragraph first. 机遇期 again, and the slogan "
    "擂响战鼓再出发 and 抓早 mark a decisive battle.\n";

struct scenario {
	const char *name;
	const char *text; /* NULL: the batch below */
};

static const struct scenario scenarios[] = {
    {"a new article", new_article},
    {"an article updated in place", updated_article},
    {"a batch (new, refused, updated)", NULL},
};

struct fixture {
	char *dir;
	char *base;      /* the archive before */
	char *work;      /* the copy each k works on */
	char *states[3]; /* signatures before and after, per scenario */
};

/* Everything an import can change, as one string (allocated). */
static char *signature(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	char *sig = NULL;
	int rc;

	rc = sqlite3_prepare_v2(
	    db->sql,
	    "SELECT (SELECT count(*) FROM article) || '|' ||"
	    " (SELECT count(*) FROM annotation) || '|' ||"
	    " (SELECT count(*) FROM article_field) || '|' ||"
	    " coalesce((SELECT group_concat(id || ':' || title || ':' ||"
	    "   length(body) || ':' || glosses, ';') FROM"
	    "   (SELECT * FROM article ORDER BY id)), '') || '|' ||"
	    " coalesce((SELECT group_concat(id || ':' || article_id || ':'"
	    "   || phrase || ':' || pos || ':' || note, ';') FROM"
	    "   (SELECT * FROM annotation ORDER BY id)), '')",
	    -1, &stmt, NULL);
	assert_int_equal(rc, SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	sig = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	assert_non_null(sig);
	return sig;
}

/* Import text into the open archive; the status. */
static glossa_status_t import_one(glossa_db_t *db, const char *text)
{
	glossa_import_result_t res;
	glossa_status_t st;

	st = glossa_import_buffer(db, text, strlen(text), "fault.txt", NULL,
	                          &res);
	if (st == GLOSSA_OK)
		glossa_import_result_clear(&res);
	return st;
}

/*
 * A batch: the new article, a file refused before anything is written
 * (which must leave the batch open), the update, then the commit. A
 * failure while writing must end the batch (rolled back whole).
 */
static glossa_status_t import_batch(glossa_db_t *db)
{
	static const char refused[] = ""; /* an empty file */
	glossa_status_t st;

	if ((st = glossa_import_batch_begin(db)) != GLOSSA_OK)
		return st;
	if ((st = import_one(db, new_article)) != GLOSSA_OK)
		goto failed;
	if (import_one(db, refused) == GLOSSA_OK)
		fail_msg("the refused file was imported");
	if (!glossa_import_batch_open(db)) {
		/* refused for want of memory: nothing was written yet, but
		 * the batch must still be open */
		fail_msg("a refused file ended the batch");
	}
	if ((st = import_one(db, updated_article)) != GLOSSA_OK)
		goto failed;
	return glossa_import_batch_commit(db);
failed:
	if (glossa_import_batch_open(db))
		fail_msg("a failure while writing (%s) left the batch open",
		         glossa_status_to_string(st));
	return st;
}

/* Open, import the scenario, close; the status of the first failure. */
static glossa_status_t import_run(const char *path, const struct scenario *sc)
{
	glossa_status_t st;
	glossa_db_t *db;

	st = glossa_db_open(path, 0, &db, NULL);
	if (st != GLOSSA_OK)
		return st;
	st = sc->text ? import_one(db, sc->text) : import_batch(db);
	glossa_db_close(db);
	return st;
}

/* Reopen without faults: check it and return its signature. */
static char *reopen_checked(const char *path, long k, const char *what)
{
	glossa_db_t *db;
	char *msg = NULL, *report = NULL, *sig;
	glossa_status_t st;

	st = glossa_db_open(path, 0, &db, &msg);
	if (st != GLOSSA_OK)
		fail_msg("%s, k=%ld: reopening: %s", what, k, msg);
	st = glossa_db_check(db, &report);
	if (st != GLOSSA_OK)
		fail_msg("%s, k=%ld: check failed:\n%s", what, k,
		         report ? report : glossa_db_errmsg(db));
	free(report);
	sig = signature(db);
	glossa_db_close(db);
	return sig;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	glossa_db_t *db;

	assert_non_null(f);
	f->dir = test_tmpdir();
	f->base = test_path(f->dir, "base.db");
	f->work = test_path(f->dir, "work.db");
	assert_int_equal(glossa_db_open(f->base, GLOSSA_OPEN_CREATE, &db, NULL),
	                 GLOSSA_OK);
	for (size_t i = 0; i < 3; i++) {
		glossa_import_result_t res;
		assert_int_equal(glossa_import_buffer(db, base_articles[i],
		                                      strlen(base_articles[i]),
		                                      "base", NULL, &res),
		                 GLOSSA_OK);
		glossa_import_result_clear(&res);
	}
	/* a note added by hand, which an update in place must keep */
	glossa_annotation_t n = {
	    .kind = GLOSSA_KIND_NOTE,
	    .article_id = 1,
	    .pos = -1,
	    .phrase = "抓早",
	    .note = "by hand",
	    .context_before = "",
	    .context_after = "",
	    .reading = "",
	    .translation = "",
	    .tags = "",
	};
	assert_int_equal(glossa_annotation_add(db, &n), GLOSSA_OK);
	glossa_db_close(db); /* the last close checkpoints the WAL */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_remove_archive(f->work);
	free(f->base);
	free(f->work);
	free(f->states[0]);
	free(f->states[1]);
	free(f->states[2]);
	test_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* The loop over k for one scenario and one kind of fault. */
static void fault_loop(struct fixture *f, const struct scenario *sc,
                       enum fault_kind kind)
{
	const char *what = kind == FAULT_MALLOC ? "malloc" : "write";
	long k, failed = 0, before = 0, after = 0;
	char *before_sig, *after_sig;

	/* the two states, without faults */
	test_copy_file(f->base, f->work);
	before_sig = reopen_checked(f->work, 0, "before");
	assert_int_equal(import_run(f->work, sc), GLOSSA_OK);
	after_sig = reopen_checked(f->work, 0, "after");
	test_remove_archive(f->work);
	assert_string_not_equal(before_sig, after_sig);

	for (k = 1; k <= MAX_K; k++) {
		glossa_status_t st;
		char *sig;

		test_copy_file(f->base, f->work);
		arm(kind, k);
		st = import_run(f->work, sc);
		fault.armed = 0;
		if (!fault.hit) {
			assert_int_equal(st, GLOSSA_OK);
			test_remove_archive(f->work);
			break;
		}
		sig = reopen_checked(f->work, k, what);
		if (st == GLOSSA_OK) {
			if (strcmp(sig, after_sig) != 0)
				fail_msg("%s, %s, k=%ld: import said ok but "
				         "the archive is not the state "
				         "after:\n%s\n%s",
				         sc->name, what, k, sig, after_sig);
			after++;
		} else {
			failed++;
			if (strcmp(sig, before_sig) == 0)
				before++;
			else
				fail_msg("%s, %s, k=%ld: import failed (%s) "
				         "but the archive is not the state "
				         "before:\n%s\n%s",
				         sc->name, what, k,
				         glossa_status_to_string(st), sig,
				         before_sig);
		}
		free(sig);
		test_remove_archive(f->work);
	}
	if (k > MAX_K)
		fail_msg("%s, %s: still failing at k=%d", sc->name, what,
		         MAX_K);
	print_message("%s, %s faults: k = 1..%ld; %ld failed and left the "
	              "state before, %ld succeeded despite a fault; k=%ld "
	              "ran clean\n",
	              sc->name, what, k - 1, failed, after, k);
	free(before_sig);
	free(after_sig);
}

static void test_malloc_new(void **state)
{
	fault_loop(*state, &scenarios[0], FAULT_MALLOC);
}

static void test_malloc_update(void **state)
{
	fault_loop(*state, &scenarios[1], FAULT_MALLOC);
}

static void test_write_new(void **state)
{
	fault_loop(*state, &scenarios[0], FAULT_WRITE);
}

static void test_write_update(void **state)
{
	fault_loop(*state, &scenarios[1], FAULT_WRITE);
}

static void test_malloc_batch(void **state)
{
	fault_loop(*state, &scenarios[2], FAULT_MALLOC);
}

static void test_write_batch(void **state)
{
	fault_loop(*state, &scenarios[2], FAULT_WRITE);
}

int main(void)
{
	install_faults();
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(test_malloc_new),
	    T(test_malloc_update),
	    T(test_write_new),
	    T(test_write_update),
	    T(test_malloc_batch),
	    T(test_write_batch),
#undef T
	};

	return cmocka_run_group_tests_name("fault", tests, NULL, NULL);
}
