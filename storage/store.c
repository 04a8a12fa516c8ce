/*
 * store.c: reading the archive page by page, fetching an article, and
 * adding, changing and removing annotations.
 *
 * Exported: glossa_list, glossa_list_position, glossa_page_clear,
 * glossa_article_get, glossa_article_set_read, glossa_article_delete,
 * glossa_annotations_list, glossa_annotations_free, glossa_glosses_elsewhere,
 * glossa_annotation_get,
 * glossa_annotation_add, glossa_annotation_update,
 * glossa_annotation_delete, and glossa_db_refresh_glosses,
 * glossa_annotation_insert and glossa_gloss_cache_free of db.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
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
 * The phrases glossed in the archive, kept on the handle for
 * glossa_glosses_elsewhere() until the annotations change: the update hook
 * counts this handle's changes to the annotation table, PRAGMA
 * data_version tells the commits of other connections.
 *
 * They form a byte trie laid out breadth first, so that the children of
 * node v are the nodes first[v] .. first[v + 1] - 1, in the order of their
 * labels (the byte leading to each). A node whose subtree holds a single
 * phrase is a leaf, which keeps the rest of the phrase as its tail. The
 * nodes where a phrase ends have their bit set in term; the k-th of them
 * has record k in rec: varints for the length of the tail, then the tail,
 * the id of the phrase's newest gloss and the id of the newest gloss of
 * another article than that one's (0: none). Record k starts k % REC_STEP
 * records after rec + sample[k / REC_STEP]. For the 390 000 phrases of
 * the bench's archive of 1M articles this takes 6 MB, where the hash
 * table with a node for each byte that was built at each call took 90 MB.
 * The update hook is the handle's only one.
 */
#define REC_STEP 8

struct glossa_gloss_cache {
	int64_t changes;       /* rows of annotation changed on this handle */
	int64_t built_changes; /* changes when the trie was built */
	int64_t built_version; /* PRAGMA data_version then */
	int built;             /* 0: the trie is to be built before use */
	size_t nnodes, nphrases;
	unsigned char *label;
	uint32_t *first;
	uint64_t *term;
	uint32_t *rank; /* phrases ending before each word of term */
	unsigned char *rec;
	uint32_t *sample;
	uint32_t root[256]; /* the root's children by label; 0: none */
};

static void trie_clear(struct glossa_gloss_cache *c)
{
	free(c->label);
	free(c->first);
	free(c->term);
	free(c->rank);
	free(c->rec);
	free(c->sample);
	c->label = c->rec = NULL;
	c->first = c->rank = NULL;
	c->term = NULL;
	c->sample = NULL;
	c->nnodes = c->nphrases = 0;
	c->built = 0;
	memset(c->root, 0, sizeof(c->root));
}

void glossa_gloss_cache_free(struct glossa_gloss_cache *cache)
{
	if (!cache)
		return;
	trie_clear(cache);
	free(cache);
}

/* The update hook: count the changes to the annotation table. */
static void gloss_changed(void *arg, int op, const char *dbname,
			  const char *table, sqlite3_int64 rowid)
{
	struct glossa_gloss_cache *c = arg;

	(void)op;
	(void)dbname;
	(void)rowid;
	if (strcmp(table, "annotation") == 0)
		c->changes++;
}

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static void buf_varint(struct glossa_buf *b, uint64_t v)
{
	unsigned char s[10];

	glossa_buf_add(b, (const char *)s, (size_t)(put_varint(s, v) - s));
}

static const unsigned char *get_varint(const unsigned char *p, uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;

	while (*p & 0x80) {
		x |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = x | (uint64_t)*p++ << shift;
	return p;
}

/* p (capacity *cap elements of size bytes) with room for n elements; NULL
 * if out of memory, p left as it was. */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 1024;

	if (n <= *cap)
		return p;
	while (c < n)
		c *= 2;
	if (c > SIZE_MAX / size || !(p = realloc(p, c * size)))
		return NULL;
	*cap = c;
	return p;
}

/*
 * The distinct gloss phrases in byte order, while the trie is built:
 * phrase i is at blob.s + off[i] as varints for its length, then its
 * bytes, its newest gloss id and the other article's (as in the records).
 */
struct phrases {
	struct glossa_buf blob;
	uint32_t *off;
	size_t n, cap;
};

