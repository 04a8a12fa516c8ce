/*
 * test_dict.c: the dictionary (storage/dict.c, storage/pinyin.c): tone
 * numbers to tone marks, the CC-CEDICT line parser, building a
 * dictionary file (malformed lines with their numbers), lookup by
 * Traditional and Simplified headwords, readings, and segmentation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "glossa/dict.h"
#include "support.h"

static void marks(const char *numbered, const char *want)
{
	char *got = glossa_pinyin_marks(numbered);

	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' gave '%s', not '%s'", numbered, got, want);
	free(got);
}

static void test_pinyin_tones(void **state)
{
	(void)state;
	/* every tone on every vowel, and the neutral tone unmarked */
	marks("ma1 ma2 ma3 ma4 ma5", "mā má mǎ mà ma");
	marks("me1 me2 me3 me4", "mē mé mě mè");
	marks("yi1 yi2 yi3 yi4", "yī yí yǐ yì");
	marks("bo1 bo2 bo3 bo4", "bō bó bǒ bò");
	marks("wu1 wu2 wu3 wu4", "wū wú wǔ wù");
	marks("jue2 zhan4", "jué zhàn");
	marks("le5", "le");
	marks("ma", "ma"); /* no number: unmarked */
	/* capitals keep their case */
	marks("Zhong1 guo2", "Zhōng guó");
	marks("A1 E2 O3 Ou4", "Ā É Ǒ Òu");
}

static void test_pinyin_placement(void **state)
{
	(void)state;
	/* a and e first, whatever comes before them */
	marks("hao3 gei3 xue2 guai4", "hǎo gěi xué guài");
	/* ou: the o */
	marks("dou1 zhou1 you3", "dōu zhōu yǒu");
	/* else the last vowel */
	marks("gui4 liu2 duo1 shui3 xiong2", "guì liú duō shuǐ xióng");
	/* no vowel: m and n carry it */
	marks("m2 n2 n3 n4 ng2", "ḿ ń ň ǹ ńg");
	marks("m4", "m\xcc\x80");
}

static void test_pinyin_umlaut(void **state)
{
	(void)state;
	marks("lu:4 nu:3 lu:e4", "lǜ nǚ lüè");
	marks("lv4 nv3 Lu:3", "lǜ nǚ Lǚ");
	marks("lu:1 lu:2 lu:5", "lǖ lǘ lü");
	marks("nu:e4", "nüè");
}

static void test_pinyin_erhua(void **state)
{
	(void)state;
	marks("yi1 dian3 r5", "yī diǎnr");
	marks("qian2 bian5 r5", "qián bianr");
	marks("r5", "r"); /* 儿 alone */
}

static void test_pinyin_other(void **state)
{
	(void)state;
	/* not syllables: copied */
	marks("san1 C", "sān C");
	marks("A A zhi4", "A A zhì");
	marks("bu4 guan3 , zhuo1", "bù guǎn , zhuō");
	marks("xx5", "xx");
	marks("", "");
	marks("  ni3   hao3 ", "nǐ hǎo");
	marks("5", "5");
	marks("hao3!", "hao3!");
	marks(NULL, "");
}

static void parse_ok(const char *line, const char *trad, const char *simp,
                     const char *pinyin, const char *senses)
{
	glossa_cedict_line_t e;
	const char *why = NULL;

	if (glossa_cedict_parse_line(line, strlen(line), &e, &why) != GLOSSA_OK)
		fail_msg("'%s' refused: %s", line, why);
	assert_int_equal(e.trad_len, strlen(trad));
	assert_memory_equal(e.trad, trad, e.trad_len);
	assert_int_equal(e.simp_len, strlen(simp));
	assert_memory_equal(e.simp, simp, e.simp_len);
	assert_int_equal(e.pinyin_len, strlen(pinyin));
	assert_memory_equal(e.pinyin, pinyin, e.pinyin_len);
	assert_int_equal(e.senses_len, strlen(senses));
	assert_memory_equal(e.senses, senses, e.senses_len);
}

