/*
 * annotation.c: reading, adding, changing and removing annotations.
 *
 * Exported: glossa_annotations_list, glossa_annotations_free,
 * glossa_annotation_get, glossa_annotation_add, glossa_annotation_update,
 * glossa_annotation_delete, and glossa_annotation_insert and
 * glossa_note_sig of db.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "db.h"

#define ANNOTATION_COLUMNS                                              \
	"id, article_id, kind, phrase, pos, context_before, context_after," \
	" reading, translation, note, tags, created, modified, detached," \
	" reading_derived"

/* Read the ANNOTATION_COLUMNS of stmt into a zeroed note. */
static glossa_status_t read_annotation(glossa_db_t *db, sqlite3_stmt *stmt,
				       glossa_annotation_t *note)
{
	const char *kind = (const char *)sqlite3_column_text(stmt, 2);

	note->id = sqlite3_column_int64(stmt, 0);
	note->article_id = sqlite3_column_int64(stmt, 1);
	note->kind = kind && strcmp(kind, "note") == 0 ? GLOSSA_KIND_NOTE
						       : GLOSSA_KIND_GLOSS;
	note->phrase = glossa_db_column_text(stmt, 3);
	note->pos = sqlite3_column_int64(stmt, 4);
	note->context_before = glossa_db_column_text(stmt, 5);
	note->context_after = glossa_db_column_text(stmt, 6);
	note->reading = glossa_db_column_text(stmt, 7);
	note->translation = glossa_db_column_text(stmt, 8);
	note->note = glossa_db_column_text(stmt, 9);
	note->tags = glossa_db_column_text(stmt, 10);
	note->created = sqlite3_column_int64(stmt, 11);
	note->modified = sqlite3_column_int64(stmt, 12);
	note->detached = sqlite3_column_int(stmt, 13) != 0;
	note->reading_derived = sqlite3_column_int(stmt, 14) != 0;
	if (!note->phrase || !note->context_before || !note->context_after ||
	    !note->reading || !note->translation || !note->note || !note->tags)
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "reading notes: out of memory");
	return GLOSSA_OK;
}

void glossa_annotations_free(glossa_annotation_t *notes, size_t n)
{
	if (!notes)
		return;
	for (size_t i = 0; i < n; i++)
		glossa_annotation_clear(&notes[i]);
	free(notes);
}

/* Read every row of stmt (ANNOTATION_COLUMNS) into a new array. */
static glossa_status_t read_annotations(glossa_db_t *db, sqlite3_stmt *stmt,
					glossa_annotation_t **out, size_t *n)
{
	glossa_annotation_t *notes = NULL;
	glossa_status_t st = GLOSSA_OK;
	size_t len = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (GLOSSA_GROW(notes, cap, len + 1) < 0) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "reading notes: out of memory");
			break;
		}
		memset(&notes[len], 0, sizeof(notes[len]));
		st = read_annotation(db, stmt, &notes[len++]);
		if (st != GLOSSA_OK)
			break;
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading annotations");
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK) {
		glossa_annotations_free(notes, len);
		return st;
	}
	*out = notes;
	*n = len;
	return GLOSSA_OK;
}

glossa_status_t glossa_annotations_list(glossa_db_t *db, int64_t article_id,
					glossa_annotation_t **out, size_t *n)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, article_id > 0
			    ? "SELECT " ANNOTATION_COLUMNS " FROM annotation"
			      " WHERE article_id = ?1 ORDER BY pos, id"
			    : "SELECT " ANNOTATION_COLUMNS " FROM annotation"
			      " ORDER BY article_id, pos, id", &st);

	*out = NULL;
	*n = 0;
	if (!stmt)
		return st;
	if (article_id > 0)
		sqlite3_bind_int64(stmt, 1, article_id);
	return read_annotations(db, stmt, out, n);
}

