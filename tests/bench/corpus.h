/*
 * corpus.h: what gen.c and bench.c share about the generated archive.
 *
 * A fixed PRNG (splitmix64), a Zipf sampler, the English vocabulary (real
 * words at the top ranks, then pseudo-words built from consonant-vowel
 * syllables, so a word's rank is known to both programs), the tags and
 * the sources. Everything is static: each program includes it once.
 */
#ifndef GLOSSA_BENCH_CORPUS_H
#define GLOSSA_BENCH_CORPUS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_WORDS 30000         /* English vocabulary size */
#define EN_ZIPF_S 1.1          /* Zipf exponent of English words */
#define SEED 0x676c6f737361ULL /* "glossa" */

/* The path of article i under dir: dir/SSSS/NNNNNNN.txt, 1000 a shard. */
static inline void article_path(char *buf, size_t size, const char *dir, long i)
{
	snprintf(buf, size, "%s/%04ld/%07ld.txt", dir, i / 1000, i);
}

typedef struct rng {
	uint64_t s;
} rng_t;

static inline uint64_t rng_next(rng_t *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double rng_unit(rng_t *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi]. */
static inline long rng_range(rng_t *r, long lo, long hi)
{
	return lo + (long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

typedef struct zipf {
	double *cum;
	size_t n;
} zipf_t;

static inline void zipf_init(zipf_t *z, size_t n, double s)
{
	double sum = 0;

	z->cum = malloc(n * sizeof(*z->cum));
	if (!z->cum) {
		perror("malloc");
		exit(1);
	}
	z->n = n;
	for (size_t i = 0; i < n; i++) {
		sum += 1.0 / pow((double)(i + 1), s);
		z->cum[i] = sum;
	}
}

/* A rank in [0, n), rank 0 the most frequent. */
static inline size_t zipf_draw(const zipf_t *z, rng_t *r)
{
	double u = rng_unit(r) * z->cum[z->n - 1];
	size_t lo = 0, hi = z->n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (z->cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The real words, most frequent first. */
static const char *const en_base[] = {
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "its",
    "it",
    "are",
    "was",
    "from",
    "at",
    "be",
    "this",
    "has",
    "have",
    "an",
    "which",
    "will",
    "their",
    "or",
    "not",
    "more",
    "china",
    "industry",
    "rare",
    "earth",
    "earths",
    "policy",
    "production",
    "market",
    "development",
    "supply",
    "group",
    "steel",
    "state",
    "new",
    "year",
    "prices",
    "export",
    "exports",
    "chinese",
    "government",
    "plan",
    "also",
    "said",
    "than",
    "would",
    "been",
    "companies",
    "mining",
    "magnets",
    "processing",
    "technology",
    "innovation",
    "national",
    "global",
    "chain",
    "output",
    "capacity",
    "strategic",
    "resources",
    "minerals",
    "critical",
    "demand",
    "investment",
    "enterprises",
    "security",
    "control",
    "controls",
    "quota",
    "quotas",
    "five",
    "provincial",
    "central",
    "local",
    "firms",
    "price",
    "trade",
    "tons",
    "growth",
    "green",
    "energy",
    "electric",
    "vehicles",
    "battery",
    "lithium",
    "gallium",
    "germanium",
    "graphite",
    "antimony",
    "tungsten",
    "cobalt",
    "nickel",
    "copper",
    "smelting",
    "separation",
    "refining",
    "permanent",
    "neodymium",
    "dysprosium",
    "terbium",
    "yttrium",
    "baotou",
    "ganzhou",
    "jiangxi",
    "inner",
    "mongolia",
    "myanmar",
    "japan",
    "united",
    "states",
    "europe",
    "tariffs",
    "sanctions",
    "licence",
    "licensing",
    "reform",
    "ministry",
    "commerce",
    "council",
    "work",
    "report",
    "meeting",
    "mobilization",
    "campaign",
    "targets",
    "quality",
    "efficiency",
    "consolidation",
    "merger",
    "restructuring",
    "overseas",
    "imports",
    "deposits",
    "reserves",
    "environmental",
    "pollution",
    "inspection",
    "smuggling",
    "crackdown",
    "standards",
    "research",
    "patents",
    "universities",
    "talent",
    "subsidies",
    "funds",
    "bank",
    "credit",
    "decisive",
    "battle",
    "war",
    "drums",
    "window",
    "opportunity",
    "period",
    "high",
    "modern",
    "system",
    "upgrade",
    "transformation",
    "digital",
    "intelligent",
    "manufacturing",
    "advanced",
    "materials",
    "downstream",
    "upstream",
    "value",
    "added",
    "applications",
    "wind",
    "turbines",
    "motors",
    "defence",
    "semiconductors",
    "chips",
    "alloys",
    "oxide",
    "metal",
    "ore",
    "concentrate",
    "tailings",
    "recycling",
    "circular",
    "economy",
    "carbon",
    "peak",
    "neutrality",
};

#define EN_BASE (sizeof(en_base) / sizeof(en_base[0]))

/*
 * Word rank i of the vocabulary into buf: a real word, or a pseudo-word
 * of 2 or 3 consonant-vowel syllables (unambiguous concatenation, so the
 * pseudo-words are all distinct).
 */
static inline void en_word(size_t i, char *buf)
{
	static const char cons[] = "bdfgklmnprstvz";
	static const char vow[] = "aeiou";
	const size_t nsyl = 14 * 5;

	if (i < EN_BASE) {
		strcpy(buf, en_base[i]);
		return;
	}
	/* Spread the ranks over the syllable space by a fixed stride. */
	size_t k = (i - EN_BASE) * 7919 % (nsyl * nsyl * nsyl);
	int len = 0;
	for (int d = 0; d < 3; d++) {
		size_t syl = k % nsyl;
		k /= nsyl;
		buf[len++] = cons[syl / 5];
		buf[len++] = vow[syl % 5];
	}
	buf[len] = '\0';
}

/* Tags: several words each, the first word alone unique among tags. */
static const char *const tags[] = {
    "rare earths", "China",           "state-owned enterprises",
    "magnets",     "export controls", "critical minerals",
    "gallium",     "germanium",       "graphite",
    "antimony",    "Japan",           "Myanmar",
    "batteries",   "lithium",         "mining",
    "smelting",    "five-year plan",  "tariffs",
    "technology",  "environment",     "Baogang",
    "Ganzhou",     "policy",          "trade",
};
#define N_TAGS (sizeof(tags) / sizeof(tags[0]))

static const char *const sources[] = {
    "Rare Earth Exchanges",
    "Xinhua",
    "People's Daily",
    "China Daily",
    "Caixin",
    "SMM",
    "Asian Metal",
    "Reuters",
    "Nikkei Asia",
    "MIIT",
    "NDRC",
    "Ministry of Commerce",
    "Baotou Daily",
    "Jiangxi News",
    "Global Times",
    "South China Morning Post",
};
#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

#endif
