/*
 * terms.c: what the archive adds to the dictionary: its glosses of the
 * phrases at a place in a text, and the terms of an article that nobody
 * has glossed, ranked by how distinctive they are (glossa/dict.h).
 *
 * Exports glossa_glossary_at(), glossa_terms() and glossa_terms_free().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "tokenizer.h"

static void entry_clear(glossa_glossary_entry_t *e)
{
	free(e->phrase);
	free(e->reading);
	free(e->translations);
}

glossa_status_t glossa_glossary_at(glossa_db_t *db, const char *s, size_t len,
                                   glossa_glossary_entry_t **out, size_t *n)
{
	glossa_glossary_entry_t *e = NULL;
	size_t k = 0, ne = 0;
	glossa_status_t st;
	uint32_t cp;
	char first[5] = {0};
	size_t flen = glossa_utf8_decode(s, len, &cp);

	*out = NULL;
	*n = 0;
	if (!flen)
		return GLOSSA_OK;
	/* the phrases that hold s's first character, then those of them
	 * that stand at its start */
	memcpy(first, s, flen);
	if ((st = glossa_glossary_list(db, first, &e, &ne)) != GLOSSA_OK)
		return st;
	for (size_t i = 0; i < ne; i++) {
		size_t pl = strlen(e[i].phrase);
		if (pl && glossa_phrase_at(s, len, 0, e[i].phrase, pl))
			e[k++] = e[i];
		else
			entry_clear(&e[i]);
	}
	for (size_t i = 1; i < k; i++) /* longest first, stable */
		for (size_t j = i;
		     j > 0 && strlen(e[j].phrase) > strlen(e[j - 1].phrase);
		     j--) {
			glossa_glossary_entry_t t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	if (!k) {
		free(e);
		return GLOSSA_OK;
	}
	if ((st = glossa_glossary_count(db, e, k)) != GLOSSA_OK) {
		glossa_glossary_free(e, k);
		return st;
	}
	*out = e;
	*n = k;
	return GLOSSA_OK;
}

void glossa_terms_free(glossa_term_t *terms, size_t n)
{
	if (!terms)
		return;
	for (size_t i = 0; i < n; i++) {
		free(terms[i].term);
		free(terms[i].reading);
		free(terms[i].senses);
	}
	free(terms);
}

/* A candidate, in a hash table by its text. */
struct cand {
	char *s;
	size_t chars;
	size_t first; /* byte offset of its first occurrence */
	int64_t count;
	int compound;
	int verb;     /* a word whose first sense begins with "to " */
	int function; /* a function word: not counted */
	size_t a, b;  /* a compound's words (indexes into the table) */
	double bound; /* its score if only this article held it */
	double score;
	int64_t articles;
	int done; /* articles counted */
};

struct table {
	struct cand *c;
	size_t n, cap; /* candidates */
	size_t *slot;  /* index + 1; 0 empty */
	size_t n_slots;
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The candidate for the n bytes of s, added (count 0) if new; SIZE_MAX
 * when out of memory. */
static size_t cand_get(struct table *t, const char *s, size_t n, size_t first)
{
	size_t i;

	if (t->n * 2 >= t->n_slots) {
		size_t ns = t->n_slots ? t->n_slots * 2 : 256;
		size_t *slot = calloc(ns, sizeof(*slot));
		if (!slot)
			return SIZE_MAX;
		for (size_t k = 0; k < t->n; k++) {
			i = hash(t->c[k].s, strlen(t->c[k].s)) & (ns - 1);
			while (slot[i])
				i = (i + 1) & (ns - 1);
			slot[i] = k + 1;
		}
		free(t->slot);
		t->slot = slot;
		t->n_slots = ns;
	}
	i = hash(s, n) & (t->n_slots - 1);
	while (t->slot[i]) {
		struct cand *c = &t->c[t->slot[i] - 1];
		if (strlen(c->s) == n && memcmp(c->s, s, n) == 0)
			return t->slot[i] - 1;
		i = (i + 1) & (t->n_slots - 1);
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 128;
		struct cand *c = realloc(t->c, cap * sizeof(*c));
		if (!c)
			return SIZE_MAX;
		t->c = c;
		t->cap = cap;
	}
	memset(&t->c[t->n], 0, sizeof(t->c[0]));
	if (!(t->c[t->n].s = strndup(s, n)))
		return SIZE_MAX;
	t->c[t->n].chars = glossa_utf8_count(s, n);
	t->c[t->n].first = first;
	t->slot[i] = t->n + 1;
	return t->n++;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->c[i].s);
	free(t->c);
	free(t->slot);
}

