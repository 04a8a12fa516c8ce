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

/* Statements a handle keeps prepared (glossa_db_cached()): an import alone
 * uses some 32 (its lookups, the full-text rows, the notes of a file). */
#define GLOSSA_STMT_CACHE 64

struct glossa_db {
	sqlite3 *sql;
	char *path;
	int readonly;
	char *errmsg;
	glossa_status_t error; /* of errmsg (glossa_db_error()) */
	int (*interrupt)(void *);
	void *interrupt_arg;
	uint64_t max_file; /* glossa_import_file's limit; 0: GLOSSA_MAX_FILE */
	size_t rank_max;   /* search ranks this many newest matches at most;
			    * 0: GLOSSA_RANK_NEWEST (tests set it lower) */
	size_t trie_step_rows; /* 0: GLOSSA_TRIE_STEP_ROWS (tests set it) */
	size_t keep_max; /* search.c: the most matches a kept ranking holds;
			  * 0: GLOSSA_RANK_KEPT (tests set it lower) */
	int fts5_sentences; /* search.c: snippets start sentences as FTS5's
			     * snippet() does (". ", ": "), not by
			     * glossa_sentence_start(): for the tests that
			     * compare the two */
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
	struct glossa_gloss_cache *gloss_cache; /* trie.c; NULL: none */
	struct glossa_ranking *ranking; /* search.c; NULL: none */
	struct glossa_words *words; /* the tokenizer's, this connection's */
	/* snippet.c: a tokenizer of its own, made at the first snippet */
	fts5_tokenizer snippet_api;
	Fts5Tokenizer *snippet_tok;
	int words_kept; /* fts_word is complete and kept at each commit */
	int had_wal, had_shm; /* the -wal and -shm were there before open */
	int tidy; /* on close, remove the -wal and -shm this connection made
		   * (read-only or refused: SQLite leaves them) */
};

/*
 * How much an importer's batch holds by default (importer.c): it
 * commits after this many files or seconds of work, whichever comes
 * first. A batch writes each page it changed once, at its commit: the
 * archive's B-tree indexes (title, URL, date, phrase) take inserts all
 * over, so larger batches write fewer pages a file, and FTS5 writes
 * fewer, larger segments (tests/bench/RESULTS.md has the figures). A
 * kill -9 loses at most one batch, none of it reported as imported. A
 * batch holds the archive's write lock for its seconds of work and its
 * commit: a third of GLOSSA_BUSY_SECONDS (glossa/db.h), so that a note
 * saved in the interface while `glossa import` runs waits for the batch
 * instead of failing.
 */
#define GLOSSA_IMPORT_BATCH_FILES 20000
#define GLOSSA_IMPORT_BATCH_SECONDS (GLOSSA_BUSY_SECONDS / 3)

/* A macro's value as a string literal. */
#define GLOSSA_STR_(x) #x
#define GLOSSA_STR(x) GLOSSA_STR_(x)

/* The page cache of a connection opened GLOSSA_OPEN_READONLY, in KiB
 * (SQLite's default is 2000): see glossa_db_open(). */
#define GLOSSA_READ_CACHE_KB 6144

/* Free db->gloss_cache (trie.c); NULL is a no-op. */
void glossa_gloss_cache_free(struct glossa_gloss_cache *cache);

/* Free the ranking glossa_search_all() kept (search.c); NULL is a no-op. */
void glossa_ranking_free(struct glossa_ranking *r);

/* Stop a build of the phrase trie in progress (glossa_glosses_prepare()),
 * ending its read transaction; it starts over when next asked. Every
 * write calls it first. NULL is a no-op. */
void glossa_gloss_cache_stop(struct glossa_gloss_cache *cache);

/*
 * Call fn for each word (glossa_tokenizer_is_word()) of the index of
 * full-text table table, in byte order, read with a temporary fts5vocab
 * table (every doclist is read: minutes at a large archive). Returns
 * SQLITE_OK, fn's first other code, or SQLite's.
 */
int glossa_db_index_words(glossa_db_t *db, const char *table,
			  int (*fn)(void *ctx, const char *word, int n),
			  void *ctx);

/* The rows of annotation a glossa_glosses_prepare() call reads: meant as
 * about a millisecond's work (the build's measured speed:
 * tests/bench/RESULTS.md). */
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

struct glossa_buf;
/*
 * search.c's expander of query terms (query.h's glossa_expand_fn; ctx is
 * the glossa_db_t *): an unquoted word as the OR of the words of its
 * stem, a long prefix as the OR of the words it starts, while the list of
 * words (fts_word) is complete.
 */
int glossa_search_expand(void *ctx, int form, const char *text, size_t len,
                         struct glossa_buf *out);

/* Register search.c's FTS5 functions glossa_snippet() and glossa_rank()
 * on db's connection; an SQLite result code. */
