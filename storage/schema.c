/*
 * schema.c: the archive's schema: the migrations, and the checks that a
 * file is a glossa archive this glossa can read before and after SQLite
 * opens it.
 *
 * Exported: glossa_db_schema_version, and glossa_db_migration,
 * glossa_db_check_header and glossa_db_check_schema of db.h.
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

#define TOKENIZER_VERSION_TEXT GLOSSA_STR(GLOSSA_TOKENIZER_VERSION)

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

	/* 4: the gloss phrases in byte order, which trie.c's trie of the
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
	 * and apply to every connection. (An import sets hashsize to 16 MB
	 * since issue 22: as fast, a third of the memory.)
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

	/*
	 * 12: a reading the dictionary gave (the front end derived it,
	 * the user did not type it) is marked: reading_derived 1. It is
	 * shown, searched and exported as any reading, but it is not part
	 * of what the user wrote: an annotation from a file keeps its
	 * file_sig and from_file when one is filled in (import.c), the
	 * article file format does not write it (format.c), and a typed
	 * reading replaces it. The existing glosses get theirs with
	 * glossa readings --fill, not here: the core has no dictionary
	 * (the front end finds it and passes it), so a migration cannot
	 * derive a reading.
	 */
	"ALTER TABLE annotation ADD COLUMN reading_derived INTEGER NOT NULL"
	"  DEFAULT 0;",

	/*
	 * 13: managing articles. article_override keeps what the user
	 * corrected (glossa set) with the file's value it replaced, so
	 * that importing the file again applies the correction on top and
	 * still finds the article by the file's URL, title, date and source
	 * (import.c). annotation_mark: the marked notes, kept across
	 * restarts. The list's other orders (listing.c) get their indexes;
	 * article_unread counts the unread articles for the title bar
	 * reading only those.
	 */
	"CREATE TABLE article_override ("
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article(id) ON DELETE CASCADE,"
	"  field TEXT NOT NULL CHECK (field IN"
	"    ('title', 'source', 'author', 'date', 'tags', 'url')),"
	"  value TEXT NOT NULL,"
	"  file_value TEXT NOT NULL,"
	"  PRIMARY KEY (article_id, field)"
	") WITHOUT ROWID;"
	"CREATE TABLE annotation_mark ("
	"  annotation_id INTEGER PRIMARY KEY"
	"    REFERENCES annotation(id) ON DELETE CASCADE"
	");"
	"CREATE INDEX article_by_title ON article(title);"
	"CREATE INDEX article_by_source ON article(source, title);"
	"CREATE INDEX article_unread ON article(id) WHERE read = 0;",

	/*
	 * 14: saved searches (saved.h): a name, its query, and what the
	 * front end needs to say what is new: seen_id, the highest article
	 * id when it was last opened (a match above it is new: imported
	 * since), last_opened (Unix seconds) and last_count. kept 0: a row
	 * that only remembers when a configured search (the config file's
	 * `search NAME "QUERY"`, which the core never reads) was opened.
	 * article_read: is:unread and is:read read it, not the rows, whose
	 * read flag comes after the body (search.c); annotation_kind and
	 * annotation_detached give has:'s articles without reading the
	 * phrases' index or the annotations (has:glosses at 100k: 309 ms
	 * along annotation_phrase).
	 */
	"CREATE TABLE saved_search ("
	"  name TEXT PRIMARY KEY,"
	"  query TEXT NOT NULL,"
	"  kept INTEGER NOT NULL DEFAULT 1,"
	"  created INTEGER NOT NULL DEFAULT 0,"
	"  last_opened INTEGER NOT NULL DEFAULT 0,"
	"  seen_id INTEGER NOT NULL DEFAULT 0,"
	"  last_count INTEGER NOT NULL DEFAULT -1"
	");"
	"CREATE INDEX article_read ON article(read);"
	"CREATE INDEX annotation_kind ON annotation(kind, article_id);"
	"CREATE INDEX annotation_detached ON annotation(article_id)"
	"  WHERE detached <> 0;",

	/*
	 * 15: each word of the list with its stem (glossa_stemmer_stem()),
	 * which tokenizer 6 no longer indexes beside the word: a query word
	 * is the OR of the words of its stem (search.c). The list is made
	 * again from the index, which tokenizer 6 rebuilds
	 * (check_tokenizer(), then glossa_fts_check_words()).
	 */
	"DROP TABLE fts_word;"
	"CREATE TABLE fts_word ("
	"  word TEXT PRIMARY KEY,"
	"  stem TEXT NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX fts_word_stem ON fts_word(stem);"
	"DELETE FROM meta WHERE key = 'words';",
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
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(db, "SELECT 1 FROM meta"
						   " WHERE key = 'words'", &st);
	int rc;

	if (!stmt)
		return st;
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
		/* a complete list of words gets what a rebuild collected;
		 * from schema 15 on (v 14), the list has its words' stems,
		 * and 15 makes an older one again */
		if (v >= 14 && (st = words_listed(db, &db->words_kept)) !=
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
				     " WHERE key = 'tokenizer'", &st);
	if (!stmt)
		return st;
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

static glossa_status_t refuse_foreign(glossa_db_t *db)
{
	return glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
			       "%s is not a glossa archive (it is an "
			       "SQLite database of something else)",
			       db->path);
}

static glossa_status_t refuse_newer(glossa_db_t *db, int version)
{
	return glossa_db_error(db, GLOSSA_TOO_NEW,
			       "%s was written by a newer glossa "
			       "(schema %d; this glossa knows %d): "
			       "upgrade glossa to open it",
			       db->path, version, SCHEMA_VERSION);
}

/* user_version is a signed number; no glossa writes a negative one (and
 * there is no migration from it). */
static glossa_status_t refuse_negative(glossa_db_t *db, int version)
{
	return glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
			       "%s is not a glossa archive (its schema "
			       "version %d is none that glossa writes)",
			       db->path, version);
}

/* An empty file becomes an archive only by a command that may create one
 * (GLOSSA_OPEN_CREATE: glossa import); for the others it is no archive. */
static glossa_status_t refuse_empty(glossa_db_t *db)
{
	return glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
			       "%s is empty, not a glossa archive yet (glossa "
			       "import FILE... makes it one)",
			       db->path);
}

/* Check the file is ours and not from a newer glossa, then migrate. */
glossa_status_t glossa_db_check_schema(glossa_db_t *db, int flags)
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
		return glossa_db_error(db, GLOSSA_READONLY,
				       "%s needs an upgrade of its schema "
				       "(%d to %d) but is read-only",
				       db->path, version, SCHEMA_VERSION);
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
	return glossa_fts_check_words(db);
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
glossa_status_t glossa_db_check_header(glossa_db_t *db, int flags)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char h[100];
	ssize_t n = 0, got;
	uint32_t app;
	int32_t version;
	int fd;

	if (glossa_db_side_size(db->path, "-wal") > 0 ||
	    glossa_db_side_size(db->path, "-journal") > 0)
		return GLOSSA_OK;
	if ((fd = open(db->path, O_RDONLY | O_CLOEXEC)) < 0) {
		return glossa_db_error(db, GLOSSA_IO,
				       "%s: %s", db->path, strerror(errno));
	}
	while (n < (ssize_t)sizeof(h) &&
	       (got = read(fd, h + n, sizeof(h) - (size_t)n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			glossa_status_t st = glossa_db_error(
				db, GLOSSA_IO, "%s: %s", db->path,
				strerror(errno));

			close(fd);
			return st;
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
		return glossa_db_error(db, GLOSSA_NOT_ARCHIVE,
				       "%s is not a glossa archive",
				       db->path);
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