static void parse_bad(const char *line, size_t len, const char *why_want)
{
	glossa_cedict_line_t e;
	const char *why = NULL;

	if (len == SIZE_MAX)
		len = strlen(line);
	if (glossa_cedict_parse_line(line, len, &e, &why) != GLOSSA_BAD_INPUT)
		fail_msg("'%s' accepted", line);
	assert_non_null(why);
	if (why_want && strcmp(why, why_want) != 0)
		fail_msg("'%s': '%s', not '%s'", line, why, why_want);
}

static void test_parse_line(void **state)
{
	glossa_cedict_line_t e;

	(void)state;
	parse_ok("決戰 决战 [jue2 zhan4] /decisive battle/to fight a decisive "
	         "battle/",
	         "決戰", "决战", "jue2 zhan4",
	         "decisive battle/to fight a decisive battle");
	parse_ok("中 中 [zhong1] /within/\r", "中", "中", "zhong1", "within");
	/* variants and classifiers are senses like any other */
	parse_ok("着 着 [zhao2] /variant of 著|着[zhao2]/CL:個|个[ge4]/", "着",
	         "着", "zhao2", "variant of 著|着[zhao2]/CL:個|个[ge4]");
	parse_ok("% % [pa1] /percent (Tw)/", "%", "%", "pa1", "percent (Tw)");
	parse_ok("3C 3C [san1 C] /computers/", "3C", "3C", "san1 C",
	         "computers");
	parse_ok("  AA制  AA制 [A A zhi4]  /to go Dutch/  ", "AA制", "AA制",
	         "A A zhi4", "to go Dutch");
	/* comments and blank lines are no entries */
	assert_int_equal(glossa_cedict_parse_line("# CC-CEDICT", 11, &e, NULL),
	                 GLOSSA_NOT_FOUND);
	assert_int_equal(glossa_cedict_parse_line("#! date=x", 9, &e, NULL),
	                 GLOSSA_NOT_FOUND);
	assert_int_equal(glossa_cedict_parse_line("  \r", 3, &e, NULL),
	                 GLOSSA_NOT_FOUND);
	assert_int_equal(glossa_cedict_parse_line("", 0, &e, NULL),
	                 GLOSSA_NOT_FOUND);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	parse_bad("決戰 决战 jue2 zhan4 /battle/", SIZE_MAX,
	          "no pinyin in brackets");
	parse_bad("決戰 决战 [jue2 zhan4 /battle/", SIZE_MAX,
	          "no ']' after the pinyin");
	parse_bad("決戰 决战 [jue2 [x] zhan4] /battle/", SIZE_MAX,
	          "no ']' after the pinyin");
	parse_bad("決戰 决战 [jue2 zhan4]", SIZE_MAX,
	          "no senses between slashes");
	parse_bad("決戰 决战 [jue2 zhan4] battle", SIZE_MAX,
	          "no senses between slashes");
	parse_bad("決戰 决战 [jue2 zhan4] /battle", SIZE_MAX,
	          "no senses between slashes");
	parse_bad("決戰 决战 [jue2 zhan4] //", SIZE_MAX,
	          "no senses between slashes");
	parse_bad("決戰 决战 [jue2 zhan4] /", SIZE_MAX,
	          "no senses between slashes");
	parse_bad("決戰 [jue2 zhan4] /battle/", SIZE_MAX,
	          "no simplified headword");
	parse_bad("決戰", SIZE_MAX, "no simplified headword");
	parse_bad("a b [c] /\xff/", SIZE_MAX, "invalid UTF-8");
	parse_bad("a b [c] /\xe6\xb1/", SIZE_MAX, "invalid UTF-8");
	parse_bad("a b [c]\0/x/", 11, "a NUL byte");
}

