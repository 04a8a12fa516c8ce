/*
 * tokenizer.h: the "glossa" FTS5 tokenizer (private to the core).
 *
 * CJK text (Han, kana, hangul) is indexed per character, each character
 * with the bigram it starts as a colocated token; a query of n >= 2 CJK
 * characters becomes the phrase of its n-1 bigrams followed by its last
 * character, so any CJK substring is found and highlighted exactly. Other
 * text goes to the built-in "porter unicode61 remove_diacritics 2".
 * Full-width ASCII, U+3000 and Traditional characters (OpenCC
 * TSCharacters) are folded first; offsets always refer to the original
 * text. Prefix queries see stems: "runn*" does not find "running".
 *
 * Use: CREATE VIRTUAL TABLE t USING fts5(..., tokenize='glossa',
 * detail=full). The tokenizer takes no arguments.
 */
#ifndef GLOSSA_TOKENIZER_H
#define GLOSSA_TOKENIZER_H

#include <sqlite3.h>
#include <stdint.h>

#define GLOSSA_TOKENIZER_NAME "glossa"
/* Bump when the tokens change: the index is rebuilt. */
#define GLOSSA_TOKENIZER_VERSION 1

/*
 * Register the "glossa" tokenizer on db (call once per connection). Returns
 * an SQLite result code.
 */
int glossa_tokenizer_register(sqlite3 *db);

/* The FTS5 API of db's connection (for registering tokenizers and
 * functions), NULL if it has none. */
fts5_api *glossa_fts5_api(sqlite3 *db);

/* Whether cp is Han, kana or hangul (CJK punctuation is not): the
 * characters indexed one by one, with their bigrams. */
int glossa_tokenizer_is_cjk(uint32_t cp);

#endif /* GLOSSA_TOKENIZER_H */
