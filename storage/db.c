/*
 * db.c: opening the archive, its schema and migrations, and the shared
 * SQL helpers of the core (db.h).
 *
 * Exported: glossa_db_open, glossa_db_close, glossa_db_errmsg,
 * glossa_db_readonly, glossa_db_check_file, glossa_db_schema_version,
 * glossa_db_count and the private helpers of db.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "db.h"
#include "tokenizer.h"

/* "glos": marks an SQLite file as a glossa archive. */
#define GLOSSA_APPLICATION_ID 0x676c6f73

#define STR_(x) #x
#define STR(x) STR_(x)
#define TOKENIZER_VERSION_TEXT STR(GLOSSA_TOKENIZER_VERSION)

/*
 * The migrations, in order: migration i brings user_version from i to
 * i + 1, in one transaction. Never edit one that has shipped; add another.
 */
static const char *const migrations[] = {
	/* 1: articles, their unknown header fields, annotations. */
	"CREATE TABLE article ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  source TEXT NOT NULL DEFAULT '',"
	"  author TEXT NOT NULL DEFAULT '',"
	"  url TEXT NOT NULL DEFAULT '',"
	"  date TEXT NOT NULL DEFAULT '',"
	"  language TEXT NOT NULL DEFAULT '',"
	"  tags TEXT NOT NULL DEFAULT '',"
	"  body TEXT NOT NULL DEFAULT '',"
	"  encoding TEXT NOT NULL DEFAULT 'UTF-8',"
	"  origin TEXT NOT NULL DEFAULT '',"
	"  imported INTEGER NOT NULL DEFAULT 0,"
	"  read INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX article_order ON article(date DESC, id DESC);"
	"CREATE INDEX article_url ON article(url) WHERE url <> '';"
	"CREATE INDEX article_title ON article(title, date);"
	"CREATE TABLE article_field ("
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (article_id, seq)"
	") WITHOUT ROWID;"
	"CREATE TABLE annotation ("
	"  id INTEGER PRIMARY KEY,"
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('gloss', 'note')),"
	"  phrase TEXT NOT NULL DEFAULT '',"
	"  pos INTEGER NOT NULL DEFAULT -1,"
	"  context_before TEXT NOT NULL DEFAULT '',"
	"  context_after TEXT NOT NULL DEFAULT '',"
	"  reading TEXT NOT NULL DEFAULT '',"
	"  translation TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  tags TEXT NOT NULL DEFAULT '',"
	"  from_file INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL DEFAULT 0,"
	"  modified INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX annotation_article ON annotation(article_id, pos, id);"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",

	/*
	 * 2: full-text search. article_fts indexes the article table (its
	 * glosses column holds the text of the article's annotations);
	 * annotation_fts the annotations. glossa_fts_*() keep both in sync:
	 * with trusted_schema off, SQLite refuses triggers that write to a
	 * virtual table (a database file from elsewhere must not run code
	 * of its own), so our code does what the triggers would.
	 */
	"ALTER TABLE article ADD COLUMN glosses TEXT NOT NULL DEFAULT '';"
	"CREATE VIRTUAL TABLE article_fts USING fts5("
	"  title, glosses, body, source, tags,"
	"  content='article', content_rowid='id',"
	"  tokenize='" GLOSSA_TOKENIZER_NAME "', detail=full);"
	"CREATE VIRTUAL TABLE annotation_fts USING fts5("
	"  phrase, reading, translation, note,"
	"  content='annotation', content_rowid='id',"
	"  tokenize='" GLOSSA_TOKENIZER_NAME "', detail=full);"
	"UPDATE article SET glosses = " GLOSSES_OF("article.id") ";"
	"INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
	"INSERT INTO annotation_fts (annotation_fts) VALUES ('rebuild');"
	"INSERT INTO meta (key, value) VALUES ('tokenizer', "
	"  '" TOKENIZER_VERSION_TEXT "');",

	/* 3: an annotation whose phrase was not found again when its
	 * article changed is kept, flagged detached. */
	"ALTER TABLE annotation ADD COLUMN detached INTEGER NOT NULL"
	"  DEFAULT 0;",

	/* 4: the gloss phrases in byte order, which store.c's trie of the
	 * archive's phrases is built from (900 000 glosses: 1.4 s with a
	 * sort, 0.24 s along this index). */
	"CREATE INDEX annotation_phrase ON annotation(kind, phrase, id DESC,"
	"  article_id);",

	/*
	 * 5: the number of articles: count(*) reads a whole index (10 ms
	 * at a million articles, on every start). Kept by
	 * glossa_db_count_add() and glossa_db_commit(), one UPDATE a
	 * transaction, not by triggers: a statement with a trigger opens
	 * a savepoint, at which FTS5 flushes its pending terms (a bulk
	 * import went 1.5x slower), and so, measurably, does an UPDATE
	 * for each article.
	 */
	"CREATE TABLE article_count ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  n INTEGER NOT NULL"
	");"
	"INSERT INTO article_count (one, n) SELECT 1, count(*) FROM article;",

	/*
	 * 6: FTS5's index settings for a growing archive. Pending terms
	 * up to 32 MB (not 1 MB) before they are written out, so that a
	 * batch of imported files makes one large segment; segments merged
	 * 16 at a time (not 4), at most 31 waiting on a level (not 15), so
	 * that the index is rewritten at fewer levels as it grows.
	 * Importing 200 000 articles: 5.86 MB/s with FTS5's defaults in
	 * batches of 500 files, 6.61 in batches of 5000 with a 16 MB hash,
	 * 7.54 with these settings. They live in the table's own config
	 * and apply to every connection.
	 */
	"INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 33554432);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('crisismerge', 32);",

	/*
	 * 7: article_fts with the body first. FTS5 starts each row's
	 * position list in the first column, and a term of any other
	 * column pays two bytes to switch to it: with the body third, a
	 * quarter of the index was those bytes (10 000 articles: 69.9 MiB,
	 * 50.9 with the body first). The table is built again (migration
	 * 6's settings with it) with the tokenizer of this glossa, and
	 * annotation_fts with it, so the tokenizer check finds nothing to
	 * do.
	 */
	"DROP TABLE article_fts;"
	"CREATE VIRTUAL TABLE article_fts USING fts5("
	"  body, title, glosses, source, tags,"
	"  content='article', content_rowid='id',"
	"  tokenize='" GLOSSA_TOKENIZER_NAME "', detail=full);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 33554432);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('crisismerge', 32);"
	"INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
	"INSERT INTO annotation_fts (annotation_fts) VALUES ('rebuild');"
	"INSERT OR REPLACE INTO meta (key, value) VALUES ('tokenizer', "
	"  '" TOKENIZER_VERSION_TEXT "');",

	/*
	 * 8: the words of the full-text indexes (their non-CJK tokens,
	 * stemmed and not), for search.c to write a long prefix as the OR
	 * of the words it starts: FTS5 reads such an OR lazily, newest
	 * first, where for the prefix it merges the doclists of all those
	 * words before the first row. FTS5 3.40 has no cheap way to list
	 * them (fts5vocab reads every doclist). Each commit adds the words
	 * the tokenizer saw (glossa_db_commit()); a word of a deleted
	 * article stays, which costs a lookup and finds nothing. The list
	 * is filled from the index when meta 'words' is missing (see
	 * check_words()).
	 */
	"CREATE TABLE fts_word (word TEXT PRIMARY KEY) WITHOUT ROWID;",

	/*
	 * 9: what re-importing a file needs so that it never loses or
	 * overwrites what the user wrote (import.c). file_sig is an
	 * annotation as its file gave it (NOTE_SIG), kept when the user
	 * edits it; from_file is cleared by an edit, so the annotation is
	 * the user's from then on. annotation_gone remembers the file's
	 * annotations the user deleted, so that importing the file again
	 * does not bring them back. file_hash identifies the bytes an
	 * article was last imported from (the same bytes again change
	 * nothing); article_origin finds an article by the file it came
	 * from. The annotations from files in an older archive: one changed
	 * since its import (modified after created) is the user's; for the
	 * others the older glossa did not record whether the user changed
	 * them (an edit in the second of the import leaves no trace), so
	 * they are from_file 2, "the file's, as far as is known": one the
	 * file still gives becomes the file's (1), one it does not give is
	 * kept as the user's (import.c).
	 */
	"ALTER TABLE annotation ADD COLUMN file_sig TEXT NOT NULL DEFAULT '';"
	"UPDATE annotation SET file_sig = " NOTE_SIG_SQL " WHERE from_file;"
	"UPDATE annotation SET from_file = CASE WHEN modified > created"
	"  THEN 0 ELSE 2 END WHERE from_file;"
	"CREATE TABLE annotation_gone ("
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article(id) ON DELETE CASCADE,"
	"  file_sig TEXT NOT NULL,"
	"  PRIMARY KEY (article_id, file_sig)"
	") WITHOUT ROWID;"
	"ALTER TABLE article ADD COLUMN file_hash INTEGER;"
	"CREATE INDEX article_origin ON article(origin) WHERE origin <> '';",

	/*
	 * 10: dates are dates. date stays as written (exports write it
	 * back); date_iso is its normalised form (date.h), '' when there
	 * is none or it cannot be read. The list is ordered by it (an
	 * unreadable date with the undated articles, after the dated
	 * ones) and after:/before: compare it. glossa_date_iso() is
	 * date.c's parser, registered on every connection. Only the
	 * articles with a readable date are written again, and the order
	 * index is built once, after them: 20 000 generated articles
	 * (87 MB of text) in 1.2 s, so about a minute at a million.
	 * glossa check lists the unreadable ones.
	 */
	"ALTER TABLE article ADD COLUMN date_iso TEXT NOT NULL DEFAULT '';"
	"DROP INDEX article_order;"
	"UPDATE article SET date_iso = glossa_date_iso(date)"
	"  WHERE date <> '' AND glossa_date_iso(date) <> '';"
	"CREATE INDEX article_order ON article(date_iso DESC, id DESC);",

	/*
	 * 11: article_fts gets the author (author: and any word search
	 * find it), last, so that the other columns keep their numbers;
	 * and tokenizer 5 (words as written and stems apart, tag tokens)
	 * builds both indexes again, so the tokenizer check finds nothing
	 * to do. fts_word stays: the words of the new index are its words
	 * plus the authors', which the rebuild collects and the commit
	 * adds (migrate()); a stem that is no word any more costs a lookup
	 * and finds nothing. 10 000 articles: see README.
	 */
	"DROP TABLE article_fts;"
	"CREATE VIRTUAL TABLE article_fts USING fts5("
	"  body, title, glosses, source, tags, author,"
	"  content='article', content_rowid='id',"
	"  tokenize='" GLOSSA_TOKENIZER_NAME "', detail=full);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 33554432);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 16);"
	"INSERT INTO article_fts (article_fts, rank) VALUES ('crisismerge', 32);"
	"INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
	"INSERT INTO annotation_fts (annotation_fts) VALUES ('rebuild');"
	"INSERT OR REPLACE INTO meta (key, value) VALUES ('tokenizer', "
	"  '" TOKENIZER_VERSION_TEXT "');",
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

