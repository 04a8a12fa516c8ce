/*
 * lookup.c: the lookup view (K in the article): the text at the cursor
 * looked up, first in the archive's own glosses (glossa_glossary_at():
 * the phrases glossed anywhere that start there, longest first, with
 * their reading and how many articles hold them), then in the dictionary
 * (glossa_dict_lookup(): the longest words starting there, longest
 * first, then their single characters). j/k choose an entry, a glosses
 * its word with it (the prompts offer its translation and reading to
 * edit), q or Esc closes the view. Also the dictionary of the interface,
 * opened on first use and kept (lookup_dict()). Exports lookup_ops,
 * lookup_dict, lookup_gloss_with, lookup_joined, lookup_show and
 * lookup_start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-dict.h"
#include "ui.h"

/* Code points of the text looked up at the character cursor: longer
 * than any dictionary headword worth showing. */
#define LOOKUP_CPS 16

/* At most this many senses offered as the translation of a gloss. */
#define OFFER_SENSES 3

enum row_kind { ROW_HEAD, ROW_GLOSS, ROW_WORD };

/* One row of the view: a heading, or an entry (two lines: its word,
 * reading and count; its translation). */
struct row {
	enum row_kind kind;
	char *word;    /* the text it glosses (an entry), or the heading */
	char *variant; /* the other script's headword ("" if the same) */
	char *reading;
	char *text;  /* translations or senses, "; " between them */
	char *offer; /* the translation offered by a */
	int64_t articles; /* a gloss's articles, -1 if not counted */
	size_t start; /* byte offset of word in the text looked up */
};

static struct {
	int open;
	char *text;  /* looked up */
	int64_t pos; /* its body code point in the open article; -1 none */
	int64_t article;
	struct row *rows;
	size_t n, cur, top;
	unsigned char *heights;
} lv;

static glossa_dict_t *dict;
static char *dict_why;
static int dict_tried;

glossa_dict_t *lookup_dict(struct app *app, const char **why)
{
	(void)app;
	if (!dict_tried) {
		dict_tried = 1;
		dict = cli_dict_find(&dict_why);
	}
	if (why)
		*why = dict_why ? dict_why : "no dictionary";
	return dict;
}

static void rows_free(void)
{
	for (size_t i = 0; i < lv.n; i++) {
		free(lv.rows[i].word);
		free(lv.rows[i].variant);
		free(lv.rows[i].reading);
		free(lv.rows[i].text);
		free(lv.rows[i].offer);
	}
	free(lv.rows);
	free(lv.heights);
	free(lv.text);
	lv.rows = NULL;
	lv.heights = NULL;
	lv.text = NULL;
	lv.n = lv.cur = lv.top = 0;
}

static void lookup_free(struct app *app)
{
	(void)app;
	rows_free();
	lv.open = 0;
	glossa_dict_close(dict);
	free(dict_why);
	dict = NULL;
	dict_why = NULL;
	dict_tried = 0;
}

char *lookup_joined(const char *s, int max)
{
	size_t n = strlen(s), k = 0;
	char *out = malloc(2 * n + 1);
	int count = 1;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n') {
			out[k++] = s[i];
			continue;
		}
		if (i + 1 == n || (max && count == max))
			break;
		count++;
		out[k++] = ';';
		out[k++] = ' ';
	}
	out[k] = 0;
	return out;
}

static struct row *push(enum row_kind kind)
{
	struct row *r;

	if (!(lv.n % 16)) {
		r = realloc(lv.rows, (lv.n + 16) * sizeof(*lv.rows));
		if (!r)
			return NULL;
		lv.rows = r;
	}
	r = &lv.rows[lv.n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->articles = -1;
	return r;
}

static int head(const char *title)
{
	struct row *r = push(ROW_HEAD);

	return r && (r->word = strdup(title)) ? 0 : -1;
}

static int strs_ok(const struct row *r)
{
	return r->word && r->variant && r->reading && r->text && r->offer;
}

/* The rows for lv.text: the archive's glosses, then the dictionary's
 * words, then its characters; 0, or -1 (said). */
static int build(struct app *app, glossa_dict_t *d)
{
	glossa_glossary_entry_t *g = NULL;
	glossa_dict_entry_t *e = NULL;
	size_t ng = 0, ne = 0, len = strlen(lv.text);
	int err = -1, chars = 0;

	if (glossa_glossary_at(app->db, lv.text, len, &g, &ng) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return -1;
	}
	if (glossa_dict_lookup(d, lv.text, len, &e, &ne) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_dict_errmsg(d));
		glossa_glossary_free(g, ng);
		return -1;
	}
	if (ng && head("in the archive"))
		goto out;
	for (size_t i = 0; i < ng; i++) {
		struct row *r = push(ROW_GLOSS);
		if (!r)
			goto out;
		r->word = strdup(g[i].phrase);
		r->variant = strdup("");
		r->reading = strdup(g[i].reading);
		r->text = lookup_joined(g[i].translations, 0);
		r->offer = lookup_joined(g[i].translations, 1);
		r->articles = g[i].n_articles;
		if (!strs_ok(r))
			goto out;
	}
	for (size_t i = 0; i < ne; i++) {
		struct row *r;
		const char *w, *v;
		int is_char = e[i].kind != GLOSSA_DICT_WORD;
		if (i == 0 && !is_char && head("dictionary"))
			goto out;
		if (is_char && !chars++ && head("characters"))
			goto out;
		if (!(r = push(ROW_WORD)))
			goto out;
		/* the word as the text has it: Traditional or Simplified */
		w = strncmp(lv.text + e[i].start, e[i].traditional,
		            e[i].len) || e[i].traditional[e[i].len]
		        ? e[i].simplified
		        : e[i].traditional;
		v = w == e[i].simplified ? e[i].traditional : e[i].simplified;
		r->word = strndup(lv.text + e[i].start, e[i].len);
		r->variant = strdup(strcmp(w, v) ? v : "");
		r->reading = strdup(e[i].reading);
		r->text = lookup_joined(e[i].senses, 0);
		r->offer = lookup_joined(e[i].senses, OFFER_SENSES);
		r->start = e[i].start;
		if (!strs_ok(r))
			goto out;
	}
	err = 0;
out:
	if (err)
		app_message(app, 1, "out of memory");
	glossa_glossary_free(g, ng);
	glossa_dict_entries_free(e, ne);
	return err;
}

