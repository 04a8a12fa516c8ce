/*
 * export-impl.h: what the files of export share, private to them:
 * export.c (the selection, the stream, the files), export-text.c (text
 * and Markdown, and the context of a phrase), export-anki.c and
 * export-archive.c. Each format writes one article with its annotations.
 */
#ifndef GLOSSA_EXPORT_IMPL_H
#define GLOSSA_EXPORT_IMPL_H

#include <stddef.h>
#include <stdio.h>

#include "db.h"

#define EM_DASH "\xe2\x80\x94"
#define ELLIPSIS "\xe2\x80\xa6"

/* A stream that remembers the errno of its first failed write. */
struct out {
	FILE *f;
	int err;
};

void out_write(struct out *o, const char *s, size_t n);
void out_puts(struct out *o, const char *s);

/* One export in progress. */
struct exp {
	glossa_db_t *db;
	glossa_format_kind_t format;
	struct out *o;   /* the stream, or NULL when writing to dir */
	const char *dir; /* archive format into a directory */
	int force;
	size_t count;      /* annotations written */
	size_t n_articles; /* articles written */
	int skip_bare;     /* skip an article with nothing to export */
	int header;        /* the Anki header is written */
};

/* A copy of s with every run of white space made one space, trimmed. */
char *squeeze(const char *s, size_t len);

/* s made safe: one line (white space squeezed) or, with lines, its line
 * breaks kept. NULL when out of memory. */
char *clean(const char *s, int lines);

/* The context of note in body, sanitised, one line; "" for a note
 * without a phrase. NULL when out of memory. */
char *context_of(const glossa_article_t *a, const glossa_annotation_t *note);

/* Writes the content of a file to f. */
typedef glossa_status_t (*writer_fn)(FILE *f, void *arg, const char *path);

/* Write a file at path atomically (atomic.h). */
glossa_status_t write_atomic(glossa_db_t *db, const char *path, int force,
                             writer_fn fn, void *arg);

/* The formats: one article and its selected annotations notes[0 .. n-1]
 * onto x->o (or, archive, into x->dir); x->count counts what is written. */
glossa_status_t write_text(struct exp *x, const glossa_article_t *a,
                           glossa_annotation_t **notes, size_t n);
glossa_status_t write_markdown(struct exp *x, const glossa_article_t *a,
                               glossa_annotation_t **notes, size_t n);
glossa_status_t write_anki(struct exp *x, const glossa_article_t *a,
                           glossa_annotation_t **notes, size_t n);
glossa_status_t write_archive(struct exp *x, const glossa_article_t *a,
                              glossa_annotation_t **notes, size_t n);

#endif
