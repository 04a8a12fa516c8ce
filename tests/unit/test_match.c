/*
 * test_match.c: the matcher (match.h) against the search itself: for
 * many queries and texts, an article is found by glossa_search() exactly
 * when the matcher finds the query in its body; and the cases of n/N
 * (a stem, a Traditional character, a quoted phrase), the phrases' rule,
 * and matches found a piece of the text at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glossa/glossa.h"
#include "support.h"

/* The bodies of the oracle's archive: stems, folds, phrases, CJK. No
 * word of the titles ("Zzyzx") is in them. */
static const char *const bodies[] = {
    "The mobilization of critical minerals began in 2025.\n",
    "A decisive battle was fought.\nThe battle was decisive for the war.\n",
    "Every battle ended. Decisive moments came later.\n",
    "中国的发展很快。\n經濟發展的速度。\n",
    "稀土出口管制，擂响战鼓再出发。\n",
    "Le café est très bon. Naïve résumé writers.\n",
    "Ｆｕｌｌ width ＡＢＣ text and running dogs ran.\n",
    "He cries; they cry. Flies fly over the mines while mining ore.\n",
    "Send e-mail to C++ programmers at 08:30 or later.\n",
    "Baogang steel output rose; rare earth innovation at Baogang.\n",
    "The drums of war: drumming, drummers, drummed.\n",
    "決戰 decisive battle (决战) on the mobile front, mobilized troops.\n",
    "We represent any diagnos- tic tool; enabled/disabled flags.\n",
    "Representations of diagnoses.\n",
};

#define NB (sizeof(bodies) / sizeof(bodies[0]))

struct fixture {
	struct test_archive *a;
	int64_t id[NB];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *text;

	if (!f || test_archive_setup((void **)&f->a))
		return -1;
	for (size_t i = 0; i < NB; i++) {
		if (asprintf(&text, "Title: Zzyzx %zu\n\n%s", i, bodies[i]) < 0)
			return -1;
		f->id[i] = test_import_text(f->a->db, text);
		free(text);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_archive_teardown((void **)&f->a);
	free(f);
	return 0;
}

/* The query's matches in text, as "[a,b)" pairs in buf; their number. */
static size_t matches(const char *query, const char *text, char *buf,
                      size_t size, int *all)
{
	glossa_matcher_t *m = NULL;
	glossa_match_t *v = NULL;
	size_t n = 0, len = 0;
	char *err = NULL;

	if (glossa_matcher_new(query, &err, &m) != GLOSSA_OK)
		fail_msg("[%s]: %s", query, err ? err : "no matcher");
	assert_int_equal(glossa_matcher_query(m, GLOSSA_QFIELD_ANY, text,
	                                      strlen(text), 0, strlen(text),
	                                      &v, &n, all),
	                 GLOSSA_OK);
	if (buf) {
		buf[0] = '\0';
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(buf + len, size - len,
			                        "%s%.*s", i ? "|" : "",
			                        (int)(v[i].end - v[i].start),
			                        text + v[i].start);
	}
	free(v);
	glossa_matcher_free(m);
	return n;
}

/* The three cases of the issue, and what the rules say. */
static void test_cases(void **state)
{
	static const struct {
		const char *query, *text, *found;
	} cases[] = {
	    {"mobilize", "The mobilization began.", "mobilization"},
	    {"發展", "中国的发展很快", "发展"},
	    {"发展", "經濟發展", "發展"},
	    {"\"decisive battle\"",
	     "A battle, a decisive one; the decisive battle.",
	     "decisive battle"},
	    {"\"decisive battle\"", "battle decisive", ""},
	    {"decisive battle", "battle decisive", "battle|decisive"},
	    {"mobili*", "Mobilization, mobile, MOBILIZED.",
	     "Mobilization|MOBILIZED"},
	    {"mob*", "Mobilization, mobile.", "Mobilization|mobile"},
	    {"cafe", "Le café, le CAFÉ.", "café|CAFÉ"},
	    {"full", "Ｆｕｌｌ width", "Ｆｕｌｌ"},
	    {"战鼓", "擂响战鼓再出发", "战鼓"},
	    {"战", "擂响战鼓", "战"},
	    {"\"mining\"", "mine, mines, mining", "mining"},
	    {"mining", "mine, mines, mining", "mine|mines|mining"},
	    {"tag:war war", "the war", "war"},
	    {"title:war", "the war", ""},
	    {"source:war", "the war", ""},
	    {"-war", "the war", ""},
	    {"in:notes war", "the war", ""},
	    {"e-mail", "send e-mail now", "e-mail"},
	    {"war OR peace", "peace and war", "peace|war"},
	    /* Porter stems "representation" to "represent", whose own
	     * stem is "repres": the word written as the query's stem */
	    {"representation", "We represent a representation.",
	     "represent|representation"},
	    /* the state filters are no words */
	    {"is:unread", "is unread, has notes", ""},
	    {"has:notes has:glosses has:detached is:read",
	     "is read: has notes, glosses, detached", ""},
	    {"is:unread war", "an unread war", "war"},
	    {"", "anything", ""},
	};
	char buf[256];
	int all;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		matches(cases[i].query, cases[i].text, buf, sizeof(buf), &all);
		if (strcmp(buf, cases[i].found))
			fail_msg("[%s] in [%s]: [%s], not [%s]", cases[i].query,
			         cases[i].text, buf, cases[i].found);
	}
	/* the title's own terms match in a title */
	{
		glossa_matcher_t *m;
		glossa_match_t *v;
		size_t n;
		const char *t = "Drums of war";

		assert_int_equal(glossa_matcher_new("title:drum", NULL, &m),
		                 GLOSSA_OK);
		assert_int_equal(glossa_matcher_query(m, GLOSSA_QFIELD_TITLE, t,
		                                      strlen(t), 0, strlen(t),
		                                      &v, &n, &all),
		                 GLOSSA_OK);
		assert_int_equal(n, 1);
		assert_int_equal(v[0].start, 0);
		assert_int_equal(v[0].end, 5);
		assert_true(all);
		free(v);
		glossa_matcher_free(m);
	}
}

