/*
 * gen.c: a deterministic generator of glossa article files for the
 * benchmarks.
 *
 *   gen DIR N     write articles 0 .. N-1 as DIR/SSSS/NNNNNNN.txt
 *
 * The same N gives the same bytes on every machine: a fixed seed and our
 * own PRNG (corpus.h), no rand(). Articles mix English (Zipf over a
 * vocabulary of EN_WORDS words) and Chinese (Zipf over a vocabulary of
 * multi-character words, themselves Zipf over ~3000 Han characters: the
 * most common characters first, then characters of U+4E00..U+9FA5 taken
 * by a fixed stride). Body lengths are log-normal around 3 KB, capped at
 * 50 KB; 30% of the articles gloss 1-5 phrases of their own body; dates
 * spread over 2015-2025.
 */
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "corpus.h"

#define HAN_CHARS 3000
#define ZH_WORDS 8000
#define MAX_BODY (50 * 1024)

/* Common characters, roughly most frequent first (duplicates skipped). */
static const char common_han[] =
    "的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要"
    "下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只"
    "作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样"
    "现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部"
    "正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使"
    "教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总"
    "才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常"
    "提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记"
    "边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科"
    "怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传"
    "近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻"
    "程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商"
    "千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若"
    "兵弟谁校读志飞观争究包组造落视济喜离虽坏兴注稀土矿冶炼钢铁集团企业产"
    "链供应出口管控镓锗石墨锑钨钴镍铜锂电池磁材料永钕镝铽钇包头赣州江西内"
    "蒙古缅甸日本美欧盟关税制裁许可证改革商务部国务院工作会议动员质量效率"
    "整合兼并重组海外进储量环境污染督查走私打击标准研发专利高校人才补贴基"
    "金银行信贷擂响鼓再抓创新协调绿色开放共享机遇期十四五规划战略资源安全";

/* The Han characters by rank, as UTF-8 (3 bytes each). */
static char han[HAN_CHARS][4];

static int is_han_cp(uint32_t cp)
{
	return cp >= 0x4e00 && cp <= 0x9fa5;
}

static void put_utf8(char *out, uint32_t cp)
{
	out[0] = (char)(0xe0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	out[3] = '\0';
}

static void han_init(void)
{
	static unsigned char seen[0x9fa6 - 0x4e00];
	const unsigned char *p = (const unsigned char *)common_han;
	size_t n = 0;

	while (*p && n < HAN_CHARS) {
		uint32_t cp = ((uint32_t)(p[0] & 0x0f) << 12) |
		              ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		p += 3;
		if (!is_han_cp(cp) || seen[cp - 0x4e00])
			continue;
		seen[cp - 0x4e00] = 1;
		put_utf8(han[n++], cp);
	}
	/* The rest: U+4E00.. by a fixed stride (coprime to the range). */
	const uint32_t range = 0x9fa6 - 0x4e00;
	for (uint32_t k = 0; n < HAN_CHARS; k++) {
		uint32_t cp = 0x4e00 + (uint32_t)((uint64_t)k * 7919 % range);
		if (seen[cp - 0x4e00])
			continue;
		seen[cp - 0x4e00] = 1;
		put_utf8(han[n++], cp);
	}
}

/* Chinese words: 1-4 characters each, as UTF-8. */
static char zh_words[ZH_WORDS][13];

static void zh_init(rng_t *r)
{
	zipf_t chars;

	zipf_init(&chars, HAN_CHARS, 1.0);
	for (size_t i = 0; i < ZH_WORDS; i++) {
		double u = rng_unit(r);
		int len = u < 0.25 ? 1 : u < 0.80 ? 2 : u < 0.92 ? 3 : 4;
		zh_words[i][0] = '\0';
		for (int k = 0; k < len; k++)
			strcat(zh_words[i], han[zipf_draw(&chars, r)]);
	}
	free(chars.cum);
}

static char en_vocab[EN_WORDS][16];

typedef struct buf {
	char *p;
	size_t len, cap;
} buf_t;

static void put(buf_t *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("realloc");
			exit(1);
		}
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static zipf_t en_zipf, zh_zipf;

static void en_sentence(buf_t *b, rng_t *r)
{
	long n = rng_range(r, 6, 25);

	for (long i = 0; i < n; i++) {
		char w[16];
		strcpy(w, en_vocab[zipf_draw(&en_zipf, r)]);
		if (i == 0)
			w[0] = (char)(w[0] - 'a' + 'A');
		else
			put(b, rng_unit(r) < 0.08 ? ", " : " ");
		put(b, w);
	}
	/* Now and then a Chinese term in parentheses, as in the sample. */
	if (rng_unit(r) < 0.2) {
		put(b, " (");
		long k = rng_range(r, 1, 3);
		for (long i = 0; i < k; i++)
			put(b, zh_words[zipf_draw(&zh_zipf, r)]);
		put(b, ")");
	}
	put(b, ". ");
}

static void zh_sentence(buf_t *b, rng_t *r)
{
	long clauses = rng_range(r, 1, 5);

	for (long c = 0; c < clauses; c++) {
		long n = rng_range(r, 2, 8);
		if (c)
			put(b, rng_unit(r) < 0.8 ? "，" : "；");
		for (long i = 0; i < n; i++) {
			if (i && rng_unit(r) < 0.05)
				put(b, "、");
			put(b, zh_words[zipf_draw(&zh_zipf, r)]);
		}
		/* Now and then a year or an English name. */
		if (rng_unit(r) < 0.05) {
			char y[16];
			snprintf(y, sizeof(y), "%ld年",
			         rng_range(r, 2010, 2030));
			put(b, y);
		}
	}
	put(b, "。");
}

/* Days in month m (1-12) of year y. */
static int mdays(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return d[m - 1] + (m == 2 && leap);
}

static void random_date(rng_t *r, char *out)
{
	long day = rng_range(r, 0, 11 * 365 + 2);
	int y = 2015, m = 1;

	while (day >= (y % 4 == 0 ? 366 : 365)) {
		day -= y % 4 == 0 ? 366 : 365;
		y++;
	}
	while (day >= mdays(y, m))
		day -= mdays(y, m++);
	snprintf(out, 32, "%04d-%02d-%02d", y, m, (int)day + 1);
}

static int is_han_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
	    (p[2] & 0xc0) != 0x80)
		return 0;
	return is_han_cp(((uint32_t)(p[0] & 0x0f) << 12) |
	                 ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f));
}