/* A small dictionary: its text, written to a file in a new directory. */
static const char small[] =
    "# CC-CEDICT\n"
    "# a test edition\n"
    "#! version=1\n"
    "#! date=2026-01-04T16:04:33Z\n"
    "決戰 决战 [jue2 zhan4] /decisive battle/to fight a decisive "
    "battle/\n"
    "決 决 [jue2] /to decide/\n"
    "戰 战 [zhan4] /to fight/war/\n"
    "時刻 时刻 [shi2 ke4] /time/moment/\n"
    "時 时 [shi2] /o'clock/time/\n"
    "刻 刻 [ke4] /quarter (hour)/\n"
    "決戰時刻 决战时刻 [jue2 zhan4 shi2 ke4] /moment of decision/\n"
    "this line is bad\n"
    "重要 重要 [zhong4 yao4] /important/\n"
    "重新 重新 [chong2 xin1] /again/\n"
    "重 重 [zhong4] /heavy/\n"
    "重 重 [chong2] /to repeat/\n"
    "重慶 重庆 [Chong2 qing4] /Chongqing/\n"
    "新 新 [Xin1] /abbr. for Xinjiang/\n"
    "新 新 [xin1] /new/\n"
    "要 要 [yao4] /to want/\n"
    "一點兒 一点儿 [yi1 dian3 r5] /a little/\n"
    "一點 一点 [yi1 dian3] /a bit/\n"
    "一 一 [yi1] /one/\n"
    "稀土 稀土 [xi1 tu3] /rare earth/\n"
    "稀土金屬 稀土金属 [xi1 tu3 jin1 shu3] /rare earth metal/\n"
    "金屬 金属 [jin1 shu3] /metal/\n"
    "產業 产业 [chan3 ye4] /industry/\n"
    "產業鏈 产业链 [chan3 ye4 lian4] /industrial chain/\n"
    "鏈 链 [lian4] /chain/\n"
    "供應 供应 [gong1 ying4] /to supply/\n"
    "供應鏈 供应链 [gong1 ying4 lian4] /supply chain/\n"
    "決戰 决战 [jue2 zhan4] /unterminated\n"
    "中國 中国 [Zhong1 guo2] /China/\n"
    "宣佈 宣布 [xuan1 bu4] /variant of 宣布[xuan1 bu4]/\n"
    "宣布 宣布 [xuan1 bu4] /to declare/\n";

static const char unihan[] =
    "# Unihan_Readings.txt\n"
    "U+91CD\tkDefinition\theavy\n"
    "U+91CD\tkMandarin\tzhòng chóng\n"
    "U+9553\tkMandarin\tjiā\n" /* 镓, not in the small dictionary */
    "U+4E00\tkMandarin\tyī\n"
    "U+bad\tkMandarin\n"
    "junk\n";

struct fixture {
	char *dir, *path;
	glossa_dict_t *dict;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	glossa_dict_sources_t src = {.unihan = unihan,
	                             .unihan_len = sizeof(unihan) - 1};
	glossa_dict_report_t rep;
	char *msg = NULL;

