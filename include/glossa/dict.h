/*
 * dict.h: the Chinese-English dictionary (CC-CEDICT) and readings.
 *
 * A dictionary is an SQLite file of its own, apart from the archive:
 * built once from CC-CEDICT's text format (glossa_dict_build()), then
 * opened read-only (glossa_dict_open()), which reads nothing but its
 * header; each lookup is a few index probes. The core does not decide
 * where the file is: the front end passes its path.
 *
 * Also here: pinyin with tone numbers to tone marks, the CC-CEDICT line
 * parser, and segmentation of Chinese text into dictionary words.
 */
#ifndef GLOSSA_DICT_H
#define GLOSSA_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "glossary.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- Readings -------------------------------------------------------- */

/*
 * CC-CEDICT's pinyin with tone numbers, syllables separated by spaces
 * ("jue2 zhan4"), as pinyin with tone marks ("jué zhàn"), allocated
 * (free()); NULL when out of memory. "u:" and "v" become ü; the mark goes
 * on a or e, else on the o of "ou", else on the last vowel (m and n
 * when there is none: "m2", "ng2"); tone 5 (neutral) and a syllable
 * without a number stay unmarked; the erhua syllable "r5" joins the one
 * before it ("yi1 dian3 r5" gives "yī diǎnr"). Case is kept ("Zhong1" gives
 * "Zhōng"); a token that is not a syllable ("C", ",", "·") is copied as
 * it is.
 */
char *glossa_pinyin_marks(const char *numbered);

/* --- The CC-CEDICT text format --------------------------------------- */

/* One line of a CC-CEDICT file, as spans into the line (not copied,
 * not NUL-terminated). */
typedef struct glossa_cedict_line {
	const char *trad, *simp, *pinyin, *senses;
	size_t trad_len, simp_len, pinyin_len;
	size_t senses_len; /* "sense/sense": without the outer slashes */
} glossa_cedict_line_t;

/*
 * Parse one line (without its newline; a trailing CR is allowed):
 * "繁體 简体 [pin1 yin1] /sense/sense/". Returns GLOSSA_OK with *out
 * filled, GLOSSA_NOT_FOUND for a blank line or a comment ('#'), or
 * GLOSSA_BAD_INPUT for anything else, with *why (if not NULL) set to a
 * static phrase saying what is wrong ("no pinyin in brackets", "invalid
 * UTF-8", ...).
 */
glossa_status_t glossa_cedict_parse_line(const char *line, size_t len,
                                         glossa_cedict_line_t *out,
                                         const char **why);

/* --- Building a dictionary ------------------------------------------- */

/* What a build read. */
typedef struct glossa_dict_report {
	int64_t entries;   /* entries stored */
	int64_t readings;  /* characters with a Unihan reading */
	int64_t bad_lines; /* malformed lines, skipped */
	char **warnings;   /* the first GLOSSA_DICT_MAX_WARNINGS of them:
	                    * "line 12: no pinyin in brackets" */
	size_t n_warnings;
	char *edition; /* the header's "#! date=", "" if none */
} glossa_dict_report_t;

#define GLOSSA_DICT_MAX_WARNINGS 20

void glossa_dict_report_clear(glossa_dict_report_t *rep);

/* Where a build takes the per-character readings from. */
typedef struct glossa_dict_sources {
	/* Unihan_Readings.txt (only its kMandarin lines are read:
	 * "U+4E2D<TAB>kMandarin<TAB>zhōng zhòng"), or NULL */
	const char *unihan;
	size_t unihan_len;
	/* without unihan: a dictionary file whose readings to copy (the
	 * installed one), or NULL; one that cannot be read is ignored */
	const char *readings_from;
	/* asked every few thousand lines and during SQLite's work: when
	 * it returns non-zero the build stops (GLOSSA_INTERRUPTED, path
	 * left as it was); NULL: never */
	int (*interrupt)(void *arg);
	void *interrupt_arg;
} glossa_dict_sources_t;

/*
 * Build the dictionary file at path from len bytes of CC-CEDICT text
 * (sources may be NULL: no per-character readings). The file is written
 * beside path under another name, synced, then renamed over path, so a
 * glossa that has the old one open keeps reading it, and a failure
 * leaves path as it was. Malformed lines are skipped and counted, the
 * first ones kept as warnings with their line numbers; text with no
 * entry at all, or with a NUL byte, is refused (GLOSSA_BAD_INPUT).
 * rep (may be NULL) is overwritten: glossa_dict_report_clear() it after.
 * On failure *errmsg (if not NULL) is an allocated message (free()).
 * Loading the 2026 edition (124,260 entries): see tests/bench.
 */
