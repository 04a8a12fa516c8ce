/*
 * import.c: reading article files into the archive, one file one
 * transaction, or many files in one batch transaction.
 *
 * Exported: glossa_import_file, glossa_import_fd, glossa_import_buffer,
 * glossa_import_result_clear and the glossa_import_batch_* calls.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

void glossa_import_result_clear(glossa_import_result_t *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_warnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}

/* The first row of stmt's (bound) query as an id, 0 if none. */
static glossa_status_t first_id(glossa_db_t *db, sqlite3_stmt *stmt,
				int64_t *id)
{
	int rc = sqlite3_step(stmt);

	*id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	glossa_db_release(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "importing");
	return GLOSSA_OK;
}

/* The article imported from the file origin names that may be a (see
 * find_existing()), or 0. */
static glossa_status_t by_origin(glossa_db_t *db, const char *origin,
				 const glossa_article_t *a, int64_t *id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT id FROM article WHERE origin = ?1"
		    " AND origin <> '' AND (url = '' OR ?2 = '')"
		    " AND (title = ?3 OR body = ?4)"
		    " ORDER BY id DESC LIMIT 1", &st);

	if (!stmt)
		return st;
	sqlite3_bind_text(stmt, 1, origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->body, -1, SQLITE_STATIC);
	return first_id(db, stmt, id);
}

/*
 * The same for an archive from before schema 9, which kept the path as
 * typed ("notes/a.txt", "./a.txt"): the ends of a's absolute path, with
 * and without "./". Asked only while the archive has such an origin
 * (every absolute one starts with '/', so the index tells at once).
 */
static glossa_status_t by_old_origin(glossa_db_t *db,
				     const glossa_article_t *a, int64_t *id)
{
	glossa_status_t st = GLOSSA_OK;
	char *dotted;

	*id = 0;
	if (db->relative_origins < 0) {
		sqlite3_stmt *stmt = glossa_db_cached(
			db, "SELECT count(*) FROM (SELECT 1 FROM article"
			    " WHERE origin <> '' AND (origin < '/'"
			    " OR origin >= '0') LIMIT 1)", &st);
		int64_t n = 0;

		if (!stmt)
			return st;
		if ((st = first_id(db, stmt, &n)) != GLOSSA_OK)
			return st;
		db->relative_origins = n > 0;
	}
	if (!db->relative_origins)
		return GLOSSA_OK;
	for (const char *p = strchr(a->origin + 1, '/'); p && !*id;
	     p = strchr(p + 1, '/')) {
		if ((st = by_origin(db, p + 1, a, id)) != GLOSSA_OK || *id)
			break;
		if (asprintf(&dotted, ".%s", p) < 0)
			return glossa_db_error(db, GLOSSA_NOMEM,
					       "importing: out of memory");
		st = by_origin(db, dotted, a, id);
		free(dotted);
		if (st != GLOSSA_OK)
			break;
	}
	return st;
}

/*
 * The article that a is, found by the values its file gave where the
 * user corrected them (glossa set, article_override), by the keys of
 * find_existing(); or 0. Only the corrected articles are read.
 */
static glossa_status_t by_override(glossa_db_t *db,
				   const glossa_article_t *a, int64_t *id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT EXISTS (SELECT 1 FROM article_override)", &st);
	int64_t n = 0;

	/* most archives correct nothing: then the query below would build
	 * two temporary b-trees for each file for nothing */
	*id = 0;
	if (!stmt)
		return st;
	if ((st = first_id(db, stmt, &n)) != GLOSSA_OK || !n)
		return st;
#define FILE_VALUE(f)                                                    \
	"coalesce((SELECT file_value FROM article_override o WHERE"      \
	" o.article_id = a.id AND o.field = '" #f "'), a." #f ")"
	stmt = glossa_db_cached(
		db, "SELECT a.id FROM article a WHERE a.id IN"
		    " (SELECT article_id FROM article_override) AND ("
		    " (?1 <> '' AND " FILE_VALUE(url) " = ?1)"
		    " OR (?2 <> '' AND a.origin = ?2"
		    "  AND " FILE_VALUE(url) " IN ('', ?1))"
		    " OR (?4 <> '' AND ?5 <> '' AND " FILE_VALUE(title) " = ?3"
		    "  AND " FILE_VALUE(date) " = ?4"
		    "  AND " FILE_VALUE(source) " = ?5))"
		    " ORDER BY a.id DESC LIMIT 1", &st);
#undef FILE_VALUE

	if (!stmt)
		return st;
	sqlite3_bind_text(stmt, 1, a->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->origin[0] == '/' ? a->origin : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, a->source, -1, SQLITE_STATIC);
	return first_id(db, stmt, id);
}

