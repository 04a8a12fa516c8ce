/*
 * test_tokenizer.c: the "glossa" FTS5 tokenizer, through real FTS5 tables
 * in an in-memory SQLite database and through the fts5_api directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "support.h"
#include "t2s.h"
#include "tokenizer.h"

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA trusted_schema = OFF", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(db, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "CREATE VIRTUAL TABLE t USING fts5(body, "
	                              "tokenize='glossa', detail=full)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	return db;
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);

	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static void insert(sqlite3 *db, sqlite3_int64 rowid, const char *body,
                   int nbody)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT INTO t(rowid, body) "
	                                    "VALUES (?1, ?2)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_text(st, 2, body, nbody, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* The rowids matching expr, as a sum of 1 << rowid (rowids 1..62). */
static uint64_t match(sqlite3 *db, const char *expr)
{
	sqlite3_stmt *st;
	uint64_t set = 0;
	int rc;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT rowid FROM t WHERE t "
	                                    "MATCH ?1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		set |= (uint64_t)1 << sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE)
		fail_msg("MATCH %s: %s", expr, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return set;
}

#define ROW(n) ((uint64_t)1 << (n))

static void test_cjk_substrings(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	insert(db, 1, "这是决战时刻", -1);
	insert(db, 2, "决战时，刻", -1);
	insert(db, 3, "时刻表", -1);
	assert_int_equal(match(db, "决战"), ROW(1) | ROW(2));
	assert_int_equal(match(db, "\"决战时刻\""), ROW(1));
	assert_int_equal(match(db, "\"这是决战时刻\""), ROW(1));
	assert_int_equal(match(db, "是"), ROW(1));
	assert_int_equal(match(db, "刻"), ROW(1) | ROW(2) | ROW(3));
	assert_int_equal(match(db, "表"), ROW(3));
	/* punctuation breaks the bigrams */
	assert_int_equal(match(db, "\"时刻\""), ROW(1) | ROW(3));
	assert_int_equal(match(db, "\"战时\""), ROW(1) | ROW(2));
	assert_int_equal(match(db, "\"决战时刻表\""), 0);
	assert_int_equal(match(db, "\"是决战时刻\" AND 决"), ROW(1));
	/* prefix: a bigram or a character followed by anything */
	assert_int_equal(match(db, "\"时刻\" *"), ROW(1) | ROW(3));
	assert_int_equal(match(db, "\"时\" *"), ROW(1) | ROW(2) | ROW(3));
	/* kana and hangul */
	insert(db, 4, "日本語のテキスト한국어문장", -1);
	assert_int_equal(match(db, "\"キス\""), ROW(4));
	assert_int_equal(match(db, "\"국어\""), ROW(4));
	assert_int_equal(match(db, "\"語のテ\""), ROW(4));
	exec(db, "INSERT INTO t(t) VALUES('integrity-check')");
	sqlite3_close(db);
}

static void test_folding(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	insert(db, 1, "经济發展很快", -1);
	insert(db, 2, "经济发展很快", -1);
	insert(db, 3, "ＡＢＣ　公司", -1);
	insert(db, 4, "abc company", -1);
	insert(db, 5, "Ｘ１２３", -1);
	assert_int_equal(match(db, "\"發展\""), ROW(1) | ROW(2));
	assert_int_equal(match(db, "\"发展\""), ROW(1) | ROW(2));
	assert_int_equal(match(db, "\"濟發\""), ROW(1) | ROW(2));
	assert_int_equal(match(db, "abc"), ROW(3) | ROW(4));
	assert_int_equal(match(db, "\"ＡＢＣ\""), ROW(3) | ROW(4));
	assert_int_equal(match(db, "x123"), ROW(5));
	assert_int_equal(match(db, "公司"), ROW(3));
	exec(db, "INSERT INTO t(t) VALUES('integrity-check')");
	sqlite3_close(db);
}

static void test_english(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	insert(db, 1, "General Mobilization of industry", -1);
	insert(db, 2, "beating the drums", -1);
	insert(db, 3, "un café crème", -1);
	/* the index holds words as written: a stem finds a word that is
	 * its own stem alone (search.c writes a query word as the OR of
	 * its stem's words: test_search.c) */
	assert_int_equal(match(db, "MOBILIZATION"), ROW(1));
	assert_int_equal(match(db, "mobilize"), 0);
	assert_int_equal(match(db, "Beating"), ROW(2));
	assert_int_equal(match(db, "beat"), 0);
	assert_int_equal(match(db, "drum"), 0);
	assert_int_equal(match(db, "cafe"), ROW(3));
	assert_int_equal(match(db, "\"general mobilization\""), ROW(1));
	assert_int_equal(match(db, "mobil*"), ROW(1));
	/* prefixes of the unstemmed words */
	assert_int_equal(match(db, "mobili*"), ROW(1));
	assert_int_equal(match(db, "mobilizat*"), ROW(1));
	assert_int_equal(match(db, "beati*"), ROW(2));
	assert_int_equal(match(db, "\"general mobiliz\" *"), ROW(1));
	/* inside a text a word is its stem or itself: "generally" is
	 * neither "general" nor its stem "gener" */
	assert_int_equal(match(db, "\"generally mobiliz\" *"), 0);
	assert_int_equal(match(db, "\"mobiliz general\" *"), 0);
	assert_int_equal(match(db, "cré*"), ROW(3));
	assert_int_equal(match(db, "mobilizing*"), 0);
	assert_int_equal(match(db, "drums"), ROW(2));
	assert_int_equal(match(db, "drumstick"), 0);
	sqlite3_close(db);
}

static void test_mixed(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	insert(db, 1, "Baogang集团2025年", -1);
	insert(db, 2, "集团 in 2024", -1);
	assert_int_equal(match(db, "集团"), ROW(1) | ROW(2));
	assert_int_equal(match(db, "baogang"), ROW(1));
	assert_int_equal(match(db, "2025"), ROW(1));
	assert_int_equal(match(db, "年"), ROW(1));
	/* phrases across script changes keep their positions */
	assert_int_equal(match(db, "\"baogang集团\""), ROW(1));
	assert_int_equal(match(db, "\"集团2025\""), ROW(1));
	assert_int_equal(match(db, "\"baogang集团2025年\""), ROW(1));
	assert_int_equal(match(db, "\"集团2025年\""), ROW(1));
	assert_int_equal(match(db, "\"集团 in\""), ROW(2));
	assert_int_equal(match(db, "\"集团2024\""), 0);
	sqlite3_close(db);
}

static char *highlight(sqlite3 *db, const char *expr)
{
	sqlite3_stmt *st;
	char *out = NULL;

	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT highlight(t, 0, '[', ']') "
	                                    "FROM t WHERE t MATCH ?1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	else
		fail_msg("no row for %s: %s", expr, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return out;
}

static void expect_highlight(sqlite3 *db, const char *expr, const char *want)
{
	char *got = highlight(db, expr);

	assert_string_equal(got, want);
	free(got);
}

static void test_highlight(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	insert(db, 1,
	       "ＡＢＣ發展　Mobilization: 擂响战鼓，战鼓！“決戰”時刻 end", -1);
	expect_highlight(db, "\"战鼓\"",
	                 "ＡＢＣ發展　Mobilization: 擂响[战鼓]，[战鼓]！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "\"发展\"",
	                 "ＡＢＣ[發展]　Mobilization: 擂响战鼓，战鼓！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "abc",
	                 "[ＡＢＣ]發展　Mobilization: 擂响战鼓，战鼓！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "mobilization",
	                 "ＡＢＣ發展　[Mobilization]: 擂响战鼓，战鼓！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "mobili*",
	                 "ＡＢＣ發展　[Mobilization]: 擂响战鼓，战鼓！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "\"决战\"",
	                 "ＡＢＣ發展　Mobilization: 擂响战鼓，战鼓！“[決戰]”"
	                 "時刻 end");
	expect_highlight(db, "\"响战鼓\"",
	                 "ＡＢＣ發展　Mobilization: 擂[响战鼓]，战鼓！“決戰”"
	                 "時刻 end");
	expect_highlight(db, "刻",
	                 "ＡＢＣ發展　Mobilization: 擂响战鼓，战鼓！“決戰”"
	                 "時[刻] end");
	sqlite3_close(db);
}

static void test_integrity(void **state)
{
	sqlite3 *db = open_db();
	char text[128];
	int i;

	(void)state;
	exec(db, "BEGIN");
	for (i = 1; i <= 300; i++) {
		snprintf(text, sizeof(text),
		         "第%d篇 文章 發展 article %d running 战鼓擂响", i, i);
		insert(db, i, text, -1);
	}
	exec(db, "COMMIT");
	exec(db, "DELETE FROM t WHERE rowid % 3 = 0");
	exec(db, "UPDATE t SET body = body || ' 更新了' WHERE rowid % 5 = 0");
	exec(db, "INSERT INTO t(t) VALUES('integrity-check')");
	exec(db, "INSERT INTO t(t) VALUES('optimize')");
	exec(db, "INSERT INTO t(t) VALUES('integrity-check')");
	sqlite3_close(db);
}

/*
 * An external-content table kept by triggers, as the archive uses it.
 * SQLite 3.40.1 refuses FTS5 tables in triggers under trusted_schema=OFF
 * ("unsafe use of virtual table"), with any tokenizer, so it is on here.
 */
static void test_external_content(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	exec(db, "PRAGMA trusted_schema = ON");
	exec(db, "CREATE TABLE doc(id INTEGER PRIMARY KEY, body TEXT);"
	         "CREATE VIRTUAL TABLE x USING fts5(body, content=doc, "
	         "content_rowid=id, tokenize='glossa', detail=full);"
	         "CREATE TRIGGER doc_ai AFTER INSERT ON doc BEGIN "
	         " INSERT INTO x(rowid, body) VALUES (new.id, new.body); END;"
	         "CREATE TRIGGER doc_ad AFTER DELETE ON doc BEGIN "
	         " INSERT INTO x(x, rowid, body) "
	         " VALUES ('delete', old.id, old.body); END;"
	         "INSERT INTO doc VALUES (1, '擂响战鼓 drums'),"
	         " (2, '經濟發展'), (3, 'ｆｕｌｌ ｗｉｄｔｈ');"
	         "DELETE FROM doc WHERE id = 1;"
	         "INSERT INTO x(x) VALUES('integrity-check');"
	         "INSERT INTO x(x) VALUES('rebuild');"
	         "INSERT INTO x(x) VALUES('integrity-check');");
	sqlite3_close(db);
}

static void test_bad_args(void **state)
{
	sqlite3 *db = open_db();

	(void)state;
	assert_int_not_equal(sqlite3_exec(db,
	                                  "CREATE VIRTUAL TABLE y USING "
	                                  "fts5(b, tokenize='glossa nonsense')",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	sqlite3_close(db);
}

/* Direct access to the tokenizer, to see its tokens and offsets. */
struct tokens {
	char text[4096];
	size_t len;
	int calls;
	int fail_at; /* return SQLITE_ABORT from this call (1-based) */
	int ntext;
	int bad;
};

static int collect(void *p, int flags, const char *tok, int n, int start,
                   int end)
{
	struct tokens *t = p;

	t->calls++;
	if (start < 0 || end > t->ntext || start > end || n <= 0)
		t->bad++;
	if (t->len + n + 16 < sizeof(t->text)) {
		if (t->len)
			t->text[t->len++] = ' ';
		if (flags & FTS5_TOKEN_COLOCATED)
			t->text[t->len++] = '+';
		memcpy(t->text + t->len, tok, n);
		if (tok[0] == GLOSSA_PREFIX_MARK)
			t->text[t->len] = '^'; /* readable in a test */
		else if (tok[0] == GLOSSA_STEM_MARK)
			t->text[t->len] = '~';
		else if (tok[0] == GLOSSA_TAG_MARK)
			t->text[t->len] = '#';
		t->len += n;
		t->len += sprintf(t->text + t->len, "@%d-%d", start, end);
		t->text[t->len] = '\0';
	}
	if (t->fail_at && t->calls == t->fail_at)
		return SQLITE_ABORT;
	return SQLITE_OK;
}

struct tok_handle {
	sqlite3 *db;
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static void tok_open(struct tok_handle *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	void *ud;

	h->db = open_db();
	assert_int_equal(
	    sqlite3_prepare_v2(h->db, "SELECT fts5(?1)", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	assert_non_null(api);
	assert_int_equal(
	    api->xFindTokenizer(api, GLOSSA_TOKENIZER_NAME, &ud, &h->api),
	    SQLITE_OK);
	assert_int_equal(h->api.xCreate(ud, NULL, 0, &h->tok), SQLITE_OK);
}

static void tok_close(struct tok_handle *h)
{
	h->api.xDelete(h->tok);
	sqlite3_close(h->db);
}

static int tokenize(struct tok_handle *h, int flags, const char *text,
                    int ntext, struct tokens *t)
{
	t->len = 0;
	t->text[0] = '\0';
	t->calls = 0;
	t->bad = 0;
	t->ntext = ntext;
	return h->api.xTokenize(h->tok, t, flags, text, ntext, collect);
}

static void expect_tokens(struct tok_handle *h, int flags, const char *text,
                          const char *want)
{
	struct tokens t = {0};

	assert_int_equal(tokenize(h, flags, text, (int)strlen(text), &t),
	                 SQLITE_OK);
	assert_string_equal(t.text, want);
	assert_int_equal(t.bad, 0);
}

static void test_tokens(void **state)
{
	struct tok_handle h;

	(void)state;
	tok_open(&h);
	/* a short text is a segment: its tag token (#) at its first word */
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "决战時刻",
	              "决@0-3 +#决战时刻@0-3 +决战@0-6 战@3-6 +战时@3-9 时@6-9 +时刻@6-12 "
	              "刻@9-12");
	expect_tokens(&h, FTS5_TOKENIZE_AUX, "决战時刻",
	              "决@0-3 +决战@0-6 战@3-6 +战时@3-9 时@6-9 +时刻@6-12 "
	              "刻@9-12");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "决战時刻",
	              "决战@0-6 战时@3-9 时刻@6-12 刻@9-12");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, "决战",
	              "决战@0-6 战@3-6");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "决", "决@0-3");
	/* a count: a final CJK run without the last character its last
	 * bigram implies; one character, or a run with more after it, as
	 * always */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x07决战時刻",
	              "决战@1-7 战时@4-10 时刻@7-13");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x07决战", "决战@1-7");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x07决", "决@1-4");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x07决战 end",
	              "决战@1-7 战@4-7 end@8-11");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x07" "end 决战",
	              "end@1-4 决战@5-11");
	/* a document: the word as written, never its stem */
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "Ｒunning 决，战",
	              "running@0-9 +#running 决 战@0-9 +^run@0-9 "
	              "+^r@0-9 决@10-13 战@16-19");
	/* the highlighter and the matcher: the marked stem (~) too */
	expect_tokens(&h, FTS5_TOKENIZE_AUX, "Ｒunning 决，战",
	              "~run@0-9 +running@0-9 决@10-13 战@16-19");
	/* a query word is its stem or the word as written */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "Ｒunning 决",
	              "run@0-9 +running@0-9 决@10-13");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "run", "run@0-3");
	/* a prefix query searches its last word unstemmed */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
	              "Running shoes", "run@0-7 +running@0-7 shoes@8-13");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
	              "running 决", "run@0-7 +running@0-7 决@8-11");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, "决 runs",
	              "决@0-3 runs@4-8");
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT,
	              "ab\xff\xc0\xaf"
	              "cd\xe5\x86",
	              "ab@0-2 +#ab cd@0-2 +^a@0-2 cd@5-7 "
	              "+^c@5-7");
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "", "");
	/* a word that is its own stem is indexed once, unmarked */
	expect_tokens(&h, FTS5_TOKENIZE_AUX, "or ore, mine mining",
	              "or@0-2 ~or@3-6 +ore@3-6 mine@8-12 ~mine@13-19 "
	              "+mining@13-19");
	/* GLOSSA_EXACT_MARK: the words as written, folded; CJK as always */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x04"
	              "Ore MINING 决战",
	              "ore@1-4 mining@5-11 决战@12-18 战@15-18");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
	              "\x04"
	              "ore min",
	              "ore@1-4 min@5-8");
	/* one form of the stems alone (GLOSSA_BARE_MARK, GLOSSA_STEM_MARK) */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x06"
	              "Mining ore",
	              "mine@1-7 or@8-11");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x03"
	              "Mining",
	              "~mine@1-7");
	/* segments of a line between ';' give tag tokens (#) */
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "rare\nearths",
	              "rare@0-4 +^rar@0-4 +^r@0-4 earths@5-11 "
	              "+^ear@5-11 +^e@5-11");
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "Rare Earths；Ｃhina;稀土",
	              "rare@0-4 +#rare earths@0-4 +^rar@0-4 +^r@0-4 "
	              "earths@5-11 +^ear@5-11 "
	              "+^e@5-11 china@14-21 +#china@14-21 +^chi@14-21 "
	              "+^c@14-21 稀@22-25 +#稀土@22-25 +稀土@22-28 "
	              "土@25-28");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x05"
	              " rare  EARTHS ",
	              "#rare earths@0-14");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x05", "");
	tok_close(&h);
}