/*
 * Function words and the most general words (pronouns, conjunctions,
 * prepositions, adverbs; 问题, 方面, 一般), in both scripts: never a term, and
 * never half of a compound (以及绿色, 例如铁矿石 are no terms). A stop
 * list, as search engines keep one: the dictionary has no frequencies.
 */
static const char *const function_words[] = {
    "我们",     "你们",     "他们",   "她们",   "它们",   "我們", "你們",
    "他們",     "她們",     "它們",   "自己",   "大家",   "人们", "人們",
    "这个",     "那个",     "這個",   "那個",   "这些",   "那些", "這些",
    "一些",     "一个",     "一個",   "一种",   "一種",   "这样", "那样",
    "這樣",     "那樣",     "这种",   "那种",   "這種",   "那種", "这里",
    "那里",     "這裡",     "那裡",   "这是",   "那是",   "這是", "什么",
    "什麼",     "怎么",     "怎麼",   "为什么", "為什麼", "如何", "哪些",
    "以及",     "而且",     "并且",   "並且",   "或者",   "还是", "還是",
    "但是",     "可是",     "不过",   "不過",   "因为",   "因為", "所以",
    "因此",     "如果",     "虽然",   "雖然",   "即使",   "只要", "只有",
    "除了",     "例如",     "比如",   "关于",   "關於",   "对于", "對於",
    "通过",     "通過",     "根据",   "根據",   "按照",   "由于", "由於",
    "为了",     "為了",     "其中",   "之一",   "之间",   "之間", "之后",
    "之後",     "以后",     "以後",   "之前",   "以前",   "此前", "此后",
    "此後",     "同时",     "同時",   "已经",   "已經",   "正在", "还有",
    "還有",     "可以",     "可能",   "能够",   "能夠",   "应该", "應該",
    "需要",     "必须",     "必須",   "不再",   "不是",   "没有", "沒有",
    "就是",     "也是",     "都是",   "更加",   "非常",   "十分", "特别",
    "特別",     "尤其",     "尤其是", "进一步", "進一步", "有关", "有關",
    "相关",     "相關",     "方面",   "问题",   "問題",   "情况", "情況",
    "目前",     "现在",     "現在",   "今年",   "去年",   "以上", "以下",
    "左右",     "等等",     "一样",   "一樣",   "然后",   "然後", "而是",
    "只是",     "并不",     "並不",   "不会",   "不會",   "一直", "一定",
    "所谓",     "所謂",     "也就是", "就是说", "就是說", "其实", "其實",
    "大致",     "不大",     "大约",   "大約",   "往往",   "通常", "仍然",
    "依然",     "甚至",     "几乎",   "幾乎",   "逐步",   "逐渐", "逐漸",
    "换句话说", "換句話說", "也许",   "也許",   "或许",   "或許", "当然",
    "當然",     "确实",     "確實",   "实际上", "實際上", "主要", "一般",
    "出来",     "出來",     "起来",   "起來",   "下来",   "下來", "意味着",
    "意味著",   "一旦",     "某种",   "某種",
};

static int is_function_word(const char *s)
{
	for (size_t i = 0;
	     i < sizeof(function_words) / sizeof(function_words[0]); i++)
		if (strcmp(s, function_words[i]) == 0)
			return 1;
	return 0;
}