int glossa_db_schema_version(void)
{
	return SCHEMA_VERSION;
}

const char *glossa_db_migration(int v)
{
	return v >= 1 && v <= SCHEMA_VERSION ? migrations[v - 1] : NULL;
}

void glossa_db_set_error(glossa_db_t *db, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!db)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(db->errmsg);
	db->errmsg = msg;
}

const char *glossa_db_errmsg(const glossa_db_t *db)
{
	if (!db)
		return glossa_status_to_string(GLOSSA_NOMEM);
	return db->errmsg ? db->errmsg : "no error";
}

int glossa_db_readonly(const glossa_db_t *db)
{
	return db ? db->readonly : 1;
}

/*
 * SQLite's words for rc: the connection's message if its last error is
 * rc, else the generic text of rc (a later call that succeeded, such as
 * the COMMIT after a failed read, leaves "not an error" behind), with the
 * system's reason for an I/O error.
 */
static const char *sqlite_reason(glossa_db_t *db, int rc, char *buf,
				 size_t size)
{
	const char *msg = sqlite3_errstr(rc);
	int sys = 0;

	if (db->sql && (sqlite3_errcode(db->sql) & 0xff) == (rc & 0xff)) {
		msg = sqlite3_errmsg(db->sql);
		sys = sqlite3_system_errno(db->sql);
	}
	if (sys && ((rc & 0xff) == SQLITE_IOERR ||
		    (rc & 0xff) == SQLITE_CANTOPEN))
		snprintf(buf, size, "%s: %s", msg, strerror(sys));
	else
		snprintf(buf, size, "%s", msg);
	return buf;
}