/*
 * The id of the article that a is, by a key the user gave, or 0: the
 * same URL; else the same file (an absolute origin), when the article
 * has no other URL and its title or its body is still a's (a file
 * written over with another article is another article); else the same
 * Title, Date and Source, all given (a file without a header has
 * neither date nor source, so the title taken from its first line
 * identifies nothing).
 */
static glossa_status_t find_existing(glossa_db_t *db,
				     const glossa_article_t *a, int64_t *id)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;

	*id = 0;
	if (a->url[0]) {
		/* url <> '': lets SQLite use the partial index article_url. */
		stmt = glossa_db_cached(db, "SELECT id FROM article"
					    " WHERE url = ?1 AND url <> ''"
					    " LIMIT 1", &st);
		if (!stmt)
			return st;
		sqlite3_bind_text(stmt, 1, a->url, -1, SQLITE_STATIC);
		if ((st = first_id(db, stmt, id)) != GLOSSA_OK || *id)
			return st;
	}
	if (a->origin[0] == '/') {
		if ((st = by_origin(db, a->origin, a, id)) != GLOSSA_OK || *id)
			return st;
		if ((st = by_old_origin(db, a, id)) != GLOSSA_OK || *id)
			return st;
	}
	if (!a->date[0] || !a->source[0])
		return by_override(db, a, id);
	stmt = glossa_db_cached(db, "SELECT id FROM article WHERE title = ?1"
				    " AND date = ?2 AND source = ?3"
				    " AND (url = '' OR ?4 = '') LIMIT 1", &st);
	if (!stmt)
		return st;
	sqlite3_bind_text(stmt, 1, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->url, -1, SQLITE_STATIC);
	if ((st = first_id(db, stmt, id)) != GLOSSA_OK || *id)
		return st;
	return by_override(db, a, id);
}

/* Another article than id with a's title and date, or 0: a new article
 * that may be a copy of it, which the caller is told about. */
static glossa_status_t find_namesake(glossa_db_t *db,
				     const glossa_article_t *a, int64_t *id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT id FROM article WHERE title = ?1 AND date = ?2"
		    " AND id <> ?3 LIMIT 1", &st);

	*id = 0;
	if (!stmt)
		return st;
	sqlite3_bind_text(stmt, 1, a->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, a->id);
	return first_id(db, stmt, id);
}

/* Whether the article id was last imported from bytes of this hash. */
static glossa_status_t same_bytes(glossa_db_t *db, int64_t id,
				  int64_t hash, int *same)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT id FROM article WHERE id = ?1 AND file_hash = ?2",
		&st);
	int64_t found;

	*same = 0;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, hash);
	st = first_id(db, stmt, &found);
	*same = found != 0;
	return st;
}

/* Insert or update the article row; a->id is set. */
static glossa_status_t write_article(glossa_db_t *db, glossa_article_t *a,
				     int64_t existing, int64_t hash)
{
	glossa_status_t st;
	sqlite3_stmt *stmt;
	const char *texts[] = {a->title, a->source,   a->author,
			       a->url,	 a->date,     a->language,
			       a->tags,	 a->body,     a->encoding,
			       a->origin};
	int rc;

	if (existing)
		stmt = glossa_db_cached(
			db, "UPDATE article SET title = ?1, source = ?2,"
			    " author = ?3, url = ?4, date = ?5,"
			    " date_iso = glossa_date_iso(?5), language = ?6,"
			    " tags = ?7, body = ?8, encoding = ?9, origin = ?10, imported = ?11,"
			    " file_hash = ?12 WHERE id = ?13", &st);
	else
		stmt = glossa_db_cached(
			db, "INSERT INTO article (title, source, author, url,"
			    " date, date_iso, language, tags, body, encoding,"
			    " origin, imported, file_hash) VALUES (?1, ?2, ?3,"
			    " ?4, ?5, glossa_date_iso(?5), ?6, ?7, ?8, ?9, ?10,"
			    " ?11, ?12)", &st);
	if (!stmt)
		return st;
	for (int i = 0; i < 10; i++)
		sqlite3_bind_text(stmt, i + 1, texts[i] ? texts[i] : "", -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 11, (int64_t)time(NULL));
	sqlite3_bind_int64(stmt, 12, hash);
	if (existing)
		sqlite3_bind_int64(stmt, 13, existing);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing the article");
	if (existing) {
		a->id = existing;
		return GLOSSA_OK;
	}
	a->id = sqlite3_last_insert_rowid(db->sql);
	glossa_db_count_add(db, 1);
	return GLOSSA_OK;
}

