/*
 * export.h: writing selected notes and articles out, in four formats.
 *
 *   text      readable as it is, for pasting into a report (the default)
 *   markdown  one "#" section per article, quoted context, lists
 *   anki      tab-separated, with Anki's "#separator:tab" header lines:
 *             phrase, reading, translation, context, source, tags
 *   archive   the article file format, one file per article, so that an
 *             archive exported and imported again loses nothing
 *
 * No exported text carries terminal control characters or highlight
 * markers. Files are written to a temporary name beside the target,
 * flushed and renamed: never half-written.
 */
#ifndef GLOSSA_EXPORT_H
#define GLOSSA_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum glossa_format_kind {
	GLOSSA_FORMAT_TEXT = 0,
	GLOSSA_FORMAT_MARKDOWN,
	GLOSSA_FORMAT_ANKI,
	GLOSSA_FORMAT_ARCHIVE,
} glossa_format_kind_t;

/* "text", "markdown" (or "md"), "anki" (or "tsv"), "archive"; returns 0
 * when the name is known, -1 otherwise. */
int glossa_format_from_name(const char *name, glossa_format_kind_t *out);

/* The name of an export format ("text", "markdown", "anki", "archive"),
 * static storage; "unknown" for a value that is none of them. */
const char *glossa_format_name(glossa_format_kind_t format);

typedef enum glossa_selection_kind {
	GLOSSA_SELECT_ALL = 0,  /* every article, every annotation */
	GLOSSA_SELECT_NOTES,    /* the annotations in ids */
	GLOSSA_SELECT_ARTICLES, /* the articles in ids, all their notes */
	GLOSSA_SELECT_QUERY,    /* the articles query finds, all their notes */
} glossa_selection_kind_t;

typedef struct glossa_selection {
	glossa_selection_kind_t kind;
	const int64_t *ids;
	size_t n_ids;
	const char *query;
} glossa_selection_t;

/*
 * Export the selection to an open stream (text, markdown, anki; the
 * archive format as one stream of articles, each ending with a line
 * break, with a line holding only a form feed ("\f\n") between two:
 * exported text never holds a form feed, so the separator cannot occur
 * inside an article). *count, if not NULL, receives the number of
 * annotations written (anki: the rows, one per annotation with a phrase;
 * 0 on error). An unknown id is GLOSSA_NOT_FOUND, found before anything
 * is written. GLOSSA_SELECT_ALL and GLOSSA_SELECT_QUERY skip the articles
 * with nothing to export (no annotation; for Anki, none with a phrase),
 * except in the archive format, which takes every article. A selection
 * that writes no article is GLOSSA_NOT_FOUND ("nothing to export"), with
 * nothing written (not even Anki's header). A write error is GLOSSA_IO
 * (GLOSSA_FULL for a full disk). sel and out stay the caller's (out is
 * not closed). Returns GLOSSA_OK; GLOSSA_NOT_FOUND, GLOSSA_IO,
 * GLOSSA_FULL as above; GLOSSA_BAD_QUERY for a selection's query the
 * user must fix; or an archive error (db.h).
 */
glossa_status_t glossa_export_stream(glossa_db_t *db,
				     const glossa_selection_t *sel,
				     glossa_format_kind_t format, FILE *out,
				     size_t *count);

/*
 * Export to a file at path (for the archive format: a directory, created
 * if missing, one file per article). An existing file is replaced only
 * with force (else GLOSSA_EXISTS); a symlink or a directory in the way is
 * an error. Written to a temporary name, flushed, then renamed. Nothing
 * to export: GLOSSA_NOT_FOUND, and no file (no directory it created).
 * Returns as glossa_export_stream(), and GLOSSA_EXISTS, GLOSSA_BAD_INPUT
 * (a symbolic link or a directory in the way) as above.
 */
glossa_status_t glossa_export_file(glossa_db_t *db,
				   const glossa_selection_t *sel,
				   glossa_format_kind_t format,
				   const char *path, int force, size_t *count);

#ifdef __cplusplus
}
#endif

#endif