/*
 * A document's prefix tokens: each once per call (a column value), at its
 * first word; of one and three characters, none of GLOSSA_PREFIX_SKIP's
 * two; the word's, never its stem's; none of a word of three characters
 * itself ("toy", "ran"), none of a number. A query that starts with the
 * mark is the prefix token of its first word.
 */
static void test_prefix_tokens(void **state)
{
	struct tok_handle h;

	(void)state;
	tok_open(&h);
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "Running runs ran. Toy, Ö",
	              "running@0-7 +#running runs ran toy o@0-7 "
	              "+^run@0-7 +^r@0-7 runs@8-12 "
	              "ran@13-16 "
	              "toy@18-21 +^t@18-21 "
	              "o@23-25 +^o@23-25");
	/* the next column value starts afresh; a longer word gives the
	 * token a word of three characters did not */
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "ran rang",
	              "ran@0-3 +#ran rang@0-3 +^r@0-3 rang@4-8 +^ran@4-8");
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT, "2025 20th ２x x2",
	              "2025@0-4 +#2025 20th 2x x2@0-4 +^202@0-4 20th@5-9 "
	              "+^20t@5-9 2x@10-14 x2@15-17 +^x@15-17");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x01"
	              "Ｒu",
	              "^ru@1-5");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x01"
	              "é",
	              "^e@1-3");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x01"
	              "Runner",
	              "^run@1-7");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x01"
	              "ab-cd",
	              "^ab@1-3");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x01", "");
	/* a query text after GLOSSA_WORD_MARK is one token, as it is */
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "\x02"
	              "Running 决",
	              "Running 决@0-12");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY, "\x02", "");
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT,
	              "\x02"
	              "ab",
	              "ab@1-3 +#ab@1-3 +^a@1-3");
	/* the mark means nothing in a document or after the start */
	expect_tokens(&h, FTS5_TOKENIZE_DOCUMENT,
	              "\x01"
	              "ab",
	              "ab@1-3 +#ab@1-3 +^a@1-3");
	expect_tokens(&h, FTS5_TOKENIZE_QUERY,
	              "ab\x01"
	              "cd",
	              "ab@0-2 cd@3-5");
	tok_close(&h);
}