/* Replace the article's unknown header fields with a's. */
static glossa_status_t write_fields(glossa_db_t *db,
				    const glossa_article_t *a)
{
	sqlite3_stmt *del, *ins;
	glossa_status_t st = GLOSSA_OK;
	int rc;

	del = glossa_db_cached(db, "DELETE FROM article_field"
				   " WHERE article_id = ?", &st);
	if (!del)
		return st;
	sqlite3_bind_int64(del, 1, a->id);
	rc = sqlite3_step(del);
	glossa_db_release(del);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing the article");
	ins = glossa_db_cached(db, "INSERT INTO article_field"
				   " (article_id, seq, name, value)"
				   " VALUES (?, ?, ?, ?)", &st);
	if (!ins)
		return st;
	for (size_t i = 0; i < a->n_extra && st == GLOSSA_OK; i++) {
		sqlite3_bind_int64(ins, 1, a->id);
		sqlite3_bind_int64(ins, 2, (int64_t)i);
		sqlite3_bind_text(ins, 3, a->extra[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, a->extra[i].value, -1,
				  SQLITE_STATIC);
		rc = sqlite3_step(ins);
		if (rc != SQLITE_DONE)
			st = glossa_db_fail(db, rc, "storing the article");
		sqlite3_reset(ins);
	}
	glossa_db_release(ins);
	return st;
}

/* Same kind, phrase and texts: the file's copy x of a note y added by
 * hand (e.g. an exported archive imported again). The file format does
 * not write a derived reading (format.c): y's counts as none. */
static int same_note(const glossa_annotation_t *x,
		     const glossa_annotation_t *y)
{
	return x->kind == y->kind && strcmp(x->phrase, y->phrase) == 0 &&
	       (strcmp(x->reading, y->reading) == 0 ||
		(y->reading_derived && !x->reading[0])) &&
	       strcmp(x->translation, y->translation) == 0 &&
	       strcmp(x->note, y->note) == 0 && strcmp(x->tags, y->tags) == 0;
}

/* An annotation of the archive's copy of an article imported again. */
struct old_note {
	int64_t id;
	char *sig;	/* file_sig: "" for one created in glossa */
	int from_file;	/* 1: the file's, unchanged in glossa; 2: from an
			 * older archive, the file's as far as is known */
	int matched;	/* the new file gives it again */
};

static void old_notes_free(struct old_note *old, size_t n)
{
	for (size_t i = 0; old && i < n; i++)
		free(old[i].sig);
	free(old);
}

/* The id, from_file and file_sig of each annotation of article id: the
 * n of cur, as glossa_annotations_list() gave them. */
static glossa_status_t old_notes(glossa_db_t *db, int64_t id,
				 const glossa_annotation_t *cur, size_t n,
				 struct old_note **out)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT id, from_file, file_sig FROM annotation"
		    " WHERE article_id = ?1 ORDER BY pos, id", &st);
	struct old_note *old;
	size_t i = 0;
	int rc;

	*out = NULL;
	if (!stmt)
		return st;
	if (!(old = calloc(n ? n : 1, sizeof(*old)))) {
		sqlite3_finalize(stmt);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "importing: out of memory");
	}
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && i < n) {
		old[i].id = sqlite3_column_int64(stmt, 0);
		if (old[i].id != cur[i].id) {
			/* Both read in one transaction: never happens. */
			st = glossa_db_error(db, GLOSSA_ERROR,
			                     "the notes changed while"
			                         " importing");
			break;
		}
		old[i].from_file = sqlite3_column_int(stmt, 1);
		if (!(old[i++].sig = glossa_db_column_text(stmt, 2))) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "importing: out of memory");
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (st == GLOSSA_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "updating the article");
	if (st != GLOSSA_OK) {
		old_notes_free(old, i);
		return st;
	}
	*out = old;
	return GLOSSA_OK;
}