glossa_status_t glossa_db_check_file(glossa_db_t *db)
{
	struct stat sb;

	if (stat(db->path, &sb) != 0) {
		if (errno == ENOENT) {
			glossa_db_set_error(db,
					    "the archive %s was deleted or "
					    "moved away since glossa opened it;"
					    " nothing written",
					    db->path);
			return GLOSSA_NOT_FOUND;
		}
		glossa_db_set_error(db, "the archive %s: %s", db->path,
				    strerror(errno));
		return GLOSSA_IO;
	}
	if (sb.st_dev != db->file_dev || sb.st_ino != db->file_ino) {
		glossa_db_set_error(db,
				    "the archive %s was replaced by another "
				    "file since glossa opened it; nothing "
				    "written",
				    db->path);
		return GLOSSA_IO;
	}
	return GLOSSA_OK;
}

static glossa_status_t sqlite_status(glossa_db_t *db, int rc, const char *what)
{
	const char *path = db->path ? db->path : "archive";
	char reason[256];

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		glossa_db_set_error(db, "%s: out of memory", what);
		return GLOSSA_NOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		glossa_db_set_error(db,
				    "%s: the archive %s is busy (another "
				    "glossa is writing to it); try again",
				    what, path);
		return GLOSSA_BUSY;
	case SQLITE_FULL:
		glossa_db_set_error(db, "%s: disk full writing %s", what,
				    path);
		return GLOSSA_FULL;
	case SQLITE_READONLY:
		glossa_db_set_error(db, "%s: the archive %s is read-only",
				    what, path);
		return GLOSSA_READONLY;
	case SQLITE_CORRUPT:
		glossa_db_set_error(db, "%s: the archive %s is damaged (%s)",
				    what, path,
				    sqlite_reason(db, rc, reason,
						  sizeof(reason)));
		return GLOSSA_CORRUPT;
	case SQLITE_NOTADB:
		glossa_db_set_error(db, "%s is not a glossa archive", path);
		return GLOSSA_NOT_ARCHIVE;
	case SQLITE_INTERRUPT:
		glossa_db_set_error(db, "%s: interrupted", what);
		return GLOSSA_INTERRUPTED;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		glossa_db_set_error(db, "%s: cannot read or write %s (%s)",
				    what, path,
				    sqlite_reason(db, rc, reason,
						  sizeof(reason)));
		return GLOSSA_IO;
	default:
		glossa_db_set_error(db, "%s: %s", what,
				    sqlite_reason(db, rc, reason,
						  sizeof(reason)));
		return GLOSSA_ERROR;
	}
}

glossa_status_t glossa_db_fail(glossa_db_t *db, int rc, const char *what)
{
	return db->status = sqlite_status(db, rc, what);
}

sqlite3_stmt *glossa_db_prepare(glossa_db_t *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK) {
		glossa_db_fail(db, rc, "preparing a query");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

sqlite3_stmt *glossa_db_cached(glossa_db_t *db, const char *sql)
{
	struct cached_stmt *c = db->cache;
	size_t i;
	int rc;

	for (i = 0; i < GLOSSA_STMT_CACHE && c[i].sql; i++) {
		if (strcmp(c[i].sql, sql) == 0) {
			sqlite3_reset(c[i].stmt);
			sqlite3_clear_bindings(c[i].stmt);
			return c[i].stmt;
		}
	}
	if (i == GLOSSA_STMT_CACHE) {
		/* Evicting could finalize a statement in use; the callers
		 * use a fixed set of fewer statements than this. */
		glossa_db_set_error(db, "too many cached statements");
		db->status = GLOSSA_ERROR;
		return NULL;
	}
	if (!(c[i].sql = strdup(sql))) {
		glossa_db_set_error(db, "out of memory");
		db->status = GLOSSA_NOMEM;
		return NULL;
	}
	rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT,
				&c[i].stmt, NULL);
	if (rc != SQLITE_OK) {
		glossa_db_fail(db, rc, "preparing a query");
		sqlite3_finalize(c[i].stmt);
		free(c[i].sql);
		c[i].sql = NULL;
		return NULL;
	}
	return c[i].stmt;
}

void glossa_db_release(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

glossa_status_t glossa_db_exec(glossa_db_t *db, const char *sql)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? GLOSSA_OK : glossa_db_fail(db, rc, "archive");
}

glossa_status_t glossa_db_run_id(glossa_db_t *db, const char *sql,
				 int64_t id, const char *what)
{
	sqlite3_stmt *stmt = glossa_db_cached(db, sql);
	int rc;

	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	glossa_db_release(stmt);
	return rc == SQLITE_DONE ? GLOSSA_OK : glossa_db_fail(db, rc, what);
}

glossa_status_t glossa_db_begin(glossa_db_t *db)
{
	if (db->readonly) {
		glossa_db_set_error(db, "the archive %s is open read-only",
				    db->path);
		return GLOSSA_READONLY;
	}
	db->count_delta = 0;
	/* a build's read transaction may be older than the last commit,
	 * and then could not become a write one */
	glossa_gloss_cache_stop(db->gloss_cache);
	return glossa_db_exec(db, "BEGIN IMMEDIATE");
}