int glossa_search_register(glossa_db_t *db);

/*
 * The one way the core fails: keep a printf-style message on db for
 * glossa_db_errmsg() and return status, which is never GLOSSA_OK. Every
 * non-OK return of a call on a handle has gone through it (or through
 * glossa_db_fail(), which calls it), so that the message is this
 * failure's, never an earlier one or "no error". fmt NULL, or a message
 * that cannot be allocated: glossa_db_errmsg() gives the status's own
 * words (glossa_status_to_string(): "out of memory"). db NULL: returns
 * status.
 */
glossa_status_t glossa_db_error(glossa_db_t *db, glossa_status_t status,
				const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Turn an SQLite result code into a status, keeping "<what>: <SQLite's
 * message>" (or a plainer sentence for busy, full, read-only and corrupt
 * archives) on db.
 */
glossa_status_t glossa_db_fail(glossa_db_t *db, int rc, const char *what);

/* Prepare sql; on failure NULL, with *st the status (the message set),
 * else *st is left as it was. */
sqlite3_stmt *glossa_db_prepare(glossa_db_t *db, const char *sql,
				glossa_status_t *st);

/*
 * A statement kept prepared on db until it closes, for the ones an
 * import runs for every file (preparing them each time was a noticeable
 * part of an import). It comes reset, its bindings cleared; never finalize it, and
 * glossa_db_release() it once done, so that it holds no read transaction.
 * Never use one sql twice at once. NULL on failure, with *st the status
 * (the message set), else *st is left as it was.
 */
sqlite3_stmt *glossa_db_cached(glossa_db_t *db, const char *sql,
			       glossa_status_t *st);
void glossa_db_release(sqlite3_stmt *stmt);

/* Run SQL without results (several statements allowed). */
glossa_status_t glossa_db_exec(glossa_db_t *db, const char *sql);

/* Run one statement (cached) with id bound to ?1, its rows ignored; on
 * failure the message says what was being done. */
glossa_status_t glossa_db_run_id(glossa_db_t *db, const char *sql,
				 int64_t id, const char *what);

/* Run a one-statement write bound to ?1 = id and ?2 = value, refused on
 * a read-only archive; GLOSSA_NOT_FOUND ("<what>: no such id N") when no
 * row changed. */
glossa_status_t glossa_db_write_id(glossa_db_t *db, const char *sql,
				   int64_t id, int64_t value, const char *what);

/* The size of path's file with suffix ("-wal"), -1 if there is none. */
off_t glossa_db_side_size(const char *path, const char *suffix);

/* schema.c: refuse what the file's first 100 bytes already refuse,
 * before SQLite opens it (the file is left as it was). */
glossa_status_t glossa_db_check_header(glossa_db_t *db, int flags);

/* schema.c: check the open file is a glossa archive this glossa can
 * read, then migrate it, rebuild indexes made by another tokenizer
 * version and list their words (glossa_fts_check_words()). */
glossa_status_t glossa_db_check_schema(glossa_db_t *db, int flags);

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

/* fts.c: write the words the tokenizer collected in this transaction
 * into fts_word (glossa_db_commit() calls it), or forget them while the
 * list is not kept. */
glossa_status_t glossa_fts_write_words(glossa_db_t *db);

/* fts.c: fill fts_word from the indexes once, if it is not complete
 * (an archive from before schema 8, or just rebuilt). */
glossa_status_t glossa_fts_check_words(glossa_db_t *db);

enum glossa_fts_which {
	GLOSSA_FTS_NOTE,	  /* the annotation with this id */
	GLOSSA_FTS_ARTICLE_NOTES, /* all annotations of this article */
};
glossa_status_t glossa_fts_notes(glossa_db_t *db, enum glossa_fts_which which,
				 int64_t id, int add);

/* Rewrite the glosses column (the annotations' searchable text) of an
 * indexed article, and its index entry. */
glossa_status_t glossa_db_refresh_glosses(glossa_db_t *db, int64_t id);

/* manage.c: keep a copy of article id's rows (its fields, annotations,
 * their marks, its corrections) in TEMP tables before it is deleted,
 * replacing the copy kept before, for glossa_article_undelete(). */
glossa_status_t glossa_article_keep(glossa_db_t *db, int64_t id);

/* manage.c: write the user's corrections of article id (article_override)
 * over the values its file gave, date_iso with the date; nothing for an
 * article without any. file: the row holds what its file gave just now,
 * recorded as the values the corrections replace. */
glossa_status_t glossa_overrides_apply(glossa_db_t *db, int64_t id,
				       int file);

/* Insert and index note for note->article_id as it is (from_file: it
 * came from the article's file, and is replaced when the file is
 * imported again). */
glossa_status_t glossa_annotation_insert(glossa_db_t *db,
					 glossa_annotation_t *note,
					 int from_file);

#endif