/* Whether the user deleted the file's annotation sig from article id. */
static glossa_status_t note_gone(glossa_db_t *db, int64_t id,
				 const char *sig, int *gone)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT 1 FROM annotation_gone"
		    " WHERE article_id = ?1 AND file_sig = ?2", &st);
	int rc;

	*gone = 0;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, sig, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	*gone = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "updating the article");
	return GLOSSA_OK;
}

/* Store note's place (pos, context, detached). */
static glossa_status_t write_place(glossa_db_t *db,
				   const glossa_annotation_t *n)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "UPDATE annotation SET pos = ?2, context_before = ?3,"
		    " context_after = ?4, detached = ?5 WHERE id = ?1", &st);
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, n->id);
	sqlite3_bind_int64(stmt, 2, n->pos);
	sqlite3_bind_text(stmt, 3, n->context_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, n->context_after, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 5, n->detached != 0);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	return rc == SQLITE_DONE ? GLOSSA_OK
				 : glossa_db_fail(db, rc, "updating the article");
}

/* Delete the annotation id, which came from the file and was never
 * changed, with its index entry. */
static glossa_status_t drop_file_note(glossa_db_t *db, int64_t id)
{
	glossa_status_t st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, id, 0);

	return st ? st
		  : glossa_db_run_id(db, "DELETE FROM annotation WHERE id = ?1",
				     id, "updating the article");
}

/*
 * The annotations of an article imported again, against the ones of the
 * archive: an annotation the user created or changed is the user's and
 * is never changed or deleted (only found again in the new body by
 * glossa_reanchor()); one the file gave and the user left alone stays,
 * with its id, while the file still gives it (placed where the file's
 * copy is), and goes when the file no longer does. The file's other
 * annotations are added, except the ones the user deleted and the ones
 * a note of the user's already says word for word (an exported archive
 * imported again).
 */
static glossa_status_t merge_notes(glossa_db_t *db, glossa_article_t *a)
{
	glossa_annotation_t *cur = NULL;
	struct old_note *old = NULL;
	size_t n_cur = 0;
	glossa_status_t st;

	if ((st = glossa_annotations_list(db, a->id, &cur, &n_cur)))
		return st;
	if ((st = old_notes(db, a->id, cur, n_cur, &old)) != GLOSSA_OK)
		goto out;
	for (size_t i = 0; i < a->n_notes && st == GLOSSA_OK; i++) {
		glossa_annotation_t *f = &a->notes[i];
		char *sig = glossa_note_sig(f);
		size_t k = n_cur;
		int gone = 0;

		if (!sig) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "importing: out of memory");
			break;
		}
		for (size_t j = 0; j < n_cur && k == n_cur; j++)
			if (!old[j].matched && strcmp(old[j].sig, sig) == 0)
				k = j;
		for (size_t j = 0; j < n_cur && k == n_cur; j++)
			if (!old[j].matched && !old[j].sig[0] &&
			    same_note(f, &cur[j]))
				k = j;
		if (k < n_cur) {
			old[k].matched = 1;
			if (old[k].from_file) {
				f->id = cur[k].id;
				st = write_place(db, f);
			}
			if (st == GLOSSA_OK && old[k].from_file == 2)
				st = glossa_db_run_id(
					db, "UPDATE annotation SET from_file = 1"
					    " WHERE id = ?1",
					old[k].id, "updating the article");
		} else if ((st = note_gone(db, a->id, sig, &gone)) ==
				   GLOSSA_OK &&
			   !gone) {
			f->article_id = a->id;
			st = glossa_annotation_insert(db, f, 1);
		}
		free(sig);
	}
	for (size_t j = 0; j < n_cur && st == GLOSSA_OK; j++) {
		if (old[j].matched && old[j].from_file)
			continue;
		if (old[j].from_file == 1) {
			st = drop_file_note(db, old[j].id);
			continue;
		}
		/* not known to be the file's: kept, as the user's */
		if (old[j].from_file == 2)
			st = glossa_db_run_id(db, "UPDATE annotation SET"
						  " from_file = 0 WHERE id = ?1",
					      old[j].id, "updating the article");
		if (st == GLOSSA_OK && cur[j].phrase[0] &&
		    (st = glossa_reanchor(a->body, &cur[j])) != GLOSSA_OK)
			st = glossa_db_error(db, st, "importing: %s",
			                     glossa_status_to_string(st));
		if (st == GLOSSA_OK && cur[j].phrase[0])
			st = write_place(db, &cur[j]);
	}
