/*
 * archive.h: the archive, one SQLite file of articles and annotations.
 *
 * A glossa_db_t is an open archive. Every call returns a status; on
 * failure glossa_db_errmsg() says what went wrong in words meant for the
 * user. Nothing here prints, reads configuration or exits.
 */
#ifndef GLOSSA_ARCHIVE_H
#define GLOSSA_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "status.h"

typedef struct glossa_db glossa_db_t;

enum {
	GLOSSA_OPEN_CREATE = 1 << 0,   /* create the file if it is missing */
	GLOSSA_OPEN_READONLY = 1 << 1, /* never write */
};

/*
 * Open (or with GLOSSA_OPEN_CREATE create) the archive at path, bring its
 * schema up to date (each migration one transaction) and register the
 * search tokenizer. A file that is not a glossa archive is refused
 * (GLOSSA_NOT_ARCHIVE), one from a newer glossa too (GLOSSA_TOO_NEW), and
 * an empty file unless GLOSSA_OPEN_CREATE (it is made an archive only
 * then). A refused file is left byte for byte as it was (a pending -wal
 * is not checkpointed), with no -wal or -shm file made beside it. A file
 * that cannot be written is opened read-only (glossa_db_readonly() says
 * so) when no migration is needed.
 *
 * On success *dbp is the handle (close with glossa_db_close()). On
 * failure *dbp is NULL and, if errmsg is not NULL, *errmsg an allocated
 * message naming the file (free()).
 */
glossa_status_t glossa_db_open(const char *path, int flags,
			       glossa_db_t **dbp, char **errmsg);

/* Close the archive; NULL is a no-op. */
void glossa_db_close(glossa_db_t *db);

/* The message of the last failed call on db; never NULL. */
const char *glossa_db_errmsg(const glossa_db_t *db);

/* 1 when the archive was opened read-only (asked for, or forced). */
int glossa_db_readonly(const glossa_db_t *db);

/*
 * Whether the archive's path still names the file db has open. If it was
 * deleted or moved away (GLOSSA_NOT_FOUND) or another file took its place
 * (GLOSSA_IO: say, one moved over it), a write would go to a file nobody
 * can open any more and be lost at close; the message names the path
 * and says so. An interface calls this before each write and keeps the
 * user's text when it fails. A stat() of the path: some microseconds.
 */
glossa_status_t glossa_db_check_file(glossa_db_t *db);

/* The schema version this glossa writes. */
int glossa_db_schema_version(void);

/* Number of articles. */
glossa_status_t glossa_db_count(glossa_db_t *db, int64_t *count);

/* --- Listing --------------------------------------------------------- */

/* One line of the article list (or of search results). */
typedef struct glossa_row {
	int64_t id;
	char *date;   /* normalised: "2025-02-10", "2025-02",
		       * "2025-02-10T08:30:00+08:00" (the article's
		       * date_iso); "" if none or unreadable */
	char *source;
	char *title;
	int read;
	int n_notes;
	int bad_date; /* 1: the article has a Date glossa cannot read */
	char *snippet; /* search results only: marked with GLOSSA_MARK_*;
			* NULL in a plain listing */
	char *matched_notes; /* search results only: the matching
			      * annotations, marked, one a line; NULL if
			      * none matched */
	double rank;         /* search results only: lower is better */
} glossa_row_t;

typedef struct glossa_page {
	glossa_row_t *rows;
	size_t n;
} glossa_page_t;

/* Free the rows of a page and zero it; NULL is a no-op. */
void glossa_page_clear(glossa_page_t *page);

/*
 * Where a page starts, for keyset pagination in list order (normalised
 * date descending, then id descending): the date and id of a row (or an
 * article's date_iso and id).
 */
typedef struct glossa_key {
	const char *date;
	int64_t id;
} glossa_key_t;