glossa_status_t glossa_annotation_get(glossa_db_t *db, int64_t id,
				      glossa_annotation_t *out)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT " ANNOTATION_COLUMNS " FROM annotation"
		    " WHERE id = ?",
		&st);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st = read_annotation(db, stmt, out);
		if (st != GLOSSA_OK)
			glossa_annotation_clear(out);
	} else if (rc == SQLITE_DONE) {
		st = glossa_db_error(db, GLOSSA_NOT_FOUND,
				     "no note with id %lld", (long long)id);
	} else {
		st = glossa_db_fail(db, rc, "reading a note");
	}
	sqlite3_finalize(stmt);
	return st;
}

/* The body of an article, allocated. */
static glossa_status_t article_body(glossa_db_t *db, int64_t id, char **body)
{
	glossa_status_t st;
	sqlite3_stmt *stmt =
		glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?",
				  &st);
	int rc;

	*body = NULL;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*body = glossa_db_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
				       "no article with id %lld",
				       (long long)id);
	}
	if (rc != SQLITE_ROW)
		return glossa_db_fail(db, rc, "reading an article");
	return *body ? GLOSSA_OK
		     : glossa_db_error(db, GLOSSA_NOMEM,
				       "reading an article: out of memory");
}

/* Whether note's reading is stored as derived: marked so, and not "". */
static int derived(const glossa_annotation_t *note)
{
	return note->reading_derived && note->reading && note->reading[0];
}

glossa_status_t glossa_annotation_insert(glossa_db_t *db,
					 glossa_annotation_t *note,
					 int from_file)
{
	glossa_status_t st;
	/* cached: an import inserts the notes of each file it reads */
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "INSERT INTO annotation (article_id, kind, phrase, pos,"
		    " context_before, context_after, reading, translation,"
		    " note, tags, from_file, created, modified, detached,"
		    " file_sig, reading_derived)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    &st);
	const char *texts[] = {note->phrase,	  note->context_before,
			       note->context_after, note->reading,
			       note->translation,   note->note,
			       note->tags};
	char *sig = NULL;
	int rc;

	if (!stmt)
		return st;
	if (from_file && !(sig = glossa_note_sig(note))) {
		glossa_db_release(stmt);
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "adding a note: out of memory");
	}
	if (!note->created)
		note->created = time(NULL);
	if (!note->modified)
		note->modified = note->created;
	sqlite3_bind_int64(stmt, 1, note->article_id);
	sqlite3_bind_text(stmt, 2,
			  note->kind == GLOSSA_KIND_NOTE ? "note" : "gloss",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, texts[0] ? texts[0] : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, note->pos);
	for (int i = 1; i < 7; i++)
		sqlite3_bind_text(stmt, 4 + i, texts[i] ? texts[i] : "", -1,
				  SQLITE_STATIC);
	sqlite3_bind_int(stmt, 11, from_file);
	sqlite3_bind_int64(stmt, 12, note->created);
	sqlite3_bind_int64(stmt, 13, note->modified);
	sqlite3_bind_int(stmt, 14, note->detached != 0);
	sqlite3_bind_text(stmt, 15, sig ? sig : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 16, derived(note));
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	free(sig);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing a note");
	note->id = sqlite3_last_insert_rowid(db->sql);
	return glossa_fts_notes(db, GLOSSA_FTS_NOTE, note->id, 1);
}

char *glossa_note_sig(const glossa_annotation_t *note)
{
	const char *f[] = {note->phrase,      note->reading, note->translation,
			   note->note,	      note->tags};
	struct glossa_buf b = {0};
	char len[32];

	glossa_buf_puts(&b, note->kind == GLOSSA_KIND_NOTE ? "note " : "gloss ");
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const char *v = f[i] ? f[i] : "";
		size_t n = strlen(v);

		snprintf(len, sizeof(len), "%zu:", glossa_utf8_count(v, n));
		glossa_buf_puts(&b, len);
		glossa_buf_add(&b, v, n);
	}
	return glossa_buf_take(&b);
}