out:
	old_notes_free(old, n_cur);
	glossa_annotations_free(cur, n_cur);
	return st;
}

/* Fill the glosses column of an article not in the index yet. */
static glossa_status_t set_glosses(glossa_db_t *db, int64_t id)
{
	return glossa_db_run_id(db, "UPDATE article SET glosses = "
				    GLOSSES_OF("?1") " WHERE id = ?1",
				id, "indexing notes");
}

/* Store a parsed article, last imported from bytes of this hash: the
 * body of glossa_import_buffer's transaction. */
static glossa_status_t store(glossa_db_t *db, glossa_article_t *a,
			     int64_t hash, glossa_import_result_t *res)
{
	glossa_status_t st;
	int64_t existing;
	int same = 0;

	if ((st = find_existing(db, a, &existing)) != GLOSSA_OK)
		return st;
	if (existing && (st = same_bytes(db, existing, hash, &same)))
		return st;
	res->article_id = existing;
	res->n_glosses = a->n_notes;
	if (same) {
		res->unchanged = 1;
		return GLOSSA_OK;
	}
	if (existing && (st = glossa_fts_article(db, existing, 0)))
		return st;
	if ((st = write_article(db, a, existing, hash)) != GLOSSA_OK)
		return st;
	/* the user's corrections stay (manage.c) */
	if (existing && (st = glossa_overrides_apply(db, a->id, 1)))
		return st;
	if ((st = write_fields(db, a)) != GLOSSA_OK)
		return st;
	if (existing) {
		st = merge_notes(db, a);
	} else {
		for (size_t i = 0; i < a->n_notes && st == GLOSSA_OK; i++) {
			a->notes[i].article_id = a->id;
			st = glossa_annotation_insert(db, &a->notes[i], 1);
		}
		if (st == GLOSSA_OK)
			st = find_namesake(db, a, &res->namesake_id);
	}
	/* a new article without notes keeps its glosses column empty */
	if (st == GLOSSA_OK && (existing || a->n_notes))
		st = set_glosses(db, a->id);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, a->id, 1);
	res->article_id = a->id;
	res->updated = existing != 0;
	return st;
}

/* FNV-1a (64 bits) of the bytes of a file and the encoding it is read
 * with: the same bytes read the same way give the same article. */
static int64_t bytes_hash(const char *data, size_t len, const char *encoding)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 0x100000001b3u;
	h = (h ^ 0xff) * 0x100000001b3u; /* between the two */
	for (const char *e = encoding ? encoding : ""; *e; e++)
		h = (h ^ (unsigned char)*e) * 0x100000001b3u;
	return (int64_t)h;
}

/* GLOSSA_INTERRUPTED (with its message) if the interrupt callback of
 * glossa_db_set_interrupt() asks to stop. */
static glossa_status_t interrupted(glossa_db_t *db)
{
	if (!db->interrupt || !db->interrupt(db->interrupt_arg))
		return GLOSSA_OK;
	return glossa_db_error(db, GLOSSA_INTERRUPTED, "interrupted");
}

/* glossa_import_buffer(), freeing owned (data's own allocation, or NULL)
 * as soon as data is decoded: a big file's bytes, its text and its
 * parsed article are not all held at once. */
