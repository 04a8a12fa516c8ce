/*
 * store.c: reading the archive page by page, fetching an article, and
 * adding, changing and removing annotations.
 *
 * Exported: glossa_list, glossa_list_position, glossa_page_clear,
 * glossa_article_get, glossa_article_set_read, glossa_article_delete,
 * glossa_annotations_list, glossa_annotations_free, glossa_glosses_elsewhere,
 * glossa_annotation_get,
 * glossa_annotation_add, glossa_annotation_update,
 * glossa_annotation_delete, and glossa_db_refresh_glosses and
 * glossa_annotation_insert of db.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"

#define ROW_COLUMNS                                                     \
	"a.id, a.date, a.source, a.title, a.read,"                      \
	" (SELECT count(*) FROM annotation n WHERE n.article_id = a.id)"

#define ANNOTATION_COLUMNS                                              \
	"id, article_id, kind, phrase, pos, context_before, context_after," \
	" reading, translation, note, tags, created, modified, detached"

void glossa_page_clear(glossa_page_t *page)
{
	if (!page)
		return;
	for (size_t i = 0; i < page->n; i++) {
		free(page->rows[i].date);
		free(page->rows[i].source);
		free(page->rows[i].title);
		free(page->rows[i].snippet);
		free(page->rows[i].matched_notes);
	}
	free(page->rows);
	page->rows = NULL;
	page->n = 0;
}

/* Read the ROW_COLUMNS of stmt into row. */
static glossa_status_t read_row(sqlite3_stmt *stmt, glossa_row_t *row)
{
	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(stmt, 0);
	row->date = glossa_db_column_text(stmt, 1);
	row->source = glossa_db_column_text(stmt, 2);
	row->title = glossa_db_column_text(stmt, 3);
	row->read = sqlite3_column_int(stmt, 4);
	row->n_notes = sqlite3_column_int(stmt, 5);
	if (!row->date || !row->source || !row->title)
		return GLOSSA_NOMEM;
	return GLOSSA_OK;
}

glossa_status_t glossa_list(glossa_db_t *db, const glossa_key_t *from,
			    int backward, size_t limit, glossa_page_t *page)
{
	static const char *const sql[2][2] = {
		{"SELECT " ROW_COLUMNS " FROM article a"
		 " ORDER BY a.date DESC, a.id DESC LIMIT ?3",
		 "SELECT " ROW_COLUMNS " FROM article a"
		 " WHERE (a.date, a.id) < (?1, ?2)"
		 " ORDER BY a.date DESC, a.id DESC LIMIT ?3"},
		{"SELECT " ROW_COLUMNS " FROM article a"
		 " ORDER BY a.date ASC, a.id ASC LIMIT ?3",
		 "SELECT " ROW_COLUMNS " FROM article a"
		 " WHERE (a.date, a.id) > (?1, ?2)"
		 " ORDER BY a.date ASC, a.id ASC LIMIT ?3"},
	};
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt;
	size_t cap = limit ? limit : 64;
	int rc;

	page->rows = NULL;
	page->n = 0;
	stmt = glossa_db_prepare(db, sql[backward != 0][from != NULL]);
	if (!stmt)
		return db->status;
	if (from) {
		sqlite3_bind_text(stmt, 1, from->date ? from->date : "", -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(stmt, 2, from->id);
	}
	sqlite3_bind_int64(stmt, 3, limit ? (sqlite3_int64)limit : -1);
	if (!(page->rows = calloc(cap, sizeof(*page->rows)))) {
		sqlite3_finalize(stmt);
		return GLOSSA_NOMEM;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (page->n == cap) {
			glossa_row_t *more =
				realloc(page->rows, 2 * cap * sizeof(*more));
			if (!more) {
				st = GLOSSA_NOMEM;
				break;
			}
			page->rows = more;
			cap *= 2;
		}
		st = read_row(stmt, &page->rows[page->n++]);
		if (st != GLOSSA_OK)
			break;
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "listing articles");
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK) {
		glossa_page_clear(page);
		return st;
	}
	if (page->n == 0)
		glossa_page_clear(page);
	if (backward) {
		for (size_t i = 0; i < page->n / 2; i++) {
			glossa_row_t t = page->rows[i];
			page->rows[i] = page->rows[page->n - 1 - i];
			page->rows[page->n - 1 - i] = t;
		}
	}
	return GLOSSA_OK;
}

