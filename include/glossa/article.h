/*
 * article.h: articles and annotations as plain data, and the reading of
 * the article file format (decoding, then parsing) without any archive.
 *
 * The article file format (see README.md, "The article file format"):
 * a header of "Field: value" lines, a blank line, then the body. Field
 * names (letters, digits, '-', '_') are case-insensitive; a line that
 * starts with a space or tab continues the previous field (joined with
 * one space); values are trimmed; a line of only blanks ends the header;
 * CRLF is accepted. Known fields: Title, Source, Author, URL, Date,
 * Language, Tags, Encoding (kept in encoding; read by glossa_decode),
 * Gloss ("phrase | translation [| note]", everything after the second
 * bar being the note) and Note (a free note), each followed by the fields
 * that belong to it, each once: Reading (its reading, e.g. pinyin), Quote
 * (a Note's phrase; our extension), Translation (a Note's), Note-Tags,
 * Occurrence (N: the phrase's N-th occurrence in the body, overlapping
 * ones counted, is the one meant; 0: placed nowhere) and Detached
 * ("before | after": the context of a note that lost its phrase; it is
 * placed where that context fits best, else stays detached). Their values
 * are escaped: "\|" is a literal bar, "\\" a backslash, "\n" a newline;
 * a backslash before anything else stays as it is, and a backslash
 * ending the value is an error. Other fields, a second Title (etc.), and
 * those fields in the wrong place are kept in order as extra fields, with
 * a warning.
 *
 * A file whose first line is "Escapes: yes" (our own exports, for an
 * article the plain form cannot carry exactly) has every value and its
 * body escaped the same way, and "\u{1B}" (1 to 6 hex digits, not NUL,
 * not a surrogate) is that code point; the line itself is no field.
 * Without it, "\u{...}" is text.
 *
 * The text has a header when the block up to the first blank line holds
 * only field and continuation lines and has a Title; a block of two or
 * more known fields without a Title is an error ("no title"); anything
 * else has no header: its first non-empty line (trimmed, cut at 200 code
 * points) is the title and the whole text is the body. The body is kept
 * as written except that CRs before a LF are dropped (CRLF becomes LF; a
 * lone CR stays) and trailing newlines and CRs are removed (before it is
 * unescaped). A leading UTF-8 BOM is skipped.
 */
#ifndef GLOSSA_ARTICLE_H
#define GLOSSA_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum glossa_kind {
	GLOSSA_KIND_GLOSS = 0, /* a phrase with its translation */
	GLOSSA_KIND_NOTE = 1,  /* a free note, with or without a quoted phrase */
} glossa_kind_t;

/* All strings are UTF-8, NUL-terminated and never NULL ("" when absent). */
typedef struct glossa_annotation {
	int64_t id;         /* 0 until stored */
	int64_t article_id; /* 0 until stored */
	glossa_kind_t kind;
	char *phrase;          /* the exact phrase ("" for a note without one) */
	int64_t pos;           /* code point offset in the body, -1 if absent */
	char *context_before;  /* up to GLOSSA_CONTEXT code points before */
	char *context_after;   /* up to GLOSSA_CONTEXT code points after */
	char *reading;         /* e.g. pinyin */
	char *translation;
	char *note;
	char *tags;
	int64_t created;  /* Unix seconds */
	int64_t modified; /* Unix seconds */
	int detached; /* 1: its phrase was not found again when the article
		       * changed; kept, shown and listed, never dropped */
	int reading_derived; /* 1: reading is the dictionary's, not typed
			      * (README "Readings"); 0 when it is "" */
} glossa_annotation_t;

#define GLOSSA_CONTEXT 40

typedef struct glossa_field {
	char *name;
	char *value;
} glossa_field_t;

