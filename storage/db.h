/*
 * db.h: the archive handle, private to the core.
 *
 * The struct behind glossa_db_t and the helpers every storage file uses to
 * run SQL and to turn SQLite's result codes into statuses and messages.
 */
#ifndef GLOSSA_DB_H
#define GLOSSA_DB_H

#include <sqlite3.h>
#include <sys/types.h>

#include "anchor.h"
#include "glossa/glossa.h"

#define GLOSSA_STMT_CACHE 32

struct glossa_db {
	sqlite3 *sql;
	char *path;
	int readonly;
	char *errmsg;
	glossa_status_t status; /* of the last glossa_db_fail() */
	int (*interrupt)(void *);
	void *interrupt_arg;
	uint64_t max_file; /* glossa_import_file's limit; 0: GLOSSA_MAX_FILE */
	size_t rank_max;   /* search ranks this many newest matches at most;
			    * 0: GLOSSA_RANK_MAX (tests set it lower) */
	size_t trie_step_rows; /* 0: GLOSSA_TRIE_STEP_ROWS (tests set it) */
	int batch;	   /* import.c: a batch transaction is open */
	/* import.c: some article's origin is a path as typed (imported
	 * before schema 9): 1, 0, or -1 until asked */
	int relative_origins;
	double batch_end;  /* import.c: when the last batch ended */
	double busy_since; /* db.c: when the write waiting began */
	dev_t file_dev;	   /* the file opened (glossa_db_check_file()) */
	ino_t file_ino;
	int64_t count_delta; /* articles added in the open transaction */
	struct cached_stmt {
		char *sql;
		sqlite3_stmt *stmt;
	} cache[GLOSSA_STMT_CACHE]; /* glossa_db_cached() */
	struct glossa_gloss_cache *gloss_cache; /* store.c; NULL: none */
	struct glossa_words *words; /* the tokenizer's, this connection's */
	int words_kept; /* fts_word is complete and kept at each commit */
	int had_wal, had_shm; /* the -wal and -shm were there before open */
	int tidy; /* on close, remove the -wal and -shm this connection made
		   * (read-only or refused: SQLite leaves them) */
};

/*
 * How long a write waits for another glossa's before it fails with
 * GLOSSA_BUSY: longer than an import's batch (GLOSSA_IMPORT_BATCH_SECONDS
 * of work, then its commit), twice over, so that a note saved in the
 * interface while `glossa import` runs waits for the batch instead of
 * failing.
 */
#define GLOSSA_BUSY_SECONDS (3 * GLOSSA_IMPORT_BATCH_SECONDS)

/* The page cache of a connection opened GLOSSA_OPEN_READONLY, in KiB
 * (SQLite's default is 2000): see glossa_db_open(). */
#define GLOSSA_READ_CACHE_KB 6144

/* CLOCK_MONOTONIC, in seconds. */
double glossa_db_clock(void);

/* Free db->gloss_cache (store.c); NULL is a no-op. */
void glossa_gloss_cache_free(struct glossa_gloss_cache *cache);

/* Stop a build of the phrase trie in progress (glossa_glosses_prepare()),
 * ending its read transaction; it starts over when next asked. Every
 * write calls it first. NULL is a no-op. */
void glossa_gloss_cache_stop(struct glossa_gloss_cache *cache);

/*
 * Call fn for each word (glossa_tokenizer_is_word()) of the index of
 * full-text table table, in byte order, read with a temporary fts5vocab
 * table (every doclist is read: 157 s at a million articles). Returns
 * SQLITE_OK, fn's first other code, or SQLite's.
 */
int glossa_db_index_words(glossa_db_t *db, const char *table,
			  int (*fn)(void *ctx, const char *word, int n),
			  void *ctx);

/* The rows of annotation a glossa_glosses_prepare() call reads: about a
 * millisecond's work (1M articles: 900 000 glosses in 0.18 s). */
#define GLOSSA_TRIE_STEP_ROWS 4096

/*
 * The searchable text of an article's annotations, one a line (phrase,
 * reading, translation, note), as an SQL expression for the glosses
 * column; id is an SQL expression for the article's id.
 */
#define GLOSSES_OF(id)                                                  \
	"coalesce((SELECT group_concat(trim(phrase || ' ' || reading || ' '" \
	" || translation || ' ' || note), char(10)) FROM (SELECT * FROM"  \
	" annotation WHERE article_id = " id " ORDER BY pos, id)), '')"