/*
 * A phrase of the body to gloss, into out: 2-5 Han characters in a row
 * from a random place, else two English words; 0 if none was found.
 */
static int pick_phrase(const buf_t *body, rng_t *r, char *out, size_t size)
{
	for (int tries = 0; tries < 50; tries++) {
		size_t at = (size_t)rng_range(r, 0, (long)body->len - 1);
		const char *s = body->p + at;
		const char *end = body->p + body->len;
		while (s < end && !is_han_at(s) && (*s & 0xc0) == 0x80)
			s++;
		if (s + 6 <= end && is_han_at(s)) {
			long want = rng_range(r, 2, 5), got = 0;
			const char *e = s;
			while (got < want && e + 3 <= end && is_han_at(e))
				e += 3, got++;
			if (got >= 2 && (size_t)(e - s) < size) {
				memcpy(out, s, (size_t)(e - s));
				out[e - s] = '\0';
				return 1;
			}
		} else if (tries >= 20 && s < end && *s >= 'a' && *s <= 'z' &&
		           (s == body->p || s[-1] == ' ')) {
			const char *e = s;
			int words = 0;
			while (e < end && words < 2) {
				if (*e == ' ')
					words++;
				else if (!(*e >= 'a' && *e <= 'z'))
					break;
				if (words < 2)
					e++;
			}
			if (words == 2 && (size_t)(e - s) < size) {
				memcpy(out, s, (size_t)(e - s));
				out[e - s] = '\0';
				return 1;
			}
		}
	}
	return 0;
}

/* A body length: log-normal, median 3 KB, from 300 bytes to most. */
static size_t body_length(rng_t *r, size_t most)
{
	double z =
	    sqrt(-2 * log(1 - rng_unit(r))) * cos(2 * M_PI * rng_unit(r));
	size_t target = (size_t)(3072 * exp(0.7 * z));
	if (target < 300)
		target = 300;
	if (target > most)
		target = most;
	return target;
}

/* In 30% of the articles, Gloss lines for 1 to 5 phrases of the body;
 * their translation three English words, or for the real corpus (real)
 * "a gloss of" the phrase. */
static void put_glosses(buf_t *out, const buf_t *body, rng_t *r, int real)
{
	char line[512];

	if (rng_unit(r) < 0.3) {
		long n = rng_range(r, 1, 5);
		for (long i = 0; i < n; i++) {
			char phrase[64];
			if (!pick_phrase(body, r, phrase, sizeof(phrase)))
				continue;
			if (real)
				snprintf(line, sizeof(line), "Gloss: %s | a gloss "
				         "of \"%s\"\n", phrase, phrase);
			else
				snprintf(line, sizeof(line),
				         "Gloss: %s | %s %s %s\n", phrase,
				         en_vocab[rng_range(r, 30, 200)],
				         en_vocab[rng_range(r, 30, 200)],
				         en_vocab[zipf_draw(&en_zipf, r)]);
			put(out, line);
		}
	}
}

static void make_article(long id, buf_t *out, buf_t *body)
{
	rng_t r = {SEED ^ ((uint64_t)id * 0x2545f4914f6cdd1dULL)};
	double u = rng_unit(&r);
	double p_zh = u < 0.45 ? 0.1 : u < 0.8 ? 0.85 : 0.5;
	char line[512], date[32];

	size_t target = body_length(&r, MAX_BODY - 2048);
	body->len = 0;
	put(body, "");
	while (body->len < target) {
		int zh = rng_unit(&r) < p_zh;
		long n = rng_range(&r, 2, 7);
		if (body->len)
			put(body, "\n\n");
		for (long i = 0; i < n; i++) {
			if (zh)
				zh_sentence(body, &r);
			else
				en_sentence(body, &r);
		}
		/* Sentences end with ". ": drop the trailing space. */
		if (body->p[body->len - 1] == ' ')
			body->p[--body->len] = '\0';
	}
	put(body, "\n");

	out->len = 0;
	put(out, "Title: ");
	if (p_zh > 0.8) {
		long n = rng_range(&r, 2, 6);
		for (long i = 0; i < n; i++)
			put(out, zh_words[zipf_draw(&zh_zipf, &r)]);
	} else {
		long n = rng_range(&r, 4, 9);
		for (long i = 0; i < n; i++) {
			char w[16];
			strcpy(w, en_vocab[zipf_draw(&en_zipf, &r)]);
			w[0] = (char)(w[0] - 'a' + 'A');
			if (i)
				put(out, " ");
			put(out, w);
		}
	}
	snprintf(line, sizeof(line), "\nSource: %s\n",
	         sources[rng_range(&r, 0, N_SOURCES - 1)]);
	put(out, line);
	random_date(&r, date);
	snprintf(line, sizeof(line),
	         "Date: %s\nURL: https://example.org/bench/%07ld\nTags: ", date,
	         id);
	put(out, line);
	long ntags = rng_range(&r, 1, 4);
	unsigned used = 0;
	for (long i = 0; i < ntags; i++) {
		/* Squared uniform: the first tags are the common ones. */
		double t = rng_unit(&r);
		size_t k = (size_t)(t * t * N_TAGS);
		if (used & (1u << k))
			continue;
		used |= 1u << k;
		if (i)
			put(out, "; ");
		put(out, tags[k]);
	}
	put(out, "\n");
	put_glosses(out, body, &r, 0);
	put(out, "\n");
	put(out, body->p);
}

