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
 * text. A prefix query searches its last word unstemmed: "runn*" finds
 * "running", which documents index beside its stem "run".
 *
 * A document's words also give prefix tokens: GLOSSA_PREFIX_MARK (a
 * byte no text gives a token) and the word's first 1 ..
 * GLOSSA_PREFIX_CHARS characters (but GLOSSA_PREFIX_SKIP), colocated
 * with the word, once per
 * column value, at the first word that has it. A query text that starts
 * with that byte is the prefix token of its word: query.c writes a prefix term
 * that short so, without the '*'. Two kinds of word give fewer (version 7:
 * 2.6% of the index's entries on real text): a word of
 * GLOSSA_PREFIX_CHARS characters gives no token of itself ("the": a
 * prefix "the*" is the token OR the word), and a number none of its first
 * digit (a prefix "2*" is searched as a longer prefix is: it starts every
 * number with that digit, which nobody looks for). FTS5 reads one token's
 * doclist lazily,
 * newest first; for "a*" it would merge the doclist of every term that
 * starts with "a" in memory before the first row (seconds and a hundred
 * megabytes at a large archive). A prefix token finds every article and column that
 * has such a word, but it ranks and highlights one occurrence per column.
 *
 * The tokenizer also collects, per connection, the words (non-CJK
 * tokens) it gives documents, for the archive's list of its words
 * (fts.c, fts_word), from which search.c writes a longer prefix as the OR
 * of the words it starts; GLOSSA_WORD_MARK makes each an exact token.
 *
 * A document indexes its words as written, never their stems (version 6):
 * an unquoted query word is searched as the OR of the words of the list
 * whose stem is its stem (search.c; fts_word keeps each word's stem), so
 * "mining" finds "mine", "mines" and "mining" without a stem token beside
 * every word (version 5 indexed one where the stem differs: 12% of the
 * import's time). Where no list can be read, a word is searched as
 * GLOSSA_BARE_MARK and GLOSSA_STEM_MARK write it, which finds a version
 * 5 index's stems. Inside a longer query text a word gives its stem and
 * the word as written, colocated (FTS5 reads them as alternatives). The
 * matcher and FTS5's highlighter (FTS5_TOKENIZE_AUX) still get a stem
 * that differs from its word as GLOSSA_STEM_MARK and the stem, colocated
 * with the word: a query word's stem finds there what its OR of words
 * finds in the index. A query text that starts with GLOSSA_EXACT_MARK is
 * searched unstemmed (a quoted phrase).
 *
 * A column value of one line of at most GLOSSA_TAG_LINE bytes (tags, a
 * title, an author; not a body) is cut at semicolons ("rare earths;
 * China": two segments), and each segment of at most GLOSSA_TAG_BYTES
 * bytes gives one tag token, colocated with its first word:
 * GLOSSA_TAG_MARK and its words folded, unstemmed, one space between
 * them ("\x05rare earths"). A query text that starts with that byte is
 * the tag token of the rest: tag: matches whole tags.
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
#define GLOSSA_TOKENIZER_VERSION 7

/* The longest prefix, in characters, that a prefix token indexes. */
#define GLOSSA_PREFIX_CHARS 3

/*
 * The one length of prefix, in characters, that has no prefix token: a
 * query of such a prefix is FTS5's prefix query over the prefix tokens
 * one character longer, OR the word itself (query.c). Each word of a
 * column value gave one (7% of the import's time and of the index);
 * their query merges at most a few dozen doclists of prefix tokens,
 * where a word's prefix query merges every word the prefix starts.
 */
#define GLOSSA_PREFIX_SKIP 2

/* The most words a longer prefix is written as the OR of (search.c);
 * past that, it is FTS5's prefix query. */
#define GLOSSA_PREFIX_WORDS 64

/* The byte that starts a prefix token, in the index and in a query. */
#define GLOSSA_PREFIX_MARK '\x01'

/*
 * The byte that starts a query text searched as one token, exactly as it
 * is (no folding, no stemming): search.c writes a long prefix so, as the
 * OR of the words it starts, and a word as the OR of the words of its
 * stem (see glossa_words_flush()).
 */
#define GLOSSA_WORD_MARK '\x02'

/* The byte that starts a stem that differs from its word, in the tokens
 * of FTS5_TOKENIZE_AUX (and in a version 5 index). */
#define GLOSSA_STEM_MARK '\x03'

/* The byte that starts a query text searched unstemmed: the words as
 * written (folded), CJK as always. */
#define GLOSSA_EXACT_MARK '\x04'

/*
 * Bytes that start a query text of stems with one of the two forms
 * alone: GLOSSA_BARE_MARK the stems as they are, GLOSSA_STEM_MARK the
 * marked stems. query.c writes a word that search.c cannot write as the
 * OR of its words as ("\x06w" OR "\x03w"): FTS5 reads an OR of two plain
 * terms much faster than a term with a colocated alternative (several
 * times faster for a word of medium frequency). The stem of a word is
 * the token "\x06w" gives (glossa_stemmer_stem()).
 */
#define GLOSSA_BARE_MARK '\x06'

/* The byte that starts a tag token, in the index and in a query. */
#define GLOSSA_TAG_MARK '\x05'

/*
 * The byte that starts a query text (otherwise as without a mark) that
 * only counts: a CJK run of two or more characters that ends the text
 * gives its bigrams without its last character, which the last bigram
 * implies (a bigram is indexed only where its second character follows),
 * so that the phrase is one token shorter and "作者" one token, whose
 * doclist FTS5 counts without reading positions. The same rows match;
 * only highlights would be a character short.
 */
#define GLOSSA_COUNT_MARK '\x07'

/* The longest segment, in bytes (blanks around it not counted), that
 * gives a tag token. */
#define GLOSSA_TAG_BYTES 96

/* The longest column value, in bytes, that is cut into segments. */
#define GLOSSA_TAG_LINE 1024

/* FTS5 keeps the first this many bytes of a longer token (its
 * FTS5_MAX_TOKEN_SIZE, not exported), in a document and in a query; the
 * list of words keeps them so too. */
#define GLOSSA_FTS5_TOKEN_MAX 32768

/* The words (non-CJK tokens) that a connection's documents gave. */
struct glossa_words;

/*
 * Register the "glossa" tokenizer on db (call once per connection). Returns
 * an SQLite result code. *words (if words is not NULL) is set to the set
 * of words the tokenizer collects from the documents it indexes (and
 * unindexes), every non-CJK token as written; it lives as
 * long as the connection.
 */
int glossa_tokenizer_register(sqlite3 *db, struct glossa_words **words);

/*
 * Call fn for each word collected since the last flush, then empty the
 * set; a NULL fn only empties it. Returns SQLITE_OK, or fn's first
 * other code (and then keeps the set).
 */
/* A new, empty set of words for the tokenizers of api's connection
 * (NULL when out of memory); glossa_words_free() frees it (NULL: no-op;
 * a void * for FTS5's xDestroy). */
struct glossa_words *glossa_words_new(fts5_api *api);
void glossa_words_free(void *words);
/* The fts5_api the set was made for. */
fts5_api *glossa_words_api(const struct glossa_words *words);
/*
 * Add word (s, n) to the set if it is not there; an SQLite result code.
 * A word longer than FTS5 indexes is cut as FTS5 cuts it, so that the
 * list holds the index's own term (glossa check looks each one up).
 */
int glossa_words_add(struct glossa_words *words, const char *s, int n);
int glossa_words_flush(struct glossa_words *words,
                       int (*fn)(void *ctx, const char *word, int n),
                       void *ctx);

/*
 * The stems of words: a tokenizer of the connection whose set of words is
 * words, kept for many calls. glossa_stemmer_new() returns an SQLite
 * result code; glossa_stemmer_free() frees one (NULL: no-op).
 */
struct glossa_stemmer;
int glossa_stemmer_new(struct glossa_words *words,
                       struct glossa_stemmer **out);
void glossa_stemmer_free(struct glossa_stemmer *s);
/*
 * The stem that word (n bytes: a word as a user types it, or as the
 * index holds it) is searched by, folded as the index folds: *stem (valid
 * until the next call) and its length *nstem, which is 0 when the word
 * does not make exactly one word. An SQLite result code.
 */
int glossa_stemmer_stem(struct glossa_stemmer *s, const char *word, int n,
                        const char **stem, int *nstem);

/*
 * A flag of ours beside FTS5's FTS5_TOKENIZE_* (which FTS5 never sets):
 * with FTS5_TOKENIZE_AUX, give only the tokens that take a position, the
 * same (start, end) as FTS5_TOKENIZE_AUX gives them, and none of the
 * colocated ones (stems, bigrams, prefix and tag tokens). For the snippets,
 * which need the byte range of each position and nothing else: the words
 * go through unicode61 once, not unicode61 then porter.
 */
#define GLOSSA_TOKENIZE_POSITIONS 0x4000

/* Whether an index token (term, n) is a word, as the set collects them:
 * not a prefix token, not CJK. */
int glossa_tokenizer_is_word(const char *term, int n);

/* The FTS5 API of db's connection (for registering tokenizers and
 * functions), NULL if it has none. */
fts5_api *glossa_fts5_api(sqlite3 *db);

/* Whether cp is Han, kana or hangul (CJK punctuation is not): the
 * characters indexed one by one, with their bigrams. */
int glossa_tokenizer_is_cjk(uint32_t cp);

/* Whether cp (as typed: folded here) is a digit, full-width too: a word
 * that starts with one has no prefix token of its first character. */
int glossa_tokenizer_digit(uint32_t cp);

#endif /* GLOSSA_TOKENIZER_H */