glossa_status_t glossa_list_position(glossa_db_t *db, int64_t id,
				     int64_t *pos)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT count(*) FROM article a, article b"
		    " WHERE b.id = ?1 AND (a.date, a.id) > (b.date, b.id)"
		    " AND EXISTS (SELECT 1 FROM article WHERE id = ?1)");
	int rc;

	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*pos = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? GLOSSA_OK
				: glossa_db_fail(db, rc, "listing articles");
}

/* Read the ANNOTATION_COLUMNS of stmt into a zeroed note. */
static glossa_status_t read_annotation(sqlite3_stmt *stmt,
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
	if (!note->phrase || !note->context_before || !note->context_after ||
	    !note->reading || !note->translation || !note->note || !note->tags)
		return GLOSSA_NOMEM;
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
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			glossa_annotation_t *more =
				realloc(notes, ncap * sizeof(*more));
			if (!more) {
				st = GLOSSA_NOMEM;
				break;
			}
			notes = more;
			cap = ncap;
		}
		memset(&notes[len], 0, sizeof(notes[len]));
		if ((st = read_annotation(stmt, &notes[len++])) != GLOSSA_OK)
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
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, article_id > 0
			    ? "SELECT " ANNOTATION_COLUMNS " FROM annotation"
			      " WHERE article_id = ?1 ORDER BY pos, id"
			    : "SELECT " ANNOTATION_COLUMNS " FROM annotation"
			      " ORDER BY article_id, pos, id");

	*out = NULL;
	*n = 0;
	if (!stmt)
		return db->status;
	if (article_id > 0)
		sqlite3_bind_int64(stmt, 1, article_id);
	return read_annotations(db, stmt, out, n);
}

/*
 * The phrases of glosses elsewhere, as a byte trie whose edges live in one
 * open-addressing hash table; best[node] is the latest gloss id of the
 * phrase ending at node (0: none; negated once the body contains it).
 */
struct ptrie {
	uint64_t *key; /* (node << 8 | byte) + 1; 0: an empty slot */
	uint32_t *child;
	size_t mask, nedges;
	int64_t *best;
	size_t nnodes, nodecap;
};

static size_t ptrie_slot(const struct ptrie *t, uint64_t key)
{
	size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & t->mask;

	while (t->key[h] && t->key[h] != key)
		h = (h + 1) & t->mask;
	return h;
}

static uint32_t ptrie_next(const struct ptrie *t, uint32_t node,
			   unsigned char c)
{
	size_t h = ptrie_slot(t, ((uint64_t)node << 8 | c) + 1);

	return t->key[h] ? t->child[h] : 0;
}

static int ptrie_grow(struct ptrie *t)
{
	struct ptrie n = *t;
	size_t cap = t->mask ? 2 * (t->mask + 1) : 1024;

	n.key = calloc(cap, sizeof(*n.key));
	n.child = malloc(cap * sizeof(*n.child));
	if (!n.key || !n.child) {
		free(n.key);
		free(n.child);
		return -1;
	}
	n.mask = cap - 1;
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		if (t->key[i]) {
			size_t h = ptrie_slot(&n, t->key[i]);
			n.key[h] = t->key[i];
			n.child[h] = t->child[i];
		}
	}
	free(t->key);
	free(t->child);
	*t = n;
	return 0;
}

/* Add a phrase with its gloss id, keeping the largest id per phrase. */
static int ptrie_add(struct ptrie *t, const unsigned char *s, size_t len,
		     int64_t id)
{
	uint32_t node = 0;

	for (size_t i = 0; i < len; i++) {
		uint64_t key = ((uint64_t)node << 8 | s[i]) + 1;
		size_t h;

		if (2 * (t->nedges + 1) > t->mask + 1 && ptrie_grow(t))
			return -1;
		h = ptrie_slot(t, key);
		if (!t->key[h]) {
			if (t->nnodes == t->nodecap) {
				size_t cap = 2 * t->nodecap;
				int64_t *b = realloc(t->best, cap * sizeof(*b));
				if (!b)
					return -1;
				t->best = b;
				t->nodecap = cap;
			}
			t->best[t->nnodes] = 0;
			t->key[h] = key;
			t->child[h] = (uint32_t)t->nnodes++;
			t->nedges++;
		}
		node = t->child[h];
	}
	if (id > t->best[node])
		t->best[node] = id;
	return 0;
}

static int cmp_phrase(const void *a, const void *b)
{
	return strcmp(((const glossa_annotation_t *)a)->phrase,
		      ((const glossa_annotation_t *)b)->phrase);
}