static void mkdir_or_die(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* --- The real-text corpus (gen --real) -------------------------------- */

/*
 * Text that Debian ships and none of us wrote, cut into paragraphs and
 * recombined into articles. English: the licenses of
 * /usr/share/common-licenses, the copyright files and the changelogs
 * (their first REAL_CHANGELOG_MAX bytes) of /usr/share/doc, the man pages
 * of /usr/share/man/man[1-8]* (roff stripped crudely). Chinese: the
 * fortunes of fortunes-zh (chinese, song100, tang300; an entry ends at a
 * "%" line). Files are read in glob(3)'s sorted order, symbolic links
 * skipped, so the same installed packages give the same corpus.
 */

#define REAL_CHANGELOG_MAX (128 * 1024)
#define REAL_SAMPLE 3000 /* articles whose phrases and Han n-grams count */

enum real_kind { K_LICENSE, K_COPYRIGHT, K_CHANGELOG, K_MAN, K_FORTUNE, N_KINDS };

static const char *const kind_tag[N_KINDS] = {
    "license", "copyright", "changelog", "man page", "fortune",
};

typedef struct real_doc {
	int kind;
	char *name;
	size_t first, n; /* its paragraphs in the kind's pool */
} real_doc_t;

typedef struct real_pool {
	buf_t text;  /* the paragraphs, each NUL-terminated */
	size_t *par; /* offsets into text */
	size_t npar, cappar;
	real_doc_t *doc;
	size_t ndoc, capdoc;
} real_pool_t;

static real_pool_t pools[N_KINDS];

static void *xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n ? n : 1))) {
		perror("realloc");
		exit(1);
	}
	return p;
}

static void put_n(buf_t *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The decompressed bytes of path (gzip or plain), at most max; 0 on error. */
static int read_gz(const char *path, size_t max, buf_t *out)
{
	gzFile f = gzopen(path, "rb");
	char chunk[65536];
	int got;

	out->len = 0;
	put(out, "");
	if (!f)
		return 0;
	while (out->len < max && (got = gzread(f, chunk, sizeof(chunk))) > 0)
		put_n(out, chunk, (size_t)got);
	gzclose(f);
	if (out->len > max)
		out->len = max;
	out->p[out->len] = '\0';
	return 1;
}

/* The length of the valid UTF-8 sequence at s (1-4), 0 if none. */
static int utf8_len(const unsigned char *s, const unsigned char *end)
{
	uint32_t cp;
	int n;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (end - s < n)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 controls and the bidi and zero-width characters: dropped */
	if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff)
		return -n;
	return n;
}

/*
 * Add a document's text to pool k: invalid UTF-8 and control characters
 * dropped (a few changelogs are Latin-1), ANSI colour sequences dropped
 * (the fortunes have them), lines' trailing blanks trimmed, paragraphs
 * (separated by blank lines) of at least 20 bytes kept.
 */
static void add_doc(int k, const char *name, const char *s, size_t len)
{
	real_pool_t *pl = &pools[k];
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	buf_t para = {0};
	size_t first = pl->npar;

	put(&para, "");
	for (;;) {
		int at_end = p >= end;
		/* a paragraph ends at a blank line or the end */
		int blank = 0;
		if (!at_end && *p == '\n') {
			const unsigned char *q = p + 1;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
			blank = q >= end || *q == '\n';
		}
		if (at_end || blank) {
			while (para.len && (para.p[para.len - 1] == '\n' ||
			                    para.p[para.len - 1] == ' '))
				para.p[--para.len] = '\0';
			size_t lead = strspn(para.p, "\n ");
			if (para.len - lead >= 20) {
				if (pl->npar == pl->cappar) {
					pl->cappar = pl->cappar ? 2 * pl->cappar : 1024;
					pl->par = xrealloc(pl->par, pl->cappar *
					                   sizeof(*pl->par));
				}
				pl->par[pl->npar++] = pl->text.len;
				put_n(&pl->text, para.p + lead, para.len - lead + 1);
			}
			para.len = 0;
			para.p[0] = '\0';
			if (at_end)
				break;
			while (p < end && (*p == '\n' || *p == ' ' || *p == '\t'))
				p++;
			continue;
		}
		if (*p == 0x1b) { /* ESC [ ... letter */
			p++;
			if (p < end && *p == '[') {
				p++;
				while (p < end && !((*p >= 'a' && *p <= 'z') ||
				                    (*p >= 'A' && *p <= 'Z')))
					p++;
				p++;
			}
			continue;
		}
		if (*p == '\n') {
			while (para.len && para.p[para.len - 1] == ' ')
				para.p[--para.len] = '\0';
			put_n(&para, "\n", 1);
			p++;
			continue;
		}
		if (*p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
			put_n(&para, *p == '\t' ? "\t" : " ", 1);
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			p++;
			continue;
		}
		int n = utf8_len(p, end);
		if (n > 0)
			put_n(&para, (const char *)p, (size_t)n);
		p += n ? (n < 0 ? -n : n) : 1;
	}
	free(para.p);
	if (pl->npar == first)
		return;
	if (pl->ndoc == pl->capdoc) {
		pl->capdoc = pl->capdoc ? 2 * pl->capdoc : 256;
		pl->doc = xrealloc(pl->doc, pl->capdoc * sizeof(*pl->doc));
	}
	pl->doc[pl->ndoc++] = (real_doc_t){k, strdup(name), first,
	                                   pl->npar - first};
}