static const unsigned char *phrase_at(const struct phrases *ps, size_t i,
				      size_t *len)
{
	uint64_t l;
	const unsigned char *p =
		get_varint((const unsigned char *)ps->blob.s + ps->off[i], &l);

	*len = (size_t)l;
	return p;
}

/* Read every gloss phrase of positive id with its two ids into ps. */
static glossa_status_t read_phrases(glossa_db_t *db, struct phrases *ps)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT CAST(phrase AS BLOB) AS p, id, article_id"
		    " FROM annotation WHERE kind = 'gloss' AND id > 0"
		    " ORDER BY phrase, id DESC"); /* index annotation_phrase */
	const unsigned char *last = NULL;
	uint32_t *off;
	size_t lastlen = 0;
	int64_t article = 0, id2 = 0, id1 = 0;
	glossa_status_t st = GLOSSA_OK;
	int rc;

	if (!stmt)
		return db->status;
	/* rows of one phrase: the first has the newest id, the first of
	 * another article the newest id elsewhere */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(stmt, 0);
		size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
		int64_t id = sqlite3_column_int64(stmt, 1);
		int64_t art = sqlite3_column_int64(stmt, 2);

		if (!len)
			continue;
		if (!p) {
			st = GLOSSA_NOMEM;
			break;
		}
		if (last && len == lastlen && !memcmp(p, last, len)) {
			if (!id2 && art != article)
				id2 = id;
			continue;
		}
		if (last) {
			buf_varint(&ps->blob, (uint64_t)id1);
			buf_varint(&ps->blob, (uint64_t)id2);
		}
		off = grow(ps->off, &ps->cap, ps->n + 1, sizeof(*ps->off));
		if (!off || ps->blob.len > UINT32_MAX) {
			st = GLOSSA_NOMEM;
			break;
		}
		ps->off = off;
		ps->off[ps->n++] = (uint32_t)ps->blob.len;
		buf_varint(&ps->blob, len);
		glossa_buf_add(&ps->blob, (const char *)p, len);
		if (ps->blob.nomem) {
			st = GLOSSA_NOMEM;
			break;
		}
		last = (const unsigned char *)ps->blob.s + ps->blob.len - len;
		lastlen = len;
		id1 = id;
		article = art;
		id2 = 0;
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading glosses");
	sqlite3_finalize(stmt);
	if (st == GLOSSA_OK && last) {
		buf_varint(&ps->blob, (uint64_t)id1);
		buf_varint(&ps->blob, (uint64_t)id2);
	}
	if (st == GLOSSA_OK && ps->blob.nomem)
		st = GLOSSA_NOMEM;
	if (st == GLOSSA_OK && ps->blob.s) {
		/* give back what the doubling left over, while the trie is
		 * built beside it */
		char *s = realloc(ps->blob.s, ps->blob.len + 1);
		if (s) {
			ps->blob.s = s;
			ps->blob.cap = ps->blob.len + 1;
		}
	}
	return st;
}

static const unsigned char *skip_varint(const unsigned char *p)
{
	while (*p++ & 0x80)
		;
	return p;
}

static size_t varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static size_t common_prefix(const unsigned char *a, size_t alen,
			    const unsigned char *b, size_t blen)
{
	size_t i = 0;

	while (i < alen && i < blen && a[i] == b[i])
		i++;
	return i;
}

/*
 * How long the trie of ps will be: the nodes other than the root are the
 * prefixes that two phrases share (those of the common prefix of two
 * neighbours in byte order), and a leaf for each phrase that is not one
 * of them, where its tail starts after the longer of its common prefixes
 * with its two neighbours. Also the bytes of the records.
 */
static void trie_size(const struct phrases *ps, size_t *nodes, size_t *bytes)
{
	size_t before = 0;

	*nodes = 1;
	*bytes = 0;
	for (size_t i = 0; i < ps->n; i++) {
		size_t len, nextlen, after = 0, deepest;
		const unsigned char *p = phrase_at(ps, i, &len);

		if (i + 1 < ps->n) {
			const unsigned char *next =
				phrase_at(ps, i + 1, &nextlen);
			after = common_prefix(p, len, next, nextlen);
		}
		if (after > before)
			*nodes += after - before;
		deepest = after > before ? after : before;
		if (len > deepest) {
			*nodes += 1;
			*bytes += varint_len(len - deepest - 1) + len - deepest - 1;
		} else {
			*bytes += 1;
		}
		/* the two ids, as they are in ps */
		*bytes += (size_t)(skip_varint(skip_varint(p + len)) - (p + len));
		before = after;
	}
}