/*
 * One pass over the glosses of other articles builds the trie of their
 * phrases, one walk down it from each byte of the body finds those that
 * occur (linear in the body times the longest phrase, where instr() for
 * every gloss was the body times the number of glosses), and the matched
 * glosses are then read by id.
 */
glossa_status_t glossa_glosses_elsewhere(glossa_db_t *db, int64_t article_id,
					 glossa_annotation_t **out, size_t *n)
{
	struct ptrie t = {0};
	glossa_annotation_t *notes = NULL;
	glossa_status_t st = GLOSSA_OK;
	const unsigned char *body;
	sqlite3_stmt *bstmt = NULL, *stmt = NULL;
	size_t blen, len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	bstmt = glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?");
	if (!bstmt)
		return db->status;
	sqlite3_bind_int64(bstmt, 1, article_id);
	rc = sqlite3_step(bstmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(bstmt);
		return rc == SQLITE_DONE ? GLOSSA_OK
					 : glossa_db_fail(db, rc, "reading an article");
	}
	body = sqlite3_column_text(bstmt, 0);
	blen = (size_t)sqlite3_column_bytes(bstmt, 0);
	stmt = glossa_db_prepare(
		db, "SELECT id, phrase FROM annotation WHERE kind = 'gloss'"
		    " AND article_id <> ?1 AND phrase <> ''"
		    " AND length(CAST(phrase AS BLOB)) <= ?2");
	t.best = malloc(64 * sizeof(*t.best));
	if (!stmt || !t.best || !body) {
		st = !stmt ? db->status : GLOSSA_NOMEM;
		goto out;
	}
	t.best[0] = 0;
	t.nnodes = 1;
	t.nodecap = 64;
	sqlite3_bind_int64(stmt, 1, article_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)blen);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_text(stmt, 1);
		if (!p || ptrie_add(&t, p, (size_t)sqlite3_column_bytes(stmt, 1),
				    sqlite3_column_int64(stmt, 0))) {
			st = GLOSSA_NOMEM;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		st = glossa_db_fail(db, rc, "reading glosses");
		goto out;
	}
	for (size_t i = 0; i < blen && t.nedges; i++) {
		uint32_t node = 0;
		for (size_t j = i; j < blen; j++) {
			if (!(node = ptrie_next(&t, node, body[j])))
				break;
			if (t.best[node] > 0)
				t.best[node] = -t.best[node];
		}
	}
	sqlite3_finalize(stmt);
	stmt = glossa_db_prepare(
		db, "SELECT " ANNOTATION_COLUMNS " FROM annotation WHERE id = ?");
	if (!stmt) {
		st = db->status;
		goto out;
	}
	for (size_t k = 1; k < t.nnodes; k++) {
		if (t.best[k] >= 0)
			continue;
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			glossa_annotation_t *more =
				realloc(notes, ncap * sizeof(*more));
			if (!more) {
				st = GLOSSA_NOMEM;
				goto out;
			}
			notes = more;
			cap = ncap;
		}
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, -t.best[k]);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			st = glossa_db_fail(db, rc == SQLITE_DONE ? SQLITE_CORRUPT
								  : rc,
					    "reading a gloss");
			goto out;
		}
		memset(&notes[len], 0, sizeof(notes[len]));
		if ((st = read_annotation(stmt, &notes[len++])) != GLOSSA_OK)
			goto out;
	}
	if (len)
		qsort(notes, len, sizeof(*notes), cmp_phrase);
out:
	sqlite3_finalize(stmt);
	sqlite3_finalize(bstmt);
	free(t.key);
	free(t.child);
	free(t.best);
	if (st != GLOSSA_OK) {
		glossa_annotations_free(notes, len);
		return st;
	}
	*out = notes;
	*n = len;
	return GLOSSA_OK;
}

glossa_status_t glossa_annotation_get(glossa_db_t *db, int64_t id,
				      glossa_annotation_t *out)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT " ANNOTATION_COLUMNS " FROM annotation WHERE id = ?");
	glossa_status_t st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st = read_annotation(stmt, out);
		if (st != GLOSSA_OK)
			glossa_annotation_clear(out);
	} else if (rc == SQLITE_DONE) {
		glossa_db_set_error(db, "no note with id %lld", (long long)id);
		st = GLOSSA_NOT_FOUND;
	} else {
		st = glossa_db_fail(db, rc, "reading a note");
	}
	sqlite3_finalize(stmt);
	return st;
}