glossa_status_t glossa_dict_build(const char *path, const char *text,
                                  size_t len,
                                  const glossa_dict_sources_t *sources,
                                  glossa_dict_report_t *rep, char **errmsg);

/* --- Looking words up ------------------------------------------------ */

typedef struct glossa_dict glossa_dict_t;

/*
 * Open the dictionary file at path, read-only. GLOSSA_NOT_FOUND when
 * there is no file, GLOSSA_NOT_ARCHIVE when it is not a glossa
 * dictionary (or one of another format version: build it again). On
 * failure *dictp is NULL and *errmsg (if not NULL) an allocated message
 * naming the file (free()). Close with glossa_dict_close().
 */
glossa_status_t glossa_dict_open(const char *path, glossa_dict_t **dictp,
                                 char **errmsg);

/* Close; NULL is a no-op. */
void glossa_dict_close(glossa_dict_t *dict);

/* The message of the last failed call on dict; never NULL. */
const char *glossa_dict_errmsg(const glossa_dict_t *dict);

/* About the file: its edition (the header's date, "" if none; static
 * while dict is open), entries and characters with a reading. */
typedef struct glossa_dict_info {
	const char *edition;
	int64_t entries;
	int64_t readings;
} glossa_dict_info_t;

void glossa_dict_info(const glossa_dict_t *dict, glossa_dict_info_t *info);

enum glossa_dict_kind {
	GLOSSA_DICT_WORD,    /* a dictionary entry of two or more characters */
	GLOSSA_DICT_CHAR,    /* a dictionary entry of one character */
	GLOSSA_DICT_READING, /* a character the dictionary does not have:
	                      * only its Unihan reading, no senses */
};

/* One result of a lookup. */
typedef struct glossa_dict_entry {
	enum glossa_dict_kind kind;
	size_t start, len; /* the bytes of the text it stands for */
	char *traditional, *simplified;
	char *pinyin;  /* as in the file: "jue2 zhan4" ("" for a reading) */
	char *reading; /* tone marks: "jué zhàn" */
	char *senses;  /* one a line ("" for a reading) */
} glossa_dict_entry_t;

/*
 * Look up the text at the start of s (len bytes, stopping at the first
 * invalid byte): first the entries of the longest words s starts with,
 * longest first (several lengths, as Zhongwen does), each word's entries
 * in the file's order; then the entries of each single character of the
 * longest word found (of the first character when none was), in order.
 * A character the dictionary lacks gives its Unihan reading
 * (GLOSSA_DICT_READING) if known. Traditional and Simplified headwords
 * both match (決戰 and 决战 find the same entry); a mix of the two does
 * not. *out is a new array of *n entries (none: *n 0), freed with
 * glossa_dict_entries_free(). A few index probes per length: well under
 * a millisecond (tests/bench).
 */
glossa_status_t glossa_dict_lookup(glossa_dict_t *dict, const char *s,
                                   size_t len, glossa_dict_entry_t **out,
                                   size_t *n);

void glossa_dict_entries_free(glossa_dict_entry_t *entries, size_t n);

/*
 * The reading of a Chinese phrase in tone marks, allocated in *out: the
 * dictionary's for the whole phrase if it is a word (its first entry in
 * lower case, so 重要 gives zhòng yào and 重新 chóng xīn), else word by
 * word as glossa_dict_segment() cuts it, a character without a word by
 * its Unihan reading (the first of kMandarin), else its first dictionary
 * entry; what has no reading (Latin letters, digits, punctuation) is
 * copied. "" when nothing in it has a reading.
 */
glossa_status_t glossa_dict_reading(glossa_dict_t *dict, const char *s,
                                    size_t len, char **out);

/*
 * Cut s (len bytes, valid UTF-8) into words by forward maximum matching:
 * from each position the longest dictionary headword, or phrase of
 * extra[0 .. n_extra - 1] (e.g. the archive's glossed phrases; matched
 * as written, byte for byte), that stands there, else one code point.
 * Meant for a run of Chinese text. *starts is a new array (free()) of
 * the byte offsets where the *n words begin (the first is 0; none for an
 * empty s).
 */
glossa_status_t glossa_dict_segment(glossa_dict_t *dict, const char *s,
                                    size_t len, const char *const *extra,
                                    size_t n_extra, size_t **starts, size_t *n);

/*
 * Extra phrases for glossa_dict_segment_in(), sorted once: for many
 * runs of text against many phrases (the terms of an article against
 * every phrase the archive glosses: sorting them for each run was 88% of
 * `glossa terms` on a long article of a large archive). The strings stay
 * the caller's and must outlive *out, which is the caller's, to
 * glossa_dict_phrases_free() (NULL is a no-op). GLOSSA_OK or
 * GLOSSA_NOMEM.
 */