/* Add one word to fts_word (glossa_words_flush()'s callback). */
static int add_word(void *ctx, const char *word, int n)
{
	sqlite3_stmt *stmt = ctx;
	int rc;

	sqlite3_bind_text(stmt, 1, word, n, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Write the words the tokenizer collected into fts_word, or forget them
 * while the list is not kept (before check_words()). */
static glossa_status_t write_words(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	int rc;

	if (!db->words_kept) {
		glossa_words_flush(db->words, NULL, NULL);
		return GLOSSA_OK;
	}
	stmt = glossa_db_cached(db, "INSERT OR IGNORE INTO fts_word (word)"
				    " VALUES (?1)");
	if (!stmt)
		return db->status;
	rc = glossa_words_flush(db->words, add_word, stmt);
	glossa_db_release(stmt);
	return rc == SQLITE_OK ? GLOSSA_OK
			       : glossa_db_fail(db, rc, "listing words");
}

glossa_status_t glossa_db_commit(glossa_db_t *db)
{
	glossa_status_t st = write_words(db);

	if (st == GLOSSA_OK && db->count_delta) {
		sqlite3_stmt *stmt = glossa_db_cached(
			db, "UPDATE article_count SET n = n + ?1 WHERE one = 1");
		int rc;

		if (!stmt)
			st = db->status;
		else {
			sqlite3_bind_int64(stmt, 1, db->count_delta);
			rc = sqlite3_step(stmt);
			glossa_db_release(stmt);
			if (rc != SQLITE_DONE)
				st = glossa_db_fail(db, rc, "counting articles");
		}
	}
	if (st == GLOSSA_OK)
		st = glossa_db_exec(db, "COMMIT");
	if (st != GLOSSA_OK)
		glossa_db_rollback(db);
	db->count_delta = 0;
	return st;
}

void glossa_db_rollback(glossa_db_t *db)
{
	db->count_delta = 0;
	glossa_words_flush(db->words, NULL, NULL);
	/* FULL, IOERR, BUSY and NOMEM may have ended the transaction. */
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

char *glossa_strdup(const char *s)
{
	return strdup(s ? s : "");
}

char *glossa_db_column_text(sqlite3_stmt *stmt, int col)
{
	return glossa_strdup((const char *)sqlite3_column_text(stmt, col));
}

/* Run "PRAGMA name" and read its integer. */
static int pragma_int(glossa_db_t *db, const char *pragma, int *value)
{
	sqlite3_stmt *stmt;
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
	rc = sqlite3_prepare_v2(db->sql, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Whether the file has any schema at all (a new, empty database). */
static int schema_empty(glossa_db_t *db, int *empty)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db->sql,
				    "SELECT count(*) FROM sqlite_schema", -1,
				    &stmt, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*empty = sqlite3_column_int(stmt, 0) == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* *listed: whether fts_word is complete (meta 'words'). */
static glossa_status_t words_listed(glossa_db_t *db, int *listed)
{
	sqlite3_stmt *stmt = glossa_db_prepare(db, "SELECT 1 FROM meta"
						   " WHERE key = 'words'");
	int rc;

	if (!stmt)
		return db->status;
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "opening the archive");
	*listed = rc == SQLITE_ROW;
	return GLOSSA_OK;
}

/* Apply the migrations after version, each in its own transaction. */
static glossa_status_t migrate(glossa_db_t *db, int version)
{
	glossa_status_t st;
	char sql[64];

	for (int v = version; v < SCHEMA_VERSION; v++) {
		if ((st = glossa_db_begin(db)) != GLOSSA_OK)
			return st;
		/* Another process may have migrated while we waited. */
		int now = 0;
		int rc = pragma_int(db, "user_version", &now);
		if (rc != SQLITE_OK) {
			glossa_db_rollback(db);
			return glossa_db_fail(db, rc, "reading the schema");
		}
		if (now > v) {
			glossa_db_rollback(db);
			v = now - 1;
			continue;
		}
		if (v == 0) {
			snprintf(sql, sizeof(sql),
				 "PRAGMA application_id = %d",
				 GLOSSA_APPLICATION_ID);
			if ((st = glossa_db_exec(db, sql)) != GLOSSA_OK)
				goto fail;
		}
		if ((st = glossa_db_exec(db, migrations[v])) != GLOSSA_OK)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((st = glossa_db_exec(db, sql)) != GLOSSA_OK)
			goto fail;
		/* a complete list of words gets what a rebuild collected */
		if (v >= 8 && (st = words_listed(db, &db->words_kept)) !=
			      GLOSSA_OK)
			goto fail;
		st = glossa_db_commit(db);
		db->words_kept = 0; /* check_words() decides */
		if (st != GLOSSA_OK)
			return st;
	}
	return GLOSSA_OK;
fail:
	glossa_db_rollback(db);
	return st;
}

/* Rebuild the full-text indexes if another tokenizer version built them. */
static glossa_status_t check_tokenizer(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int built = 0, rc;

	stmt = glossa_db_prepare(db, "SELECT value FROM meta"
				     " WHERE key = 'tokenizer'");
	if (!stmt)
		return db->status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		built = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "opening the archive");
	if (built == GLOSSA_TOKENIZER_VERSION || db->readonly)
		return GLOSSA_OK;
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	st = glossa_db_exec(
		db, "INSERT INTO article_fts (article_fts) VALUES ('rebuild');"
		    "INSERT INTO annotation_fts (annotation_fts)"
		    "  VALUES ('rebuild');"
		    "INSERT OR REPLACE INTO meta (key, value)"
		    "  VALUES ('tokenizer', '" TOKENIZER_VERSION_TEXT "');"
		    "DELETE FROM fts_word;"
		    "DELETE FROM meta WHERE key = 'words';");
	if (st != GLOSSA_OK) {
		glossa_db_rollback(db);
		return st;
	}
	return glossa_db_commit(db);
}

int glossa_db_index_words(glossa_db_t *db, const char *table,
			  int (*fn)(void *ctx, const char *word, int n),
			  void *ctx)
{
	sqlite3_stmt *sel = NULL;
	char sql[160];
	int rc;

	snprintf(sql, sizeof(sql),
		 "CREATE VIRTUAL TABLE temp.glossa_vocab"
		 " USING fts5vocab(main, %s, row)",
		 table);
	rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sql,
					"SELECT term FROM temp.glossa_vocab",
					-1, &sel, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(sel, 0);
		int n = sqlite3_column_bytes(sel, 0);

		rc = SQLITE_OK;
		if (!term)
			rc = SQLITE_NOMEM;
		else if (glossa_tokenizer_is_word(term, n))
			rc = fn(ctx, term, n);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(sel);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->sql, "DROP TABLE temp.glossa_vocab", NULL,
				  NULL, NULL);
	else
		sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.glossa_vocab",
			     NULL, NULL, NULL);
	return rc;
}

/* Add the words of one full-text table's index to fts_word. */
static glossa_status_t words_of(glossa_db_t *db, const char *table)
{
	sqlite3_stmt *ins = NULL;
	int rc = sqlite3_prepare_v2(db->sql,
				    "INSERT OR IGNORE INTO fts_word (word)"
				    " VALUES (?1)",
				    -1, &ins, NULL);

	if (rc == SQLITE_OK)
		rc = glossa_db_index_words(db, table, add_word, ins);
	sqlite3_finalize(ins);
	return rc == SQLITE_OK ? GLOSSA_OK
			       : glossa_db_fail(db, rc, "listing words");
}

/*
 * Fill fts_word from the indexes if meta 'words' says it is not complete
 * (an archive from before schema 8, or just rebuilt): once, reading each
 * index whole. Then every commit keeps it (db->words_kept).
 */
static glossa_status_t check_words(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int rc;

	stmt = glossa_db_prepare(db, "SELECT 1 FROM meta WHERE key = 'words'");
	if (!stmt)
		return db->status;
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "opening the archive");
	if (rc == SQLITE_ROW || db->readonly) {
		db->words_kept = rc == SQLITE_ROW;
		return GLOSSA_OK;
	}
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	if ((st = words_of(db, "article_fts")) == GLOSSA_OK &&
	    (st = words_of(db, "annotation_fts")) == GLOSSA_OK)
		st = glossa_db_exec(db, "INSERT OR REPLACE INTO meta (key, value)"
					" VALUES ('words', '1')");
	if (st != GLOSSA_OK) {
		glossa_db_rollback(db);
		return st;
	}
	if ((st = glossa_db_commit(db)) == GLOSSA_OK)
		db->words_kept = 1;
	return st;
}