/* The characters of UTF-8 text s. */
static int chars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

/*
 * A prefix token (OR the word, for a prefix of GLOSSA_PREFIX_CHARS) finds
 * the rows FTS5's own prefix query finds, for every prefix of one and
 * GLOSSA_PREFIX_CHARS characters of every word in the table, folded
 * letters included; one digit has no token. (GLOSSA_PREFIX_SKIP's are
 * search.c's to write: test_search.)
 */
static void test_prefix_tokens_agree(void **state)
{
	static const char *bodies[] = {
	    "the rare earths of Baotou",
	    "theory and thermal therapy",
	    "Crying cries, cry",
	    "happy happiness",
	    "a an and any",
	    "Ärger über Öl",
	    "ies flies toys, happy",
	    "2025 20th 2 x",
	    "The Strategy: strategies",
	    "mobilization general",
	    "稀土 rare-earth 战鼓 drums",
	    "Ｆullwidth ＡＢ",
	};
	sqlite3 *db = open_db();
	sqlite3_stmt *st;
	char expr[64];
	int i, checked = 0;

	(void)state;
	for (i = 0; i < (int)(sizeof(bodies) / sizeof(bodies[0])); i++)
		insert(db, i + 1, bodies[i], -1);
	exec(db, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, row)");
	/* the index's own terms, less the prefix tokens: every word */
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	                       "WITH RECURSIVE k(n) AS (SELECT 1"
	                       " UNION ALL SELECT n + 1 FROM k"
	                       " WHERE n < ?1)"
	                       " SELECT DISTINCT substr(term, 1, n)"
	                       " FROM temp.v, k"
	                       " WHERE unicode(term) > 31"
	                       " AND length(term) >= n",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int(st, 1, GLOSSA_PREFIX_CHARS);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		uint64_t native, token;

		snprintf(expr, sizeof(expr), "\"%s\" *", p);
		native = match(db, expr);
		/* as query.c writes it */
		if (p[0] >= '0' && p[0] <= '9' && chars(p) == 1) {
			snprintf(expr, sizeof(expr), "\"\x01%s\"", p);
			assert_int_equal(match(db, expr), 0);
			continue;
		}
		if (chars(p) == GLOSSA_PREFIX_SKIP)
			continue;
		if (chars(p) == GLOSSA_PREFIX_CHARS)
			snprintf(expr, sizeof(expr),
			         "(\"\x01%s\" OR \"\x04%s\")", p, p);
		else
			snprintf(expr, sizeof(expr), "\"\x01%s\"", p);
		token = match(db, expr);
		if (native != token)
			fail_msg(
			    "%s: %llx by prefix query, %llx by prefix token", p,
			    (unsigned long long)native,
			    (unsigned long long)token);
		assert_true(token != 0);
		checked++;
	}
	sqlite3_finalize(st);
	assert_true(checked > 30);
	sqlite3_close(db);
}