/* Make phrase i of ps end at node v, with the bytes from depth on as its
 * tail; *reclen is the length of c->rec so far. */
static void trie_end(struct glossa_gloss_cache *c, const struct phrases *ps,
		     size_t i, size_t v, size_t depth, size_t *reclen)
{
	size_t len;
	const unsigned char *p = phrase_at(ps, i, &len);
	const unsigned char *ids = p + len;
	size_t idlen = (size_t)(skip_varint(skip_varint(ids)) - ids);
	unsigned char *out = c->rec + *reclen;

	c->term[v / 64] |= (uint64_t)1 << (v % 64);
	if (c->nphrases % REC_STEP == 0)
		c->sample[c->nphrases / REC_STEP] = (uint32_t)*reclen;
	c->nphrases++;
	out = put_varint(out, len - depth);
	memcpy(out, p + depth, len - depth);
	memcpy(out + len - depth, ids, idlen);
	*reclen = (size_t)(out - c->rec) + len - depth + idlen;
}

/*
 * Build the trie of ps (distinct phrases in byte order) into c, level by
 * level: the phrases below node v are a run of ps, split among its
 * children by their byte at v's depth.
 */
static glossa_status_t trie_build(struct glossa_gloss_cache *c,
				  const struct phrases *ps)
{
	size_t nodes, bytes, words, depth = 0, level_end = 1, reclen = 0;
	size_t total = 0;
	uint32_t *end;

	trie_size(ps, &nodes, &bytes);
	if (nodes >= UINT32_MAX || bytes > UINT32_MAX)
		return GLOSSA_NOMEM;
	words = nodes / 64 + 1;
	c->label = malloc(nodes);
	c->first = malloc((nodes + 1) * sizeof(*c->first));
	c->term = calloc(words, sizeof(*c->term));
	c->rank = malloc(words * sizeof(*c->rank));
	c->rec = malloc(bytes ? bytes : 1);
	c->sample = malloc((ps->n / REC_STEP + 1) * sizeof(*c->sample));
	/* the end of the run of each node; first[v] holds its start until
	 * v's turn comes */
	end = malloc(nodes * sizeof(*end));
	if (!c->label || !c->first || !c->term || !c->rank || !c->rec ||
	    !c->sample || !end) {
		free(end);
		return GLOSSA_NOMEM;
	}
	c->label[0] = 0;
	c->first[0] = 0;
	end[0] = (uint32_t)ps->n;
	c->nnodes = 1;
	for (size_t v = 0; v < c->nnodes; v++) {
		size_t a = c->first[v], b = end[v], len;

		if (v == level_end) {
			depth++;
			level_end = c->nnodes;
		}
		c->first[v] = (uint32_t)c->nnodes;
		if (v && b - a == 1) {
			trie_end(c, ps, a, v, depth, &reclen);
			continue;
		}
		if (a < b && (phrase_at(ps, a, &len), len == depth))
			trie_end(c, ps, a++, v, depth, &reclen);
		while (a < b) {
			unsigned char ch = phrase_at(ps, a, &len)[depth];
			size_t j = a + 1;

			while (j < b && phrase_at(ps, j, &len)[depth] == ch)
				j++;
			if (c->nnodes == nodes) {
				free(end);
				return GLOSSA_ERROR;
			}
			c->label[c->nnodes] = ch;
			c->first[c->nnodes] = (uint32_t)a;
			end[c->nnodes++] = (uint32_t)j;
			a = j;
		}
	}
	free(end);
	c->first[c->nnodes] = (uint32_t)c->nnodes;
	for (size_t v = c->first[0]; v < c->first[1]; v++)
		c->root[c->label[v]] = (uint32_t)v;
	for (size_t w = 0; w < words; w++) {
		c->rank[w] = (uint32_t)total;
		total += (size_t)__builtin_popcountll(c->term[w]);
	}
	return GLOSSA_OK;
}