static glossa_status_t refuse_foreign(glossa_db_t *db)
{
	glossa_db_set_error(db,
			    "%s is not a glossa archive (it is an "
			    "SQLite database of something else)",
			    db->path);
	return GLOSSA_NOT_ARCHIVE;
}

static glossa_status_t refuse_newer(glossa_db_t *db, int version)
{
	glossa_db_set_error(db,
			    "%s was written by a newer glossa "
			    "(schema %d; this glossa knows %d): "
			    "upgrade glossa to open it",
			    db->path, version, SCHEMA_VERSION);
	return GLOSSA_TOO_NEW;
}

/* user_version is a signed number; no glossa writes a negative one (and
 * there is no migration from it). */
static glossa_status_t refuse_negative(glossa_db_t *db, int version)
{
	glossa_db_set_error(db,
			    "%s is not a glossa archive (its schema "
			    "version %d is none that glossa writes)",
			    db->path, version);
	return GLOSSA_NOT_ARCHIVE;
}

/* An empty file becomes an archive only by a command that may create one
 * (GLOSSA_OPEN_CREATE: glossa import); for the others it is no archive. */
static glossa_status_t refuse_empty(glossa_db_t *db)
{
	glossa_db_set_error(db,
			    "%s is empty, not a glossa archive yet (glossa "
			    "import FILE... makes it one)",
			    db->path);
	return GLOSSA_NOT_ARCHIVE;
}

/* Check the file is ours and not from a newer glossa, then migrate. */
static glossa_status_t check_and_migrate(glossa_db_t *db, int flags)
{
	int app = 0, version = 0, empty = 0, rc;
	glossa_status_t st = GLOSSA_OK;

	/* One read transaction: another glossa may be creating the archive
	 * right now, and the three must come from the same moment. */
	rc = sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "application_id", &app);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "user_version", &version);
	if (rc == SQLITE_OK)
		rc = schema_empty(db, &empty);
	/* the message before COMMIT replaces SQLite's */
	if (rc != SQLITE_OK)
		st = glossa_db_fail(db, rc, "opening the archive");
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return st;

	if (app != GLOSSA_APPLICATION_ID && !(app == 0 && empty))
		return refuse_foreign(db);
	if (app == 0 && empty && !(flags & GLOSSA_OPEN_CREATE))
		return refuse_empty(db);
	if (version > SCHEMA_VERSION)
		return refuse_newer(db, version);
	if (version < 0)
		return refuse_negative(db, version);
	if (version < SCHEMA_VERSION && db->readonly) {
		glossa_db_set_error(db,
				    "%s needs an upgrade of its schema "
				    "(%d to %d) but is read-only",
				    db->path, version, SCHEMA_VERSION);
		return GLOSSA_READONLY;
	}
	if (!db->readonly) {
		/* WAL only now: setting it writes to the file. */
		rc = sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL,
				  NULL, NULL);
		if (rc != SQLITE_OK)
			return glossa_db_fail(db, rc, "opening the archive");
	}
	if ((st = migrate(db, version)) != GLOSSA_OK)
		return st;
	if ((st = check_tokenizer(db)) != GLOSSA_OK)
		return st;
	return check_words(db);
}