/* The extra header fields of an article. */
static glossa_status_t read_fields(glossa_db_t *db, glossa_article_t *a)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT name, value FROM article_field"
		    " WHERE article_id = ? ORDER BY seq");
	glossa_status_t st = GLOSSA_OK;
	size_t cap = 0;
	int rc;

	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, a->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (a->n_extra == cap) {
			size_t ncap = cap ? 2 * cap : 4;
			glossa_field_t *more =
				realloc(a->extra, ncap * sizeof(*more));
			if (!more) {
				st = GLOSSA_NOMEM;
				break;
			}
			a->extra = more;
			cap = ncap;
		}
		glossa_field_t *f = &a->extra[a->n_extra++];
		f->name = glossa_db_column_text(stmt, 0);
		f->value = glossa_db_column_text(stmt, 1);
		if (!f->name || !f->value) {
			st = GLOSSA_NOMEM;
			break;
		}
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading an article");
	sqlite3_finalize(stmt);
	return st;
}

glossa_status_t glossa_article_get(glossa_db_t *db, int64_t id,
				   glossa_article_t **out)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT id, title, source, author, url, date, language,"
		    " tags, body, encoding, origin, imported, read"
		    " FROM article WHERE id = ?");
	glossa_article_t *a;
	glossa_status_t st;
	int rc;

	*out = NULL;
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE) {
			glossa_db_set_error(db, "no article with id %lld",
					    (long long)id);
			return GLOSSA_NOT_FOUND;
		}
		return glossa_db_fail(db, rc, "reading an article");
	}
	if (!(a = calloc(1, sizeof(*a)))) {
		sqlite3_finalize(stmt);
		return GLOSSA_NOMEM;
	}
	a->id = sqlite3_column_int64(stmt, 0);
	a->title = glossa_db_column_text(stmt, 1);
	a->source = glossa_db_column_text(stmt, 2);
	a->author = glossa_db_column_text(stmt, 3);
	a->url = glossa_db_column_text(stmt, 4);
	a->date = glossa_db_column_text(stmt, 5);
	a->language = glossa_db_column_text(stmt, 6);
	a->tags = glossa_db_column_text(stmt, 7);
	a->body = glossa_db_column_text(stmt, 8);
	a->encoding = glossa_db_column_text(stmt, 9);
	a->origin = glossa_db_column_text(stmt, 10);
	a->imported = sqlite3_column_int64(stmt, 11);
	a->read = sqlite3_column_int(stmt, 12);
	sqlite3_finalize(stmt);
	st = GLOSSA_OK;
	if (!a->title || !a->source || !a->author || !a->url || !a->date ||
	    !a->language || !a->tags || !a->body || !a->encoding || !a->origin)
		st = GLOSSA_NOMEM;
	if (st == GLOSSA_OK)
		st = read_fields(db, a);
	if (st == GLOSSA_OK)
		st = glossa_annotations_list(db, id, &a->notes, &a->n_notes);
	if (st != GLOSSA_OK) {
		glossa_article_free(a);
		return st;
	}
	*out = a;
	return GLOSSA_OK;
}

/* Run a one-statement write bound to an id and an integer; NOT_FOUND when
 * no row changed. */
static glossa_status_t write_by_id(glossa_db_t *db, const char *sql,
				   int64_t id, int64_t value,
				   const char *what)
{
	sqlite3_stmt *stmt;
	int rc;

	if (db->readonly) {
		glossa_db_set_error(db, "the archive %s is open read-only",
				    db->path);
		return GLOSSA_READONLY;
	}
	if (!(stmt = glossa_db_prepare(db, sql)))
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, value);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, what);
	if (sqlite3_changes(db->sql) == 0) {
		glossa_db_set_error(db, "%s: no such id %lld", what,
				    (long long)id);
		return GLOSSA_NOT_FOUND;
	}
	return GLOSSA_OK;
}

glossa_status_t glossa_article_set_read(glossa_db_t *db, int64_t id,
					int read)
{
	return write_by_id(db, "UPDATE article SET read = ?2 WHERE id = ?1",
			   id, read != 0, "marking an article");
}

glossa_status_t glossa_article_delete(glossa_db_t *db, int64_t id)
{
	glossa_status_t st = glossa_db_begin(db);

	if (st != GLOSSA_OK)
		return st;
	st = glossa_fts_notes(db, GLOSSA_FTS_ARTICLE_NOTES, id, 0);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 0);
	if (st == GLOSSA_OK)
		st = write_by_id(db, "DELETE FROM article WHERE id = ?1 AND ?2",
				 id, 1, "deleting an article");
	if (st == GLOSSA_OK)
		return glossa_db_commit(db);
	glossa_db_rollback(db);
	return st;
}