typedef struct glossa_article {
	int64_t id; /* 0 until stored */
	char *title;
	char *source;
	char *author;
	char *url;
	char *date;     /* as written ("10 February 2025"), "" if none */
	char *date_iso; /* the same normalised, "2025-02-10" (see README,
			 * "Date"), "" if none or unreadable; set by the
			 * parser and glossa_article_get(), NULL elsewhere */
	char *language; /* e.g. "en", "zh"; "" if none */
	char *tags;     /* as written: "rare earths; China" */
	char *body;     /* UTF-8 */
	char *encoding; /* the encoding the file was read from */
	char *origin;   /* the path it was imported from */
	int64_t imported; /* Unix seconds, 0 until stored */
	int read;         /* 1 once opened */
	glossa_field_t *extra; /* header fields glossa does not know */
	size_t n_extra;
	glossa_annotation_t *notes; /* glosses and notes, in order */
	size_t n_notes;
	char **warnings; /* what the parser noticed (not stored) */
	size_t n_warnings;
} glossa_article_t;

/* Free an article and everything it holds. NULL is a no-op. */
void glossa_article_free(glossa_article_t *article);

/* Free the strings an annotation holds (not the struct). NULL is a no-op. */
void glossa_annotation_clear(glossa_annotation_t *note);

/* Deep copy of an annotation into *dst; GLOSSA_NOMEM on failure. */
glossa_status_t glossa_annotation_copy(glossa_annotation_t *dst,
				       const glossa_annotation_t *src);

/*
 * Decode the bytes of an article file to UTF-8.
 *
 * encoding: a name iconv knows, or NULL to detect: a byte order mark
 * (UTF-32LE/BE before UTF-16LE/BE, UTF-8), else an "Encoding:" field in
 * the header block (read as ASCII), else valid UTF-8. An explicit
 * encoding wins over both; a leading U+FEFF is always stripped. GB2312
 * and GBK are read as GB18030. No byte is ever dropped or replaced: a
 * sequence that is not valid in the encoding is an error naming its byte
 * offset (counted from 0 in the input) and line. A NUL byte in a text
 * encoding means "not a text file"; an empty file (or one with only a
 * BOM) is refused too.
 *
 * On GLOSSA_OK, *out (len *out_len, NUL-terminated, without BOM) and
 * *out_encoding (the canonical name used, e.g. "UTF-8", "GB18030") are
 * allocated for the caller to free(). Otherwise, if errmsg is not NULL,
 * *errmsg receives an allocated message for the caller to free().
 * Returns GLOSSA_BAD_INPUT for undecodable input, GLOSSA_NOMEM.
 */
glossa_status_t glossa_decode(const char *data, size_t len,
			      const char *encoding, char **out,
			      size_t *out_len, char **out_encoding,
			      char **errmsg);

/*
 * Parse a decoded (UTF-8) article file into *out (free with
 * glossa_article_free()). Glosses (and notes with a Quote) get their pos
 * and context from the occurrence of their phrase in the body that
 * Occurrence names, else the first (the context stops at a newline); a
 * phrase not found keeps pos -1 and adds a warning. Returns GLOSSA_BAD_INPUT with *errmsg set
 * (allocated; may be NULL) for input that is no article: invalid UTF-8,
 * no title, a Gloss without phrase or translation, an unterminated
 * escape.
 */
glossa_status_t glossa_parse(const char *text, size_t len,
			     glossa_article_t **out, char **errmsg);

/*
 * Write an article in the article file format, the format of the files
 * glossa imports (not one of the export formats of export.h, though the
 * "archive" export writes it), into a string (the inverse of
 * glossa_parse: parsing the result gives back the same fields, extra
 * fields, annotations with their places, and body, exactly). Order:
 * Title, Source, Author, URL, Date, Language, Tags (the empty ones left
 * out), the extra fields, then each annotation (Gloss + Reading, or
 * Note + Quote + Reading + Translation; then Note-Tags, Occurrence when
 * not the first, Detached), escaped. The text is written as it is; an
 * article holding what the plain form cannot carry (a character that
 * glossa_cp_display() shows as a placeholder, but for tabs and line
 * breaks; white space at the ends of a value; a line break in a header
 * value; a body ending with one; an empty Gloss part) is written with
 * "Escapes: yes" first and those escaped, so the result never holds a
 * control or invisible character. Encoding is never written (the output
 * is UTF-8). Returns GLOSSA_OK with an allocated string in *out (the
 * caller's to free()), or GLOSSA_NOMEM with *out NULL.
 */
glossa_status_t glossa_article_format_write(const glossa_article_t *article,
					    char **out);

#ifdef __cplusplus
}
#endif

#endif