/* Add the query text (allocated) to a list. */
static void add(char ***v, size_t *n, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = test_vprintf(fmt, ap);
	va_end(ap);
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	assert_non_null(*v);
	(*v)[(*n)++] = s;
}

/* The words of the bodies (ASCII letters and digits runs, and CJK runs
 * as substrings of one to three characters). */
static void word_queries(char ***v, size_t *n)
{
	for (size_t b = 0; b < NB; b++) {
		const char *s = bodies[b], *prev = NULL;
		size_t prevlen = 0;

		while (*s) {
			size_t k = 0;
			uint32_t cp;

			if (((unsigned char)*s | 0x20) >= 'a' &&
			    ((unsigned char)*s | 0x20) <= 'z') {
				while (((unsigned char)s[k] | 0x20) >= 'a' &&
				       ((unsigned char)s[k] | 0x20) <= 'z')
					k++;
				add(v, n, "%.*s", (int)k, s);
				add(v, n, "\"%.*s\"", (int)k, s);
				for (size_t p = 1; p <= 6 && p < k; p++)
					add(v, n, "%.*s*", (int)p, s);
				if (prev)
					add(v, n, "\"%.*s %.*s\"",
					    (int)prevlen, prev, (int)k, s);
				prev = s;
				prevlen = k;
				s += k;
				continue;
			}
			k = glossa_utf8_decode(s, strlen(s), &cp);
			if (k >= 3) {
				/* CJK and others: one to three characters */
				size_t e = k;
				for (int c = 0; c < 3 && s[e - 1]; c++) {
					add(v, n, "%.*s", (int)e, s);
					size_t k2 = glossa_utf8_decode(
					    s + e, strlen(s + e), &cp);
					if (k2 < 3)
						break;
					e += k2;
				}
			}
			if (*s == ' ' || *s == ',')
				;
			else if (*s != '-')
				prev = NULL;
			s += k ? k : 1;
		}
	}
}

/*
 * The oracle: for every query, the articles glossa_search() finds are
 * those whose body the matcher finds the whole query in; and for a
 * query of one term, those where it finds at least one range.
 */
static void test_oracle(void **state)
{
	struct fixture *f = *state;
	char **q = NULL;
	size_t nq = 0, checked = 0;
	static const char *const extra[] = {
	    "decisive battle",  "decisive -battle", "battle -decisive",
	    "war OR café",      "baogang -steel",   "cries OR flies",
	    "\"mobilized troops\"", "mobilize troop", "dogs run",
	    "\"running dogs\"", "\"run dog\"",       "ran",
	    "决战",             "決戰 decisive",     "发展 -中国",
	    "C++",              "e-mail",           "08:30",
	    "Ｒｕｎ",            "RÉSUMÉ",           "naive",
	    "tag:war",          "title:battle",       "drum*",
	    "\"drum\"*",        "\"rare ear\"*",     "ore",
	    "\"ore\"",          "or",               "mine*",
	    "cri*",             "fli*",             "fl*",
	    "a* OR b*",         "in:notes war",     "source:test",
	    /* a word written as a stem whose own stem differs */
	    "representation",   "diagnose",         "-representation",
	    "enabling/disabling", "ani*",           "an*",
	    "mining.",          "(mines)",          "\u201cdrummed\u201d",
	};

	word_queries(&q, &nq);
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		add(&q, &nq, "%s", extra[i]);
	for (size_t i = 0; i < nq; i++) {
		glossa_page_t page;
		glossa_query_t pq;
		char found[NB] = {0}, *err = NULL;
		int single, empty;

		if (glossa_search(f->a->db, q[i], 0, 0, &page, NULL) !=
		    GLOSSA_OK)
			fail_msg("[%s]: %s", q[i], glossa_db_errmsg(f->a->db));
		for (size_t r = 0; r < page.n; r++)
			for (size_t b = 0; b < NB; b++)
				if (page.rows[r].id == f->id[b])
					found[b] = 1;
		glossa_page_clear(&page);
		assert_int_equal(glossa_query_parse(q[i], &pq, &err), GLOSSA_OK);
		single = pq.nterms == 1 && !pq.terms[0].excluded &&
		         !pq.notes_only && !pq.url;
		/* an empty query lists everything: no match to find */
		empty = pq.nterms == 0 && !pq.notes_only;
		glossa_query_clear(&pq);
		for (size_t b = 0; b < NB && !empty; b++) {
			int all;
			size_t n = matches(q[i], bodies[b], NULL, 0, &all);

			/* url: filters on a URL, which these have not */
			if (found[b] != all)
				fail_msg("[%s] in body %zu: the search %s it, "
				         "the matcher %s",
				         q[i], b, found[b] ? "finds" : "misses",
				         all ? "finds it" : "does not");
			if (single && found[b] != (n > 0))
				fail_msg("[%s] in body %zu: search %d, %zu "
				         "ranges",
				         q[i], b, found[b], n);
			if (all && n == 0 && !strstr(q[i], "-"))
				fail_msg("[%s] in body %zu: no range", q[i], b);
			checked++;
		}
		free(q[i]);
	}
	free(q);
	print_message("%zu queries, %zu query-article pairs agree\n", nq,
	              checked);
}