/* The first entry at or after i (dir 1) or at or before it (dir -1). */
static size_t entry_from(size_t i, int dir)
{
	while (i < lv.n && lv.rows[i].kind == ROW_HEAD)
		i += dir;
	return i;
}

int lookup_show(struct app *app, const char *text, int64_t pos)
{
	const char *why;
	glossa_dict_t *d = lookup_dict(app, &why);

	if (!d) {
		app_message(app, 1, "%s", why);
		return -1;
	}
	rows_free();
	if (!text || !*text) {
		app_message(app, 0, "nothing to look up here");
		return -1;
	}
	if (!(lv.text = strdup(text)) || build(app, d)) {
		rows_free();
		return -1;
	}
	if (!lv.n) {
		char shown[96];
		snprintf(shown, sizeof(shown), "%s", text);
		str_trim_utf8(shown);
		app_message(app, 0, "%s: not in the archive's glosses nor "
		                    "in the dictionary", shown);
		rows_free();
		return -1;
	}
	lv.pos = pos;
	lv.article = app->art.id;
	lv.cur = entry_from(0, 1);
	lv.open = 1;
	return 0;
}

void lookup_start(struct app *app)
{
	int64_t pos = -1;
	char *text;
	const char *why;

	if (!app->art.a)
		return;
	/* the dictionary first: without it, say where it was looked for
	 * whatever the cursor is on */
	if (!lookup_dict(app, &why)) {
		app_message(app, 1, "%s", why);
		return;
	}
	text = article_lookup_text(app, LOOKUP_CPS, &pos);
	lookup_show(app, text, pos);
	free(text);
}

void lookup_gloss_with(struct app *app, const char *word, int64_t pos,
                       const char *translation, const char *reading)
{
	if (!app->art.a)
		return;
	if (pos < 0 && app->art.a->body) {
		/* where the word first stands in the body */
		const char *at = strstr(app->art.a->body, word);
		if (at)
			pos = (int64_t)glossa_utf8_count(
			    app->art.a->body, (size_t)(at - app->art.a->body));
	}
	annot_add_gloss_with(app, word, pos, translation, reading);
}

static int lookup_open(const struct app *app)
{
	return lv.open && app->art.id == lv.article;
}

static void lookup_title(struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Look up: %s", lv.text ? lv.text : "");
	str_trim_utf8(buf);
}

static void lookup_prepare(struct app *app, rect_t r)
{
	int rows = r.h - 1;

	(void)app;
	if (!lv.heights && lv.n && (lv.heights = malloc(lv.n)))
		for (size_t i = 0; i < lv.n; i++)
			lv.heights[i] = lv.rows[i].kind == ROW_HEAD ? 1 : 2;
	if (rows < 1 || !lv.n)
		return;
	view_scroll(lv.n, rows, lv.heights, &lv.cur, &lv.top);
	/* the heading above the first entry stays in view */
	if (lv.top == 1 && lv.cur == 1 && lv.rows[0].kind == ROW_HEAD)
		lv.top = 0;
}