/* Phrase k's record: its tail (*len bytes), followed by its two ids. */
static const unsigned char *trie_record(const struct glossa_gloss_cache *c,
					size_t k, size_t *len)
{
	const unsigned char *p = c->rec + c->sample[k / REC_STEP];
	uint64_t l;

	for (size_t i = k % REC_STEP; i > 0; i--) {
		p = get_varint(p, &l);
		p = skip_varint(skip_varint(p + l));
	}
	p = get_varint(p, &l);
	*len = (size_t)l;
	return p;
}

/* Bring db->gloss_cache up to date with the annotation table. */
static glossa_status_t gloss_cache_update(glossa_db_t *db)
{
	struct glossa_gloss_cache *c = db->gloss_cache;
	struct phrases ps = {0};
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int64_t version;
	int rc;

	if (!c) {
		if (!(c = calloc(1, sizeof(*c))))
			return GLOSSA_NOMEM;
		db->gloss_cache = c;
		sqlite3_update_hook(db->sql, gloss_changed, c);
	}
	if (!(stmt = glossa_db_prepare(db, "PRAGMA data_version")))
		return db->status;
	rc = sqlite3_step(stmt);
	version = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return glossa_db_fail(db, rc, "reading glosses");
	if (c->built && c->built_changes == c->changes &&
	    c->built_version == version)
		return GLOSSA_OK;
	trie_clear(c);
	c->built_changes = c->changes;
	c->built_version = version;
	st = read_phrases(db, &ps);
	if (st == GLOSSA_OK)
		st = trie_build(c, &ps);
	free(ps.blob.s);
	free(ps.off);
	if (st != GLOSSA_OK) {
		trie_clear(c);
		return st;
	}
	/* inside a transaction, what was read may yet be rolled back, which
	 * the update hook does not tell */
	c->built = sqlite3_get_autocommit(db->sql) != 0;
	return GLOSSA_OK;
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Append v to the array *a of *n elements (capacity *cap). */
static int push_id(int64_t **a, size_t *n, size_t *cap, int64_t v)
{
	int64_t *m = grow(*a, cap, *n + 1, sizeof(*m));

	if (!m)
		return -1;
	m[(*n)++] = v;
	*a = m;
	return 0;
}

/* The ids of the annotations of an article, sorted. */
static glossa_status_t article_notes(glossa_db_t *db, int64_t article_id,
				     int64_t **ids, size_t *n)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT id FROM annotation WHERE article_id = ?1");
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, article_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (push_id(ids, n, &cap, sqlite3_column_int64(stmt, 0))) {
			sqlite3_finalize(stmt);
			return GLOSSA_NOMEM;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "reading annotations");
	if (*n)
		qsort(*ids, *n, sizeof(**ids), cmp_int64);
	return GLOSSA_OK;
}

/* Is phrase k of c, whose node is d bytes into body[i..], all there? */
static int phrase_at_body(const struct glossa_gloss_cache *c, size_t k,
			  const unsigned char *body, size_t blen, size_t i,
			  size_t d, const unsigned char **ids)
{
	size_t tlen;
	const unsigned char *tail = trie_record(c, k, &tlen);

	*ids = tail + tlen;
	return tlen <= blen - i - d && !memcmp(tail, body + i + d, tlen);
}

/* Keep the id at p (of a phrase found), that of the newest gloss of the
 * phrase, or where that is one of own (sorted) the next one's at p. */
static int keep_id(const unsigned char *p, const int64_t *own, size_t nown,
		   int64_t **ids, size_t *n, size_t *cap)
{
	uint64_t id, other;

	get_varint(get_varint(p, &id), &other);
	if (nown && bsearch(&id, own, nown, sizeof(*own), cmp_int64))
		id = other;
	return id ? push_id(ids, n, cap, (int64_t)id) : 0;
}

/*
 * The newest gloss, in another article than the one whose annotations
 * are own, of each phrase of c that occurs in body: one walk down the
 * trie from each byte of the body (the body times the longest phrase at
 * most).
 */