/*
 * An annotation as its file gave it, for import.c to tell it again after
 * the user changed it: its kind, then its phrase, reading, translation,
 * note and tags, each after its length in characters and a colon
 * ("gloss 2:抓早0:12:early action0:0:"), so that no two annotations
 * share one. The SQL expression over an annotation row and
 * glossa_note_sig() give the same string.
 */
#define NOTE_SIG_(col) " || length(" col ") || ':' || " col
#define NOTE_SIG_SQL                                                    \
	"(kind || ' '" NOTE_SIG_("phrase") NOTE_SIG_("reading")          \
	NOTE_SIG_("translation") NOTE_SIG_("note") NOTE_SIG_("tags") ")"

/* NOTE_SIG_SQL of note, allocated; NULL if out of memory. */
char *glossa_note_sig(const glossa_annotation_t *note);

/* The SQL of migration v (1 ..), which brings the schema from version
 * v - 1 to v; NULL past the last. For tests that build old archives. */
const char *glossa_db_migration(int v);

/* How many of the newest matches a search ranks (see search.c). */
#define GLOSSA_RANK_MAX 2000

/* Register search.c's FTS5 functions glossa_snippet() and glossa_rank()
 * on a connection; an SQLite result code. */
int glossa_search_register(sqlite3 *db);

/* Keep a printf-style message on db for glossa_db_errmsg(). */
void glossa_db_set_error(glossa_db_t *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Turn an SQLite result code into a status, keeping "<what>: <SQLite's
 * message>" (or a plainer sentence for busy, full, read-only and corrupt
 * archives) on db.
 */
glossa_status_t glossa_db_fail(glossa_db_t *db, int rc, const char *what);

/* Prepare sql, or set the error (and db->status) and return NULL. */
sqlite3_stmt *glossa_db_prepare(glossa_db_t *db, const char *sql);

/*
 * A statement kept prepared on db until it closes, for the ones an
 * import runs for every file (preparing them each time was 15% of an
 * import). It comes reset, its bindings cleared; never finalize it, and
 * glossa_db_release() it once done, so that it holds no read transaction.
 * Never use one sql twice at once. NULL on failure, the error set.
 */
sqlite3_stmt *glossa_db_cached(glossa_db_t *db, const char *sql);
void glossa_db_release(sqlite3_stmt *stmt);

/* Run SQL without results (several statements allowed). */
glossa_status_t glossa_db_exec(glossa_db_t *db, const char *sql);

/* Run one statement (cached) with id bound to ?1, its rows ignored; on
 * failure the message says what was being done. */
glossa_status_t glossa_db_run_id(glossa_db_t *db, const char *sql,
				 int64_t id, const char *what);

/* Add delta to the article count (schema 5) when the open transaction
 * commits: every insert and delete of an article row calls it. */
void glossa_db_count_add(glossa_db_t *db, int delta);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (the last only if a transaction is
 * still open, and it keeps the message of the error that caused it). */
glossa_status_t glossa_db_begin(glossa_db_t *db);
glossa_status_t glossa_db_commit(glossa_db_t *db);
void glossa_db_rollback(glossa_db_t *db);

/* A column as a newly allocated string ("" for NULL); NULL if out of
 * memory. */
char *glossa_db_column_text(sqlite3_stmt *stmt, int col);

/* strdup that treats NULL as "". */
char *glossa_strdup(const char *s);

/*
 * Keep the full-text indexes in step (SQLite cannot do it with triggers
 * while trusted_schema is off): add indexes the current values of the
 * rows, !add removes them from the index, which must be done BEFORE the
 * rows change or go. Only remove what was added.
 */
glossa_status_t glossa_fts_article(glossa_db_t *db, int64_t id, int add);

enum glossa_fts_which {
	GLOSSA_FTS_NOTE,	  /* the annotation with this id */
	GLOSSA_FTS_ARTICLE_NOTES, /* all annotations of this article */
};
glossa_status_t glossa_fts_notes(glossa_db_t *db, enum glossa_fts_which which,
				 int64_t id, int add);

/* Rewrite the glosses column (the annotations' searchable text) of an
 * indexed article, and its index entry. */
glossa_status_t glossa_db_refresh_glosses(glossa_db_t *db, int64_t id);

/* Insert and index note for note->article_id as it is (from_file: it
 * came from the article's file, and is replaced when the file is
 * imported again). */
glossa_status_t glossa_annotation_insert(glossa_db_t *db,
					 glossa_annotation_t *note,
					 int from_file);

#endif