/* The first token of a call, in the buffer at p. */
static int first_token(void *p, int flags, const char *tok, int n, int start,
                       int end)
{
	char *first = p;

	(void)flags;
	(void)start;
	(void)end;
	if (!first[0] && n < 16)
		snprintf(first, 16, "%.*s", n, tok);
	return SQLITE_OK;
}

/* cp in UTF-8, by SQLite's char() (stmt: "SELECT char(?1)"). */
static void utf8(sqlite3_stmt *stmt, uint32_t cp, char out[5])
{
	sqlite3_bind_int64(stmt, 1, cp);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	snprintf(out, 5, "%s", (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_reset(stmt);
}

/*
 * Every Traditional character of the table is folded to its Simplified
 * one, in a document and in a query; characters between them that the
 * table does not map are left as they are.
 */
static void test_t2s_table(void **state)
{
	struct tok_handle h;
	size_t n = sizeof(glossa_t2s) / sizeof(glossa_t2s[0]), kept = 0;
	sqlite3_stmt *enc;

	(void)state;
	tok_open(&h);
	assert_int_equal(
	    sqlite3_prepare_v2(h.db, "SELECT char(?1)", -1, &enc, NULL),
	    SQLITE_OK);
	for (size_t i = 0; i < n; i++) {
		char from[5], to[5], a[16] = "", b[16] = "", c[16] = "";

		utf8(enc, glossa_t2s[i][0], from);
		utf8(enc, glossa_t2s[i][1], to);
		h.api.xTokenize(h.tok, a, FTS5_TOKENIZE_QUERY, from,
		                (int)strlen(from), first_token);
		h.api.xTokenize(h.tok, b, FTS5_TOKENIZE_DOCUMENT, from,
		                (int)strlen(from), first_token);
		h.api.xTokenize(h.tok, c, FTS5_TOKENIZE_QUERY, to,
		                (int)strlen(to), first_token);
		if (strcmp(a, c) || strcmp(b, c))
			fail_msg("U+%04X: \"%s\" and \"%s\", not \"%s\"",
			         (unsigned)glossa_t2s[i][0], a, b, c);
		/* the next code point, if the table does not map it */
		if (i + 1 < n && glossa_t2s[i + 1][0] > glossa_t2s[i][0] + 1) {
			utf8(enc, glossa_t2s[i][0] + 1, from);
			a[0] = '\0';
			h.api.xTokenize(h.tok, a, FTS5_TOKENIZE_QUERY, from,
			                (int)strlen(from), first_token);
			if (a[0] && strcmp(a, from))
				fail_msg("U+%04X: \"%s\"",
				         (unsigned)glossa_t2s[i][0] + 1, a);
			kept += a[0] != '\0';
		}
	}
	assert_true(kept > 1000);
	sqlite3_finalize(enc);
	tok_close(&h);
}

/* glossa_words_flush()'s callback: the words, one a line. */
static int collect_word(void *ctx, const char *word, int n)
{
	char *lines = ctx;
	size_t len = strlen(lines);

	snprintf(lines + len, 512 - len, "%.*s\n", n, word);
	return SQLITE_OK;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words flushed, sorted, separated by spaces, in out. */
static void flush_words(struct glossa_words *w, char out[512])
{
	char lines[512] = "", *word[32], *save = NULL, *p;
	int n = 0;

	assert_int_equal(glossa_words_flush(w, collect_word, lines), SQLITE_OK);
	for (p = strtok_r(lines, "\n", &save); p && n < 32;
	     p = strtok_r(NULL, "\n", &save))
		word[n++] = p;
	qsort(word, n, sizeof(*word), by_text);
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		snprintf(out + strlen(out), 512 - strlen(out), "%s%s",
		         i ? " " : "", word[i]);
}

/*
 * The words the tokenizer collects from the documents it indexes: the
 * words as written, folded (a stem only where it is a word); no CJK, no prefix tokens; each
 * once until flushed; nothing from a query.
 */
static void test_words(void **state)
{
	struct glossa_words *words = NULL;
	sqlite3 *db = NULL;
	char got[512];

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(glossa_tokenizer_register(db, &words), SQLITE_OK);
	assert_non_null(words);
	exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, title,"
	         " tokenize='glossa', detail=full)");
	exec(db, "INSERT INTO t VALUES ('Running runs 决战 Ärger', 'runs');"
	         "INSERT INTO t VALUES ('ran', '')");
	flush_words(words, got);
	/* "run" is a stem only: indexed marked, not a word */
	assert_string_equal(got, "arger ran running runs");
	flush_words(words, got);
	assert_string_equal(got, "");
	exec(db, "SELECT * FROM t WHERE t MATCH 'strategies OR tok*'");
	flush_words(words, got);
	assert_string_equal(got, "");
	/* a deleted row's words are collected too: a superset is harmless */
	exec(db, "DELETE FROM t WHERE rowid = 2");
	flush_words(words, got);
	assert_string_equal(got, "ran");
	/* a NULL callback forgets them */
	exec(db, "INSERT INTO t VALUES ('strategies', '')");
	assert_int_equal(glossa_words_flush(words, NULL, NULL), SQLITE_OK);
	flush_words(words, got);
	assert_string_equal(got, "");
	sqlite3_close(db);

	assert_true(glossa_tokenizer_is_word("run", 3));
	assert_true(glossa_tokenizer_is_word("\xc3\xa9t\xc3\xa9", 5));
	assert_false(glossa_tokenizer_is_word("\x01ru", 3));
	assert_false(glossa_tokenizer_is_word("\xe5\x86\xb3", 3)); /* 决 */
	assert_false(glossa_tokenizer_is_word("", 0));
}

/* A non-OK return from xToken stops tokenizing at once and comes back. */
static void test_token_error(void **state)
{
	static const char *texts[] = {
	    "这是决战时刻", "one two three four five",
	    "Baogang集团2025年 and 發展 ＡＢＣ more words 末"};
	struct tok_handle h;
	struct tokens t = {0};
	static const int modes[] = {FTS5_TOKENIZE_DOCUMENT, FTS5_TOKENIZE_QUERY,
	                            FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX};
	size_t i;
	int k, all, flags, f;

	(void)state;
	tok_open(&h);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (f = 0; f < 3; f++) {
			flags = modes[f];
			t.fail_at = 0;
			assert_int_equal(tokenize(&h, flags, texts[i],
			                          (int)strlen(texts[i]), &t),
			                 SQLITE_OK);
			all = t.calls;
			assert_true(all >= 3);
			for (k = 1; k <= all; k++) {
				t.fail_at = k;
				assert_int_equal(tokenize(&h, flags, texts[i],
				                          (int)strlen(texts[i]),
				                          &t),
				                 SQLITE_ABORT);
				assert_int_equal(t.calls, k);
			}
		}
	}
	tok_close(&h);
}

static void test_huge_text(void **state)
{
	sqlite3 *db = open_db();
	const char *unit = "工业政策 industrial policy 發展 ";
	size_t ulen = strlen(unit), n = 8u << 20, len = 0;
	char *big = malloc(n + 64);
	char *eng = malloc(n + 64);

	(void)state;
	assert_non_null(big);
	assert_non_null(eng);
	while (len + ulen < n) {
		memcpy(big + len, unit, ulen);
		len += ulen;
	}
	strcpy(big + len, "决战时刻");
	insert(db, 1, big, -1);
	/* one long English span, longer than the span buffer's flush size */
	memset(eng, 'a', n);
	for (len = 7; len < n; len += 8)
		eng[len] = ' ';
	strcpy(eng + n - 16, " mobilization");
	insert(db, 2, eng, -1);
	assert_int_equal(match(db, "\"决战时刻\""), ROW(1));
	assert_int_equal(match(db, "\"政策 industrial\""), ROW(1));
	assert_int_equal(match(db, "mobilization"), ROW(2));
	assert_int_equal(match(db, "aaaaaaa"), ROW(2));
	exec(db, "INSERT INTO t(t) VALUES('integrity-check')");
	free(big);
	free(eng);
	sqlite3_close(db);
}

/* The byte ranges of the positions a tokenization gave, in order, and
 * whether it gave a colocated token. */
struct spans {
	int *se;
	size_t n, cap;
	int colocated;
};

static int collect_span(void *p, int flags, const char *tok, int n,
                        int start, int end)
{
	struct spans *s = p;

	(void)tok;
	(void)n;
	if (flags & FTS5_TOKEN_COLOCATED) {
		s->colocated = 1;
		return SQLITE_OK;
	}
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->se = realloc(s->se, s->cap * sizeof(*s->se));
		assert_non_null(s->se);
	}
	s->se[s->n++] = start;
	s->se[s->n++] = end;
	return SQLITE_OK;
}