/* A roff escape at s (after the backslash) into out; returns the bytes
 * of s it took. Crude: fonts, sizes, motions and strings go, the
 * common special characters become text. */
static size_t roff_escape(const char *s, buf_t *out)
{
	static const struct {
		const char *name, *text;
	} special[] = {
	    {"em", "—"}, {"en", "–"}, {"bu", "•"}, {"aq", "'"}, {"cq", "'"},
	    {"oq", "'"}, {"dq", "\""}, {"lq", "\""}, {"rq", "\""},
	    {"co", "©"}, {"rg", "®"}, {"mi", "-"}, {"hy", "-"}, {"ti", "~"},
	    {"ha", "^"}, {"rs", "\\"}, {"dg", "†"}, {"de", "°"}, {"mu", "×"},
	    {"<=", "<="}, {">=", ">="}, {"->", "->"}, {"ga", "`"}, {"sl", "/"},
	};
	char name[32];
	size_t n = 0, used;

	switch (s[0]) {
	case '\0':
		return 0;
	case '-':
	case '~':
	case ' ':
	case '0':
		put_n(out, s[0] == '-' ? "-" : " ", 1);
		return 1;
	case 'e':
	case '\\':
		put_n(out, "\\", 1);
		return 1;
	case '(':
		if (!s[1] || !s[2])
			return strlen(s);
		name[0] = s[1], name[1] = s[2], name[2] = '\0';
		used = 3;
		break;
	case '[':
		while (s[1 + n] && s[1 + n] != ']' && n < sizeof(name) - 1) {
			name[n] = s[1 + n];
			n++;
		}
		name[n] = '\0';
		used = 1 + n + (s[1 + n] == ']');
		break;
	case '*':
	case 'f':
	case 'n':
	case 'F':
	case 'm':
	case 'g':
	case 'k':
	case 'Y':
	case '$':
		/* \*x \*(xx \*[xx]; \fB \f(CW \f[CW]: gone, but lq/rq */
		if (s[1] == '(' && s[2] && s[3]) {
			if (s[0] == '*' && (s[2] == 'q') &&
			    (s[1 + 1] == 'l' || s[1 + 1] == 'r'))
				put_n(out, "\"", 1);
			return 4;
		}
		if (s[1] == '[') {
			const char *e = strchr(s + 2, ']');
			return e ? (size_t)(e - s) + 1 : strlen(s);
		}
		return s[1] ? 2 : 1;
	case 's':
		used = 1;
		if (s[used] == '+' || s[used] == '-')
			used++;
		if (s[used] == '(')
			return used + (s[used + 1] ? 1 : 0) +
			       (s[used + 1] && s[used + 2] ? 2 : 0);
		while (s[used] >= '0' && s[used] <= '9' && used < 4)
			used++;
		return used;
	case 'w':
	case 'h':
	case 'v':
	case 'l':
	case 'L':
	case 'o':
	case 'X':
	case 'Z':
	case 'b':
	case 'D':
	case 'x':
	case 'A':
	case 'B':
	case 'C':
	case 'N':
	case 'R':
	case 'S':
	case 'V':
		if (s[1] == '\'') {
			const char *e = strchr(s + 2, '\'');
			return e ? (size_t)(e - s) + 1 : strlen(s);
		}
		return s[1] ? 2 : 1;
	case '&':
	case '%':
	case 'c':
	case ':':
	case '/':
	case ',':
	case '|':
	case '^':
	case ')':
	case 'd':
	case 'u':
	case 'p':
	case 'r':
	case 't':
	case 'z':
	case '{':
	case '}':
	case '!':
	case '?':
		return 1;
	default:
		put_n(out, s, 1);
		return 1;
	}
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcmp(name, special[i].name) == 0) {
			put(out, special[i].text);
			break;
		}
	return used;
}

/* Text of a roff line (escapes resolved) into out, without a newline;
 * a \" comment ends it. */
static void roff_text(const char *s, size_t len, buf_t *out)
{
	char *line = strndup(s, len);
	const char *p = line;

	while (*p) {
		if (*p != '\\') {
			put_n(out, p++, 1);
			continue;
		}
		p++;
		if (*p == '"' || *p == '#')
			break;
		p += roff_escape(p, out);
	}
	free(line);
}

/* A macro line's arguments (quotes honoured), resolved, into out, joined
 * by sep. */
static void roff_args(const char *s, size_t len, const char *sep, buf_t *out)
{
	size_t i = 0;
	int first = 1;

	while (i < len) {
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t from, to;
		if (s[i] == '"') {
			from = ++i;
			while (i < len && s[i] != '"')
				i++;
			to = i++;
		} else {
			from = i;
			while (i < len && s[i] != ' ' && s[i] != '\t')
				i++;
			to = i;
		}
		if (from + 1 < len && s[from] == '\\' && s[from + 1] == '"')
			break; /* a comment */
		if (!first)
			put(out, sep);
		first = 0;
		roff_text(s + from, to - from, out);
	}
}