/* Empty or only white space. */
static int blank(const char *s)
{
	if (!s)
		return 1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0';
}

/* The id of a gloss of phrase in the article at code point pos (-1:
 * anywhere), or 0 (*id). */
static glossa_status_t gloss_of(glossa_db_t *db, int64_t article_id,
				const char *phrase, int64_t pos, int64_t *id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt = glossa_db_cached(
		db, "SELECT id FROM annotation WHERE article_id = ?1"
		    " AND kind = 'gloss' AND phrase = ?2"
		    " AND (?3 < 0 OR pos = ?3) ORDER BY id LIMIT 1", &st);
	int rc;

	*id = 0;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, article_id);
	sqlite3_bind_text(stmt, 2, phrase, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, pos);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	glossa_db_release(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "reading the glosses");
	return GLOSSA_OK;
}

glossa_status_t glossa_annotation_add(glossa_db_t *db,
				      glossa_annotation_t *note)
{
	glossa_annotation_t copy;
	glossa_status_t st;
	int64_t twin = 0;
	char *body;

	if (note->kind == GLOSSA_KIND_GLOSS &&
	    (blank(note->phrase) || blank(note->translation))) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "a gloss needs a phrase and a"
				       " translation");
	}
	if (note->kind == GLOSSA_KIND_NOTE && blank(note->note)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "a note needs a text");
	}
	/* A copy: anchoring replaces the context, and note is the caller's. */
	if (glossa_annotation_copy(&copy, note) != GLOSSA_OK)
		return glossa_db_error(db, GLOSSA_NOMEM,
				       "adding a note: out of memory");
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		goto out;
	st = article_body(db, copy.article_id, &body);
	copy.detached = 0;
	/* One gloss of a phrase per article: a second is a mistake (the
	 * user means to change the first), unless it is placed at another
	 * occurrence (a word can mean two things in one article). */
	if (st == GLOSSA_OK && copy.kind == GLOSSA_KIND_GLOSS &&
	    (st = gloss_of(db, copy.article_id, copy.phrase, copy.pos,
			   &twin)) == GLOSSA_OK &&
	    twin) {
		st = glossa_db_error(db, GLOSSA_EXISTS,
				     "already glossed in this article (%lld): "
				     "\xe2\x80\x9c%s\xe2\x80\x9d",
				     (long long)twin, copy.phrase);
	} else if (st == GLOSSA_OK && blank(copy.phrase)) {
		copy.pos = -1;
	} else if (st == GLOSSA_OK && copy.pos < 0) {
		if ((st = glossa_anchor(body, &copy, 0)) != GLOSSA_OK)
			st = glossa_db_error(db, st, "adding a note: %s",
					     glossa_status_to_string(st));
		/* a gloss of a phrase the text does not hold is a typo,
		 * unless the caller asked to keep it (detached) */
		if (st == GLOSSA_OK && copy.pos < 0 && note->detached) {
			copy.detached = 1;
		} else if (st == GLOSSA_OK && copy.pos < 0 &&
			   copy.kind == GLOSSA_KIND_GLOSS) {
			st = glossa_db_error(db, GLOSSA_NOT_FOUND,
					     "\xe2\x80\x9c%s\xe2\x80\x9d is "
					     "not in the article's text",
					     copy.phrase);
		}
	} else if (st == GLOSSA_OK &&
		   (st = glossa_anchor_at(body, &copy, copy.pos))) {
		if (st == GLOSSA_NOT_FOUND)
			st = glossa_db_error(db, GLOSSA_BAD_INPUT,
					     "the phrase is not at position"
					     " %lld", (long long)copy.pos);
		else
			st = glossa_db_error(db, st, "adding a note: %s",
					     glossa_status_to_string(st));
	}
	free(body);
	if (st == GLOSSA_OK)
		st = glossa_annotation_insert(db, &copy, 0);
	if (st == GLOSSA_OK)
		st = glossa_db_refresh_glosses(db, copy.article_id);
	if (st == GLOSSA_OK)
		st = glossa_db_commit(db);
	else
		glossa_db_rollback(db);
	if (st == GLOSSA_OK) {
		note->id = copy.id;
		note->pos = copy.pos;
		note->created = copy.created;
		note->modified = copy.modified;
		note->detached = copy.detached;
	} else if (st == GLOSSA_EXISTS) {
		note->id = twin;
	}