static glossa_status_t import_buffer(glossa_db_t *db, const char *data,
				     size_t len, char *owned,
				     const char *origin, const char *encoding,
				     glossa_import_result_t *res)
{
	glossa_article_t *a = NULL;
	char *text = NULL, *enc = NULL, *msg = NULL;
	size_t text_len;
	glossa_status_t st;
	int64_t hash;

	memset(res, 0, sizeof(*res));
	hash = bytes_hash(data, len, encoding);
	st = glossa_decode(data, len, encoding, &text, &text_len, &enc, &msg);
	free(owned);
	if (st == GLOSSA_OK)
		st = glossa_parse(text, text_len, &a, &msg);
	free(text);
	if (st != GLOSSA_OK) {
		glossa_db_error(db, st, "%s",
				msg ? msg : glossa_status_to_string(st));
		goto out;
	}
	free(a->encoding);
	free(a->origin);
	a->encoding = enc;
	enc = NULL;
	a->origin = glossa_strdup(origin);
	if (!a->origin) {
		st = glossa_db_error(db, GLOSSA_NOMEM,
				     "importing: out of memory");
		goto out;
	}
	if ((st = interrupted(db)) != GLOSSA_OK)
		goto out;
	if (!db->batch && (st = glossa_db_begin(db)) != GLOSSA_OK)
		goto out;
	st = store(db, a, hash, res);
	/* Asked to stop before the commit: the file is not imported. */
	if (st == GLOSSA_OK)
		st = interrupted(db);
	if (st == GLOSSA_OK && !db->batch)
		st = glossa_db_commit(db);
	if (st != GLOSSA_OK) {
		/* A batch goes back whole: its other files were written
		 * in the same transaction. */
		db->batch = 0;
		glossa_db_rollback(db);
		glossa_import_result_clear(res);
		goto out;
	}
	/* The parser's warnings become the caller's. */
	res->warnings = a->warnings;
	res->n_warnings = a->n_warnings;
	a->warnings = NULL;
	a->n_warnings = 0;
out:
	free(enc);
	free(msg);
	glossa_article_free(a);
	return st;
}

glossa_status_t glossa_import_buffer(glossa_db_t *db, const char *data,
				     size_t len, const char *origin,
				     const char *encoding,
				     glossa_import_result_t *res)
{
	return import_buffer(db, data, len, NULL, origin, encoding, res);
}

glossa_status_t glossa_import_file(glossa_db_t *db, const char *path,
				   const char *encoding,
				   glossa_import_result_t *res)
{
	glossa_status_t st;
	int fd;

	memset(res, 0, sizeof(*res));
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		return glossa_db_error(db, GLOSSA_IO, "%s", strerror(errno));
	}
	st = glossa_import_fd(db, fd, path, encoding, res);
	close(fd);
	return st;
}

/* The absolute path of the file open as fd (named path), symbolic links
 * resolved, allocated; NULL if it cannot be known. */
static char *absolute_path(int fd, const char *path)
{
	char proc[64], buf[PATH_MAX];
	ssize_t n;

	/* One readlink() where realpath() takes one a component (3 000
	 * small files imported 1.5x slower). The kernel's name is already
	 * absolute and resolved, unless the file was deleted meanwhile. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, sizeof(buf) - 1);
	if (n > 0 && buf[0] == '/' && (size_t)n < sizeof(buf) - 1) {
		buf[n] = '\0';
		if (!strstr(buf, " (deleted)"))
			return strdup(buf);
	}
	return realpath(path, NULL);
}

glossa_status_t glossa_import_fd(glossa_db_t *db, int fd, const char *path,
				 const char *encoding,
				 glossa_import_result_t *res)
{
	glossa_status_t st;
	struct stat sb;
	char *data, *real;
	size_t len = 0;

	memset(res, 0, sizeof(*res));
	if (fstat(fd, &sb) != 0) {
		return glossa_db_error(db, GLOSSA_IO, "%s", strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT, S_ISDIR(sb.st_mode)
		                                   ? "is a directory"
		                                   : "not a regular file");
	}
	uint64_t limit = db->max_file ? db->max_file : GLOSSA_MAX_FILE;
	if ((uint64_t)sb.st_size > limit || (uint64_t)sb.st_size >= SIZE_MAX) {
		int mb = limit % (1024 * 1024) == 0;
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "file too large (%lld bytes; the limit "
		                       "is %llu %s)",
		                       (long long)sb.st_size,
		                       (unsigned long long)(mb ? limit >> 20
		                                               : limit),
		                       mb ? "MB" : "bytes");
	}
	if (!(data = malloc((size_t)sb.st_size + 1)))
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "importing: out of memory");
	while (len < (size_t)sb.st_size) {
		/* from the start, wherever fd's offset is */
		ssize_t got = pread(fd, data + len, (size_t)sb.st_size - len,
				    (off_t)len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			st = glossa_db_error(db, GLOSSA_IO, "%s",
					     strerror(errno));
			free(data);
			return st;
		}
		if (got == 0)
			break; /* the file shrank: take what is there */
		len += (size_t)got;
	}
	/* The file's absolute path is its origin: the same file imported
	 * again, from anywhere, is the same article (find_existing()). */
	real = absolute_path(fd, path);
	st = import_buffer(db, data, len, data, real ? real : path, encoding,
			   res);
	free(real);
	return st;
}