static void draw_entry(const struct row *e, int y, int x, int w, int h,
                       int st)
{
	char count[48];
	int used = 0;

	draw_fill(y, x, w, st);
	if (st != ST_NORMAL)
		draw_str(y, x, 1, "\xe2\x80\xba", st, 0); /* › */
	used += draw_str(y, x + 1, w - 1, e->word,
	                 st == ST_NORMAL ? ST_GLOSS : st, 0);
	if (e->variant[0] && used + 4 < w - 1) {
		char v[128];
		snprintf(v, sizeof(v), " (%s)", e->variant);
		str_trim_utf8(v);
		used += draw_str(y, x + 1 + used, w - 1 - used, v, st, 0);
	}
	if (e->reading[0] && used + 3 < w - 1)
		used += 2 + draw_str(y, x + 3 + used, w - 3 - used, e->reading,
		                     st == ST_NORMAL ? ST_DIM : st, 0);
	if (e->kind == ROW_GLOSS && e->articles >= 0) {
		snprintf(count, sizeof(count), "%lld article%s",
		         (long long)e->articles, e->articles == 1 ? "" : "s");
		if (used + 4 + str_cols(count) < w - 1)
			draw_str(y, x + w - 1 - str_cols(count), str_cols(count),
			         count, st == ST_NORMAL ? ST_DIM : st, 0);
	}
	if (h < 2)
		return;
	draw_fill(y + 1, x, w, st);
	draw_str(y + 1, x + 3, w - 4, e->text, st, 0);
}

static const struct view_hint lookup_hints[] = {
    HINT(ADD_GLOSS, "gloss"),
    HINT_KEY("Enter", "articles"),
    HINT2(DOWN, UP, "choose"),
    HINT(COPY, "copy"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void lookup_draw(struct app *app, rect_t r, int focused)
{
	int y = r.y;

	(void)app;
	(void)focused;
	if (r.h < 2)
		return;
	view_draw_hints(app, VIEW_LOOKUP, y++, r.x + 1, r.w - 1);
	for (size_t i = lv.top; i < lv.n && y < r.y + r.h; i++) {
		const struct row *e = &lv.rows[i];
		int h = lv.heights ? lv.heights[i] : 1;
		if (e->kind == ROW_HEAD) {
			draw_str(y++, r.x + 1, r.w - 1, e->word, ST_BOLD, 0);
			continue;
		}
		if (y + h > r.y + r.h)
			h = r.y + r.h - y;
		draw_entry(e, y, r.x, r.w, h,
		           i == lv.cur ? ST_SELECT : ST_NORMAL);
		y += h;
	}
}

static void lookup_move(struct app *app, int cmd)
{
	int rows = app->whole.h - 1;
	long d = view_delta(cmd, rows);
	size_t to;

	if (cmd == CMD_DOWN || cmd == CMD_UP) {
		to = entry_from(lv.cur + (size_t)d, d > 0 ? 1 : -1);
		if (to < lv.n)
			lv.cur = to;
	} else {
		view_move(lv.n, rows, lv.heights, &lv.cur, &lv.top, d);
		to = entry_from(lv.cur, d > 0 ? 1 : -1);
		lv.cur = to < lv.n ? to : entry_from(lv.cur, d > 0 ? -1 : 1);
	}
	if (rows > 0)
		view_scroll(lv.n, rows, lv.heights, &lv.cur, &lv.top);
}

static int lookup_request(struct app *app, int cmd, int key)
{
	const struct row *e;

	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		lookup_move(app, cmd);
		return 1;
	case CMD_ADD_GLOSS:
		if (lv.cur >= lv.n || lv.rows[lv.cur].kind == ROW_HEAD)
			return 1;
		e = &lv.rows[lv.cur];
		lv.open = 0; /* the prompts, then the article */
		lookup_gloss_with(
		    app, e->word,
		    lv.pos < 0 ? -1
		               : lv.pos + (int64_t)glossa_utf8_count(lv.text,
		                                                     e->start),
		    e->offer, e->reading);
		return 1;
	case CMD_LOOKUP:
		return 1;
	case CMD_COPY:
		if (lv.cur < lv.n && lv.rows[lv.cur].kind != ROW_HEAD)
			outside_copy_entry(app, lv.rows[lv.cur].word,
			                   lv.rows[lv.cur].reading,
			                   lv.rows[lv.cur].text);
		return 1;
	case CMD_BACK:
		lv.open = 0;
		return 1;
	}
	if (key == TK_ENTER) {
		/* an archive's gloss: the articles that hold its phrase, as
		 * the glossary's Enter (q there: back to where K was) */
		char *q;

		if (lv.cur >= lv.n || lv.rows[lv.cur].kind != ROW_GLOSS)
			return 1;
		if (!(q = glossary_phrase_query(lv.rows[lv.cur].word))) {
			app_message(app, 1, "out of memory");
			return 1;
		}
		lv.open = 0;
		list_reload(app, q);
		app->focus = PANE_LIST;
		free(q);
		return 1;
	}
	if (key == TK_ESC) {
		lv.open = 0;
		return 1;
	}
	return 0;
}

const struct view_ops lookup_ops = {
    .name = "lookup",
    .scope = SCOPE_ARTICLE,
    .modal = 1,
    .hints = lookup_hints,
    .title = lookup_title,
    .prepare = lookup_prepare,
    .draw = lookup_draw,
    .request = lookup_request,
    .open = lookup_open,
    .free = lookup_free,
};