out:
	glossa_annotation_clear(&copy);
	return st;
}

glossa_status_t glossa_annotation_update(glossa_db_t *db,
					 const glossa_annotation_t *note)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int64_t article_id = 0;
	int rc;

	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	if ((st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, note->id, 0))) {
		glossa_db_rollback(db);
		return st;
	}
	/* Changed, it is the user's: importing its file again leaves it
	 * as it is (import.c). A derived reading (?7) in place of none or
	 * of another derived one is no change of the user's: filling one
	 * in keeps the annotation the file's. */
	stmt = glossa_db_prepare(
		db, "UPDATE annotation SET reading = ?2, translation = ?3,"
		    " note = ?4, tags = ?5, modified = ?6,"
		    " from_file = CASE WHEN (reading = ?2 OR (?7 AND"
		    " (reading = '' OR reading_derived))) AND"
		    " translation = ?3 AND note = ?4 AND tags = ?5"
		    " THEN from_file ELSE 0 END, reading_derived = ?7"
		    " WHERE id = ?1 RETURNING article_id", &st);
	if (!stmt) {
		glossa_db_rollback(db);
		return st;
	}
	sqlite3_bind_int64(stmt, 1, note->id);
	sqlite3_bind_text(stmt, 2, note->reading ? note->reading : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, note->translation ? note->translation : "",
			  -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, note->note ? note->note : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, note->tags ? note->tags : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (int64_t)time(NULL));
	sqlite3_bind_int(stmt, 7, derived(note));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		article_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		st = glossa_db_error(db, GLOSSA_NOT_FOUND,
				     "no note with id %lld",
				     (long long)note->id);
	} else if (rc != SQLITE_ROW) {
		st = glossa_db_fail(db, rc, "changing a note");
	} else {
		st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, note->id, 1);
		if (st == GLOSSA_OK)
			st = glossa_db_refresh_glosses(db, article_id);
	}
	if (st == GLOSSA_OK)
		return glossa_db_commit(db);
	glossa_db_rollback(db);
	return st;
}

/* A file's annotation the user deletes stays deleted when the file is
 * imported again (import.c). */
static glossa_status_t remember_gone(glossa_db_t *db, int64_t id)
{
	return glossa_db_run_id(db, "INSERT OR IGNORE INTO annotation_gone"
				    " (article_id, file_sig) SELECT"
				    " article_id, file_sig FROM annotation"
				    " WHERE id = ?1 AND file_sig <> ''",
				id, "deleting a note");
}

glossa_status_t glossa_annotation_delete(glossa_db_t *db, int64_t id)
{
	glossa_annotation_t note;
	glossa_status_t st;

	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	st = glossa_annotation_get(db, id, &note);
	if (st == GLOSSA_OK)
		st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, id, 0);
	if (st == GLOSSA_OK)
		st = remember_gone(db, id);
	if (st == GLOSSA_OK) {
		st = glossa_db_write_id(db,
					"DELETE FROM annotation"
					" WHERE id = ?1 AND ?2",
					id, 1, "deleting a note");
		if (st == GLOSSA_OK)
			st = glossa_db_refresh_glosses(db, note.article_id);
		glossa_annotation_clear(&note);
	}
	if (st == GLOSSA_OK)
		return glossa_db_commit(db);
	glossa_db_rollback(db);
	return st;
}