/* A man page's roff as plain text, paragraphs separated by blank lines. */
static void strip_roff(const char *s, size_t len, buf_t *out)
{
	const char *end = s + len;
	int skipping = 0; /* inside .de/.ig up to ".." */

	out->len = 0;
	put(out, "");
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - s);

		if (skipping) {
			if (n >= 2 && s[0] == '.' && s[1] == '.')
				skipping = 0;
		} else if (n && (s[0] == '.' || s[0] == '\'')) {
			const char *m = s + 1;
			while (m < e && (*m == ' ' || *m == '\t'))
				m++;
			const char *me = m;
			while (me < e && *me != ' ' && *me != '\t')
				me++;
			size_t ml = (size_t)(me - m);
			char mac[8] = "";
			if (ml < sizeof(mac))
				memcpy(mac, m, ml), mac[ml] = '\0';
			if (!strcmp(mac, "de") || !strcmp(mac, "ig") ||
			    !strcmp(mac, "am"))
				skipping = 1;
			else if (!strcmp(mac, "SH") || !strcmp(mac, "SS")) {
				put(out, "\n\n");
				roff_args(me, (size_t)(e - me), " ", out);
				put(out, "\n");
			} else if (!strcmp(mac, "PP") || !strcmp(mac, "P") ||
			           !strcmp(mac, "LP") || !strcmp(mac, "TP") ||
			           !strcmp(mac, "IP") || !strcmp(mac, "HP") ||
			           !strcmp(mac, "sp") || !strcmp(mac, "Pp") ||
			           !strcmp(mac, "Sh")) {
				put(out, "\n\n");
			} else if (!strcmp(mac, "B") || !strcmp(mac, "I") ||
			           !strcmp(mac, "SM") || !strcmp(mac, "SB")) {
				roff_args(me, (size_t)(e - me), " ", out);
				put(out, "\n");
			} else if (ml == 2 && strchr("BIR", mac[0]) &&
			           strchr("BIR", mac[1])) {
				roff_args(me, (size_t)(e - me), "", out);
				put(out, "\n");
			} else if (!strcmp(mac, "br")) {
				put(out, "\n");
			}
		} else if (n == 0) {
			put(out, "\n\n");
		} else {
			roff_text(s, n, out);
			put(out, "\n");
		}
		s = nl ? nl + 1 : end;
	}
}

static void add_files(int k, const char *pattern, size_t max)
{
	glob_t g;
	buf_t raw = {0}, text = {0};
	struct stat st;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		char name[512];
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		/* a package's doc directory linked to another's: skip */
		if (k == K_COPYRIGHT || k == K_CHANGELOG) {
			char dirp[4096];
			snprintf(dirp, sizeof(dirp), "%s", path);
			*strrchr(dirp, '/') = '\0';
			if (lstat(dirp, &st) != 0 || !S_ISDIR(st.st_mode))
				continue;
			snprintf(name, sizeof(name), "%s", strrchr(dirp, '/') + 1);
		} else {
			snprintf(name, sizeof(name), "%s", strrchr(path, '/') + 1);
			char *gz = strstr(name, ".gz");
			if (gz)
				*gz = '\0';
		}
		if (!read_gz(path, max, &raw))
			continue;
		if (memchr(raw.p, '\0', raw.len))
			continue;
		if (k == K_MAN) {
			if (strncmp(raw.p, ".so ", 4) == 0)
				continue;
			strip_roff(raw.p, raw.len, &text);
			add_doc(k, name, text.p, text.len);
		} else {
			add_doc(k, name, raw.p, raw.len);
		}
	}
	globfree(&g);
	free(raw.p);
	free(text.p);
}

/* The fortunes of one file, each entry (up to a "%" line) a paragraph. */
static void add_fortunes(const char *path)
{
	buf_t raw = {0}, text = {0};
	const char *s, *end;

	if (!read_gz(path, 64u << 20, &raw) || raw.len == 0) {
		fprintf(stderr, "gen: %s: missing (install fortunes-zh)\n", path);
		exit(1);
	}
	put(&text, "");
	for (s = raw.p, end = raw.p + raw.len; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		if (e - s == 1 && s[0] == '%')
			put(&text, "\n\n");
		else if (e > s) { /* blank lines within an entry go */
			put_n(&text, s, (size_t)(e - s));
			put(&text, "\n");
		}
		s = nl ? nl + 1 : end;
	}
	add_doc(K_FORTUNE, strrchr(path, '/') + 1, text.p, text.len);
	free(raw.p);
	free(text.p);
}

static void real_init(void)
{
	add_files(K_LICENSE, "/usr/share/common-licenses/*", 1u << 20);
	add_files(K_COPYRIGHT, "/usr/share/doc/*/copyright", 1u << 20);
	add_files(K_CHANGELOG, "/usr/share/doc/*/changelog*.gz",
	          REAL_CHANGELOG_MAX);
	add_files(K_MAN, "/usr/share/man/man[1-8]*/*", 4u << 20);
	add_fortunes("/usr/share/games/fortunes/chinese");
	add_fortunes("/usr/share/games/fortunes/song100");
	add_fortunes("/usr/share/games/fortunes/tang300");
	for (int k = 0; k < N_KINDS; k++) {
		fprintf(stderr, "gen: %s: %zu documents, %zu paragraphs, %.1f MB\n",
		        kind_tag[k], pools[k].ndoc, pools[k].npar,
		        pools[k].text.len / 1e6);
		if (pools[k].npar == 0) {
			fprintf(stderr, "gen: no %s text: install manpages and "
			                "fortunes-zh\n", kind_tag[k]);
			exit(1);
		}
	}
}

/* A table of strings and counts (open addressing, FNV-1a). */
typedef struct ent {
	char *key;
	long n;
} ent_t;

