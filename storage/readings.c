/*
 * readings.c: the dictionary's readings filled into the archive's glosses
 * that have none (glossa readings --fill).
 *
 * Exports glossa_gloss_reading and glossa_readings_fill of glossa/dict.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "glossa/dict.h"
#include "glossa/text.h"

/*
 * Whether s is Chinese text to read: it holds a Han character (CJK
 * unified ideographs, their extensions and compatibility ideographs)
 * and no kana or hangul (Japanese or Korean: a Mandarin reading of
 * レアアース泥 would be wrong). A Japanese term all in kanji
 * (経済安全保障) cannot be told apart and gets one.
 */
static int chinese(const char *s)
{
	size_t len = strlen(s), k;
	uint32_t cp;
	int han = 0;

	for (size_t i = 0; i < len; i += k ? k : 1) {
		k = glossa_utf8_decode(s + i, len - i, &cp);
		if (!k)
			continue;
		if ((cp >= 0x3040 && cp <= 0x30FF) ||
		    (cp >= 0x31F0 && cp <= 0x31FF) ||
		    (cp >= 0xFF66 && cp <= 0xFF9F) ||
		    (cp >= 0x1100 && cp <= 0x11FF) ||
		    (cp >= 0x3130 && cp <= 0x318F) ||
		    (cp >= 0xAC00 && cp <= 0xD7AF))
			return 0;
		han |= (cp >= 0x3400 && cp <= 0x4DBF) ||
		       (cp >= 0x4E00 && cp <= 0x9FFF) ||
		       (cp >= 0xF900 && cp <= 0xFAFF) ||
		       (cp >= 0x20000 && cp <= 0x3FFFF);
	}
	return han;
}

glossa_status_t glossa_gloss_reading(glossa_dict_t *dict, const char *phrase,
				     char **out)
{
	*out = NULL;
	if (!chinese(phrase))
		return (*out = strdup("")) ? GLOSSA_OK : GLOSSA_NOMEM;
	return glossa_dict_reading(dict, phrase, strlen(phrase), out);
}

/* A gloss without a reading. */
struct bare {
	int64_t id, article_id;
	char *phrase;
};

static void bare_free(struct bare *b, size_t n)
{
	for (size_t i = 0; b && i < n; i++)
		free(b[i].phrase);
	free(b);
}

/* The glosses without a reading, in article order, into *out (*n). */
static glossa_status_t bare_glosses(glossa_db_t *db, struct bare **out,
				    size_t *n)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT id, article_id, phrase FROM annotation"
		    " WHERE kind = 'gloss' AND reading = '' AND phrase <> ''"
		    " ORDER BY article_id, id", &st);
	struct bare *b = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!stmt)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (GLOSSA_GROW(b, cap, len + 1) < 0) {
			st = GLOSSA_NOMEM;
			break;
		}
		b[len].id = sqlite3_column_int64(stmt, 0);
		b[len].article_id = sqlite3_column_int64(stmt, 1);
		if (!(b[len++].phrase = glossa_db_column_text(stmt, 2))) {
			st = GLOSSA_NOMEM;
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (st == GLOSSA_NOMEM)
		st = glossa_db_error(db, st, "filling readings: out of memory");
	else if (rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading the glosses");
	if (st != GLOSSA_OK) {
		bare_free(b, len);
		return st;
	}
	*out = b;
	*n = len;
	return GLOSSA_OK;
}

/* Store reading r as gloss id's derived reading, with its index entry. */
static glossa_status_t set_reading(glossa_db_t *db, int64_t id, const char *r)
{
	glossa_status_t st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, id, 0);
	sqlite3_stmt *stmt;
	int rc;

	if (st != GLOSSA_OK)
		return st;
	/* file_sig, from_file and modified stay: the reading is the
	 * dictionary's, not the user's (schema.c, migration 12) */
	stmt = glossa_db_cached(db, "UPDATE annotation SET reading = ?2,"
				    " reading_derived = 1 WHERE id = ?1", &st);
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, r, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	glossa_db_release(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "filling readings");
	return glossa_fts_notes(db, GLOSSA_FTS_NOTE, id, 1);
}

glossa_status_t glossa_readings_fill(glossa_db_t *db, glossa_dict_t *dict,
				     int64_t *filled)
{
	struct bare *b = NULL;
	size_t n = 0;
	glossa_status_t st;
	int64_t done = 0;
	int touched = 0; /* a reading filled in the current article */

	*filled = 0;
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	if ((st = bare_glosses(db, &b, &n)) != GLOSSA_OK)
		goto fail;
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		char *r = NULL;
		int last = i + 1 == n || b[i + 1].article_id != b[i].article_id;

		if (db->interrupt && db->interrupt(db->interrupt_arg)) {
			st = glossa_db_error(db, GLOSSA_INTERRUPTED,
					     "filling readings interrupted");
			break;
		}
		st = glossa_gloss_reading(dict, b[i].phrase, &r);
		if (st != GLOSSA_OK) {
			st = glossa_db_error(db, st, "filling readings: %s",
					     glossa_dict_errmsg(dict));
			break;
		}
		if (r[0]) {
			st = set_reading(db, b[i].id, r);
			done++;
			touched = 1;
		}
		free(r);
		/* the article's searchable glosses, once its last is done */
		if (st == GLOSSA_OK && last && touched)
			st = glossa_db_refresh_glosses(db, b[i].article_id);
		if (last)
			touched = 0;
	}
	if (st != GLOSSA_OK)
		goto fail;
	bare_free(b, n);
	if ((st = glossa_db_commit(db)) == GLOSSA_OK)
		*filled = done;
	return st;
fail:
	bare_free(b, n);
	glossa_db_rollback(db);
	return st;
}