/* GLOSSA_TOKENIZE_POSITIONS gives the positions FTS5_TOKENIZE_AUX gives,
 * the same byte ranges in the same order, and nothing colocated. */
static void same_positions(const char *text, size_t len, void *arg)
{
	struct tok_handle *h = arg;
	struct spans aux = {0}, pos = {0};

	assert_int_equal(h->api.xTokenize(h->tok, &aux, FTS5_TOKENIZE_AUX,
	                                  text, (int)len, collect_span),
	                 SQLITE_OK);
	assert_int_equal(h->api.xTokenize(h->tok, &pos,
	                                  FTS5_TOKENIZE_AUX |
	                                      GLOSSA_TOKENIZE_POSITIONS,
	                                  text, (int)len, collect_span),
	                 SQLITE_OK);
	assert_int_equal(pos.colocated, 0);
	assert_int_equal(pos.n, aux.n);
	for (size_t i = 0; i < aux.n; i++)
		if (aux.se[i] != pos.se[i])
			fail_msg("position %zu of \"%.40s\": %s %d, not %d",
			         i / 2, text, i % 2 ? "end" : "start",
			         pos.se[i], aux.se[i]);
	free(aux.se);
	free(pos.se);
}

static void test_positions_only(void **state)
{
	static const char *const texts[] = {
	    "Baogang beats the war drums: mining, mines, ore; e-mail C++ 3.5%",
	    "擂响战鼓再出发，抓早！決戰2025年稀土 rare earths ＡＢＣ　ｘｙｚ",
	    "naïve café Ünïcödé ﬁne ŉ x\xe2\x80\x8by 〔注〕「引号」《书名》",
	    "レアアース 経済安全保障 한국어 텍스트 mixed日本語text",
	    "", " ", "a", "鼓",
	};
	struct tok_handle h;
	char *long_span;

	(void)state;
	tok_open(&h);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		same_positions(texts[i], strlen(texts[i]), &h);
	assert_true(test_each_corpus_file("parse", same_positions, &h) >= 10);
	/* a span cut at SPAN_FLUSH */
	long_span = malloc(200001);
	assert_non_null(long_span);
	for (int i = 0; i < 200000; i++)
		long_span[i] = i % 7 == 6 ? ' ' : "wording"[i % 7];
	long_span[200000] = '\0';
	same_positions(long_span, 200000, &h);
	free(long_span);
	tok_close(&h);
}