/* Found a piece at a time (cut after each line end), the matches are
 * those of the whole text, a phrase across a line end included. */
static void test_pieces(void **state)
{
	const char *text = "the decisive\nbattle was a battle\n决战 and "
	                   "發展\ndecisive\n\nbattle\n";
	const char *queries[] = {"\"decisive battle\"", "battle",
	                         "发展 决战", "decis*"};
	(void)state;
	for (size_t k = 0; k < sizeof(queries) / sizeof(queries[0]); k++) {
		glossa_matcher_t *m;
		glossa_match_t *whole, *v;
		size_t nwhole, n, len = strlen(text), from = 0, seen = 0;

		assert_int_equal(glossa_matcher_new(queries[k], NULL, &m),
		                 GLOSSA_OK);
		assert_int_equal(glossa_matcher_query(m, GLOSSA_QFIELD_ANY,
		                                      text, len, 0, len, &whole,
		                                      &nwhole, NULL),
		                 GLOSSA_OK);
		assert_true(nwhole > 0);
		while (from < len) {
			size_t to = (size_t)(strchr(text + from, '\n') - text) +
			            1;
			assert_int_equal(glossa_matcher_query(
			                     m, GLOSSA_QFIELD_ANY, text, len,
			                     from, to, &v, &n, NULL),
			                 GLOSSA_OK);
			for (size_t i = 0; i < n; i++, seen++) {
				assert_true(seen < nwhole);
				assert_int_equal(v[i].start, whole[seen].start);
				assert_int_equal(v[i].end, whole[seen].end);
			}
			free(v);
			from = to;
		}
		assert_int_equal(seen, nwhole);
		free(whole);
		glossa_matcher_free(m);
	}
}

/* The phrases: glossa_phrase_at()'s rule, every occurrence, by phrase. */
static void test_phrases(void **state)
{
	const char *phrases[] = {"战鼓", "擂响战鼓", "Rare earth", "", "rare"};
	const char *text = "擂响战鼓再出发。RARE EARTH, rare earths, "
	                   "rarely rare; 战鼓";
	glossa_matcher_t *m;
	glossa_match_t *v;
	size_t n, len = strlen(text);
	char got[512] = "";

	(void)state;
	assert_int_equal(glossa_matcher_new(NULL, NULL, &m), GLOSSA_OK);
	assert_false(glossa_matcher_has_query(m));
	assert_int_equal(glossa_matcher_set_phrases(m, phrases, 5), GLOSSA_OK);
	assert_int_equal(glossa_matcher_phrases(m, text, len, 0, len, &v, &n),
	                 GLOSSA_OK);
	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
		         "%zu:%.*s;", v[i].what, (int)(v[i].end - v[i].start),
		         text + v[i].start);
	assert_string_equal(got, "0:战鼓;0:战鼓;1:擂响战鼓;2:RARE EARTH;"
	                         "4:RARE;4:rare;4:rare;");
	free(v);
	/* from and to: occurrences that start there, whole */
	assert_int_equal(glossa_matcher_phrases(m, text, len, 6, 7, &v, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].start, 6);
	assert_int_equal(v[0].end, 12);
	free(v);
	assert_int_equal(glossa_matcher_set_phrases(m, NULL, 0), GLOSSA_OK);
	assert_int_equal(glossa_matcher_phrases(m, text, len, 0, len, &v, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 0);
	glossa_matcher_free(m);
	glossa_matcher_free(NULL);
}

static void test_errors(void **state)
{
	glossa_matcher_t *m = (glossa_matcher_t *)1;
	char *err = NULL;

	(void)state;
	assert_int_equal(glossa_matcher_new("foo:bar", &err, &m),
	                 GLOSSA_BAD_QUERY);
	assert_null(m);
	assert_non_null(strstr(err, "unknown field"));
	free(err);
	assert_int_equal(glossa_matcher_new("after:x", NULL, &m),
	                 GLOSSA_BAD_QUERY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test_setup_teardown(test_oracle, setup, teardown),
	    cmocka_unit_test(test_pieces),
	    cmocka_unit_test(test_phrases),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