/* How long the archive stays free between two batches of one handle. */
#define BATCH_YIELD_MS 50

/* FTS5's hashsize while importing, bytes (see glossa_import_batch_begin()). */
#define IMPORT_HASH_TEXT "16777216"

glossa_status_t glossa_import_batch_begin(glossa_db_t *db)
{
	glossa_status_t st;

	if (db->batch)
		return GLOSSA_OK;
	/* FTS5's merges reread the index segments: with SQLite's default
	 * 2 MB cache that was 40% of a bulk import's time (30 000 articles:
	 * 38 s, 21 s with 16 MB). On real text a million articles took as
	 * long with 64 MB and FTS5's pending terms held to 16 MB (below)
	 * as with 256 MB and 32 MB, imported side by side (2604 s and 2608
	 * s; 300 000: 377 s both), the file 0.5% smaller, and the peak RSS
	 * 115 MB, not 342 (tests/bench/RESULTS.md, issue 22). Only
	 * importing handles grow, and only as far as the pages they touch. */
	if ((st = glossa_db_exec(db, "PRAGMA cache_size = -65536")))
		return st;
	/* Right after a batch, a writer that waited for it (a note saved in
	 * the interface) goes first: without the pause the next batch
	 * would take the archive again within microseconds, and the
	 * writer, trying every few milliseconds, would wait for that batch
	 * too (and then fail). Costs BATCH_YIELD_MS per batch of up to
	 * GLOSSA_IMPORT_BATCH_SECONDS. */
	if (db->batch_end > 0) {
		double left = db->batch_end + BATCH_YIELD_MS / 1e3 -
			      glossa_clock();
		if (left > 0)
			sqlite3_sleep((int)(left * 1e3) + 1);
	}
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	/* FTS5 keeps up to hashsize bytes of pending terms (more, with its
	 * hash's own) before it writes a segment: 16 MB, where schema 6 set
	 * 32. A setting of the table, for every writer, written once; the
	 * interface's notes never come near it. */
	st = glossa_db_exec(db, "INSERT INTO article_fts (article_fts, rank)"
				"  SELECT 'hashsize', " IMPORT_HASH_TEXT
				"  WHERE NOT EXISTS (SELECT 1 FROM"
				"  article_fts_config WHERE k = 'hashsize'"
				"  AND v = " IMPORT_HASH_TEXT ");");
	if (st != GLOSSA_OK) {
		glossa_db_rollback(db);
		return st;
	}
	db->batch = 1;
	return GLOSSA_OK;
}

glossa_status_t glossa_import_batch_commit(glossa_db_t *db)
{
	glossa_status_t st;

	if (!db->batch)
		return GLOSSA_OK;
	db->batch = 0;
	st = glossa_db_commit(db);
	db->batch_end = glossa_clock();
	return st;
}

void glossa_import_batch_rollback(glossa_db_t *db)
{
	if (!db->batch)
		return;
	db->batch = 0;
	glossa_db_rollback(db);
}

int glossa_import_batch_open(const glossa_db_t *db)
{
	return db->batch;
}