/* The tokens (no prefix tokens) that start at FROM or after, as text. */
#define FROM 65530

static int collect_late(void *p, int flags, const char *tok, int n,
                        int start, int end)
{
	if (start < FROM || tok[0] == GLOSSA_PREFIX_MARK)
		return SQLITE_OK;
	return collect(p, flags, tok, n, start, end);
}

/*
 * A span is handed to porter in pieces of about 64 KB, cut at a blank;
 * the cut must not show: the words around it keep their tokens and
 * offsets, whether the text is ASCII (appended a run at a time) or not.
 */
static void test_span_cut(void **state)
{
	static const char *const words[] = {"mobilization", "naïvetés",
	                                    "ab\xc3\xa9"
	                                    "cd"};
	static const char *const want[] = {
	    "mobilization@65532-65544 end@65545-65548",
	    "naivetes@65532-65542 end@65543-65546",
	    "abecd@65532-65538 end@65539-65542"};
	struct tok_handle h;
	char *text = malloc(70000);

	(void)state;
	assert_non_null(text);
	tok_open(&h);
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		struct tokens t = {0};
		int n;

		/* "ab " up to offset 65532, then the word across 65536 */
		for (n = 0; n < 65532; n += 3)
			memcpy(text + n, "ab ", 3);
		n += sprintf(text + n, "%s end", words[k]);
		t.ntext = n;
		assert_int_equal(h.api.xTokenize(h.tok, &t,
		                                 FTS5_TOKENIZE_DOCUMENT, text,
		                                 n, collect_late),
		                 SQLITE_OK);
		assert_string_equal(t.text, want[k]);
		assert_int_equal(t.bad, 0);
	}
	free(text);
	tok_close(&h);
}
#undef FROM