/*
 * A page of at most limit articles, newest first, read without loading
 * anything else. from NULL: the first page (forward) or the last page
 * (backward). Forward: the rows after from; backward: the rows before
 * from. Either way the rows come in list order. *page is overwritten
 * (clear it first if it held rows).
 */
glossa_status_t glossa_list(glossa_db_t *db, const glossa_key_t *from,
			    int backward, size_t limit, glossa_page_t *page);

/* Position (0-based) of an article in list order, for "article 3 of 12";
 * GLOSSA_NOT_FOUND when no article has that id. */
glossa_status_t glossa_list_position(glossa_db_t *db, int64_t id,
				     int64_t *pos);

/* --- Articles and annotations ---------------------------------------- */

/* Fetch one article with its annotations (free with glossa_article_free).
 * GLOSSA_NOT_FOUND if there is none with that id. */
glossa_status_t glossa_article_get(glossa_db_t *db, int64_t id,
				   glossa_article_t **out);

/* Mark an article read (1) or unread (0). */
glossa_status_t glossa_article_set_read(glossa_db_t *db, int64_t id,
					int read);

/* Delete an article and its annotations. */
glossa_status_t glossa_article_delete(glossa_db_t *db, int64_t id);

/*
 * Annotations of one article (article_id > 0) or of all (0), in article
 * then position order, into a new array *out of *n entries; free with
 * glossa_annotations_free().
 */
glossa_status_t glossa_annotations_list(glossa_db_t *db, int64_t article_id,
					glossa_annotation_t **out, size_t *n);
void glossa_annotations_free(glossa_annotation_t *notes, size_t n);

/*
 * The glosses of OTHER articles whose phrase occurs in this article's
 * body (by glossa_phrase_at(), glossa/text.h: case-folded, at word
 * boundaries in spaced scripts), one per phrase as glossed (the latest;
 * "art" and "Art" are two), sorted by phrase, for the front end to
 * highlight in a quieter style. Each has only id, article_id, kind and
 * phrase; glossa_annotation_get() for the rest: the other strings are ""
 * (never NULL), pos is -1, the times 0. Same ownership as
 * glossa_annotations_list(). The archive's phrases are kept in a trie on
 * the handle (7.6 MB for 900 000 glosses): a call costs the body's length
 * times the longest phrase and reads no annotation; the first call, and
 * the first after any change to the annotations (by this handle or
 * another), rebuilds the trie from every gloss (0.17 s for 900 000).
 */
glossa_status_t glossa_glosses_elsewhere(glossa_db_t *db, int64_t article_id,
					 glossa_annotation_t **out, size_t *n);

/*
 * The same for a body the caller holds (the article's, from
 * glossa_article_get()), which is then not read again: a big article's
 * text is held once, not twice. Nothing when the article is gone.
 */
glossa_status_t glossa_glosses_in(glossa_db_t *db, int64_t article_id,
				  const char *body, glossa_annotation_t **out,
				  size_t *n);

/*
 * Do a part of the work the next glossa_glosses_elsewhere() would do at
 * once, about a millisecond of it: building the trie, a few thousand
 * glosses a call. *done is set when the trie is up to date (then the
 * call costs one PRAGMA). Between calls the handle holds a read
 * transaction open; any write through it stops the build, which starts
 * over at the next call. For an interface that builds it while no key
 * waits (a whole build at a million articles takes 0.18 s, seconds when
 * the archive is not in the page cache).
 */
glossa_status_t glossa_glosses_prepare(glossa_db_t *db, int *done);

/* One annotation by id (glossa_annotation_clear() it after). */
glossa_status_t glossa_annotation_get(glossa_db_t *db, int64_t id,
				      glossa_annotation_t *out);