static glossa_status_t find_phrases(const struct glossa_gloss_cache *c,
				    const unsigned char *body, size_t blen,
				    const int64_t *own, size_t nown,
				    int64_t **ids, size_t *n)
{
	uint64_t *seen = calloc(c->nphrases / 64 + 1, sizeof(*seen));
	size_t cap = 0;

	*ids = NULL;
	*n = 0;
	if (!seen)
		return GLOSSA_NOMEM;
	for (size_t i = 0; i < blen; i++) {
		size_t v = c->root[body[i]], d = 1; /* 0: no such node */

		while (v) {
			uint64_t word = c->term[v / 64], bit = 1ull << (v % 64);
			const unsigned char *hit, *p;
			size_t k, a, b;

			if (word & bit) {
				k = c->rank[v / 64] + (size_t)__builtin_popcountll(
							      word & (bit - 1));
				if (!(seen[k / 64] >> (k % 64) & 1) &&
				    phrase_at_body(c, k, body, blen, i, d, &p)) {
					seen[k / 64] |= 1ull << (k % 64);
					if (keep_id(p, own, nown, ids, n, &cap))
						goto nomem;
				}
			}
			if (i + d == blen)
				break;
			a = c->first[v];
			b = c->first[v + 1];
			hit = memchr(c->label + a, body[i + d], b - a);
			v = hit ? (size_t)(hit - c->label) : 0;
			d++;
		}
	}
	free(seen);
	return GLOSSA_OK;
nomem:
	free(seen);
	return GLOSSA_NOMEM;
}

static int cmp_phrase(const void *a, const void *b)
{
	return strcmp(((const glossa_annotation_t *)a)->phrase,
		      ((const glossa_annotation_t *)b)->phrase);
}

/* The annotations with these ids (sorted), into a new array. */
static glossa_status_t read_by_id(glossa_db_t *db, const int64_t *ids,
				  size_t nids, glossa_annotation_t **out,
				  size_t *n)
{
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT " ANNOTATION_COLUMNS " FROM annotation WHERE id = ?");
	glossa_annotation_t *notes = calloc(nids, sizeof(*notes));
	glossa_status_t st = GLOSSA_OK;
	size_t len = 0;
	int rc;

	if (!stmt || !notes) {
		st = stmt ? GLOSSA_NOMEM : db->status;
		goto out;
	}
	for (; len < nids; len++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, ids[len]);
		rc = sqlite3_step(stmt);
		if (rc != SQLITE_ROW) {
			st = glossa_db_fail(db, rc == SQLITE_DONE ? SQLITE_CORRUPT
								  : rc,
					    "reading a gloss");
			goto out;
		}
		if ((st = read_annotation(stmt, &notes[len])) != GLOSSA_OK) {
			len++;
			goto out;
		}
	}
out:
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK) {
		glossa_annotations_free(notes, len);
		return st;
	}
	*out = notes;
	*n = len;
	return GLOSSA_OK;
}

/*
 * The phrases come from the trie of every gloss of the archive, kept on
 * the handle (above); the article's own glosses are left out by taking
 * the newest gloss of another article where the newest is its own. The
 * body's statement stays open to the end, so that all is read in one
 * transaction (one snapshot, and one lock instead of one a statement).
 */
glossa_status_t glossa_glosses_elsewhere(glossa_db_t *db, int64_t article_id,
					 glossa_annotation_t **out, size_t *n)
{
	glossa_annotation_t *notes = NULL;
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int64_t *own = NULL, *ids = NULL;
	size_t nown = 0, nids = 0, len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	stmt = glossa_db_prepare(db, "SELECT body FROM article WHERE id = ?");
	if (!stmt)
		return db->status;
	sqlite3_bind_int64(stmt, 1, article_id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return rc == SQLITE_DONE
			       ? GLOSSA_OK
			       : glossa_db_fail(db, rc, "reading an article");
	}
	st = gloss_cache_update(db);
	if (st == GLOSSA_OK)
		st = article_notes(db, article_id, &own, &nown);
	if (st == GLOSSA_OK) {
		const unsigned char *body = sqlite3_column_text(stmt, 0);
		size_t blen = (size_t)sqlite3_column_bytes(stmt, 0);

		st = body ? find_phrases(db->gloss_cache, body, blen, own,
					 nown, &ids, &nids)
			  : GLOSSA_NOMEM;
	}
	if (st == GLOSSA_OK && nids) {
		qsort(ids, nids, sizeof(*ids), cmp_int64);
		st = read_by_id(db, ids, nids, &notes, &len);
	}
	sqlite3_finalize(stmt);
	free(own);
	free(ids);
	if (st != GLOSSA_OK)
		return st;
	if (len)
		qsort(notes, len, sizeof(*notes), cmp_phrase);
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
