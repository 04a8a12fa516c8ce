/*
 * maint.c: looking after the archive file: checking it, backing it up,
 * and the import size limit.
 *
 * Exported: glossa_db_check, glossa_db_backup, glossa_db_set_max_file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "db.h"
#include "tokenizer.h"

/* Lines of a failed check kept in the report; the rest are counted. */
#define REPORT_LINES 20

void glossa_db_set_max_file(glossa_db_t *db, uint64_t bytes)
{
	db->max_file = bytes;
}

/* Append printf-style text to the report; 0 when out of memory. */
static int report(char **out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int report(char **out, const char *fmt, ...)
{
	va_list ap;
	char *more, *joined;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&more, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if (asprintf(&joined, "%s%s", *out ? *out : "", more) < 0) {
		free(more);
		return 0;
	}
	free(more);
	free(*out);
	*out = joined;
	return 1;
}

/*
 * Run a check whose result rows are problems ("ok" alone: none); report
 * them under name. *bad is set when there was any; returns the SQLite
 * code of a failure to run it.
 */
static int run_check(glossa_db_t *db, const char *name, const char *sql,
                     char **out, int *bad, int *nomem)
{
	sqlite3_stmt *stmt;
	int rc, rows = 0, problems = 0;

	rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *first = (const char *)sqlite3_column_text(stmt, 0);
		/* out of memory, which is no damage (integrity_check says
		 * "unable to get the page. error code=7" then) */
		if ((!first && sqlite3_column_type(stmt, 0) != SQLITE_NULL) ||
		    (first && strstr(first, "error code=7"))) {
			sqlite3_finalize(stmt);
			return SQLITE_NOMEM;
		}
		rows++;
		if (rows == 1 && first && strcmp(first, "ok") == 0 &&
		    sqlite3_column_count(stmt) == 1)
			continue;
		if (problems++ == 0 && !report(out, "%s: damaged\n", name))
			*nomem = 1;
		if (problems > REPORT_LINES)
			continue;
		/* integrity_check: a message; foreign_key_check: a row. */
		if (!report(out, "  "))
			*nomem = 1;
		for (int i = 0; i < sqlite3_column_count(stmt); i++) {
			const char *v =
			    (const char *)sqlite3_column_text(stmt, i);
			if (!report(out, "%s%s", i ? " " : "", v ? v : "NULL"))
				*nomem = 1;
		}
		if (!report(out, "\n"))
			*nomem = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return rc;
	if (problems > REPORT_LINES &&
	    !report(out, "  ... and %d more\n", problems - REPORT_LINES))
		*nomem = 1;
	if (!problems && !report(out, "%s: ok\n", name))
		*nomem = 1;
	if (problems)
		*bad = 1;
	return SQLITE_OK;
}

/*
 * FTS5's integrity-check of one index: it reports damage as an error.
 * With rank 1 it also tokenizes every row of the table the index is
 * built from and compares the checksum of those tokens with the index's,
 * so an index that disagrees with the text (a body changed behind its
 * back) is found, not only one damaged in itself. That is the whole
 * text tokenized again: 10 000 articles (43 MB) 3.5 s against 1.4 s
 * without, some six minutes at a million (4.4 GB); check is run on
 * demand and Ctrl-C stops it. No cheaper sample would do: FTS5 has no
 * way to read the index entries of one row.
 */
static int fts_check(glossa_db_t *db, const char *table, char **out, int *bad,
                     int *nomem)
{
	char sql[128];
	int rc;

	if (db->readonly)
		return report(out,
		              "%s: not checked (the archive is "
		              "read-only)\n",
		              table)
		           ? SQLITE_OK
		           : SQLITE_NOMEM;
	snprintf(sql, sizeof(sql),
	         "INSERT INTO %s (%s, rank) VALUES ('integrity-check', 1)",
	         table, table);
	rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		*bad = 1;
		if (!report(out, "%s: damaged (%s)\n", table,
		            sqlite3_errmsg(db->sql)))
			*nomem = 1;
		return SQLITE_OK;
	}
	if (rc == SQLITE_OK && !report(out, "%s: ok\n", table))
		*nomem = 1;
	return rc;
}

/* What words_check() found: how many words are missing, the first;
 * how many are listed with another stem than theirs, the first. */