typedef struct tab {
	ent_t *e;
	size_t cap, n;
} tab_t;

static uint64_t fnv(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static void tab_add(tab_t *t, const char *s, size_t len)
{
	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 4096;
		ent_t *ne = calloc(ncap, sizeof(*ne));
		if (!ne) {
			perror("calloc");
			exit(1);
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->e[i].key)
				continue;
			size_t j = fnv(t->e[i].key, strlen(t->e[i].key)) &
			           (ncap - 1);
			while (ne[j].key)
				j = (j + 1) & (ncap - 1);
			ne[j] = t->e[i];
		}
		free(t->e);
		t->e = ne;
		t->cap = ncap;
	}
	size_t j = fnv(s, len) & (t->cap - 1);
	while (t->e[j].key) {
		if (strlen(t->e[j].key) == len && !memcmp(t->e[j].key, s, len)) {
			t->e[j].n++;
			return;
		}
		j = (j + 1) & (t->cap - 1);
	}
	t->e[j].key = strndup(s, len);
	t->e[j].n = 1;
	t->n++;
}

static int tab_has(const tab_t *t, const char *s, size_t len)
{
	if (!t->cap)
		return 0;
	for (size_t j = fnv(s, len) & (t->cap - 1); t->e[j].key;
	     j = (j + 1) & (t->cap - 1))
		if (strlen(t->e[j].key) == len && !memcmp(t->e[j].key, s, len))
			return 1;
	return 0;
}