typedef struct glossa_dict_phrases glossa_dict_phrases_t;
glossa_status_t glossa_dict_phrases_new(const char *const *phrases, size_t n,
                                        glossa_dict_phrases_t **out);
void glossa_dict_phrases_free(glossa_dict_phrases_t *p);

/* glossa_dict_segment() with phrases made by glossa_dict_phrases_new()
 * (NULL: none). */
glossa_status_t glossa_dict_segment_in(glossa_dict_t *dict, const char *s,
                                       size_t len,
                                       const glossa_dict_phrases_t *phrases,
                                       size_t **starts, size_t *n);

/* --- The archive's side ---------------------------------------------- */

/*
 * The archive's glosses of the phrases s (len bytes) starts with, as
 * glossa_phrase_at() finds a phrase, longest first, each counted
 * (n_articles filled in): what a lookup shows before the dictionary's
 * entries. Same entries and ownership as glossa_glossary()
 * (glossa_glossary_free()); none: *out NULL, *n 0.
 */
glossa_status_t glossa_glossary_at(glossa_db_t *db, const char *s, size_t len,
                                   glossa_glossary_entry_t **out, size_t *n);

/*
 * The reading a gloss of phrase (a C string) gets when none is typed,
 * allocated in *out: glossa_dict_reading()'s for a phrase that holds a
 * Han character and no kana or hangul, "" for any other (an English,
 * Japanese or Korean phrase has no Mandarin reading to derive). GLOSSA_OK,
 * or the dictionary's error (glossa_dict_errmsg()).
 */
glossa_status_t glossa_gloss_reading(glossa_dict_t *dict, const char *phrase,
                                     char **out);

/*
 * Give every gloss of the archive that has no reading the dictionary's
 * (glossa_gloss_reading() of its phrase), stored as derived
 * (glossa_annotation_t's reading_derived): shown, searched and exported
 * as a typed one, but not the user's: a gloss from an article's file
 * stays the file's (importing the file again keeps it as it is), and
 * the article file format does not write it. A phrase with nothing to
 * read (no Chinese) gets none; a typed or derived reading is never
 * replaced. One transaction: all or nothing; the interrupt callback of
 * glossa_db_set_interrupt() is asked before each gloss (then
 * GLOSSA_INTERRUPTED, nothing filled). *filled: how many got one. Each
 * article whose glosses change is indexed again (most of the time it
 * takes).
 * Errors on db (glossa_db_errmsg()). For glosses made before the
 * dictionary (or by a glossa without one): a migration cannot do it,
 * since the core does not find the dictionary.
 */
glossa_status_t glossa_readings_fill(glossa_db_t *db, glossa_dict_t *dict,
                                     int64_t *filled);

/* --- The terms of an article nobody has glossed ---------------------- */

typedef struct glossa_term {
	char *term;
	int compound;  /* 1: two dictionary words side by side (冶炼分离),
	                * not a headword itself */
	int64_t count; /* times in the article */
	int64_t articles; /* articles of the archive that contain it */
	double score;     /* higher: more distinctive */
	char *reading;    /* tone marks ("" if none) */
	char *senses;     /* the dictionary's, one a line; a compound's:
	                   * "冶炼: to smelt" and "分离: ..." */
} glossa_term_t;

/*
 * The terms of article article_id that no gloss of the archive has,
 * most distinctive first, at most limit (0: all). A term is a word of
 * two or more characters of the dictionary found by glossa_dict_segment()
 * in the article's Chinese text (the archive's glossed phrases being
 * units of their own, and left out), or two such words side by side,
 * neither glossed, unless the first is a verb and the second not (a verb
 * and its object: 实行总量 is left out, 冶炼分离 and 总量控制 kept; a
 * verb is a word whose first sense begins with "to "). Its score is
 * count × ln(1 + articles in the archive / articles holding it) ×
 * min(characters, 4) / 2: longer words are rarer in the language, which
 * a small archive's counts alone cannot tell. Ties: the longer, then
 * the earlier in the text. The article counts come from the full-text
 * index, a search a term, and only for the terms that could still make
 * the list. Errors on db (glossa_db_errmsg()); GLOSSA_NOT_FOUND when
 * there is no such article. Free with glossa_terms_free().
 */
glossa_status_t glossa_terms(glossa_db_t *db, glossa_dict_t *dict,
                             int64_t article_id, size_t limit,
                             glossa_term_t **out, size_t *n);

void glossa_terms_free(glossa_term_t *terms, size_t n);

#ifdef __cplusplus
}
#endif

#endif