struct word_check {
	sqlite3_stmt *has;
	sqlite3_stmt *longer;
	struct glossa_stemmer *stemmer;
	int64_t missing;
	char first[3][64];
	int64_t wrong;
	char first_wrong[3][64];
};

/* Is the stem each word of fts_word is listed with its own? */
static int stems_check(glossa_db_t *db, struct word_check *w)
{
	sqlite3_stmt *all = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT word, stem FROM fts_word",
	                            -1, &all, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(all)) == SQLITE_ROW) {
		const char *word = (const char *)sqlite3_column_text(all, 0);
		int n = sqlite3_column_bytes(all, 0), nstem;
		const char *listed = (const char *)sqlite3_column_text(all, 1);
		int nlisted = sqlite3_column_bytes(all, 1);
		const char *stem;

		rc = SQLITE_OK;
		if (!word || !listed) {
			rc = SQLITE_NOMEM;
			break;
		}
		if (n > GLOSSA_FTS5_TOKEN_MAX)
			continue; /* listed whole before the list cut words */
		rc = glossa_stemmer_stem(w->stemmer, word, n, &stem, &nstem);
		if (nstem == 0) {
			stem = word;
			nstem = n;
		}
		if (rc != SQLITE_OK || (nlisted == nstem &&
		                        memcmp(listed, stem, nstem) == 0))
			continue;
		if (w->wrong < 3)
			snprintf(w->first_wrong[w->wrong],
			         sizeof(w->first_wrong[0]), "%.*s",
			         n > 60 ? 60 : n, word);
		w->wrong++;
	}
	sqlite3_finalize(all);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Look one word of an index up in fts_word (glossa_db_index_words()'s
 * callback). A term of GLOSSA_FTS5_TOKEN_MAX bytes is a longer word FTS5
 * cut; an archive written before the list cut them so lists it whole,
 * which is as good for search (a query's word is cut the same way).
 */
static int check_word(void *ctx, const char *word, int n)
{
	struct word_check *w = ctx;
	int rc;

	sqlite3_bind_text(w->has, 1, word, n, SQLITE_STATIC);
	rc = sqlite3_step(w->has);
	sqlite3_reset(w->has);
	if (rc == SQLITE_DONE && n == GLOSSA_FTS5_TOKEN_MAX) {
		sqlite3_bind_text(w->longer, 1, word, n, SQLITE_STATIC);
		rc = sqlite3_step(w->longer);
		sqlite3_reset(w->longer);
	}
	if (rc == SQLITE_DONE && w->missing < 3)
		snprintf(w->first[w->missing], sizeof(w->first[0]), "%.*s",
		         n > 60 ? 60 : n, word);
	if (rc == SQLITE_DONE)
		w->missing++;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Every word of both indexes is in fts_word with its own stem, or a word
 * or a prefix that search.c writes as the OR of the listed words misses
 * articles. A list found damaged is made again at the next writable open
 * (meta 'words' goes; the words are listed again with their stems).
 */
static int words_check(glossa_db_t *db, char **out, int *bad, int *nomem)
{
	struct word_check w = {0};
	int rc;

	if (!db->words_kept)
		return report(out, "fts_word: not checked (not listed yet: "
		                   "open the archive writable)\n")
		           ? SQLITE_OK
		           : SQLITE_NOMEM;
	rc = sqlite3_prepare_v2(
	    db->sql, "SELECT 1 FROM fts_word WHERE word = ?", -1, &w.has, NULL);
	if (rc == SQLITE_OK)
		rc = glossa_stemmer_new(db->words, &w.stemmer);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sql,
		                        "SELECT 1 FROM fts_word WHERE word > ?1"
		                        " AND word < ?1 || x'ff' LIMIT 1",
		                        -1, &w.longer, NULL);
	if (rc == SQLITE_OK)
		rc = glossa_db_index_words(db, "article_fts", check_word, &w);
	if (rc == SQLITE_OK)
		rc =
		    glossa_db_index_words(db, "annotation_fts", check_word, &w);
	if (rc == SQLITE_OK)
		rc = stems_check(db, &w);
	sqlite3_finalize(w.has);
	sqlite3_finalize(w.longer);
	glossa_stemmer_free(w.stemmer);
	if (rc != SQLITE_OK)
		return rc;
	if (!w.missing && !w.wrong)
		return report(out, "fts_word: ok\n") ? SQLITE_OK : SQLITE_NOMEM;
	*bad = 1;
	if (w.missing &&
	    !report(out,
	            "fts_word: damaged: %lld word%s of the indexes %s not "
	            "listed, so a search for %s or a prefix of %s may miss "
	            "articles\n",
	            (long long)w.missing, w.missing == 1 ? "" : "s",
	            w.missing == 1 ? "is" : "are",
	            w.missing == 1 ? "it" : "them",
	            w.missing == 1 ? "it" : "them"))
		*nomem = 1;
	for (int i = 0; i < 3 && i < w.missing; i++)
		if (!report(out, "  not listed: %s\n", w.first[i]))
			*nomem = 1;
	if (w.wrong &&
	    !report(out,
	            "fts_word: damaged: %lld listed word%s %s another stem "
	            "than %s own, so a search for %s stem may miss "
	            "articles\n",
	            (long long)w.wrong, w.wrong == 1 ? "" : "s",
	            w.wrong == 1 ? "has" : "have",
	            w.wrong == 1 ? "its" : "their",
	            w.wrong == 1 ? "its" : "their"))
		*nomem = 1;
	for (int i = 0; i < 3 && i < w.wrong; i++)
		if (!report(out, "  wrong stem: %s\n", w.first_wrong[i]))
			*nomem = 1;
	if (db->readonly)
		return report(out, "  open the archive writable to list them "
		                   "again\n")
		           ? SQLITE_OK
		           : SQLITE_NOMEM;
	rc = sqlite3_exec(db->sql, "DELETE FROM meta WHERE key = 'words'", NULL,
	                  NULL, NULL);
	if (rc != SQLITE_OK)
		return rc;
	db->words_kept = 0;
	/* now: a read-only open (glossa list, glossa search) never lists
	 * them, and without the list a word misses the others of its stem */
	if (glossa_fts_check_words(db) == GLOSSA_OK) {
		if (!report(out, "  they are listed again\n"))
			*nomem = 1;
		return SQLITE_OK;
	}
	if (!report(out, "  they are listed again when the archive is next "
	                 "opened\n"))
		*nomem = 1;
	return SQLITE_OK;
}

/*
 * The articles whose Date glossa cannot read (date_iso empty): a warning,
 * not damage (the archive is as the files were), so check still passes.
 * Every one is listed, id, title and the date as written, for the user
 * to correct the files and import them again.
 */
static int dates_check(glossa_db_t *db, char **out, int *nomem)
{
	struct glossa_buf b = {0};
	sqlite3_stmt *stmt;
	int64_t n = 0;
	char *text;
	int rc;

	rc = sqlite3_prepare_v2(db->sql,
	                        "SELECT id, title, date FROM article"
	                        " WHERE date_iso = '' AND date <> ''"
	                        " ORDER BY id",
	                        -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(stmt, 1);
		const char *date = (const char *)sqlite3_column_text(stmt, 2);
		char id[32];

		n++;
		snprintf(id, sizeof(id), "  %lld  ",
		         (long long)sqlite3_column_int64(stmt, 0));
		glossa_buf_puts(&b, id);
		glossa_buf_puts(&b, "Date \"");
		glossa_buf_puts(&b, date ? date : "");
		glossa_buf_puts(&b, "\"  ");
		glossa_buf_puts(&b, title ? title : "");
		glossa_buf_puts(&b, "\n");
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		free(glossa_buf_take(&b));
		return rc;
	}
	if (!n)
		return report(out, "dates: ok\n") ? SQLITE_OK : SQLITE_NOMEM;
	text = glossa_buf_take(&b);
	if (!text || !report(out,
	                     "dates: warning: %lld article%s a Date glossa "
	                     "cannot read (kept as written, listed after the "
	                     "dated articles; correct the file and import it "
	                     "again):\n%s",
	                     (long long)n, n == 1 ? " has" : "s have", text))
		*nomem = 1;
	free(text);
	return SQLITE_OK;
}

glossa_status_t glossa_db_check(glossa_db_t *db, char **out)
{
	glossa_status_t st;
	static const struct {
		const char *name, *sql;
	} checks[] = {
	    {"integrity_check", "PRAGMA integrity_check"},
	    {"foreign_key_check", "PRAGMA foreign_key_check"},
	    {"article_count",
	     "SELECT CASE WHEN (SELECT n FROM article_count) IS c.n THEN 'ok'"
	     " ELSE printf('%lld article%s, but the count kept says %s', c.n,"
	     " iif(c.n = 1, '', 's'),"
	     " ifnull((SELECT n FROM article_count), 'nothing')) END"
	     " FROM (SELECT count(*) AS n FROM article) c"},
	};
	int bad = 0, nomem = 0, rc = SQLITE_OK;

	*out = NULL;
	for (size_t i = 0;
	     i < sizeof(checks) / sizeof(checks[0]) && rc == SQLITE_OK; i++)
		rc = run_check(db, checks[i].name, checks[i].sql, out, &bad,
		               &nomem);
	if (rc == SQLITE_OK)
		rc = fts_check(db, "article_fts", out, &bad, &nomem);
	if (rc == SQLITE_OK)
		rc = fts_check(db, "annotation_fts", out, &bad, &nomem);
	if (rc == SQLITE_OK && !bad)
		rc = words_check(db, out, &bad, &nomem);
	if (rc == SQLITE_OK && !bad)
		rc = dates_check(db, out, &nomem);
	if (rc == SQLITE_OK && !bad) {
		int64_t n = 0;
		if ((st = glossa_db_count(db, &n)) != GLOSSA_OK) {
			free(*out);
			*out = NULL;
			return st;
		}
		if (!report(out, "%s: %lld article%s: ok\n", db->path,
		            (long long)n, n == 1 ? "" : "s"))
			nomem = 1;
	}
	if (nomem) {
		free(*out);
		*out = NULL;
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "checking: out of memory");
	}
	if (rc != SQLITE_OK) {
		glossa_status_t st = glossa_db_fail(db, rc, "checking");
		if (st == GLOSSA_CORRUPT || st == GLOSSA_NOT_ARCHIVE) {
			report(out, "%s\n", glossa_db_errmsg(db));
			return GLOSSA_CORRUPT;
		}
		free(*out);
		*out = NULL;
		return st;
	}
	if (bad) {
		return glossa_db_error(db, GLOSSA_CORRUPT,
		                       "the archive %s is damaged", db->path);
	}
	return GLOSSA_OK;
}

