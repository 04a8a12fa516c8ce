/*
 * export-archive.c: the archive format of export: the article file format,
 * one file an article (named by file_name()) or one stream.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export-impl.h"

/* Bytes of a file name's slug, at most. */
#define SLUG_MAX 60

/* What a code point of a title is in a file name. */
enum slug_class { SLUG_KEEP, SLUG_SEP, SLUG_DROP };

/*
 * Letters and digits of any script are kept (ASCII ones lowercased);
 * white space and punctuation separate words ('-'), except quotation
 * marks and brackets, which go without a trace (读“十四五”规划 is one
 * word); controls, bidi and other format characters, and anything a
 * terminal would not show as it is, go too. Without a Unicode database,
 * the punctuation blocks are named here; a symbol outside them is kept.
 */
static enum slug_class slug_class(uint32_t cp)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];

	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9'))
			return SLUG_KEEP;
		return SLUG_SEP; /* as before: ASCII names stay the same */
	}
	if (glossa_cp_display(cp, ph) < 0 || cp == 0xFEFF ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x034F)
		return SLUG_DROP;
	if ((cp >= 0x2018 && cp <= 0x201F) || cp == 0x2039 || cp == 0x203A ||
	    cp == 0xAB || cp == 0xBB || (cp >= 0x3008 && cp <= 0x3011) ||
	    (cp >= 0x3014 && cp <= 0x301F) || cp == 0xFF02 || cp == 0xFF07 ||
	    cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF3B || cp == 0xFF3D ||
	    cp == 0xFF5B || cp == 0xFF5D || (cp >= 0xFF5F && cp <= 0xFF63) ||
	    (cp >= 0xFE41 && cp <= 0xFE44))
		return SLUG_DROP;
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x3007) ||
	    (cp >= 0x3012 && cp <= 0x3013) || cp == 0x3030 ||
	    cp == 0x303D || (cp >= 0xFE10 && cp <= 0xFE1F) ||
	    (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3C && cp <= 0xFF40) ||
	    (cp >= 0xFF5C && cp <= 0xFF65) || cp == 0x30FB)
		return SLUG_SEP;
	return SLUG_KEEP;
}

/*
 * The file name of an article: id, then a slug of its title in any
 * script (see slug_class(): words joined by '-'), at most SLUG_MAX bytes,
 * cut at a character boundary, between words when that keeps half of it;
 * "article" when nothing is left. Safe on any file system: no '/', none
 * of Windows' <>:"\|?*, no control or bidi character, no leading '-' or
 * '.' (it starts with the id), far below 255 bytes.
 */
static char *file_name(const glossa_article_t *a)
{
	char slug[SLUG_MAX + 1];
	size_t n = 0, len = strlen(a->title), last_dash = 0;
	int dash = 0, cut = 0;
	char *name;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = glossa_utf8_decode(a->title + i, len - i, &cp);
		char u[4];
		size_t ul;

		if (k == 0) { /* not UTF-8 (it is, in the archive) */
			i++;
			continue;
		}
		i += k;
		switch (slug_class(cp)) {
		case SLUG_SEP:
			dash = n > 0;
			continue;
		case SLUG_DROP:
			continue;
		case SLUG_KEEP:
			break;
		}
		/* a combining mark only after what it combines with */
		if (glossa_cp_width(cp) == 0 && (n == 0 || dash))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		ul = glossa_utf8_encode(cp, u);
		if (n + (size_t)dash + ul > SLUG_MAX) {
			cut = !dash;
			break;
		}
		if (dash) {
			last_dash = n;
			slug[n++] = '-';
		}
		dash = 0;
		memcpy(slug + n, u, ul);
		n += ul;
	}
	if (cut && last_dash >= SLUG_MAX / 2)
		n = last_dash;
	slug[n] = '\0';
	if (asprintf(&name, "%04" PRId64 "-%s.txt", a->id,
	             slug[0] ? slug : "article") < 0)
		return NULL;
	return name;
}

struct blob {
	const char *s;
	size_t n;
};

static glossa_status_t write_blob(FILE *f, void *arg, const char *path)
{
	struct blob *b = arg;

	(void)path;
	if (b->n && fwrite(b->s, 1, b->n, f) != b->n)
		return GLOSSA_OK; /* the error shows in ferror() */
	return GLOSSA_OK;
}

/* The article in the article file format with only the given notes
 * (glossa_format: exact, escaped where needed, ending with a line
 * break). */
static glossa_status_t format_article(const glossa_article_t *a,
                                      glossa_annotation_t **notes, size_t n,
                                      char **out)
{
	glossa_article_t copy = *a;
	glossa_annotation_t *sel = NULL;
	glossa_status_t st;

	*out = NULL;
	if (n && !(sel = malloc(n * sizeof(*sel))))
		return GLOSSA_NOMEM;
	for (size_t i = 0; i < n; i++)
		sel[i] = *notes[i];
	copy.notes = sel;
	copy.n_notes = n;
	st = glossa_article_format_write(&copy, out);
	free(sel);
	return st;
}

/* Archive: the file format, into its own file under x->dir, or on the
 * stream with a form feed line between articles. */
glossa_status_t write_archive(struct exp *x, const glossa_article_t *a,
                                     glossa_annotation_t **notes, size_t n)
{
	glossa_status_t st;
	char *text, *name, *path;
	struct blob b;

	if ((st = format_article(a, notes, n, &text)) != GLOSSA_OK)
		return st;
	if (x->o) {
		if (x->n_articles > 0)
			out_puts(x->o, "\f\n");
		out_puts(x->o, text);
		free(text);
		x->count += n;
		return GLOSSA_OK;
	}
	name = file_name(a);
	if (!name || asprintf(&path, "%s/%s", x->dir, name) < 0) {
		free(name);
		free(text);
		return GLOSSA_NOMEM;
	}
	b.s = text;
	b.n = strlen(text);
	st = write_atomic(x->db, path, x->force, write_blob, &b);
	if (st == GLOSSA_OK)
		x->count += n;
	free(path);
	free(name);
	free(text);
	return st;
}