	f->dir = test_tmpdir();
	f->path = test_path(f->dir, "cedict.db");
	if (glossa_dict_build(f->path, small, sizeof(small) - 1, &src, &rep,
	                      &msg) != GLOSSA_OK)
		fail_msg("build: %s", msg);
	glossa_dict_report_clear(&rep);
	if (glossa_dict_open(f->path, &f->dict, &msg) != GLOSSA_OK)
		fail_msg("open: %s", msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	glossa_dict_close(f->dict);
	test_tmpdir_remove(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static void test_build_report(void **state)
{
	struct fixture *f = *state;
	glossa_dict_sources_t src = {.unihan = unihan,
	                             .unihan_len = sizeof(unihan) - 1};
	glossa_dict_report_t rep;
	glossa_dict_info_t info;
	char *path = test_path(f->dir, "again.db");

	assert_int_equal(
	    glossa_dict_build(path, small, sizeof(small) - 1, &src, &rep, NULL),
	    GLOSSA_OK);
	assert_int_equal(rep.entries, 29);
	assert_int_equal(rep.readings, 3);
	assert_string_equal(rep.edition, "2026-01-04T16:04:33Z");
	/* the malformed lines, by their numbers */
	assert_int_equal(rep.bad_lines, 2);
	assert_int_equal(rep.n_warnings, 2);
	assert_string_equal(rep.warnings[0], "line 12: no pinyin in brackets");
	assert_string_equal(rep.warnings[1],
	                    "line 32: no senses between slashes");
	glossa_dict_report_clear(&rep);
	glossa_dict_info(f->dict, &info);
	assert_string_equal(info.edition, "2026-01-04T16:04:33Z");
	assert_int_equal(info.entries, 29);
	assert_int_equal(info.readings, 3);
	free(path);
}

static void test_build_refused(void **state)
{
	struct fixture *f = *state;
	glossa_dict_report_t rep;
	char *msg = NULL, *many, *p;
	glossa_dict_t *d;
	size_t n = 100;

	/* nothing that is an entry: refused, the file left as it was */
	assert_int_equal(glossa_dict_build(f->path, "# only\nbad line\n", 16,
	                                   NULL, &rep, &msg),
	                 GLOSSA_BAD_INPUT);
	assert_non_null(strstr(msg, "no CC-CEDICT entry"));
	assert_int_equal(rep.bad_lines, 1);
	glossa_dict_report_clear(&rep);
	free(msg);
	assert_int_equal(glossa_dict_build(f->path, "a a [a1] /x/\n\0", 14,
	                                   NULL, &rep, &msg),
	                 GLOSSA_BAD_INPUT);
	assert_non_null(strstr(msg, "NUL"));
	glossa_dict_report_clear(&rep);
	free(msg);
	assert_int_equal(glossa_dict_open(f->path, &d, NULL), GLOSSA_OK);
	glossa_dict_close(d);
	/* many bad lines: the first GLOSSA_DICT_MAX_WARNINGS kept */
	many = malloc(n * 8 + 32);
	p = many;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "bad %zu\n", i % 10);
	p += sprintf(p, "a a [a1] /x/");
	char *path = test_path(f->dir, "many.db");
	assert_int_equal(
	    glossa_dict_build(path, many, (size_t)(p - many), NULL, &rep, NULL),
	    GLOSSA_OK);
	assert_int_equal(rep.bad_lines, 100);
	assert_int_equal(rep.n_warnings, GLOSSA_DICT_MAX_WARNINGS);
	assert_string_equal(rep.warnings[19], "line 20: no pinyin in brackets");
	assert_int_equal(rep.entries, 1);
	glossa_dict_report_clear(&rep);
	free(many);
	free(path);
}

static int stop_after(void *arg)
{
	int *calls = arg;

	return --*calls < 0;
}

/* An interrupted build leaves the file as it was, and nothing beside. */
static void test_build_interrupted(void **state)
{
	struct fixture *f = *state;
	glossa_dict_report_t rep;
	glossa_dict_sources_t src = {0};
	glossa_dict_t *d;
	glossa_dict_info_t info;
	size_t n = 20000;
	char *big = malloc(n * 40), *p = big, *msg = NULL;
	int calls;

	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "w%zu w%zu [ci2] /word %zu/\n", i, i, i);
	src.interrupt = stop_after;
	src.interrupt_arg = &calls;
	for (int k = 0; k < 6; k++) {
		calls = k;
		assert_int_equal(glossa_dict_build(f->path, big,
		                                   (size_t)(p - big), &src,
		                                   &rep, &msg),
		                 GLOSSA_INTERRUPTED);
		glossa_dict_report_clear(&rep);
		free(msg);
		assert_int_equal(glossa_dict_open(f->path, &d, NULL),
		                 GLOSSA_OK);
		glossa_dict_info(d, &info);
		assert_int_equal(info.entries, 29);
		glossa_dict_close(d);
		assert_int_equal(
		    test_sql_int(f->path, "SELECT count(*) FROM entry"), 29);
	}
	/* the directory holds the dictionary only */
	char *cmd;
	assert_true(asprintf(&cmd, "test $(ls '%s' | wc -l) = 1", f->dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(big);
}

static void test_open_refused(void **state)
{
	struct fixture *f = *state;
	glossa_dict_t *d = (glossa_dict_t *)1;
	char *msg = NULL, *path = test_path(f->dir, "nothing.db");

	assert_int_equal(glossa_dict_open(path, &d, &msg), GLOSSA_NOT_FOUND);
	assert_null(d);
	assert_non_null(strstr(msg, "nothing.db"));
	free(msg);
	test_write_file(path, "SQLite format 3 and then junk", 29);
	assert_int_equal(glossa_dict_open(path, &d, &msg), GLOSSA_NOT_ARCHIVE);
	free(msg);
	assert_int_equal(glossa_dict_open(f->dir, &d, &msg),
	                 GLOSSA_NOT_ARCHIVE);
	free(msg);
	free(path);
}

/* The entries of a lookup as "kind:headword:pinyin" joined by ", ". */
static char *lookup(glossa_dict_t *d, const char *text)
{
	glossa_dict_entry_t *e;
	size_t n;
	char *s = calloc(1, 4096);
	static const char *kinds[] = {"w", "c", "r"};

	assert_int_equal(glossa_dict_lookup(d, text, strlen(text), &e, &n),
	                 GLOSSA_OK);
	for (size_t i = 0; i < n; i++) {
		snprintf(s + strlen(s), 4096 - strlen(s), "%s%s:%s:%s",
		         i ? ", " : "", kinds[e[i].kind], e[i].simplified,
		         e[i].reading);
		/* each entry stands for its bytes of the text */
		assert_true(e[i].start + e[i].len <= strlen(text));
		assert_true(strncmp(text + e[i].start, e[i].simplified,
		                    e[i].len) == 0 ||
		            strncmp(text + e[i].start, e[i].traditional,
		                    e[i].len) == 0);
	}
	glossa_dict_entries_free(e, n);
	return s;
}

static void lookup_is(glossa_dict_t *d, const char *text, const char *want)
{
	char *got = lookup(d, text);

	if (strcmp(got, want) != 0)
		fail_msg("%s:\n got %s\nwant %s", text, got, want);
	free(got);
}

static void test_lookup(void **state)
{
	struct fixture *f = *state;

	/* longest words first, then the characters of the longest */
	lookup_is(f->dict, "决战时刻到了",
	          "w:决战时刻:jué zhàn shí kè, w:决战:jué zhàn, "
	          "c:决:jué, c:战:zhàn, c:时:shí, c:刻:kè");
	/* Traditional finds the same entries */
	lookup_is(f->dict, "決戰時刻到了",
	          "w:决战时刻:jué zhàn shí kè, w:决战:jué zhàn, "
	          "c:决:jué, c:战:zhàn, c:时:shí, c:刻:kè");
	lookup_is(f->dict, "決戰", "w:决战:jué zhàn, c:决:jué, c:战:zhàn");
	/* a mix of the two is not a headword */
	lookup_is(f->dict, "決战", "c:决:jué");
	/* every entry of a character, in the file's order */
	lookup_is(f->dict, "重", "c:重:zhòng, c:重:chóng");
	lookup_is(f->dict, "新的", "c:新:Xīn, c:新:xīn");
	/* not in the dictionary: Unihan's reading */
	lookup_is(f->dict, "镓", "r:镓:jiā");
	/* neither: nothing */
	lookup_is(f->dict, "龘", "");
	lookup_is(f->dict, "", "");
	lookup_is(f->dict, "abc", "");
	/* erhua */
	lookup_is(f->dict, "一点儿",
	          "w:一点儿:yī diǎnr, w:一点:yī diǎn, c:一:yī");
	/* a prefix of a headword that is no word itself: 稀土金 */
	lookup_is(f->dict, "稀土金子", "w:稀土:xī tǔ");
}

static void test_lookup_invalid(void **state)
{
	struct fixture *f = *state;
	glossa_dict_entry_t *e;
	size_t n;

	/* stops at the first invalid byte */
	assert_int_equal(glossa_dict_lookup(f->dict, "决\xff战", 7, &e, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].simplified, "决");
	glossa_dict_entries_free(e, n);
	assert_int_equal(glossa_dict_lookup(f->dict, "\xe5\x86", 2, &e, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 0);
	assert_null(e);
}

static void reading_is(glossa_dict_t *d, const char *text, const char *want)
{
	char *got = NULL;

	assert_int_equal(glossa_dict_reading(d, text, strlen(text), &got),
	                 GLOSSA_OK);
	if (strcmp(got, want) != 0)
		fail_msg("%s: '%s', not '%s'", text, got, want);
	free(got);
}

static void test_reading(void **state)
{
	struct fixture *f = *state;

	/* polyphones: the whole word's reading */
	reading_is(f->dict, "重要", "zhòng yào");
	reading_is(f->dict, "重新", "chóng xīn");
	/* lower case first: 新 is xīn, not Xīn; a proper noun keeps its
	 * capital when it is all there is */
	reading_is(f->dict, "新", "xīn");
	reading_is(f->dict, "重庆", "Chóng qìng");
	/* word by word, then character by character (Unihan first) */
	reading_is(f->dict, "决战时刻重", "jué zhàn shí kè zhòng");
	reading_is(f->dict, "稀土镓", "xī tǔ jiā");
	/* what has no reading is copied, a run of it together */
	reading_is(f->dict, "5G稀土", "5G xī tǔ");
	reading_is(f->dict, "稀土, 一", "xī tǔ , yī");
	reading_is(f->dict, "abc", "");
	reading_is(f->dict, "", "");
}

/* The segments of text joined by '/'. */
static void segments_are(glossa_dict_t *d, const char *text,
                         const char *const *extra, size_t n_extra,
                         const char *want)
{
	size_t *starts, *starts_in, n, n_in, len = strlen(text);
	glossa_dict_phrases_t *p;
	char got[1024] = "";

	assert_int_equal(
	    glossa_dict_segment(d, text, len, extra, n_extra, &starts, &n),
	    GLOSSA_OK);
	/* the same with the phrases made once (glossa_terms()'s way) */
	assert_int_equal(glossa_dict_phrases_new(extra, n_extra, &p),
	                 GLOSSA_OK);
	assert_int_equal(glossa_dict_segment_in(d, text, len, p, &starts_in,
	                                        &n_in),
	                 GLOSSA_OK);
	glossa_dict_phrases_free(p);
	assert_int_equal(n_in, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(starts_in[i], starts[i]);
	free(starts_in);
	for (size_t i = 0; i < n; i++) {
		size_t end = i + 1 < n ? starts[i + 1] : len;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.*s",
		         i ? "/" : "", (int)(end - starts[i]),
		         text + starts[i]);
	}
	free(starts);
	if (strcmp(got, want) != 0)
		fail_msg("%s: '%s', not '%s'", text, got, want);
}

static void test_segment(void **state)
{
	struct fixture *f = *state;
	static const char *const glossed[] = {"产业链供应链", "关键矿产", "",
	                                      "稀土金属冶炼"};

	segments_are(f->dict, "决战时刻", NULL, 0, "决战时刻");
	segments_are(f->dict, "稀土金属产业链", NULL, 0, "稀土金属/产业链");
	segments_are(f->dict, "產業鏈供應鏈", NULL, 0, "產業鏈/供應鏈");
	/* characters no word holds stand alone */
	segments_are(f->dict, "的稀土了", NULL, 0, "的/稀土/了");
	segments_are(f->dict, "稀土金子", NULL, 0, "稀土/金/子");
	/* the caller's phrases (glossed ones) are words too, the longest
	 * winning */
	segments_are(f->dict, "产业链供应链安全", glossed, 4,
	             "产业链供应链/安/全");
	segments_are(f->dict, "关键矿产稀土金属冶炼", glossed, 4,
	             "关键矿产/稀土金属冶炼");
	segments_are(f->dict, "关键矿", glossed, 4, "关/键/矿");
	segments_are(f->dict, "", NULL, 0, "");
	segments_are(f->dict, "a中国", NULL, 0, "a/中国");
}

/* The archive's side: glosses at the start of a text, and the terms of
 * an article nobody has glossed, on the small dictionary. */
static void test_archive_side(void **state)
{
	struct fixture *f = *state;
	struct test_archive *a;
	glossa_glossary_entry_t *g;
	glossa_term_t *t;
	size_t n;
	int64_t id;
	char list[1024] = "";

	assert_int_equal(test_archive_setup((void **)&a), 0);
	id = test_import_text(a->db,
	                      "Title: one\nGloss: 决战时刻 | crunch time\n"
	                      "Gloss: 决战 | decisive battle\n\n"
	                      "决战时刻，稀土金属产业链供应链，我们的稀土"
	                      "金属。一点儿决战。稀土供应，供应稀土。宣布。\n");
	test_import_text(a->db, "Title: two\n\n稀土。\n");
	assert_int_equal(glossa_glossary_at(a->db, "决战时刻到了", 18, &g, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].phrase, "决战时刻");
	assert_string_equal(g[1].phrase, "决战");
	assert_int_equal(g[1].n_articles, 1);
	glossa_glossary_free(g, n);
	assert_int_equal(glossa_glossary_at(a->db, "稀土", 6, &g, &n),
	                 GLOSSA_OK);
	assert_int_equal(n, 0);
	assert_null(g);

	assert_int_equal(glossa_terms(a->db, f->dict, id, 0, &t, &n),
	                 GLOSSA_OK);
	for (size_t i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		         "%s%s:%lld:%lld", i ? " " : "", t[i].term,
		         (long long)t[i].count, (long long)t[i].articles);
	/* 稀土金属 twice; 产业链供应链 as two words (3+3 make no pair);
	 * 稀土供应 a pair (a noun, then a verb), 供应稀土 none (a verb and
	 * its object); the glossed 决战 and 决战时刻 never, 我们 never;
	 * equal scores: the longer, then the earlier */
	assert_string_equal(list, "稀土金属:2:1 供应:2:1 稀土供应:1:1 "
	                          "产业链:1:1 供应链:1:1 一点儿:1:1 稀土:2:2 "
	                          "宣布:1:1");
	/* 宣布's own entry, not 宣佈's "variant of" */
	assert_string_equal(t[7].senses, "to declare");
	assert_false(t[2].compound == 0);
	assert_string_equal(t[2].senses, "稀土: rare earth\n供应: to supply");
	assert_string_equal(t[0].reading, "xī tǔ jīn shǔ");
	assert_string_equal(t[0].senses, "rare earth metal");
	glossa_terms_free(t, n);
	assert_int_equal(glossa_terms(a->db, f->dict, id + 10, 0, &t, &n),
	                 GLOSSA_NOT_FOUND);
	test_archive_teardown((void **)&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pinyin_tones),
	    cmocka_unit_test(test_pinyin_placement),
	    cmocka_unit_test(test_pinyin_umlaut),
	    cmocka_unit_test(test_pinyin_erhua),
	    cmocka_unit_test(test_pinyin_other),
	    cmocka_unit_test(test_parse_line),
	    cmocka_unit_test(test_parse_malformed),
	    cmocka_unit_test_setup_teardown(test_build_report, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_build_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_build_interrupted, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_open_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lookup_invalid, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_reading, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_segment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_archive_side, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