/* Pages copied a step: the interrupt callback is asked between steps
 * (4 MB at the archive's 4 KB pages). */
#define BACKUP_STEP_PAGES 1024

/* The same file (device and inode). */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* path with its directory resolved (the file itself need not exist), or
 * NULL. */
static char *resolved(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *out = NULL;

	if (!slash)
		dir = strdup(".");
	else
		dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return NULL;
	real = realpath(dir, NULL);
	free(dir);
	if (real && asprintf(&out, "%s/%s", real, slash ? slash + 1 : path) < 0)
		out = NULL;
	free(real);
	return out;
}

/*
 * What of the archive path names, if anything: the archive itself, or one
 * of the files SQLite keeps beside it (its -wal, -shm or -journal), which
 * a backup written there would turn into a damaged archive. NULL: none.
 */
const char *glossa_archive_part(glossa_db_t *db, const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	static const char *const what[] = {
	    "the archive itself", "the archive's write-ahead log",
	    "the archive's shared-memory index", "the archive's journal"};
	char *target = resolved(path), *real = realpath(db->path, NULL);
	char *name;
	const char *found = NULL;

	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]) && !found;
	     i++) {
		for (int r = 0; r < 2 && !found; r++) {
			const char *base = r ? real : db->path;

			if (!base || asprintf(&name, "%s%s", base, sides[i]) < 0)
				continue;
			if (same_file(path, name) ||
			    (target && r && strcmp(target, name) == 0) ||
			    strcmp(path, name) == 0)
				found = what[i];
			free(name);
		}
	}
	free(target);
	free(real);
	return found;
}

