/*
 * trie.h: the phrase trie on the handle, private to trie.c (which builds
 * it) and elsewhere.c (which walks it over a body).
 */
#ifndef GLOSSA_TRIE_H
#define GLOSSA_TRIE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * The phrases glossed in the archive, kept on the handle for
 * glossa_glosses_elsewhere() until the annotations change: the update hook
 * counts this handle's changes to the annotation table, PRAGMA
 * data_version tells the commits of other connections.
 *
 * They form a byte trie kept level by level: level d holds the nodes at
 * depth d in the byte order of the prefixes they stand for (level 0 is
 * the root), so that the children of node v of level d are the nodes
 * first[v] .. first[v + 1] - 1 of level d + 1, in the order of their
 * labels (the byte leading to each). A node whose subtree holds a single
 * phrase is a leaf, which keeps the rest of the phrase as its tail. The
 * nodes where a phrase ends have their bit set in term; the k-th of them
 * on a level has its record k: varints for the length of the tail, then
 * the tail, the id and article of the phrase's newest gloss, the id of
 * the newest gloss of another article than that one (0: none) and, when
 * there is one, its article. Record k starts k % REC_STEP records after
 * rec + sample[k / REC_STEP] (its size at the bench's largest archive:
 * tests/bench/RESULTS.md).
 * The phrases come in byte order, so each level is written from its
 * start to its end as they come: the build needs the trie, what its
 * arrays grew by (trimmed at the end) and one phrase, no more. The
 * update hook is the handle's only one.
 */
#define REC_STEP 8

struct trie_level {
	unsigned char *label; /* n; level 0: none */
	uint32_t *first;      /* n + 1 */
	uint64_t *term;       /* n / 64 + 1 words */
	uint32_t *rank;       /* phrases ending before each word of term */
	unsigned char *rec;
	uint32_t *sample;
	size_t n, nphrases, reclen;
	size_t base;                    /* phrases of the levels above */
	size_t ncap, reccap, samplecap; /* while it is built */
};

/* The phrase being read while the trie is built, with the ids of its
 * newest gloss and of the newest gloss of another article, and its
 * common prefix with the phrase before it. */
struct pending {
	unsigned char *s;
	size_t len, cap, before;
	int64_t id, article, id2, article2;
};

struct glossa_gloss_cache {
	sqlite3_stmt *build;   /* the phrases being read; NULL: no build */
	struct pending p;      /* while building */
	int64_t changes;       /* rows of annotation changed on this handle */
	int64_t built_changes; /* changes when the trie was built */
	int64_t built_version; /* PRAGMA data_version then */
	int built;             /* 0: the trie is to be built before use */
	struct trie_level *level;
	size_t nlevels, levelcap, nphrases;
	uint32_t root[256]; /* 1 + the root's child by label; 0: none */
};

/* Bring db->gloss_cache up to date with the annotation table (a whole
 * build when it is not). */
glossa_status_t glossa_trie_update(glossa_db_t *db);

/* Phrase k's record on level l: its tail (*len bytes), followed by the
 * ids. */
const unsigned char *glossa_trie_record(const struct trie_level *l, size_t k,
					size_t *len);

/* Read the varint at p into *v; returns the byte after it. */
const unsigned char *glossa_trie_varint(const unsigned char *p, uint64_t *v);

/* *p (capacity *cap elements of size bytes) with room for n elements;
 * -1 if out of memory, *p left as it was. */
int glossa_trie_grow(void *p, size_t *cap, size_t n, size_t size);

#endif
