/*
 * test_query.c: the query language (storage/query.c): the terms it
 * parses, the FTS5 each form of term is written as, its errors, and every
 * expression run for real through FTS5 in an in-memory SQLite database
 * (the rows a query finds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "glossa/search.h"
#include "query.h"

/* A parsed query and its FTS5 expressions (query.h). */
struct pq {
	glossa_query_t q;
	char *match, *exclude;
};

static glossa_status_t pq_parse(const char *text, struct pq *p, char **err,
                                glossa_expand_fn fn, void *ctx)
{
	glossa_status_t st = glossa_query_parse(text, &p->q, err);

	p->match = p->exclude = NULL;
	if (st == GLOSSA_OK)
		st = glossa_query_fts(&p->q, fn, ctx, &p->match, &p->exclude);
	return st;
}

static void pq_clear(struct pq *p)
{
	glossa_query_clear(&p->q);
	free(p->match);
	free(p->exclude);
	p->match = p->exclude = NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const rows[][5] = {
    /* rowid 1 */
    {"Baogang Group beats the war drums", "战鼓 beating the war drums again",
     "Baogang steel output rose in 2025", "People's Daily", "china steel"},
    /* rowid 2 */
    {"Baogang innovation", "", "Baogang rare earth innovation",
     "Rare Earth Exchange", "china"},
    /* rowid 3 */
    {"Mobilization for 2025", "decisive battle (决战)",
     "mobilization of critical minerals by e-mail, C++ and 100%", "Xinhua",
     "policy"},
};

static int setup(void **state)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	size_t i;
	int c;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (sqlite3_exec(db,
	                 "CREATE VIRTUAL TABLE t USING "
	                 "fts5(title, glosses, body, source, tags)",
	                 NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)", -1,
	                       &st, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		for (c = 0; c < 5; c++)
			sqlite3_bind_text(st, c + 1, rows[i][c], -1,
			                  SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* Runs an expression through MATCH; fails the test on any FTS5 error. */
static void run_match(sqlite3 *db, const char *expr, const char *input)
{
	sqlite3_stmt *st;
	int rc;

	if (expr == NULL)
		return;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT rowid FROM t WHERE t "
	                                    "MATCH ?",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		fail_msg("input [%s] -> [%s]: %s", input, expr,
		         sqlite3_errmsg(db));
	sqlite3_finalize(st);
}

/* The rows a parsed query selects, as a bit set (bit n: rowid n). */
static unsigned search(sqlite3 *db, const char *text)
{
	struct pq q;
	sqlite3_stmt *st;
	char sql[256];
	unsigned set = 0;
	char *err = NULL;
	int rc;

	assert_int_equal(pq_parse(text, &q, &err, NULL, NULL), GLOSSA_OK);
	snprintf(sql, sizeof(sql), "SELECT rowid FROM t WHERE %s AND %s",
	         q.match ? "t MATCH ?1" : "1",
	         q.exclude ? "rowid NOT IN (SELECT rowid FROM t WHERE t MATCH "
	                     "?2)"
	                   : "1");
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (q.match)
		sqlite3_bind_text(st, 1, q.match, -1, SQLITE_TRANSIENT);
	if (q.exclude)
		sqlite3_bind_text(st, 2, q.exclude, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		set |= 1u << sqlite3_column_int(st, 0);
	if (rc != SQLITE_DONE)
		fail_msg("[%s]: %s", text, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	pq_clear(&q);
	return set;
}

/* The parsed terms as text: each term as it would be typed ("-" when
 * excluded, its field, quotes when quoted, '*' for a prefix), between
 * brackets, " OR " joining an OR group. */
static void describe(const glossa_query_t *q, char *buf, size_t size)
{
	static const char *const field[] = {"", "title:", "source:",
	                                    "author:", "tag:"};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < q->nterms && len < size; i++) {
		const glossa_query_term_t *t = &q->terms[i];
		int joined = i > 0 && q->terms[i - 1].or_next;

		len += (size_t)snprintf(
		    buf + len, size - len, "%s%s%s%s%s%s%s%s",
		    i == 0 ? "" : joined ? " OR " : " ", joined ? "" : "[",
		    t->excluded ? "-" : "", field[t->field],
		    t->quoted ? "\"" : "", t->text, t->quoted ? "\"" : "",
		    t->prefix ? "*" : "");
		if (!t->or_next && len < size)
			len += (size_t)snprintf(buf + len, size - len, "]");
	}
}

/* describe() of q's terms, in a buffer of its own. */
static const char *terms_of(const struct pq *q)
{
	static char buf[1024];

	describe(&q->q, buf, sizeof(buf));
	return buf;
}

/* An unquoted word as query.c writes it: its stem OR its marked stem. */
#define W(w) "(\"\x06" w "\" OR \"\x03" w "\")"

/* A test expander: "<W:text>" for a prefix that starts with 'w', "<Z:text>"
 * for a word that starts with 'z', else nothing; each text it was offered
 * ("[prefix]", "{word}"), in the buffer at ctx. */
static int fake_expand(void *ctx, int form, const char *text, size_t len,
                       struct glossa_buf *out)
{
	char *seen = ctx;
	int word = form == GLOSSA_TERM_WORD;

	snprintf(seen + strlen(seen), 256 - strlen(seen),
	         word ? "{%.*s}" : "[%.*s]", (int)len, text);
	if (len == 0 || text[0] != (word ? 'z' : 'w'))
		return 0;
	glossa_buf_puts(out, word ? "<Z:" : "<W:");
	glossa_buf_add(out, text, len);
	glossa_buf_puts(out, ">");
	return 1;
}

/* glossa_query_fts() offers the unquoted words, the prefixes of
 * GLOSSA_PREFIX_SKIP and GLOSSA_PREFIX_CHARS characters (the tokenizer may
 * make one of three shorter) and the longer prefixes (not the other
 * short ones, not a quoted phrase, not CJK) to its expander,
 * and writes what it gives in the term's place: after the column, among
 * the exclusions, inside an OR group; a word it does not expand as
 * before. */
static void test_expander(void **state)
{
	static const struct {
		const char *in, *match, *exclude, *offered;
	} cases[] = {
	    {"words*", "<W:words>", NULL, "[words]"},
	    {"wo* wor* word*",
	     "<W:wo> AND <W:wor> AND <W:word>", NULL, "[wo][wor][word]"},
	    {"the*", "(\"\x01the\" OR \"\x04the\")", NULL, "[the]"},
	    {"th* t*", "\"th\" * AND \"\x01t\"", NULL, "[th]"},
	    /* one digit has no token: offered as a long prefix */
	    {"2* ２* 20* ２０２* x2*",
	     "\"2\" * AND \"２\" * AND \"20\" * AND "
	     "(\"\x01２０２\" OR \"\x04２０２\") AND \"x2\" *",
	     NULL, "[2][２][20][２０２][x2]"},
	    {"title:words* -wordy* x", "title : <W:words> AND " W("x"),
	     "<W:wordy>", "[words][wordy]{x}"},
	    {"stock* OR words*", "(\"stock\" * OR <W:words>)", NULL,
	     "[stock][words]"},
	    {"\"rare earth\"* 战鼓* wars",
	     "\"\x04rare earth\" * AND \"战鼓\" AND " W("wars"), NULL,
	     "[rare earth]{wars}"},
	    {"zinc OR wars -zoned title:zone \"zinc ore\" 稀土",
	     "(<Z:zinc> OR " W("wars") ") AND title : <Z:zone> AND "
	     "\"\x04zinc ore\" AND \"稀土\"",
	     "<Z:zoned>", "{zinc}{wars}{zoned}{zone}"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pq q;
		char seen[256] = "", *err = NULL;

		assert_int_equal(pq_parse(cases[i].in, &q, &err, fake_expand, seen),
		                 GLOSSA_OK);
		if (strcmp(q.match ? q.match : "", cases[i].match) ||
		    strcmp(q.exclude ? q.exclude : "",
		           cases[i].exclude ? cases[i].exclude : "") ||
		    strcmp(seen, cases[i].offered))
			fail_msg("%s: match %s, exclude %s, offered %s",
			         cases[i].in, q.match, q.exclude, seen);
		pq_clear(&q);
	}
}

static void test_expressions(void **state)
{
	static const struct {
		const char *in, *terms;
	} cases[] = {
	    {"foo", "[foo]"},
	    {"  foo   bar ", "[foo] [bar]"},
	    /* quoted: the words as written */
	    {"\"decisive battle\"", "[\"decisive battle\"]"},
	    {"ore \"ore\" ore", "[ore] [\"ore\"]"},
	    {"mobili*", "[mobili*]"},
	    {"\"rare ear\"*", "[\"rare ear\"*]"},
	    {"a*", "[a*]"},
	    {"Ｔhé*", "[Ｔhé*]"},
	    {"the*", "[the*]"},
	    {"thei*", "[thei*]"},
	    {"their*", "[their*]"},
	    {"title:th* -x2*", "[title:th*] [-x2*]"},
	    {"a* OR b*", "[a* OR b*]"},
	    {"\"ab\"*", "[\"ab\"*]"},
	    {"e-m*", "[e-m*]"},
	    {"战a*", "[战a*]"},
	    /* after a CJK character '*' changes nothing but the cost */
	    {"的*", "[的]"},
	    {"战鼓* 稀土ab*", "[战鼓] [稀土ab*]"},
	    {"a OR b", "[a OR b]"},
	    {"a OR b c", "[a OR b] [c]"},
	    {"c a OR b OR d", "[c] [a OR b OR d]"},
	    {"a or b", "[a] [or] [b]"},
	    {"x OR", "[x] [OR]"},
	    {"OR x", "[OR] [x]"},
	    {"OR OR", "[OR]"},
	    /* a repeated term counts once */
	    {"a OR -b", "[a] [OR] [-b]"},
	    {"AND", "[AND]"},
	    {"NOT x", "[NOT] [x]"},
	    {"baogang -steel", "[baogang] [-steel]"},
	    {"-a -\"b c\" d", "[-a] [-\"b c\"] [d]"},
	    {"-steel", "[-steel]"},
	    {"-", ""},
	    {"a - b", "[a] [b]"},
	    {"e-mail", "[e-mail]"},
	    {"C++", "[C++]"},
	    {"it's", "[it's]"},
	    {"say\"hi\"", "[say\"hi\"]"},
	    {"\"hello", "[\"hello\"]"},
	    {"\"a\"\"b\"", "[\"a\"] [\"b\"]"},
	    {"\"\"", ""},
	    {"*", ""},
	    {"!!! ... ?", ""},
	    {"", ""},
	    {" \t\n ", ""},
	    {"\xe5\x86\xb3", "[决]"},
	    {"\xe5\x86\xb3\xe3\x80\x80\xe6\x88\x98", "[决] [战]"},
	    {"a\xff"
	     "b", "[a] [b]"},
	    {"title:drums", "[title:drums]"},
	    {"TITLE:drums", "[title:drums]"},
	    {"source:\"rare earth\"", "[source:\"rare earth\"]"},
	    {"author:杜甫", "[author:杜甫]"},
	    /* tag: is a whole tag (GLOSSA_TAG_MARK), a prefix of one */
	    {"tag:china", "[tag:china]"},
	    {"tag:\"rare earths\"", "[tag:\"rare earths\"]"},
	    {"tag:ra*", "[tag:ra*]"},
	    {"tag:稀*", "[tag:稀*]"},
	    {"-tag:china", "[-tag:china]"},
	    {"title:mobili*", "[title:mobili*]"},
	    {"-title:x", "[-title:x]"},
	    {"title:a OR b", "[title:a OR b]"},
	    {"title:", ""},
	    {"title:!!", ""},
	    /* a colon that is no field: text */
	    {"\"foo:bar\"", "[\"foo:bar\"]"},
	    {"https://x.org", "[https://x.org]"},
	    {"08:30", "[08:30]"},
	    {"x2:y", "[x2:y]"},
	    {"Note:", "[Note:]"},
	    {":x", "[:x]"},
	    {"(x", "[(x]"},
	};
	glossa_query_t q;
	char *err, buf[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = (char *)1;
		if (glossa_query_parse(cases[i].in, &q, &err) != GLOSSA_OK)
			fail_msg("[%s] did not parse", cases[i].in);
		assert_null(err);
		describe(&q, buf, sizeof(buf));
		if (strcmp(buf, cases[i].terms))
			fail_msg("[%s] -> %s, not %s", cases[i].in, buf,
			         cases[i].terms);
		assert_null(q.after);
		assert_null(q.before);
		assert_int_equal(q.notes_only, 0);
		glossa_query_clear(&q);
	}
}

/*
 * The FTS5 each form of term is written as (query.h): the marks the
 * tokenizer reads, which the oracle below (FTS5's own tokenizer) cannot
 * see. The rest of what a query means is its terms (test_expressions)
 * and the rows it finds (test_results).
 */
static void test_fts_forms(void **state)
{
	static const struct {
		const char *in, *match, *exclude;
	} cases[] = {
	    /* WORD: the stem OR the marked stem, where no expander writes
	     * the OR of its stem's words (test_expander) */
	    {"foo", W("foo"), NULL},
	    /* EXACT: the words as written (GLOSSA_EXACT_MARK) */
	    {"\"decisive battle\"", "\"\x04" "decisive battle\"", NULL},
	    {"\"rare ear\"*", "\"\x04rare ear\" *", NULL},
	    /* TEXT: a phrase of stems or words; a long prefix is FTS5's */
	    {"e-mail", "\"e-mail\"", NULL},
	    {"mobili*", "\"mobili\" *", NULL},
	    /* SHORT_PREFIX: one character, the prefix token; three, the
	     * prefix token OR the word; two, FTS5's prefix query (with no
	     * expander); a number's is FTS5's prefix query */
	    {"Ｔhé*", "(\"\x01Ｔhé\" OR \"\x04Ｔhé\")", NULL},
	    {"t*", "\"\x01t\"", NULL},
	    {"Ｔh*", "\"Ｔh\" *", NULL},
	    {"-of* x", W("x"), "\"of\" *"},
	    {"2025*", "\"2025\" *", NULL},
	    {"202*", "(\"\x01" "202\" OR \"\x04" "202\")", NULL},
	    {"2*", "\"2\" *", NULL},
	    /* TAG: a whole tag, or its prefix */
	    {"tag:\"rare earths\"", "tags : \"\x05rare earths\"", NULL},
	    {"tag:ra*", "tags : \"\x05ra\" *", NULL},
	    /* a quote inside is doubled; columns, OR groups, exclusions */
	    {"say\"hi\"", "\"say\"\"hi\"\"\"", NULL},
	    {"title:a OR b c", "(title : " W("a") " OR " W("b") ") AND " W("c"),
	     NULL},
	    {"-a -\"b c\" d", W("d"), W("a") " OR \"\x04" "b c\""},
	    {"-steel", NULL, W("steel")},
	    {"", NULL, NULL},
	};
	struct pq q;
	char *err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(pq_parse(cases[i].in, &q, &err, NULL, NULL),
		                 GLOSSA_OK);
		if (strcmp(q.match ? q.match : "",
		           cases[i].match ? cases[i].match : "") ||
		    strcmp(q.exclude ? q.exclude : "",
		           cases[i].exclude ? cases[i].exclude : "") ||
		    !q.match != !cases[i].match ||
		    !q.exclude != !cases[i].exclude)
			fail_msg("[%s] -> match [%s], exclude [%s]",
			         cases[i].in, q.match, q.exclude);
		pq_clear(&q);
	}
}

static void test_filters(void **state)
{
	struct pq q;
	char *err;

	(void)state;
	assert_int_equal(pq_parse("after:2025-01-01 "
	                                    "before:2025-12-31 drums",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(q.q.after, "2025-01-01");
	assert_string_equal(q.q.before, "2025-12-31");
	assert_string_equal(terms_of(&q), "[drums]");
	pq_clear(&q);
	assert_null(q.match);

	assert_int_equal(pq_parse("before:2025 after:2024-3 "
	                                    "after:\"2024-3-9\"",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(q.q.before, "2025");
	assert_string_equal(q.q.after, "2024-03-09"); /* the last one */
	assert_int_equal(q.q.nterms, 0);
	assert_null(q.match);
	pq_clear(&q);

	assert_int_equal(pq_parse("url:Example.com/a url:\"b c\" x",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(q.q.url, "b c"); /* the last one */
	assert_string_equal(terms_of(&q), "[x]");
	pq_clear(&q);
	/* any form a Date may have, a time dropped */
	assert_int_equal(pq_parse("after:2025/2/10 "
	                                    "before:\"2025年3月\"",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(q.q.after, "2025-02-10");
	assert_string_equal(q.q.before, "2025-03");
	pq_clear(&q);
	assert_int_equal(pq_parse("after:\"10 February 2025\" "
	                                    "before:2025-02-10T08:30:00Z",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(q.q.after, "2025-02-10");
	assert_string_equal(q.q.before, "2025-02-10");
	pq_clear(&q);

	assert_int_equal(pq_parse("in:notes drums", &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_int_equal(q.q.notes_only, 1);
	assert_string_equal(terms_of(&q), "[drums]");
	pq_clear(&q);

	/* a filter is not a term: OR next to it is the word */
	assert_int_equal(pq_parse("a OR after:2025", &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_string_equal(terms_of(&q), "[a] [OR]");
	pq_clear(&q);

	/* the state filters: bits that add up, never terms, any case */
	assert_int_equal(pq_parse("is:unread has:notes copper IS:Read "
	                          "has:glosses has:detached has:note",
	                          &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_int_equal(q.q.state,
	                 GLOSSA_STATE_UNREAD | GLOSSA_STATE_READ |
	                     GLOSSA_STATE_NOTES | GLOSSA_STATE_GLOSSES |
	                     GLOSSA_STATE_DETACHED);
	assert_string_equal(terms_of(&q), "[copper]");
	pq_clear(&q);
	assert_int_equal(pq_parse("has:glosses", &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_int_equal(q.q.state, GLOSSA_STATE_GLOSSES);
	assert_int_equal(q.q.nterms, 0);
	assert_null(q.match);
	pq_clear(&q);
	/* quoted, it is text */
	assert_int_equal(pq_parse("\"is:read\"", &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_int_equal(q.q.state, 0);
	assert_int_equal(q.q.nterms, 1);
	pq_clear(&q);

	/* an empty filter is ignored */
	assert_int_equal(pq_parse("after: in: x", &q, &err, NULL, NULL),
	                 GLOSSA_OK);
	assert_null(q.q.after);
	assert_int_equal(q.q.notes_only, 0);
	pq_clear(&q);
}

struct err_case {
	const char *in;
	const char *msg;
};

static void test_errors(void **state)
{
	static const struct err_case cases[] = {
	    {"after:xyz", "after: expects a date like 2025-01-31, not \"xyz\""},
	    {"x before:2025-13",
	     "before: expects a date like 2025-01-31, not \"2025-13\""},
	    {"after:2025-00", NULL},
	    {"after:2025-01-32", NULL},
	    {"after:2025-01-00", NULL},
	    {"after:20251", NULL},
	    {"after:25", NULL},
	    {"after:2025-", NULL},
	    {"after:2025-01-01x", NULL},
	    {"after:2025/01/32", NULL},
	    {"after:2023-02-29", NULL},
	    {"after:\"\"", NULL},
	    {"in:foo", "in: expects \"notes\", not \"foo\""},
	    {"-after:2025", NULL},
	    {"-in:notes", NULL},
	    {"-url:x", "-url: cannot be used; a filter cannot be excluded"},
	    {"foo:bar",
	     "unknown field foo: the fields are title:, source:, author:, "
	     "tag:, url:, after:, before:, in:, is:, has: (quote it to search "
	     "for the text)"},
	    {"is:marked2", "is: expects \"read\", \"unread\" or \"marked\", not \"marked2\""},
	    {"x has:tags",
	     "has: expects \"notes\", \"glosses\" or \"detached\", not "
	     "\"tags\""},
	    {"-is:unread", "-is: cannot be used; a filter cannot be excluded"},
	    {"-has:notes", NULL},
	    {"x -Foo:bar", NULL},
	    {"y Foo:\"a b\"", NULL},
	    {"mailto:x", NULL},
	    {"after:\xe2\x80\xae"
	     "2025",
	     "after: expects a date like 2025-01-31, not \"<U+202E>2025\""},
	};
	struct pq q;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = NULL;
		if (pq_parse(cases[i].in, &q, &err, NULL, NULL) !=
		    GLOSSA_BAD_QUERY)
			fail_msg("[%s] should be refused", cases[i].in);
		assert_non_null(err);
		if (cases[i].msg)
			assert_string_equal(err, cases[i].msg);
		assert_null(q.match);
		assert_null(q.exclude);
		assert_null(q.q.after);
		free(err);
	}
	/* errmsg may be NULL */
	assert_int_equal(pq_parse("in:x", &q, NULL, NULL, NULL),
	                 GLOSSA_BAD_QUERY);
	/* a long value is cut in the message */
	assert_int_equal(pq_parse("after:aaaaaaaaaaaaaaaaaaaaaaaaa"
	                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                                    &q, &err, NULL, NULL),
	                 GLOSSA_BAD_QUERY);
	assert_non_null(strstr(err, "aaa...\""));
	free(err);
}

static void test_results(void **state)
{
	sqlite3 *db = *state;

	assert_int_equal(search(db, "baogang"), 1u << 1 | 1u << 2);
	assert_int_equal(search(db, "baogang -steel"), 1u << 2);
	assert_int_equal(search(db, "-steel"), 1u << 2 | 1u << 3);
	assert_int_equal(search(db, "rare OR critical"), 1u << 2 | 1u << 3);
	assert_int_equal(search(db, "baogang OR mobilization innovation"),
	                 1u << 2);
	assert_int_equal(search(db, "title:drums"), 1u << 1);
	assert_int_equal(search(db, "drums"), 1u << 1);
	assert_int_equal(search(db, "title:innovation"), 1u << 2);
	assert_int_equal(search(db, "source:\"rare earth\""), 1u << 2);
	assert_int_equal(search(db, "source:earth source:rare"), 1u << 2);
	assert_int_equal(search(db, "tag:policy"), 1u << 3);
	assert_int_equal(search(db, "tag:steel"), 1u << 1);
	assert_int_equal(search(db, "-title:baogang"), 1u << 3);
	assert_int_equal(search(db, "mobiliz*"), 1u << 3);
	assert_int_equal(search(db, "mobiliz"), 0);
	assert_int_equal(search(db, "\"war drums\""), 1u << 1);
	assert_int_equal(search(db, "\"drums war\""), 0);
	assert_int_equal(search(db, "e-mail"), 1u << 3);
	assert_int_equal(search(db, "decisive"), 1u << 3);
	assert_int_equal(search(db, "people's"), 1u << 1);
	assert_int_equal(search(db, "\xe5\x86\xb3\xe6\x88\x98"), 1u << 3);
	assert_int_equal(search(db, ""), 1u << 1 | 1u << 2 | 1u << 3);
	assert_int_equal(search(db, "!!"), 1u << 1 | 1u << 2 | 1u << 3);
	assert_int_equal(search(db, "AND"), 1u << 3); /* "C++ and 100%" */
	assert_int_equal(search(db, "x OR"), 0);
}

static void check_parse_runs(sqlite3 *db, const char *in)
{
	struct pq q;
	char *err = NULL;
	glossa_status_t st = pq_parse(in, &q, &err, NULL, NULL);

	if (st == GLOSSA_BAD_QUERY) {
		assert_non_null(err);
		assert_null(q.match);
		free(err);
		return;
	}
	if (st != GLOSSA_OK)
		fail_msg("[%s]: status %d", in, st);
	assert_null(err);
	run_match(db, q.match, in);
	run_match(db, q.exclude, in);
	pq_clear(&q);
}

static void test_nasty(void **state)
{
	static const char *const inputs[] = {
	    "\"hello",
	    "AND",
	    "NOT x",
	    "x OR",
	    "(x",
	    ":x",
	    "C++",
	    "+x",
	    "a.b",
	    "100%",
	    "it's",
	    "*",
	    "-hello",
	    "e-mail",
	    "foo:bar",
	    "",
	    " ",
	    "\t\n",
	    "!@#$%^&()",
	    "\xe5\x86\xb3",
	    "title:",
	    "-",
	    "\"\"",
	    "\"a\"\"b\"",
	    "OR OR",
	    "OR",
	    "AND OR NOT",
	    "NEAR(a b)",
	    "a NEAR b",
	    "^x",
	    "{title}: x",
	    "title:\"",
	    "title:\"\"",
	    "-title:",
	    "-\"",
	    "--x",
	    "x*y*",
	    "**",
	    "\"*\"",
	    "a OR OR b",
	    "(",
	    ")",
	    "\"a OR b\"",
	    "title:(x)",
	    "title:title:x",
	    "-OR",
	    "OR*",
	    "\xe2\x80\xae",
	    "a\xc0\xafz",
	    "\"unterminated title:x",
	    "source:\"a \"\" b\"",
	    "tag:*",
	    "after:2025 -",
	    "x \"",
	    "\" x",
	};
	sqlite3 *db = *state;
	size_t i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		check_parse_runs(db, inputs[i]);
}

static void test_random(void **state)
{
	static const char *const pieces[] = {
	    " ",
	    " ",
	    "a",
	    "b",
	    "\"",
	    "-",
	    "*",
	    ":",
	    "(",
	    ")",
	    "+",
	    "^",
	    "OR",
	    "AND",
	    "NOT",
	    "NEAR",
	    "title:",
	    "source:",
	    "tag:",
	    "in:",
	    "after:",
	    "2025-01-01",
	    "\xe5\x86\xb3",
	    "\xe6\x88\x98",
	    "'",
	    "{",
	    "}",
	    ",",
	    ".",
	    "\xff",
	    "\xc0",
	    "\xe3\x80\x80",
	    "\t",
	};
	sqlite3 *db = *state;
	unsigned seed = 2025;
	char in[512]; /* 30 pieces of up to 10 bytes */
	size_t len, k;
	int iter;

	for (iter = 0; iter < 4000; iter++) {
		len = 0;
		for (k = 0; k < 1 + (size_t)iter % 30; k++) {
			seed = seed * 1103515245u + 12345u;
			if (iter % 3 == 0 && (seed >> 30) == 0) {
				/* any byte but NUL */
				in[len++] = (char)(1 + (seed >> 16) % 255);
			} else {
				const char *p =
				    pieces[(seed >> 16) % (sizeof(pieces) /
				                           sizeof(pieces[0]))];
				memcpy(in + len, p, strlen(p));
				len += strlen(p);
			}
		}
		in[len] = '\0';
		check_parse_runs(db, in);
	}
}

static char *many_terms(size_t n, const char *sep)
{
	size_t cap = n * (16 + strlen(sep)) + 1, len = 0, i;
	char *s = malloc(cap);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%sw%zu",
		                        i ? sep : "", i);
	return s;
}

static void test_long(void **state)
{
	sqlite3 *db = *state;
	struct pq q;
	double t0, t1, t2;
	char *s, *err;

	s = many_terms(10000, " ");
	t0 = now();
	assert_int_equal(pq_parse(s, &q, &err, NULL, NULL), GLOSSA_OK);
	t1 = now();
	run_match(db, q.match, "10,000 words");
	t2 = now();
	print_message("10,000 terms: parse %.4f s, MATCH %.4f s\n", t1 - t0,
	              t2 - t1);
	pq_clear(&q);
	free(s);

	s = many_terms(10000, " OR ");
	assert_int_equal(pq_parse(s, &q, &err, NULL, NULL), GLOSSA_OK);
	run_match(db, q.match, "10,000 ORs");
	pq_clear(&q);
	free(s);

	s = many_terms(10000, " -");
	assert_int_equal(pq_parse(s, &q, &err, NULL, NULL), GLOSSA_OK);
	run_match(db, q.exclude, "10,000 excludes");
	pq_clear(&q);
	free(s);

	/* linear: 500,000 terms parse well within a second or two */
	s = many_terms(500000, " OR -x \"");
	t0 = now();
	assert_int_equal(pq_parse(s, &q, &err, NULL, NULL), GLOSSA_OK);
	t1 = now();
	print_message("500,000 terms: parse %.3f s\n", t1 - t0);
	assert_true(t1 - t0 < 5.0);
	pq_clear(&q);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expressions),
	    cmocka_unit_test(test_fts_forms),
	    cmocka_unit_test(test_expander),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test_setup_teardown(test_results, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nasty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_long, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