/* Whether the caller's interrupt callback asks to stop. */
static int interrupted(glossa_db_t *db)
{
	return db->interrupt && db->interrupt(db->interrupt_arg);
}

/*
 * Copy the archive into the new file tmp (beside path) with the backup
 * API, a few pages a step so that the interrupt callback is heard, inside
 * one read transaction on the archive: the copy is one snapshot even
 * while others write.
 */
static glossa_status_t copy_to(glossa_db_t *db, const char *tmp,
                               const char *path)
{
	sqlite3_backup *b;
	sqlite3 *dest = NULL;
	int rc, tries = 0, own_txn = sqlite3_get_autocommit(db->sql);

	rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		glossa_status_t st = glossa_db_error(
		    db, rc == SQLITE_NOMEM ? GLOSSA_NOMEM : GLOSSA_IO,
		    "cannot write %s (%s)", path, sqlite3_errmsg(dest));
		sqlite3_close(dest);
		return st;
	}
	if (own_txn) {
		rc = sqlite3_exec(db->sql,
		                  "BEGIN; SELECT count(*) FROM sqlite_schema",
		                  NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			sqlite3_close(dest);
			if (!sqlite3_get_autocommit(db->sql))
				sqlite3_exec(db->sql, "COMMIT", NULL, NULL,
				             NULL);
			return glossa_db_fail(db, rc, "backing up");
		}
	}
	b = sqlite3_backup_init(dest, "main", db->sql, "main");
	if (!b) {
		rc = sqlite3_errcode(dest);
	} else {
		while ((rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES)) ==
		           SQLITE_OK ||
		       rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (interrupted(db)) {
				rc = SQLITE_INTERRUPT;
				break;
			}
			if (rc == SQLITE_OK)
				continue;
			if (++tries > 50)
				break;
			sqlite3_sleep(100);
		}
		sqlite3_backup_finish(b);
		if (rc == SQLITE_DONE)
			rc = sqlite3_errcode(dest);
	}
	if (own_txn && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		glossa_status_t st;
		switch (rc & 0xff) {
		case SQLITE_FULL:
			st = glossa_db_error(db, GLOSSA_FULL,
			                     "disk full writing %s", path);
			break;
		case SQLITE_BUSY:
		case SQLITE_LOCKED:
			st = glossa_db_error(db, GLOSSA_BUSY,
			                     "the archive %s stayed busy; "
			                     "try again",
			                     db->path);
			break;
		case SQLITE_NOMEM:
			st = glossa_db_error(db, GLOSSA_NOMEM, "out of memory");
			break;
		case SQLITE_INTERRUPT:
			st = glossa_db_error(db, GLOSSA_INTERRUPTED,
			                     "backup interrupted; %s not "
			                         "written",
			                     path);
			break;
		default:
			st = glossa_db_error(db, GLOSSA_IO,
			                     "backing up to %s: %s", path,
			                     sqlite3_errstr(rc));
		}
		sqlite3_close(dest);
		return st;
	}
	rc = sqlite3_close(dest);
	if (rc != SQLITE_OK) {
		return glossa_db_error(db, GLOSSA_IO, "writing %s: %s", path,
		                       sqlite3_errstr(rc));
	}
	return GLOSSA_OK;
}

glossa_status_t glossa_db_backup(glossa_db_t *db, const char *path, int force)
{
	glossa_status_t st;
	char *tmp, *side;
	int fd;

	/* (the archive's own files are refused there) */
	if ((st = glossa_atomic_check(db, path, force)) != GLOSSA_OK)
		return st;
	if (interrupted(db)) {
		return glossa_db_error(db, GLOSSA_INTERRUPTED,
		                       "backup interrupted; %s not written",
		                       path);
	}
	if ((st = glossa_atomic_begin(db, path, &tmp, &fd)) != GLOSSA_OK)
		return st;
	close(fd);
	/* the copy's commit syncs it; then the name, then the directory */
	st = copy_to(db, tmp, path);
	if (st == GLOSSA_OK && interrupted(db)) {
		st = glossa_db_error(db, GLOSSA_INTERRUPTED,
		                     "backup interrupted; %s not written",
		                     path);
	}
	if (st == GLOSSA_OK)
		return glossa_atomic_commit(db, tmp, path, force);
	/* a failed copy may leave its journal behind */
	if (asprintf(&side, "%s-journal", tmp) >= 0) {
		unlink(side);
		free(side);
	}
	glossa_atomic_discard(tmp);
	return st;
}
