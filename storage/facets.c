/*
 * facets.c: the counts of tags, sources and authors (facets.h), a slice
 * of articles at a time. Exports the glossa_facets_* functions.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "glossa/facets.h"

/* The values of one kind: entries, and an open-addressing table of
 * their indexes (size a power of two, at most half full). */
struct table {
	glossa_facet_t *e;
	size_t n, cap;
	size_t *slot; /* index + 1; 0: empty */
	size_t size;
	int64_t *last; /* the last article counted for each entry */
};

struct glossa_facets {
	struct table t[GLOSSA_FACET_KINDS];
	int64_t after; /* the last article id counted */
	int64_t counted;
	int done;
};

glossa_status_t glossa_facets_new(glossa_facets_t **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? GLOSSA_OK : GLOSSA_NOMEM;
}

int64_t glossa_facets_counted(const glossa_facets_t *f)
{
	return f->counted;
}

static size_t hash(const char *s, size_t len)
{
	size_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int grow_slots(struct table *t)
{
	size_t size = t->size ? t->size * 2 : 256;
	size_t *slot = calloc(size, sizeof(*slot));

	if (!slot)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const char *v = t->e[i].value;
		size_t h = hash(v, strlen(v)) & (size - 1);
		while (slot[h])
			h = (h + 1) & (size - 1);
		slot[h] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->size = size;
	return 0;
}

/* Count article id under value s (len bytes): once an article. */
static int add(struct table *t, const char *s, size_t len, int64_t id)
{
	size_t h, i;

	if (len == 0)
		return 0;
	if (2 * (t->n + 1) > t->size && grow_slots(t) < 0)
		return -1;
	for (h = hash(s, len) & (t->size - 1); t->slot[h];
	     h = (h + 1) & (t->size - 1)) {
		i = t->slot[h] - 1;
		if (strncmp(t->e[i].value, s, len) == 0 &&
		    t->e[i].value[len] == 0) {
			if (t->last[i] != id) {
				t->e[i].n++;
				t->last[i] = id;
			}
			return 0;
		}
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		glossa_facet_t *e = realloc(t->e, cap * sizeof(*e));
		int64_t *last;

		if (!e)
			return -1;
		t->e = e;
		if (!(last = realloc(t->last, cap * sizeof(*last))))
			return -1;
		t->last = last;
		t->cap = cap;
	}
	if (!(t->e[t->n].value = strndup(s, len)))
		return -1;
	t->e[t->n].n = 1;
	t->last[t->n] = id;
	t->slot[h] = ++t->n;
	return 0;
}

/* Whether s[i] starts a tag separator: ';' or '；' (as tokenizer.c). */
static size_t sep_len(const char *s, size_t n, size_t i)
{
	if (s[i] == ';')
		return 1;
	if ((unsigned char)s[i] == 0xEF && i + 2 < n &&
	    (unsigned char)s[i + 1] == 0xBC && (unsigned char)s[i + 2] == 0x9B)
		return 3;
	return 0;
}

/* Count value s trimmed of spaces and tabs. */
static int add_trimmed(struct table *t, const char *s, size_t len, int64_t id)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return add(t, s, len, id);
}

static int add_tags(struct table *t, const char *s, size_t n, int64_t id)
{
	size_t a = 0, i = 0, k;

	while (i < n) {
		if ((k = sep_len(s, n, i)) == 0) {
			i++;
			continue;
		}
		if (add_trimmed(t, s + a, i - a, id) < 0)
			return -1;
		i += k;
		a = i;
	}
	return add_trimmed(t, s + a, n - a, id);
}

/* Forget every count (a slice that failed midway cannot be taken back:
 * the count starts over). */
static void reset(glossa_facets_t *f)
{
	for (int k = 0; k < GLOSSA_FACET_KINDS; k++) {
		struct table *t = &f->t[k];
		for (size_t i = 0; i < t->n; i++)
			free((char *)t->e[i].value);
		free(t->e);
		free(t->slot);
		free(t->last);
	}
	memset(f, 0, sizeof(*f));
}

glossa_status_t glossa_facets_step(glossa_db_t *db, glossa_facets_t *f,
                                   size_t rows, int *done)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt;
	size_t got = 0;
	int rc;

	*done = f->done;
	if (f->done)
		return GLOSSA_OK;
	stmt = glossa_db_prepare(db,
	                         "SELECT id, tags, source, author FROM article"
	                         " WHERE id > ?1 ORDER BY id LIMIT ?2",
	                         &st);
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, f->after);
	sqlite3_bind_int64(stmt, 2, rows ? (int64_t)rows : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);
		int bad = 0;

		for (int c = 1; c <= 3 && !bad; c++) {
			const char *s = (const char *)sqlite3_column_text(stmt, c);
			size_t n = (size_t)sqlite3_column_bytes(stmt, c);
			struct table *t = &f->t[c == 1 ? GLOSSA_FACET_TAG
			                        : c == 2 ? GLOSSA_FACET_SOURCE
			                                 : GLOSSA_FACET_AUTHOR];

			if (!s)
				bad = 1;
			else if (c == 1)
				bad = add_tags(t, s, n, id) < 0;
			else
				bad = add_trimmed(t, s, n, id) < 0;
		}
		if (bad) {
			rc = SQLITE_NOMEM;
			break;
		}
		f->after = id;
		f->counted++;
		got++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		/* a half-counted article would count twice: start over */
		reset(f);
		return rc == SQLITE_NOMEM
		           ? glossa_db_error(db, GLOSSA_NOMEM,
		                             "counting tags: out of memory")
		           : glossa_db_fail(db, rc, "counting tags");
	}
	/* fewer rows than asked: none left */
	f->done = rows == 0 || got < rows;
	*done = f->done;
	return GLOSSA_OK;
}

static int by_count(const void *a, const void *b)
{
	const glossa_facet_t *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->value, y->value);
}

glossa_status_t glossa_facets_get(const glossa_facets_t *f,
                                  glossa_facet_kind_t kind,
                                  glossa_facet_t **out, size_t *n)
{
	const struct table *t = &f->t[kind];

	*out = NULL;
	*n = 0;
	if (t->n == 0)
		return GLOSSA_OK;
	if (!(*out = malloc(t->n * sizeof(**out))))
		return GLOSSA_NOMEM;
	memcpy(*out, t->e, t->n * sizeof(**out));
	qsort(*out, t->n, sizeof(**out), by_count);
	*n = t->n;
	return GLOSSA_OK;
}

void glossa_facets_free(glossa_facets_t *f)
{
	if (!f)
		return;
	reset(f);
	free(f);
}