static void test_random_bytes(void **state)
{
	struct tok_handle h;
	struct tokens t = {0};
	static const unsigned char pieces[][4] = {
	    {0xe5, 0x86, 0xb3}, {0xe6, 0x88, 0x98},       {0xef, 0xbc, 0xa1},
	    {0xe3, 0x80, 0x80}, {0xf0, 0xa0, 0x80, 0x80}, {0xe3, 0x80, 0x82}};
	unsigned char buf[512];
	uint32_t x = 12345;
	int round, i, n;

	(void)state;
	tok_open(&h);
	for (round = 0; round < 3000; round++) {
		n = (int)(x % sizeof(buf));
		for (i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			if (x % 3 == 0 && i + 4 <= n) {
				const unsigned char *p = pieces[x / 3 % 6];

				memcpy(buf + i, p, p[0] >= 0xf0 ? 4 : 3);
				i += (p[0] >= 0xf0 ? 4 : 3) - 1;
			} else {
				buf[i] = (unsigned char)(x >> 8);
			}
		}
		/* a copy of exactly n bytes, so ASan sees any overread */
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, buf, n);
		assert_int_equal(tokenize(&h, FTS5_TOKENIZE_DOCUMENT,
		                          (const char *)copy, n, &t),
		                 SQLITE_OK);
		assert_int_equal(t.bad, 0);
		assert_int_equal(tokenize(&h, FTS5_TOKENIZE_QUERY,
		                          (const char *)copy, n, &t),
		                 SQLITE_OK);
		assert_int_equal(t.bad, 0);
		same_positions((const char *)copy, (size_t)n, &h);
		if (round < 300)
			insert(h.db, round + 1, (const char *)copy, n);
		free(copy);
	}
	exec(h.db, "INSERT INTO t(t) VALUES('integrity-check')");
	tok_close(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cjk_substrings),
	    cmocka_unit_test(test_folding),
	    cmocka_unit_test(test_english),
	    cmocka_unit_test(test_mixed),
	    cmocka_unit_test(test_highlight),
	    cmocka_unit_test(test_integrity),
	    cmocka_unit_test(test_external_content),
	    cmocka_unit_test(test_bad_args),
	    cmocka_unit_test(test_tokens),
	    cmocka_unit_test(test_prefix_tokens),
	    cmocka_unit_test(test_prefix_tokens_agree),
	    cmocka_unit_test(test_words),
	    cmocka_unit_test(test_t2s_table),
	    cmocka_unit_test(test_token_error),
	    cmocka_unit_test(test_huge_text),
	    cmocka_unit_test(test_span_cut),
	    cmocka_unit_test(test_random_bytes),
	    cmocka_unit_test(test_positions_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