glossa_status_t glossa_db_refresh_glosses(glossa_db_t *db, int64_t id)
{
	glossa_status_t st = glossa_fts_article(db, id, 0);

	if (st == GLOSSA_OK)
		st = write_by_id(db,
				 "UPDATE article SET glosses = " GLOSSES_OF("?1")
				 " WHERE id = ?1 AND ?2",
				 id, 1, "indexing notes");
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 1);
	return st;
}

/* The body of an article, allocated. */
static glossa_status_t article_body(glossa_db_t *db, int64_t id, char **body)
{
	sqlite3_stmt *stmt =
		glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?");
	int rc;

	*body = NULL;
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*body = glossa_db_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		glossa_db_set_error(db, "no article with id %lld",
				    (long long)id);
		return GLOSSA_NOT_FOUND;
	}
	if (rc != SQLITE_ROW)
		return glossa_db_fail(db, rc, "reading an article");
	return *body ? GLOSSA_OK : GLOSSA_NOMEM;
}

glossa_status_t glossa_annotation_insert(glossa_db_t *db,
					 glossa_annotation_t *note,
					 int from_file)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "INSERT INTO annotation (article_id, kind, phrase, pos,"
		    " context_before, context_after, reading, translation,"
		    " note, tags, from_file, created, modified, detached)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	const char *texts[] = {note->phrase,	  note->context_before,
			       note->context_after, note->reading,
			       note->translation,   note->note,
			       note->tags};
	int rc;

	if (!stmt)
		return db->status;
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
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "storing a note");
	note->id = sqlite3_last_insert_rowid(db->sql);
	return glossa_fts_notes(db, GLOSSA_FTS_NOTE, note->id, 1);
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

glossa_status_t glossa_annotation_add(glossa_db_t *db,
				      glossa_annotation_t *note)
{
	glossa_annotation_t copy;
	glossa_status_t st;
	char *body;

	if (note->kind == GLOSSA_KIND_GLOSS &&
	    (blank(note->phrase) || blank(note->translation))) {
		glossa_db_set_error(db,
				    "a gloss needs a phrase and a translation");
		return GLOSSA_BAD_INPUT;
	}
	if (note->kind == GLOSSA_KIND_NOTE && blank(note->note)) {
		glossa_db_set_error(db, "a note needs a text");
		return GLOSSA_BAD_INPUT;
	}
	/* A copy: anchoring replaces the context, and note is the caller's. */
	if (glossa_annotation_copy(&copy, note) != GLOSSA_OK)
		return GLOSSA_NOMEM;
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		goto out;
	st = article_body(db, copy.article_id, &body);
	copy.detached = 0;
	if (st == GLOSSA_OK && blank(copy.phrase)) {
		copy.pos = -1;
	} else if (st == GLOSSA_OK && copy.pos < 0) {
		st = glossa_anchor(body, &copy, 0);
	} else if (st == GLOSSA_OK &&
		   glossa_anchor_at(body, &copy, copy.pos) != GLOSSA_OK) {
		glossa_db_set_error(db, "the phrase is not at position %lld",
				    (long long)copy.pos);
		st = GLOSSA_BAD_INPUT;
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
	stmt = glossa_db_prepare(
		db, "UPDATE annotation SET reading = ?2, translation = ?3,"
		    " note = ?4, tags = ?5, modified = ?6 WHERE id = ?1"
		    " RETURNING article_id");
	if (!stmt) {
		glossa_db_rollback(db);
		return db->status;
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
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		article_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE) {
		glossa_db_set_error(db, "no note with id %lld",
				    (long long)note->id);
		st = GLOSSA_NOT_FOUND;
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

glossa_status_t glossa_annotation_delete(glossa_db_t *db, int64_t id)
{
	glossa_annotation_t note;
	glossa_status_t st;

	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	st = glossa_annotation_get(db, id, &note);
	if (st == GLOSSA_OK)
		st = glossa_fts_notes(db, GLOSSA_FTS_NOTE, id, 0);
	if (st == GLOSSA_OK) {
		st = write_by_id(db,
				 "DELETE FROM annotation WHERE id = ?1 AND ?2",
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

void glossa_gloss_cache_free(struct glossa_gloss_cache *cache)
{
	(void)cache; /* no cache yet */
}