/* The size of path's file with suffix ("-wal"), -1 if there is none. */
static off_t side_size(const char *path, const char *suffix)
{
	struct stat sb;
	char *side;
	int rc;

	if (asprintf(&side, "%s%s", path, suffix) < 0)
		return -1;
	rc = stat(side, &sb);
	free(side);
	return rc == 0 ? sb.st_size : -1;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * Refuse what the file's first 100 bytes already refuse, before SQLite
 * opens it: SQLite makes -wal and -shm files beside a WAL file it reads,
 * and a connection that may write checkpoints a pending -wal into the
 * file when it closes; a refused file stays as it was, with nothing
 * beside it. An empty file, one that is not SQLite, another program's
 * database (its application_id) and one from a newer glossa (user_version)
 * are refused here. While a -wal holds changes or a -journal an
 * unfinished transaction, the header may be out of date, and SQLite
 * decides (check_and_migrate()).
 */
static glossa_status_t check_header(glossa_db_t *db, int flags)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	ssize_t n = 0, got;
	uint32_t app;
	int32_t version;
	int fd;

	if (side_size(db->path, "-wal") > 0 ||
	    side_size(db->path, "-journal") > 0)
		return GLOSSA_OK;
	if ((fd = open(db->path, O_RDONLY | O_CLOEXEC)) < 0) {
		glossa_db_set_error(db, "%s: %s", db->path, strerror(errno));
		return GLOSSA_IO;
	}
	while (n < (ssize_t)sizeof(h) &&
	       (got = read(fd, h + n, sizeof(h) - (size_t)n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			glossa_db_set_error(db, "%s: %s", db->path,
					    strerror(errno));
			close(fd);
			return GLOSSA_IO;
		}
		n += got;
	}
	close(fd);
	if (n == 0)
		return flags & GLOSSA_OPEN_CREATE ? GLOSSA_OK
						  : refuse_empty(db);
	/* (a header shorter than 100 bytes that starts as SQLite's may be
	 * one being written right now: SQLite decides) */
	if (memcmp(h, magic, (size_t)n < sizeof(magic) ? (size_t)n
						       : sizeof(magic)) != 0) {
		glossa_db_set_error(db, "%s is not a glossa archive",
				    db->path);
		return GLOSSA_NOT_ARCHIVE;
	}
	if (n < (ssize_t)sizeof(h))
		return GLOSSA_OK;
	app = get32(h + 68);
	version = (int32_t)get32(h + 60);
	if (app != 0 && app != GLOSSA_APPLICATION_ID)
		return refuse_foreign(db);
	if (app == GLOSSA_APPLICATION_ID && version > SCHEMA_VERSION)
		return refuse_newer(db, version);
	if (app == GLOSSA_APPLICATION_ID && version < 0)
		return refuse_negative(db, version);
	return GLOSSA_OK;
}

/*
 * After a refused open or a read-only connection, remove the -wal and
 * -shm files that SQLite made beside the file (a read-only connection
 * leaves them, and a refused one was told not to checkpoint, so that a
 * reading command leaves nothing behind): what SQLite does when its last
 * connection closes, under the same lock, an exclusive lock on the
 * file's locking bytes (SQLite's file format, "the lock-byte page"),
 * which no other connection to the file can share. The -wal only if it
 * is empty; nothing while another process has the file open, or if the
 * file cannot be opened for writing (such a lock needs it).
 */
static void remove_side_files(const char *path, int had_wal, int had_shm)
{
#ifdef F_OFD_SETLK
	struct flock lk = {
		.l_type = F_WRLCK,
		.l_whence = SEEK_SET,
		.l_start = 0x40000000, /* PENDING_BYTE, RESERVED_BYTE, */
		.l_len = 2 + 510,      /* the 510 SHARED bytes */
	};
	char *side;
	int fd;

	if ((had_wal || side_size(path, "-wal") < 0) &&
	    (had_shm || side_size(path, "-shm") < 0))
		return;
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return;
	/* an open file description's lock: closing fd drops no lock of
	 * another SQLite connection of this process */
	if (fcntl(fd, F_OFD_SETLK, &lk) == 0) {
		if (!had_wal && side_size(path, "-wal") == 0 &&
		    asprintf(&side, "%s-wal", path) >= 0) {
			unlink(side);
			free(side);
		}
		/* the -wal's index, rebuilt from it by the next to open it */
		if (!had_shm && asprintf(&side, "%s-shm", path) >= 0) {
			unlink(side);
			free(side);
		}
	}
	close(fd);
#else
	(void)path, (void)had_wal, (void)had_shm;
#endif
}

/*
 * A WAL archive in a directory we cannot write, with no -wal file: SQLite
 * cannot create its -wal and -shm files to read it, but nobody is writing
 * it either, so it is read as immutable. Not with a -journal beside it:
 * that is a transaction to roll back first (an immutable file ignores it,
 * and would be read half-written). The URI for that, or NULL.
 */
static char *immutable_uri(const char *path)
{
	char *dir, *uri, *q;
	int writable, has_wal;

	has_wal = side_size(path, "-wal") >= 0 ||
		  side_size(path, "-journal") > 0;
	if (!(dir = strdup(path)))
		return NULL;
	q = strrchr(dir, '/');
	if (q)
		q[q == dir] = '\0';
	writable = access(q ? dir : ".", W_OK) == 0;
	free(dir);
	if (has_wal || writable || !(uri = malloc(3 * strlen(path) + 32)))
		return NULL;
	q = uri + sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
			q += sprintf(q, "%%%02X", *p);
		else
			*q++ = (char)*p;
	strcpy(q, "?immutable=1");
	return uri;
}

/*
 * Say why SQLite could not read the archive when the reason is one of its
 * side files, which SQLite's message does not name: a -journal to roll
 * back where glossa may not write, a -wal that cannot be read, or one
 * holding changes whose -shm index is missing and cannot be made (a
 * directory we may not write).
 */
static void explain_io(glossa_db_t *db)
{
	char *wal, *dir, *q;
	int dir_writable;

	if (side_size(db->path, "-journal") > 0) {
		glossa_db_set_error(db,
				    "cannot read the archive %s: %s-journal "
				    "holds a transaction that did not finish, "
				    "which must be rolled back first, and "
				    "glossa may not write the archive or its "
				    "directory (open it once where it can be "
				    "written)",
				    db->path, db->path);
		return;
	}
	if (asprintf(&wal, "%s-wal", db->path) < 0)
		return;
	if (access(wal, F_OK) != 0) {
		free(wal);
		return;
	}
	if (access(wal, R_OK) != 0) {
		glossa_db_set_error(db, "cannot read the archive %s: %s: %s",
				    db->path, wal, strerror(errno));
		free(wal);
		return;
	}
	free(wal);
	if (side_size(db->path, "-shm") >= 0 || !(dir = strdup(db->path)))
		return;
	q = strrchr(dir, '/');
	if (q)
		q[q == dir] = '\0';
	dir_writable = access(q ? dir : ".", W_OK) == 0;
	free(dir);
	if (!dir_writable)
		glossa_db_set_error(db,
				    "cannot read the archive %s: changes in "
				    "%s-wal need an index file %s-shm, which "
				    "cannot be made in a directory you may "
				    "not write (open the archive once where "
				    "it can be written)",
				    db->path, db->path, db->path);
}

double glossa_db_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * SQLite's busy handler: wait for another glossa's write for up to
 * GLOSSA_BUSY_SECONDS, trying every BUSY_POLL_MS. SQLite's own handler
 * (sqlite3_busy_timeout()) sleeps up to 100 ms between tries, and an
 * importer leaves the archive free between two batches for less than
 * that (see glossa_import_batch_begin()).
 */
#define BUSY_POLL_MS 5
static int busy_wait(void *arg, int tries)
{
	glossa_db_t *db = arg;

	if (tries == 0)
		db->busy_since = glossa_db_clock();
	else if (glossa_db_clock() - db->busy_since >= GLOSSA_BUSY_SECONDS)
		return 0;
	sqlite3_sleep(BUSY_POLL_MS);
	return 1;
}

/* SQLite's progress handler: the interrupt callback of
 * glossa_db_set_interrupt() stops any statement of the connection. */
static int progress(void *arg)
{
	glossa_db_t *db = arg;

	return db->interrupt ? db->interrupt(db->interrupt_arg) : 0;
}

glossa_status_t glossa_db_open(const char *path, int flags,
			       glossa_db_t **dbp, char **errmsg)
{
	glossa_db_t *db;
	glossa_status_t st;
	struct stat sb;
	char *uri = NULL;
	int oflags, rc;

	*dbp = NULL;
	if (errmsg)
		*errmsg = NULL;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return GLOSSA_NOMEM;
	}
	db->relative_origins = -1;

	if (stat(path, &sb) != 0) {
		if (errno != ENOENT || !(flags & GLOSSA_OPEN_CREATE) ||
		    (flags & GLOSSA_OPEN_READONLY)) {
			glossa_db_set_error(db,
					    errno == ENOENT
						    ? "no archive at %s (import "
						      "articles first: glossa "
						      "import FILE...)"
						    : "%s: %s",
					    path, strerror(errno));
			st = errno == ENOENT ? GLOSSA_NOT_FOUND : GLOSSA_IO;
			goto fail;
		}
	} else if (!S_ISREG(sb.st_mode)) {
		glossa_db_set_error(db, "%s is not a regular file", path);
		st = GLOSSA_NOT_ARCHIVE;
		goto fail;
	} else if (access(path, R_OK) != 0) {
		glossa_db_set_error(db, "%s: %s", path, strerror(errno));
		st = GLOSSA_IO;
		goto fail;
	} else if ((st = check_header(db, flags)) != GLOSSA_OK) {
		goto fail;
	}
	db->had_wal = side_size(path, "-wal") >= 0;
	db->had_shm = side_size(path, "-shm") >= 0;

	if (flags & GLOSSA_OPEN_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE |
			 (flags & GLOSSA_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
reopen:
	rc = sqlite3_open_v2(uri ? uri : path, &db->sql,
			     oflags | SQLITE_OPEN_NOMUTEX |
				     (uri ? SQLITE_OPEN_URI : 0),
			     NULL);
	if (rc != SQLITE_OK) {
		st = glossa_db_fail(db, rc, "opening the archive");
		goto fail;
	}
	/* SQLite opens an unwritable file read-only without a word. */
	db->readonly = sqlite3_db_readonly(db->sql, "main") == 1;
	sqlite3_extended_result_codes(db->sql, 0);
	sqlite3_busy_handler(db->sql, busy_wait, db);
	sqlite3_progress_handler(db->sql, 1000, progress, db);
	rc = sqlite3_exec(db->sql,
			  "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF",
			  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = glossa_tokenizer_register(db->sql, &db->words);
	if (rc == SQLITE_OK)
		rc = glossa_search_register(db->sql);
	if (rc == SQLITE_OK)
		rc = glossa_date_register(db->sql);
	if (rc != SQLITE_OK) {
		st = glossa_db_fail(db, rc, "opening the archive");
		goto fail;
	}
	/*
	 * Two glossas creating the same archive at once meet SQLITE_BUSY on
	 * steps the busy handler does not cover (turning WAL on); the one
	 * that waits tries again, GLOSSA_BUSY_SECONDS in all (each try may
	 * itself wait in the busy handler).
	 */
	double give_up = glossa_db_clock() + GLOSSA_BUSY_SECONDS;
	while ((st = check_and_migrate(db, flags)) == GLOSSA_BUSY &&
	       glossa_db_clock() < give_up)
		sqlite3_sleep(50);
	if (st != GLOSSA_OK) {
		if ((st == GLOSSA_READONLY || st == GLOSSA_IO) &&
		    db->readonly && !uri && (uri = immutable_uri(path))) {
			sqlite3_close(db->sql);
			db->sql = NULL;
			oflags = SQLITE_OPEN_READONLY;
			goto reopen;
		}
		if (st == GLOSSA_IO || st == GLOSSA_READONLY)
			explain_io(db);
		goto fail;
	}
	/* A connection opened to read (the interface's searches, the
	 * commands that only read) keeps GLOSSA_READ_CACHE_KB of pages
	 * where SQLite keeps 2 MB: bench, 550 real-text queries at 10k,
	 * 134 540 reads of a page from the file, 103 436 with 6 MB, 67 193
	 * with 16 MB. No mmap: the pages it maps count in the resident set
	 * (103 MB at 10k with 256 MB mapped; the interface's target is 32
	 * MB at a million articles). */
	if ((flags & GLOSSA_OPEN_READONLY) &&
	    (st = glossa_db_exec(db, "PRAGMA cache_size = -"
				 STR(GLOSSA_READ_CACHE_KB))))
		goto fail;
	/* the file just opened and checked: glossa_db_check_file() */
	if (stat(path, &sb) == 0) {
		db->file_dev = sb.st_dev;
		db->file_ino = sb.st_ino;
	}
	free(uri);
	db->tidy = db->readonly;
	*dbp = db;
	return GLOSSA_OK;
fail:
	free(uri);
	if (errmsg)
		*errmsg = strdup(glossa_db_errmsg(db));
	if (db->sql) {
		/* refused: a pending -wal stays the file's, as it was */
		sqlite3_db_config(db->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
				  NULL);
		db->tidy = 1;
	}
	glossa_db_close(db);
	return st;
}

void glossa_db_close(glossa_db_t *db)
{
	if (!db)
		return;
	glossa_gloss_cache_free(db->gloss_cache);
	for (size_t i = 0; i < GLOSSA_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	sqlite3_close(db->sql);
	if (db->tidy)
		remove_side_files(db->path, db->had_wal, db->had_shm);
	free(db->path);
	free(db->errmsg);
	free(db);
}

void glossa_db_count_add(glossa_db_t *db, int delta)
{
	db->count_delta += delta;
}

glossa_status_t glossa_db_count(glossa_db_t *db, int64_t *count)
{
	sqlite3_stmt *stmt =
		glossa_db_prepare(db, "SELECT n FROM article_count");
	int rc;

	if (!stmt)
		return db->status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) /* with this transaction's, not yet written */
		*count = sqlite3_column_int64(stmt, 0) + db->count_delta;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
				: glossa_db_fail(db, rc, "counting articles");
}

#define ARTICLE_FTS_COLUMNS "body, title, glosses, source, tags, author"
#define NOTE_FTS_COLUMNS "phrase, reading, translation, note"

/*
 * Bind column col of sel's row to parameter i of ins without a copy: sel
 * stays on the row until ins has run. sqlite3_bind_value() would copy the
 * text, and FTS5's sqlite3_value_text() copies again a text not known to
 * end in a NUL, which a length of -1 tells (a text with a NUL in it goes
 * by its length, and then is copied).
 */
static void bind_column(sqlite3_stmt *ins, int i, sqlite3_stmt *sel, int col)
{
	const char *text = (const char *)sqlite3_column_text(sel, col);
	int n = sqlite3_column_bytes(sel, col);

	if (!text)
		sqlite3_bind_value(ins, i, sqlite3_column_value(sel, col));
	else
		sqlite3_bind_text(ins, i, text,
				  memchr(text, 0, (size_t)n) ? n : -1,
				  SQLITE_STATIC);
}

/*
 * Index (add) or unindex (remove) the current values of rows: read them
 * with select (its ?1 bound to id; its columns the rowid, then the
 * indexed ones), and write each with insert, one plain INSERT ... VALUES
 * a row. Not INSERT ... SELECT: that statement needs a statement journal,
 * and SQLite 3.40's FTS5 flushes its pending terms into a new index
 * segment at every statement savepoint; with VALUES the terms of a whole
 * batch of files go into one segment at commit (import 2.3x faster).
 */
static glossa_status_t fts_rows(glossa_db_t *db, const char *select,
				const char *insert, int64_t id)
{
	sqlite3_stmt *sel = glossa_db_cached(db, select), *ins;
	int rc;

	if (!sel)
		return db->status;
	if (!(ins = glossa_db_cached(db, insert))) {
		glossa_db_release(sel);
		return db->status;
	}
	sqlite3_bind_int64(sel, 1, id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		int n = sqlite3_column_count(sel);
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		for (int i = 1; i < n; i++)
			bind_column(ins, i + 1, sel, i);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			break;
	}
	glossa_db_release(ins);
	glossa_db_release(sel);
	return rc == SQLITE_DONE ? GLOSSA_OK
				 : glossa_db_fail(db, rc, "indexing");
}

glossa_status_t glossa_fts_article(glossa_db_t *db, int64_t id, int add)
{
	return fts_rows(db,
			"SELECT id, " ARTICLE_FTS_COLUMNS
			" FROM article WHERE id = ?1",
			add ? "INSERT INTO article_fts (rowid, "
			      ARTICLE_FTS_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)"
			    : "INSERT INTO article_fts (article_fts, rowid, "
			      ARTICLE_FTS_COLUMNS ") VALUES ('delete', ?, ?,"
			      " ?, ?, ?, ?, ?)",
			id);
}

glossa_status_t glossa_fts_notes(glossa_db_t *db, enum glossa_fts_which which,
				 int64_t id, int add)
{
	static const char *const where[] = {
		[GLOSSA_FTS_NOTE] = " WHERE id = ?1",
		[GLOSSA_FTS_ARTICLE_NOTES] = " WHERE article_id = ?1",
	};
	char select[256];

	snprintf(select, sizeof(select),
		 "SELECT id, " NOTE_FTS_COLUMNS " FROM annotation%s",
		 where[which]);
	return fts_rows(db, select,
			add ? "INSERT INTO annotation_fts (rowid, "
			      NOTE_FTS_COLUMNS ") VALUES (?, ?, ?, ?, ?)"
			    : "INSERT INTO annotation_fts (annotation_fts, rowid, "
			      NOTE_FTS_COLUMNS ") VALUES ('delete', ?, ?, ?, ?,"
			      " ?)",
			id);
}