/*
 * Add an annotation to note->article_id. For a gloss (or a note with a
 * phrase) whose pos is -1, the first occurrence of the phrase in the body
 * gives pos and context. A gloss of a phrase not in the body is refused
 * (GLOSSA_NOT_FOUND: a typo, most likely) unless note->detached is set:
 * then it is stored detached, with pos -1 (a note's phrase not in the
 * body is stored with pos -1, detached only if asked). A second gloss of
 * the same phrase in one article is refused (GLOSSA_EXISTS, note->id set
 * to the existing gloss: change that one instead), unless pos places it
 * at another occurrence than the glosses of that phrase there.
 * With pos >= 0 (e.g. a selection) the phrase must stand at that code
 * point offset (else GLOSSA_BAD_INPUT), and the context is taken there.
 * A gloss needs a phrase and a translation, a note a text. On success
 * note->id, pos, created, modified and detached are filled in; note's
 * strings stay the caller's and are not changed.
 */
glossa_status_t glossa_annotation_add(glossa_db_t *db,
				      glossa_annotation_t *note);

/* Replace the reading, translation, note and tags of an annotation. */
glossa_status_t glossa_annotation_update(glossa_db_t *db,
					 const glossa_annotation_t *note);

glossa_status_t glossa_annotation_delete(glossa_db_t *db, int64_t id);

/* --- The glossary ---------------------------------------------------- */

/* One glossed phrase of the whole archive. */
typedef struct glossa_glossary_entry {
	char *phrase;
	char *reading;      /* the first non-empty reading, "" if none */
	char *translations; /* the distinct translations, one a line */
	int64_t n_glosses;  /* how many glosses of it there are */
	int64_t n_articles; /* how many articles contain the phrase; -1: not
			     * counted yet (glossa_glossary_list) */
} glossa_glossary_entry_t;

/*
 * Every phrase glossed anywhere in the archive, sorted by phrase; filter
 * (NULL or "": all) keeps the entries whose phrase, reading or a
 * translation contains it (case-insensitive for ASCII). Free with
 * glossa_glossary_free().
 */
glossa_status_t glossa_glossary(glossa_db_t *db, const char *filter,
				glossa_glossary_entry_t **out, size_t *n);

/*
 * The same without the article counts, the slow part (a full-text query
 * a phrase): n_articles is -1 until glossa_glossary_count() fills it in,
 * e.g. for the entries on the screen.
 */
glossa_status_t glossa_glossary_list(glossa_db_t *db, const char *filter,
				     glossa_glossary_entry_t **out, size_t *n);

/* Count the articles of the entries[0 .. n - 1] whose n_articles is -1. */
glossa_status_t glossa_glossary_count(glossa_db_t *db,
				      glossa_glossary_entry_t *entries,
				      size_t n);
void glossa_glossary_free(glossa_glossary_entry_t *entries, size_t n);

/* --- Maintenance ----------------------------------------------------- */

/*
 * Check the archive: SQLite's integrity_check and foreign_key_check, and
 * FTS5's integrity-check of both indexes. *report (allocated) says what
 * was checked and what was found; GLOSSA_CORRUPT when anything is wrong.
 * Articles whose Date cannot be read are listed as a warning ("dates:
 * warning: ..."), which is no damage: GLOSSA_OK.
 */
glossa_status_t glossa_db_check(glossa_db_t *db, char **report);

/*
 * Copy the archive to path with SQLite's online backup API (safe while
 * others read or write it; one snapshot): into a temporary file beside
 * path, synced, then given its name and the directory synced. An
 * existing path is replaced only with force (without it, a file that
 * appears meanwhile is not replaced either: GLOSSA_EXISTS). The archive
 * itself and the files SQLite keeps beside it (-wal, -shm, -journal) are
 * refused even with force. The interrupt callback
 * (glossa_db_set_interrupt()) is asked every few megabytes: when it says
 * stop, GLOSSA_INTERRUPTED. On any failure the temporary file is removed
 * and path is as it was.
 */
glossa_status_t glossa_db_backup(glossa_db_t *db, const char *path,
				 int force);

/* Files larger than this are refused by glossa_import_file (default
 * GLOSSA_MAX_FILE; 0 restores the default). */