/* Han characters (and 〇), the text the dictionary is for. */
static int is_han(uint32_t cp)
{
	return cp == 0x3007 || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

static int compare_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_glossed(const char **glossed, size_t n, const char *s, size_t len)
{
	char buf[256];
	const char *key = buf;

	if (!n || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return bsearch(&key, glossed, n, sizeof(*glossed), compare_str) != NULL;
}

/* Segment one run of Han text and count its words and compounds. */
static glossa_status_t count_run(glossa_dict_t *dict, struct table *t,
                                 const char *body, size_t from, size_t to,
                                 const char **glossed, size_t ng,
                                 const glossa_dict_phrases_t *phrases)
{
	size_t *starts, ns, prev = SIZE_MAX;
	glossa_status_t st;

	st = glossa_dict_segment_in(dict, body + from, to - from, phrases,
	                            &starts, &ns);
	if (st != GLOSSA_OK)
		return st;
	for (size_t i = 0; i < ns; i++) {
		size_t a = from + starts[i];
		size_t z = i + 1 < ns ? from + starts[i + 1] : to;
		size_t k;

		if (glossa_utf8_count(body + a, z - a) < 2 ||
		    is_glossed(glossed, ng, body + a, z - a)) {
			prev = SIZE_MAX;
			continue;
		}
		if ((k = cand_get(t, body + a, z - a, a)) == SIZE_MAX)
			goto nomem;
		if (t->c[k].function ||
		    (!t->c[k].count && is_function_word(t->c[k].s))) {
			t->c[k].function = 1;
			prev = SIZE_MAX;
			continue;
		}
		t->c[k].count++;
		/* compounds: two words of two characters (the shape of
		 * 总量控制, 兼并重组) */
		if (prev != SIZE_MAX &&
		    (t->c[prev].chars != 2 || t->c[k].chars != 2))
			prev = SIZE_MAX;
		if (prev != SIZE_MAX) {
			size_t plen = strlen(t->c[prev].s);
			struct glossa_buf b = {0};
			char *pair;
			size_t c;

			glossa_buf_add(&b, t->c[prev].s, plen);
			glossa_buf_puts(&b, t->c[k].s);
			if (!(pair = glossa_buf_take(&b)))
				goto nomem;
			if (is_glossed(glossed, ng, pair, strlen(pair))) {
				free(pair);
			} else {
				c = cand_get(t, pair, strlen(pair), a - plen);
				free(pair);
				if (c == SIZE_MAX)
					goto nomem;
				t->c[c].count++;
				t->c[c].compound = 1;
				t->c[c].a = prev;
				t->c[c].b = k;
			}
		}
		prev = k;
	}
	free(starts);
	return GLOSSA_OK;
nomem:
	free(starts);
	return GLOSSA_NOMEM;
}

/* Senses that only send the reader to another entry. */
static int is_reference(const char *senses)
{
	static const char *const refs[] = {"variant of ", "old variant of ",
	                                   "see ", "erhua variant of ",
	                                   "Japanese variant of "};

	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (strncmp(senses, refs[i], strlen(refs[i])) == 0 &&
		    !strchr(senses, '\n'))
			return 1;
	return 0;
}

/* The best entry of word s: its reading and senses (allocated), and
 * whether it is a verb. */
static glossa_status_t word_info(glossa_dict_t *dict, const char *s,
                                 char **reading, char **senses, int *verb)
{
	glossa_dict_entry_t *e;
	size_t n, len = strlen(s);
	glossa_status_t st = glossa_dict_lookup(dict, s, len, &e, &n);

	*reading = *senses = NULL;
	*verb = 0;
	if (st != GLOSSA_OK)
		return st;
	for (size_t i = 0; i < n; i++)
		if (e[i].len == len && e[i].kind == GLOSSA_DICT_WORD) {
			/* the best of the word's entries: in lower case (新
			 * xīn, not the Xīn of a name), and saying more than
			 * "variant of" another (宣佈's entry, found by 宣布) */
			size_t pick = i;
			int best = -1;
			for (size_t j = i; j < n && e[j].len == len; j++) {
				int q = !(e[j].pinyin[0] >= 'A' &&
				          e[j].pinyin[0] <= 'Z') +
				        2 * !is_reference(e[j].senses);
				if (q > best) {
					best = q;
					pick = j;
				}
			}
			*reading = e[pick].reading;
			*senses = e[pick].senses;
			e[pick].reading = e[pick].senses = NULL;
			*verb = strncmp(*senses, "to ", 3) == 0;
			break;
		}
	glossa_dict_entries_free(e, n);
	if (!*reading)
		*reading = strdup("");
	if (!*senses)
		*senses = strdup("");
	return *reading && *senses ? GLOSSA_OK : GLOSSA_NOMEM;
}

/* Whether s is CJK text alone, which a query finds as a substring
 * quoted or not. */
static int all_cjk(const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;

	for (size_t i = 0; i < len; i += n)
		if (!(n = glossa_utf8_decode(s + i, len - i, &cp)) ||
		    !glossa_tokenizer_is_cjk(cp))
			return 0;
	return len > 0;
}

/* How many articles hold s: a search for it as a phrase (quoted, unless
 * it is CJK alone: unquoted, its count is one token's for two
 * characters, glossa_query_fts_count()). */
static glossa_status_t articles_with(glossa_db_t *db, const char *s,
                                     int64_t *count)
{
	struct glossa_buf q = {0};
	glossa_status_t st;
	char *query;

	if (all_cjk(s))
		glossa_buf_puts(&q, s);
	else
		glossa_buf_add_fts(&q, 0, s, strlen(s));
	if (!(query = glossa_buf_take(&q)))
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "finding terms: out of memory");
	*count = 0;
	st = glossa_search_count(db, query, 0, count, NULL);
	free(query);
	return st;
}

static int by_bound(const void *x, const void *y)
{
	const struct cand *a = *(const struct cand *const *)x;
	const struct cand *b = *(const struct cand *const *)y;

	if (a->bound != b->bound)
		return a->bound < b->bound ? 1 : -1;
	return a->first < b->first ? -1 : a->first > b->first;
}

static int by_score(const void *x, const void *y)
{
	const struct cand *a = *(const struct cand *const *)x;
	const struct cand *b = *(const struct cand *const *)y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->chars != b->chars)
		return a->chars < b->chars ? 1 : -1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* Longer words are rarer in the language; a compound is a guess, and
 * counts three quarters of a headword of its length. */
static double weight(const struct cand *c)
{
	return (double)(c->chars < 4 ? c->chars : 4) / 2.0 *
	       (c->compound ? 0.75 : 1.0);
}

glossa_status_t glossa_terms(glossa_db_t *db, glossa_dict_t *dict,
                             int64_t article_id, size_t limit,
                             glossa_term_t **out, size_t *n)
{
	glossa_article_t *art = NULL;
	glossa_glossary_entry_t *g = NULL;
	const char **glossed = NULL;
	glossa_dict_phrases_t *phrases = NULL;
	struct table t = {0};
	struct cand **order = NULL, **done = NULL;
	size_t ng = 0, n_order = 0, n_done = 0, pos = 0, len;
	int64_t total = 0;
	glossa_status_t st;

	*out = NULL;
	*n = 0;
	if ((st = glossa_article_get(db, article_id, &art)) != GLOSSA_OK)
		return st;
	if ((st = glossa_glossary_list(db, NULL, &g, &ng)) != GLOSSA_OK ||
	    (st = glossa_db_count(db, &total)) != GLOSSA_OK)
		goto out;
	if (ng && !(glossed = malloc(ng * sizeof(*glossed))))
		goto nomem;
	for (size_t i = 0; i < ng; i++)
		glossed[i] = g[i].phrase;
	if (ng)
		qsort(glossed, ng, sizeof(*glossed), compare_str);
	if (glossa_dict_phrases_new(glossed, ng, &phrases) != GLOSSA_OK)
		goto nomem;

	/* the Han runs of the body, segmented and counted */
	len = strlen(art->body);
	while (pos < len) {
		uint32_t cp;
		size_t k = glossa_utf8_decode(art->body + pos, len - pos, &cp);
		size_t start = pos;

		if (!k || !is_han(cp)) {
			pos += k ? k : 1;
			continue;
		}
		while (
		    pos < len &&
		    (k = glossa_utf8_decode(art->body + pos, len - pos, &cp)) &&
		    is_han(cp))
			pos += k;
		st = count_run(dict, &t, art->body, start, pos, glossed, ng,
		               phrases);
		if (st == GLOSSA_NOMEM)
			goto nomem;
		if (st != GLOSSA_OK) {
			glossa_db_error(db, st, "%s", glossa_dict_errmsg(dict));
			goto out;
		}
	}

	/* the words' entries; compounds of a verb and its object out */
	for (size_t i = 0; i < t.n; i++) {
		struct cand *c = &t.c[i];
		char *r, *s;

		if (c->compound)
			continue;
		if ((st = word_info(dict, c->s, &r, &s, &c->verb)) !=
		    GLOSSA_OK) {
			if (st == GLOSSA_NOMEM)
				goto nomem;
			glossa_db_error(db, st, "%s", glossa_dict_errmsg(dict));
			goto out;
		}
		free(r);
		free(s);
	}
	if (!(order = malloc((t.n + 1) * sizeof(*order))) ||
	    !(done = malloc((t.n + 1) * sizeof(*done))))
		goto nomem;
	for (size_t i = 0; i < t.n; i++) {
		struct cand *c = &t.c[i];
		if (c->function || !c->count ||
		    (c->compound && t.c[c->a].verb && !t.c[c->b].verb))
			continue;
		c->bound =
		    (double)c->count * log(1.0 + (double)total) * weight(c);
		order[n_order++] = c;
	}
	/* exact scores in the order of their upper bounds (the article
	 * alone holding the term), until no bound can reach the list */
	qsort(order, n_order, sizeof(*order), by_bound);
	for (size_t i = 0; i < n_order; i++) {
		struct cand *c = order[i];

		if (limit && n_done >= limit) {
			qsort(done, n_done, sizeof(*done), by_score);
			if (c->bound < done[limit - 1]->score)
				break;
		}
		if ((st = articles_with(db, c->s, &c->articles)) != GLOSSA_OK)
			goto out;
		c->score =
		    (double)c->count *
		    log(1.0 + (double)total /
		                  (double)(c->articles > 0 ? c->articles : 1)) *
		    weight(c);
		done[n_done++] = c;
	}
	qsort(done, n_done, sizeof(*done), by_score);
	if (limit && n_done > limit)
		n_done = limit;
	if (n_done && !(*out = calloc(n_done, sizeof(**out))))
		goto nomem;
	for (size_t i = 0; i < n_done; i++) {
		struct cand *c = done[i];
		glossa_term_t *o = &(*out)[i];
		int verb;

		*n = i + 1;
		o->compound = c->compound;
		o->count = c->count;
		o->articles = c->articles;
		o->score = c->score;
		if (!(o->term = strdup(c->s)))
			goto nomem;
		if (!c->compound) {
			if (word_info(dict, c->s, &o->reading, &o->senses,
			              &verb) != GLOSSA_OK)
				goto nomem;
			continue;
		}
		/* a compound: its reading, and each word's first sense */
		struct glossa_buf b = {0};
		for (int w = 0; w < 2; w++) {
			char *r, *s;
			const char *word = t.c[w ? c->b : c->a].s;
			if (word_info(dict, word, &r, &s, &verb) != GLOSSA_OK) {
				free(glossa_buf_take(&b));
				goto nomem;
			}
			if (w)
				glossa_buf_add(&b, "\n", 1);
			glossa_buf_puts(&b, word);
			glossa_buf_add(&b, ": ", 2);
			glossa_buf_add(&b, s, strcspn(s, "\n"));
			free(r);
			free(s);
		}
		if (!(o->senses = glossa_buf_take(&b)) ||
		    glossa_dict_reading(dict, c->s, strlen(c->s),
		                        &o->reading) != GLOSSA_OK)
			goto nomem;
	}
	st = GLOSSA_OK;
	goto out;
nomem:
	st = glossa_db_error(db, GLOSSA_NOMEM, "finding terms: out of memory");
out:
	if (st != GLOSSA_OK) {
		glossa_terms_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	free(order);
	free(done);
	free(glossed);
	glossa_dict_phrases_free(phrases);
	table_free(&t);
	glossa_glossary_free(g, ng);
	glossa_article_free(art);
	return st;
}
