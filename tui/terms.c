/*
 * terms.c: the terms view (I in the article): the open article's terms
 * that no gloss of the archive has (glossa_terms(): dictionary words and
 * pairs of them, most distinctive first), each with its reading and
 * first sense. a glosses the term under the cursor (its translation and
 * reading offered at the prompts, as from the lookup view), Enter or K
 * looks it up (the lookup view, over this one), q or Esc closes it. A
 * term glossed leaves the list: it is made again when the article's
 * notes change. Exports terms_ops and terms_start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* At most this many senses offered as the translation of a gloss. */
#define OFFER_SENSES 3

static struct {
	int open;
	int64_t article;
	size_t nnotes; /* the article's notes when the list was made */
	glossa_term_t *t;
	size_t n, cur, top;
	int tw, rw; /* the term and reading columns */
} tv;

static void terms_free(struct app *app)
{
	(void)app;
	glossa_terms_free(tv.t, tv.n);
	memset(&tv, 0, sizeof(tv));
}

/* The list for the open article; 0, or -1 (said). */
static int make(struct app *app)
{
	const char *why;
	glossa_dict_t *d = lookup_dict(app, &why);
	glossa_term_t *t = NULL;
	size_t n = 0;

	if (!d) {
		app_message(app, 1, "%s", why);
		return -1;
	}
	/* seconds in a long article (a full-text count a term): said */
	app_message(app, 0, "finding the terms nobody has glossed\xe2\x80\xa6");
	app_show_status_now(app);
	if (glossa_terms(app->db, d, app->art.id, 0, &t, &n) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return -1;
	}
	glossa_terms_free(tv.t, tv.n);
	tv.t = t;
	tv.n = n;
	tv.article = app->art.id;
	tv.nnotes = app->art.a->n_notes;
	if (tv.cur >= n)
		tv.cur = n ? n - 1 : 0;
	return 0;
}

void terms_start(struct app *app)
{
	if (!app->art.a)
		return;
	tv.cur = tv.top = 0;
	if (make(app))
		return;
	tv.open = 1;
	app_message(app, 0, "%zu term%s nobody has glossed", tv.n,
	            tv.n == 1 ? "" : "s");
}

static int terms_open(const struct app *app)
{
	return tv.open && app->art.a && app->art.id == tv.article;
}

static void terms_title(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Terms nobody has glossed: %s",
	         app->art.a ? app->art.a->title : "");
	str_trim_utf8(buf);
}

static void terms_prepare(struct app *app, rect_t r)
{
	int rows = r.h - 1, w = r.w;

	/* a term glossed meanwhile (a, or elsewhere): the list again */
	if (app->art.a && app->art.a->n_notes != tv.nnotes) {
		char said[sizeof(app->status)];
		int err = app->status_error;
		memcpy(said, app->status, sizeof(said));
		if (!make(app)) { /* what the gloss said stays */
			memcpy(app->status, said, sizeof(said));
			app->status_error = err;
		}
	}
	if (rows < 1 || !tv.n)
		return;
	view_scroll(tv.n, rows, NULL, &tv.cur, &tv.top);
	tv.tw = tv.rw = 0;
	for (size_t i = 0; i < tv.n; i++) {
		int c = str_cols(tv.t[i].term), rc = str_cols(tv.t[i].reading);
		tv.tw = c > tv.tw ? c : tv.tw;
		tv.rw = rc > tv.rw ? rc : tv.rw;
	}
	if (tv.tw > w / 3)
		tv.tw = w / 3;
	if ((w - tv.tw - 6) / 3 < 4)
		tv.rw = 0;
	else if (tv.rw > (w - tv.tw - 6) / 3)
		tv.rw = (w - tv.tw - 6) / 3;
}

static const struct view_hint terms_hints[] = {
    HINT(ADD_GLOSS, "gloss"),
    HINT_KEY("Enter", "look up"),
    HINT2(DOWN, UP, "choose"),
    HINT(COPY, "copy"),
    HINT(BACK, "close"),
    HINTS_END,
};

static void terms_draw(struct app *app, rect_t r, int focused)
{
	int y = r.y;

	(void)app;
	(void)focused;
	if (r.h < 1)
		return;
	view_draw_hints(app, VIEW_TERMS, y++, r.x + 1, r.w - 1);
	if (!tv.n && r.h > 1)
		draw_str(y, r.x + 1, r.w - 1,
		         "none: every dictionary word here is glossed", ST_DIM,
		         0);
	for (size_t i = tv.top; i < tv.n && y < r.y + r.h; i++, y++) {
		const glossa_term_t *t = &tv.t[i];
		int st = i == tv.cur ? ST_SELECT : ST_NORMAL;
		int x = r.x + 1 + tv.tw + 2;
		char *first = lookup_joined(t->senses, 1);
		draw_fill(y, r.x, r.w, st);
		draw_str(y, r.x + 1, tv.tw, t->term,
		         st == ST_NORMAL ? ST_GLOSS : st, 0);
		if (tv.rw) {
			draw_str(y, x, tv.rw, t->reading,
			         st == ST_NORMAL ? ST_DIM : st, 0);
			x += tv.rw + 2;
		}
		if (x < r.x + r.w - 1)
			draw_str(y, x, r.x + r.w - 1 - x, first ? first : "",
			         st, 0);
		free(first);
	}
}

static int terms_request(struct app *app, int cmd, int key)
{
	int rows = app->whole.h - 1;
	const glossa_term_t *t = tv.cur < tv.n ? &tv.t[tv.cur] : NULL;
	char *offer;

	if (view_list_key(cmd, tv.n, rows, &tv.cur, &tv.top))
		return 1;
	switch (cmd) {
	case CMD_ADD_GLOSS:
		if (!t)
			return 1;
		offer = lookup_joined(t->senses, OFFER_SENSES);
		lookup_gloss_with(app, t->term, -1, offer ? offer : "",
		                  t->reading);
		free(offer);
		return 1;
	case CMD_LOOKUP:
		if (t)
			lookup_show(app, t->term, -1);
		return 1;
	case CMD_COPY:
		if (t)
			outside_copy_entry(app, t->term, t->reading, t->senses);
		return 1;
	case CMD_BACK:
	case CMD_TERMS:
		tv.open = 0;
		return 1;
	}
	if (key == TK_ENTER) {
		if (t)
			lookup_show(app, t->term, -1);
		return 1;
	}
	if (key == TK_ESC) {
		tv.open = 0;
		return 1;
	}
	return 0;
}

const struct view_ops terms_ops = {
    .name = "terms",
    .scope = SCOPE_ARTICLE,
    .modal = 1,
    .hints = terms_hints,
    .title = terms_title,
    .prepare = terms_prepare,
    .draw = terms_draw,
    .request = terms_request,
    .open = terms_open,
    .free = terms_free,
};