void glossa_db_set_max_file(glossa_db_t *db, uint64_t bytes);

/* --- Import ---------------------------------------------------------- */

typedef struct glossa_import_result {
	int64_t article_id;
	int updated;      /* 1: an existing article was updated in place */
	int unchanged;    /* 1: it was imported from these bytes last time,
			   * and nothing was written */
	int64_t namesake_id; /* a new article only: another article with
			      * its title and date (a copy?), else 0 */
	size_t n_glosses; /* annotations read from the file */
	char **warnings;  /* e.g. a glossed phrase not in the body */
	size_t n_warnings;
} glossa_import_result_t;

void glossa_import_result_clear(glossa_import_result_t *res);

/*
 * Import one article from the bytes of a file, in one transaction (or
 * in the open batch, see glossa_import_batch_begin()):
 * decode (encoding NULL: detect), parse, then insert it, or update in
 * place the article it is by a key the user gave: the same URL; else
 * the same file (origin, when it is an absolute path), if that
 * article has no other URL and still has its title or its body; else the
 * same Title, Date and Source, all three given. A title taken from the
 * first line of a file without a header identifies nothing. The same
 * bytes (and encoding) as the article's last import write nothing
 * (res->unchanged).
 *
 * Updating keeps what the user wrote: an annotation created or changed
 * in glossa is never changed or deleted (only placed again in the new
 * body); one from the file that the user left alone keeps its id while
 * the file still gives it and goes when the file no longer does; a
 * file's annotation the user deleted does not come back. origin names
 * the file in the archive and in messages. On failure nothing is written
 * and the message says why.
 */
glossa_status_t glossa_import_buffer(glossa_db_t *db, const char *data,
				     size_t len, const char *origin,
				     const char *encoding,
				     glossa_import_result_t *res);

/* The same for a regular file at path, whose absolute path (symbolic
 * links resolved) is the origin (refuses directories, FIFOs and
 * files larger than the limit, GLOSSA_MAX_FILE bytes unless
 * glossa_db_set_max_file() said otherwise). */
#define GLOSSA_MAX_FILE (64u * 1024 * 1024)
glossa_status_t glossa_import_file(glossa_db_t *db, const char *path,
				   const char *encoding,
				   glossa_import_result_t *res);

/* The same for a file the caller opened (fd stays open; path names it in
 * the archive and in messages). The file read is the one fd refers to,
 * whatever path names by now: for a caller that opened it with
 * O_NOFOLLOW, or checked which file it is (st_dev, st_ino) first. */
glossa_status_t glossa_import_fd(glossa_db_t *db, int fd, const char *path,
				 const char *encoding,
				 glossa_import_result_t *res);

/*
 * Batches, for importing many files: between glossa_import_batch_begin()
 * and glossa_import_batch_commit(), the files imported go into one
 * transaction instead of one each, and are in the archive once the batch
 * commits (a kill -9 before that leaves the archive as it was before the
 * batch). It is several times faster: SQLite 3.40's FTS5 writes a new
 * index segment at every commit.
 *
 * Each file is still all or nothing. A file refused before anything is
 * written (unreadable, too large, not text, not an article) leaves the
 * batch as it was. A failure while writing (disk full, I/O, interrupted)
 * rolls the whole batch back: the call returns its error and
 * glossa_import_batch_open() returns 0; the files imported since the
 * batch began are not in the archive, and the caller imports them again
 * (one transaction each, or in a new batch) if it wants them.
 */
glossa_status_t glossa_import_batch_begin(glossa_db_t *db);

/* Commit the batch and end it. On failure the batch is rolled back. */
glossa_status_t glossa_import_batch_commit(glossa_db_t *db);

/* Roll the batch back and end it; no batch open is a no-op. */
void glossa_import_batch_rollback(glossa_db_t *db);

/* 1 while a batch is open. */
int glossa_import_batch_open(const glossa_db_t *db);

#endif
