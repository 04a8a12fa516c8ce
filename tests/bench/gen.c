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
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void make_article(long id, buf_t *out, buf_t *body)
{
	rng_t r = {SEED ^ ((uint64_t)id * 0x2545f4914f6cdd1dULL)};
	double u = rng_unit(&r);
	double p_zh = u < 0.45 ? 0.1 : u < 0.8 ? 0.85 : 0.5;
	char line[512], date[32];

	/* Body: log-normal length, median 3 KB. */
	double z =
	    sqrt(-2 * log(1 - rng_unit(&r))) * cos(2 * M_PI * rng_unit(&r));
	size_t target = (size_t)(3072 * exp(0.7 * z));
	if (target < 300)
		target = 300;
	if (target > MAX_BODY - 2048)
		target = MAX_BODY - 2048;
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
	if (rng_unit(&r) < 0.3) {
		long n = rng_range(&r, 1, 5);
		for (long i = 0; i < n; i++) {
			char phrase[64];
			if (!pick_phrase(body, &r, phrase, sizeof(phrase)))
				continue;
			snprintf(line, sizeof(line), "Gloss: %s | %s %s %s\n",
			         phrase, en_vocab[rng_range(&r, 30, 200)],
			         en_vocab[rng_range(&r, 30, 200)],
			         en_vocab[zipf_draw(&en_zipf, &r)]);
			put(out, line);
		}
	}
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

int main(int argc, char **argv)
{
	buf_t out = {0}, body = {0};
	char path[4096];
	rng_t r = {SEED};
	long n;
	unsigned long long bytes = 0;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen DIR N\n");
		return 2;
	}
	han_init();
	zh_init(&r);
	for (size_t i = 0; i < EN_WORDS; i++)
		en_word(i, en_vocab[i]);
	zipf_init(&en_zipf, EN_WORDS, EN_ZIPF_S);
	zipf_init(&zh_zipf, ZH_WORDS, 1.0);
	mkdir_or_die(argv[1]);
	for (long i = 0; i < n; i++) {
		if (i % 1000 == 0) {
			snprintf(path, sizeof(path), "%s/%04ld", argv[1],
			         i / 1000);
			mkdir_or_die(path);
		}
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
	fprintf(stderr, "gen: %ld articles, %.1f MB in %s\n", n, bytes / 1e6,
	        argv[1]);
	free(out.p);
	free(body.p);
	free(en_zipf.cum);
	free(zh_zipf.cum);
	return 0;
}