static int cmp_ent(const void *a, const void *b)
{
	const ent_t *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The table's entries, most frequent first (ties by key); *n of them. */
static ent_t *tab_sorted(tab_t *t, size_t *n)
{
	ent_t *v = xrealloc(NULL, (t->n + 1) * sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < t->cap; i++)
		if (t->e[i].key)
			v[k++] = t->e[i];
	qsort(v, k, sizeof(*v), cmp_ent);
	*n = k;
	return v;
}

static tab_t words, phrases, han_grams[4];

static int is_alnum_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/*
 * Count what an article's text holds: its English words (runs of ASCII
 * letters that are whole tokens, folded to lowercase; all articles) and,
 * for the first REAL_SAMPLE articles, its phrases of two and three
 * lowercase words separated by one space, and its runs of 1-4 Han
 * characters.
 */
static void count_text(const char *s, int sample)
{
	const unsigned char *p = (const unsigned char *)s;
	char w[3][32];
	int nw = 0; /* lowercase words in a row, one space apart */

	while (*p) {
		if (is_han_at((const char *)p)) {
			const unsigned char *q = p;
			int run = 0;
			nw = 0;
			while (is_han_at((const char *)q))
				q += 3, run++;
			for (int i = 0; sample && i < run; i++)
				for (int k = 1; k <= 4 && i + k <= run; k++)
					tab_add(&han_grams[k - 1],
					        (const char *)p + 3 * i,
					        (size_t)(3 * k));
			p = q;
			continue;
		}
		if (!is_alnum_byte(*p)) {
			if (!(*p == ' ' && nw))
				nw = 0;
			else if (p[1] == ' ')
				nw = 0;
			p++;
			continue;
		}
		const unsigned char *q = p;
		int letters = 1, lower = 1;
		while (is_alnum_byte(*q)) {
			if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
				letters = 0;
			if (!(*q >= 'a' && *q <= 'z'))
				lower = 0;
			q++;
		}
		size_t len = (size_t)(q - p);
		if (letters && len >= 2 && len < 25) {
			char lw[32];
			for (size_t i = 0; i < len; i++)
				lw[i] = (char)(p[i] | 0x20);
			tab_add(&words, lw, len);
			if (sample && lower) {
				if (nw == 3) {
					memmove(w[0], w[1], 2 * sizeof(w[0]));
					nw = 2;
				}
				memcpy(w[nw], p, len);
				w[nw++][len] = '\0';
				char ph[100];
				if (nw >= 2) {
					snprintf(ph, sizeof(ph), "%s %s",
					         w[nw - 2], w[nw - 1]);
					tab_add(&phrases, ph, strlen(ph));
				}
				if (nw == 3) {
					snprintf(ph, sizeof(ph), "%s %s %s",
					         w[0], w[1], w[2]);
					tab_add(&phrases, ph, strlen(ph));
				}
			} else {
				nw = 0;
			}
		} else {
			nw = 0;
		}
		p = q;
	}
}

/* Paragraph i of pool k, at most 8 KB of it (cut at a line or a space). */
static void put_par(buf_t *b, int k, size_t i)
{
	const char *s = pools[k].text.p + pools[k].par[i];
	size_t len = strlen(s);

	if (len > 8192) {
		len = 8192;
		while (len > 1 && s[len] != '\n' && s[len] != ' ')
			len--;
	}
	put_n(b, s, len);
}

/* Pick a document of a kind: English by fixed shares, Chinese among the
 * fortune files (chinese, song100, tang300: 60, 15, 25%). */
static const real_doc_t *pick_doc(rng_t *r, int zh, int *kind)
{
	double u = rng_unit(r);
	int k;

	if (zh) {
		*kind = K_FORTUNE;
		size_t i = u < 0.60 ? 0 : u < 0.75 ? 1 : 2;
		if (i >= pools[K_FORTUNE].ndoc)
			i = 0;
		return &pools[K_FORTUNE].doc[i];
	}
	k = u < 0.10 ? K_LICENSE : u < 0.35 ? K_COPYRIGHT
	    : u < 0.60                      ? K_CHANGELOG
	                                    : K_MAN;
	*kind = k;
	return &pools[k].doc[rng_range(r, 0, (long)pools[k].ndoc - 1)];
}

/* The first line of s into out, cut to at most max bytes (whole UTF-8
 * characters, blanks trimmed). */
static void first_line(const char *s, char *out, size_t max)
{
	size_t n;

	s += strspn(s, " \t");
	n = strcspn(s, "\n");
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	for (char *c = out; *c; c++)
		if (*c == '\t')
			*c = ' ';
	while (n && out[n - 1] == ' ')
		out[--n] = '\0';
}

static void make_real_article(long id, buf_t *out, buf_t *body)
{
	rng_t r = {SEED ^ 0x7265616cULL ^ ((uint64_t)id * 0x2545f4914f6cdd1dULL)};
	double u = rng_unit(&r);
	double p_zh = u < 0.45 ? 0.1 : u < 0.8 ? 0.85 : 0.5;
	char line[512], date[32], title[256] = "", source[256] = "";
	unsigned kinds = 0;

	size_t target = body_length(&r, MAX_BODY - 10240);
	body->len = 0;
	put(body, "");
	while (body->len < target) {
		int zh = rng_unit(&r) < p_zh, kind;
		const real_doc_t *d = pick_doc(&r, zh, &kind);
		size_t at = d->first + (size_t)rng_range(&r, 0, (long)d->n - 1);
		long n = rng_range(&r, 1, zh ? 4 : 6);
		kinds |= 1u << kind;
		if (!*title) {
			char fl[200];
			first_line(pools[kind].text.p + pools[kind].par[at], fl,
			           120);
			if (strlen(fl) < 12)
				snprintf(title, sizeof(title), "%s: %s",
				         d->name, fl);
			else
				snprintf(title, sizeof(title), "%s", fl);
			snprintf(source, sizeof(source), "%s", d->name);
		}
		for (long i = 0; i < n && at + (size_t)i < d->first + d->n &&
		                 body->len < target;
		     i++) {
			if (body->len)
				put(body, "\n\n");
			put_par(body, kind, at + (size_t)i);
		}
	}
	put(body, "\n");

	out->len = 0;
	put(out, "Title: ");
	put(out, title);
	put(out, "\nSource: ");
	put(out, source);
	put(out, "\n");
	random_date(&r, date);
	snprintf(line, sizeof(line),
	         "Date: %s\nURL: https://example.org/real/%07ld\nTags: ", date,
	         id);
	put(out, line);
	for (int k = 0, n = 0; k < N_KINDS; k++)
		if (kinds & (1u << k)) {
			if (n++)
				put(out, "; ");
			put(out, kind_tag[k]);
		}
	put(out, "\n");
	put_glosses(out, body, &r, 1);
	put(out, "\n");
	put(out, body->p);
	count_text(title, id < REAL_SAMPLE);
	count_text(body->p, id < REAL_SAMPLE);
}

/* m ranks spread over 0 .. n-1, log-spaced (the frequent end dense),
 * each once. */
static size_t log_rank(int i, int m, size_t n)
{
	if (n <= 1 || m <= 1)
		return 0;
	double x = exp(log((double)n) * i / (m - 1)) - 1;
	size_t r = (size_t)x;
	return r >= n ? n - 1 : r;
}

/* log_rank(), but above the last rank taken (*last; i = 0 starts). */
static size_t next_rank(int i, int m, size_t n, size_t *last)
{
	size_t j = log_rank(i, m, n);

	if (i && j <= *last)
		j = *last + 1;
	if (j >= n)
		j = n ? n - 1 : 0;
	*last = j;
	return j;
}

static FILE *qf;

static void q_set(const char *name, int cjk)
{
	fprintf(qf, "#\t%s\t%d\n", name, cjk);
}

static void q_add(const char *q, const char *pat)
{
	fprintf(qf, "%s\t%s\n", q, pat);
}

/* Whether every word of phrase p is among the top words of v. */
static int common_words(const char *p, tab_t *top)
{
	char w[100];

	snprintf(w, sizeof(w), "%s", p);
	for (char *t = strtok(w, " "); t; t = strtok(NULL, " "))
		if (!tab_has(top, t, strlen(t)))
			return 0;
	return 1;
}

/*
 * The queries of the real corpus, from its own counts, into
 * dir/queries.tsv: "#\tNAME\tCJK" starts a set, then "QUERY\tPATTERN"
 * lines (PATTERN: what rg -F looks for).
 */
static void real_queries(const char *dir)
{
	char path[4096], q[256], pat[64];
	size_t nw, np, nh[4];
	ent_t *w = tab_sorted(&words, &nw), *ph = tab_sorted(&phrases, &np);
	ent_t *h[4];
	tab_t top = {0};

	snprintf(path, sizeof(path), "%s/queries.tsv", dir);
	if (!(qf = fopen(path, "w"))) {
		perror(path);
		exit(1);
	}
	for (int k = 0; k < 4; k++)
		h[k] = tab_sorted(&han_grams[k], &nh[k]);
	if (nw < 3000) {
		fprintf(stderr, "gen: only %zu distinct words\n", nw);
		exit(1);
	}
	q_set("English word, frequent (rank 20-69)", 0);
	for (int i = 0; i < 50; i++)
		q_add(w[20 + i].key, w[20 + i].key);
	q_set("English word, medium (rank 1000-1980)", 0);
	for (int i = 0; i < 50; i++)
		q_add(w[1000 + 20 * i].key, w[1000 + 20 * i].key);
	size_t lo = 0, hi = 0;
	while (lo < nw && w[lo].n > 5)
		lo++;
	for (hi = lo; hi < nw && w[hi].n >= 2;)
		hi++;
	q_set("English word, rare (2-5 occurrences)", 0);
	for (int i = 0; i < 50; i++) {
		size_t j = lo + (hi - lo) * (size_t)i / 50;
		q_add(w[j].key, w[j].key);
	}
	for (int k = 0; k < 4; k++) {
		size_t m = 0;
		while (m < nh[k] && h[k][m].n >= 2)
			m++;
		snprintf(q, sizeof(q), "Chinese, %d character%s (%zu seen "
		         "twice or more in the sample, log-spaced ranks)",
		         k + 1, k ? "s" : "", m);
		q_set(q, 1);
		size_t last = 0;
		for (int i = 0; i < 50; i++) {
			size_t j = next_rank(i, 50, m, &last);
			q_add(h[k][j].key, h[k][j].key);
		}
	}
	for (size_t i = 0; i < 100; i++)
		tab_add(&top, w[i].key, strlen(w[i].key));
	ent_t *common = xrealloc(NULL, (np + 1) * sizeof(*common));
	size_t nc = 0;
	for (size_t i = 0; i < np; i++)
		if (common_words(ph[i].key, &top))
			common[nc++] = ph[i];
	q_set("English \"phrase\" of common words (all in the top 100)", 0);
	q_add("\"name for\"", "name for");
	q_add("\"not follow\"", "not follow");
	size_t last = 0;
	for (int i = 0; i < 48; i++) {
		size_t j = next_rank(i, 48, nc, &last);
		snprintf(q, sizeof(q), "\"%s\"", common[j].key);
		q_add(q, common[j].key);
	}
	q_set("English \"phrase\" of 2-3 words, seen twice or more in the "
	      "sample, log-spaced ranks", 0);
	for (int words3 = 0; words3 < 2; words3++) {
		ent_t *v = xrealloc(NULL, (np + 1) * sizeof(*v));
		size_t nv = 0;
		for (size_t i = 0; i < np && ph[i].n >= 2; i++)
			if ((strchr(strchr(ph[i].key, ' ') + 1, ' ') != NULL) ==
			    words3)
				v[nv++] = ph[i];
		for (int i = 0; i < 25; i++) {
			size_t j = next_rank(i, 25, nv, &last);
			snprintf(q, sizeof(q), "\"%s\"", v[j].key);
			q_add(q, v[j].key);
		}
		free(v);
	}
	q_set("English two words (AND): frequent+medium, medium+medium, "
	      "frequent+frequent", 0);
	for (int i = 0; i < 50; i++) {
		const char *a, *b;
		if (i % 3 == 0)
			a = w[20 + i].key, b = w[1000 + 20 * i].key;
		else if (i % 3 == 1)
			a = w[500 + 10 * i].key, b = w[2000 + 30 * i].key;
		else
			a = w[10 + i].key, b = w[60 + i].key;
		snprintf(q, sizeof(q), "%s %s", a, b);
		q_add(q, b);
	}
	q_set("English prefix* of 1-5 letters (inte*, cons*, then the most "
	      "frequent words')", 0);
	q_add("inte*", "inte");
	q_add("cons*", "cons");
	tab_t seen = {0};
	tab_add(&seen, "inte", 4);
	tab_add(&seen, "cons", 4);
	for (size_t i = 0, n = 2; n < 50 && i < nw; i++) {
		size_t len = 1 + n % 5;
		if (strlen(w[i].key) <= len)
			continue;
		if (tab_has(&seen, w[i].key, len))
			continue;
		tab_add(&seen, w[i].key, len);
		snprintf(q, sizeof(q), "%.*s*", (int)len, w[i].key);
		snprintf(pat, sizeof(pat), "%.*s", (int)len, w[i].key);
		q_add(q, pat);
		n++;
	}
	fclose(qf);
	free(w);
	free(ph);
	free(common);
	for (int k = 0; k < 4; k++)
		free(h[k]);
}

int main(int argc, char **argv)
{
	buf_t out = {0}, body = {0};
	char path[4096];
	rng_t r = {SEED};
	long n;
	unsigned long long bytes = 0;
	int real = argc == 4 && strcmp(argv[1], "--real") == 0;

	if (real)
		argv++, argc--;
	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen [--real] DIR N\n");
		return 2;
	}
	han_init();
	zh_init(&r);
	for (size_t i = 0; i < EN_WORDS; i++)
		en_word(i, en_vocab[i]);
	zipf_init(&en_zipf, EN_WORDS, EN_ZIPF_S);
	zipf_init(&zh_zipf, ZH_WORDS, 1.0);
	if (real)
		real_init();
	mkdir_or_die(argv[1]);
	for (long i = 0; i < n; i++) {
		if (i % 1000 == 0) {
			snprintf(path, sizeof(path), "%s/%04ld", argv[1],
			         i / 1000);
			mkdir_or_die(path);
		}
		if (real)
			make_real_article(i, &out, &body);
		else
			make_article(i, &out, &body);
		article_path(path, sizeof(path), argv[1], i);
		FILE *f = fopen(path, "w");
		if (!f || fwrite(out.p, 1, out.len, f) != out.len ||
		    fclose(f) != 0) {
			fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
			return 1;
		}
		bytes += out.len;
	}
	if (real)
		real_queries(argv[1]);
	fprintf(stderr, "gen: %ld articles, %.1f MB in %s\n", n, bytes / 1e6,
	        argv[1]);
	free(out.p);
	free(body.p);
	free(en_zipf.cum);
	free(zh_zipf.cum);
	return 0;
}
