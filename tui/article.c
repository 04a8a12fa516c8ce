/*
 * article.c: the article view: title, metadata, then the body wrapped by
 * display columns, with every occurrence of the article's glossed phrases
 * highlighted, their translations shown in place (toggle), the phrases
 * glossed in other articles highlighted in a quieter style, a phrase
 * cursor that steps over both (]/[), and the current query's matches
 * marked for n/N. Both are found by the core's matcher (match.h): the
 * query's matches by the search's own rules, so that n/N find what the
 * search found. Exports article_ops, article_load, article_load_elsewhere,
 * article_prepare, article_layout_step, article_show_note,
 * article_scroll, article_jump_match, article_jump_phrase,
 * article_cursor_status and article_free. The layout is in layout.c,
 * its lines in lines.c, the character cursor in cursor.c; what they
 * share in article-internal.h.
 *
 * Highlights are computed on the body's bytes before wrapping and carried
 * by each drawn character, so they survive any wrap. Where phrases
 * overlap, the article's own gloss wins over a gloss elsewhere, and a
 * longer phrase over a shorter one inside it.
 *
 * The text is laid out lazily, so that showing a 1 MB article costs about
 * a screen: the body a chunk at a time, each chunk ending at a newline of
 * the body (or, in a megabyte without one, see LONG_CHUNK). No glossed
 * phrase holds a newline (else the body is one chunk), so no phrase
 * crosses a chunk's end, and a chunk's highlights and translations are
 * those the whole body would give it. A query's match may cross one (a
 * quoted phrase over a line end): the matcher reads on past the chunk,
 * and the match's tail is marked in the next chunk. Lines are kept per chunk, wrapped when first needed; a
 * line is known by its first item, so that the top line survives a
 * rewrap. What needs the whole text (G, n/N) lays out the rest first.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "article-internal.h"

/*
 * Body bytes laid out ahead when no key waits (article_layout_step());
 * past them a chunk is laid out only when it is shown or looked for (G,
 * n/N, ]). The layout costs some 16 bytes a character (an item, its cpos,
 * the decoded code point): opening a 60 MB article laid it out whole,
 * 1.1 GB, where this keeps it to about 16 MB for the first screens.
 */
#define IDLE_BYTES (1u << 20)

void article_free(struct article_view *av)
{
	layout_clear(av);
	glossa_article_free(av->a);
	free(av->wrap_query);
	glossa_annotations_free(av->elsewhere, av->nelsewhere);
	free(av->from_title);
	glossa_annotation_clear(&av->full);
	free(av->body_cp);
	memset(av, 0, sizeof(*av));
	av->cur_span = (size_t)-1;
}

void article_load(struct app *app, int64_t id)
{
	struct article_view *av = &app->art;
	glossa_article_t *a = NULL;

	if (id == av->id && av->a)
		return;
	article_free(av);
	if (id <= 0)
		return;
	if (glossa_article_get(app->db, id, &a) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		return;
	}
	av->id = id;
	av->a = a;
	app->notes.cur = app->notes.top = 0;
	/* decoded as it is laid out; pages never touched cost nothing */
	av->body_cp = malloc((strlen(a->body) + 1) * sizeof(*av->body_cp));
	av->elsewhere_pending = 1;
}

/* --- The view -------------------------------------------------------- */

/* The span under the phrase cursor with the whole of its gloss, when it
 * is from elsewhere and fetched (see fetch_gloss). */
static void refresh_full_span(struct article_view *av)
{
	const struct phrase_span *sp;

	memset(&av->full_span, 0, sizeof(av->full_span));
	if (av->cur_span >= av->nspans || !av->full.id)
		return;
	sp = &av->spans[av->cur_span];
	if (sp->own || sp->g->id != av->full.id)
		return;
	av->full_span = *sp;
	av->full_span.g = &av->full;
}

void article_prepare(struct app *app, int width)
{
	struct article_view *av = &app->art;
	const char *q = app->list.query ? app->list.query : "";

	if (!av->a)
		return;
	if (!av->nchunks || !av->wrap_query || strcmp(av->wrap_query, q) ||
	    av->wrap_trans != app->show_trans) {
		if (!av->wrap_query || strcmp(av->wrap_query, q))
			av->top = 0; /* a new query: from the top */
		else
			save_top(av, 0); /* the translations toggled */
		lay_start(app);
		free(av->wrap_query);
		av->wrap_query = strdup(q);
		av->wrap_trans = app->show_trans;
		av->cur_match = (size_t)-1;
	}
	if (av->wrap_w != width) {
		/* keep the first item shown at the top across a rewrap */
		av->wrap_w = width;
		av->top = lp_start(av, lp_of(av, av->top));
	}
	if (av->keep_top)
		restore_top(av);
	if (av->cur_span != (size_t)-1)
		while (av->cur_span >= av->nspans && lay_step(av))
			;
	refresh_full_span(av);
}

int article_layout_step(struct app *app)
{
	struct article_view *av = &app->art;

	if (!av->a || !av->build || av->build->boff >= IDLE_BYTES)
		return 0;
	return lay_step(av) && av->build;
}

/*
 * The glosses of other articles found in this one, which article_load()
 * leaves for when no key waits: the main loop first builds the archive's
 * phrase trie a step at a time (glossa_glosses_prepare(); 0.18 s in all
 * at a million articles), and the article shows at once without them.
 * The text is laid out again, its top line kept; a phrase cursor already
 * moved is cleared.
 */
void article_load_elsewhere(struct app *app)
{
	struct article_view *av = &app->art;

	av->elsewhere_pending = 0;
	if (!av->a)
		return;
	if (glossa_glosses_in(app->db, av->id, av->a->body, &av->elsewhere,
	                      &av->nelsewhere) != GLOSSA_OK) {
		app_message(app, 1, "%s", glossa_db_errmsg(app->db));
		av->elsewhere = NULL;
		av->nelsewhere = 0;
		return;
	}
	if (!av->nelsewhere || !av->nchunks)
		return;  /* nothing to add, or not laid out yet */
	save_top(av, 0); /* the same items: the same lines */
	av->cur_span = (size_t)-1;
	layout_clear(av);
}

void article_scroll(struct app *app, long delta, rect_t r)
{
	struct article_view *av = &app->art;
	struct lpos l;

	if (!av->nchunks)
		return;
	l = lp_of(av, av->top);
	if (delta >= (1L << 30)) {
		lay_finish(av);
		l = lp_of(av, av->rt.n);
	} else if (delta <= -(1L << 30)) {
		l = (struct lpos){0, 0};
	}
	for (; delta > 0 && delta < (1L << 30) && lp_next(av, &l); delta--)
		;
	for (; delta < 0 && delta > -(1L << 30) && lp_prev(av, &l); delta++)
		;
	av->top = lp_start(av, l);
	clamp_top(av, r.h);
	/* n/N go on from the top line shown now (as in less and vim) */
	av->cur_match = (size_t)-1;
	av->follow_w = av->follow_h = 0;
}

void article_jump_match(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	size_t i;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	lay_finish(av); /* "match i of n" */
	if (!av->nmatch) {
		app_message(app, 0,
		            app->list.query ? "no match in this article"
		                            : "no query: search with /");
		return;
	}
	if (av->cur_match == (size_t)-1) {
		/* as less: forward from the top line shown, backward from
		 * the bottom one (after g, n finds the first match; after
		 * G, N the last) */
		size_t end;
		av->top = lp_start(av, lp_of(av, av->top));
		end = screen_end(av, r.h);
		if (dir > 0) {
			for (i = 0; i < av->nmatch; i++)
				if (av->matches[i] >= av->top)
					break;
		} else {
			for (i = av->nmatch; i-- > 0;)
				if (av->matches[i] < end)
					break;
		}
	} else {
		i = av->cur_match + (dir > 0 ? 1 : (size_t)-1);
	}
	if (i >= av->nmatch) {
		app_message(app, 0,
		            dir > 0 ? "no more matches below"
		                    : "no more matches above");
		return;
	}
	av->cur_match = i;
	av->nav = NAV_MATCH;
	av->follow_w = av->follow_h = 0;
	/* the match on the second row, one line of context above */
	av->top = lines_above(av, lp_of(av, av->matches[i]), 1);
	app_message(app, 0, "match %zu of %zu", i + 1, av->nmatch);
}

/* Is span k on the rows of the pane (h rows from av->top)? */
int span_visible(struct article_view *av, size_t k, int h)
{
	if (k >= av->nspans || !av->nchunks)
		return 0;
	return av->spans[k].from >= av->top &&
	       av->spans[k].from < screen_end(av, h);
}

/* The title of the article a gloss elsewhere comes from, fetched once
 * when the cursor lands on it. */
static void fetch_from_title(struct app *app, int64_t id)
{
	struct article_view *av = &app->art;
	glossa_article_t *other = NULL;

	if (av->from_id == id)
		return;
	free(av->from_title);
	av->from_title = NULL;
	av->from_id = id;
	if (glossa_article_get(app->db, id, &other) == GLOSSA_OK)
		av->from_title = strdup(other->title);
	glossa_article_free(other);
}

/* The whole of a gloss elsewhere (its translation and note for the
 * status line, all of it for +), fetched when the cursor lands on it. */
static void fetch_gloss(struct app *app, const glossa_annotation_t *g)
{
	struct article_view *av = &app->art;

	if (av->full.id == g->id)
		return;
	glossa_annotation_clear(&av->full);
	memset(&av->full, 0, sizeof(av->full));
	if (glossa_annotation_get(app->db, g->id, &av->full) != GLOSSA_OK) {
		glossa_annotation_clear(&av->full);
		memset(&av->full, 0, sizeof(av->full));
	}
}

/* The first span that starts at or after item k (laying out as far as
 * needed); nspans if none. */
static size_t span_from(struct article_view *av, size_t k)
{
	size_t lo = 0, hi;

	while ((!av->nspans || av->spans[av->nspans - 1].from < k) &&
	       lay_step(av))
		;
	hi = av->nspans;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (av->spans[mid].from < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Scroll as little as needed to show the phrase under the phrase cursor
 * whole, with two lines of context below it (as many as fit in a pane
 * of fewer than three rows), its first line kept on screen.
 */
static void show_span(struct article_view *av, rect_t r)
{
	const struct phrase_span *sp = &av->spans[av->cur_span];
	size_t last = sp->to > sp->from ? sp->to - 1 : sp->from;
	struct lpos fl = lp_of(av, sp->from), ll = lp_of(av, last);
	int ctx = r.h > 2 ? 2 : r.h - 1;

	av->top = lp_start(av, lp_of(av, av->top));
	for (int k = 0; k < ctx && lp_next(av, &ll); k++)
		;
	if (sp->from < av->top) {
		av->top = lp_start(av, fl);
	} else if (r.h > 0 && lp_start(av, ll) >= screen_end(av, r.h)) {
		size_t t = lines_above(av, ll, r.h - 1);
		size_t f = lp_start(av, fl);
		av->top = t < f ? t : f;
	}
	av->follow_w = r.w;
	av->follow_h = r.h;
}

void article_jump_phrase(struct app *app, int dir, rect_t r)
{
	struct article_view *av = &app->art;
	const struct phrase_span *sp;
	size_t i;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	while (!av->nspans && lay_step(av))
		;
	if (!av->nspans) {
		app_message(app, 0, "no glossed phrase in this article");
		return;
	}
	av->top = lp_start(av, lp_of(av, av->top));
	if (span_visible(av, av->cur_span, r.h)) {
		i = av->cur_span + (dir > 0 ? 1 : (size_t)-1);
		while (dir > 0 && i >= av->nspans && lay_step(av))
			;
	} else if (av->cur_match < av->nmatch &&
	           av->matches[av->cur_match] >= av->top &&
	           av->matches[av->cur_match] < screen_end(av, r.h)) {
		/* from the query's match that n/N showed */
		size_t m = av->matches[av->cur_match];
		if (dir > 0) {
			lay_finish(av);
			for (i = 0; i < av->nspans; i++)
				if (av->spans[i].to > m)
					break;
		} else {
			for (i = av->nspans; i-- > 0;)
				if (av->spans[i].from < m)
					break;
		}
	} else if (dir > 0) {
		/* from the rows on screen: the first phrase at or below */
		i = span_from(av, av->top);
	} else {
		i = span_from(av, screen_end(av, r.h));
		i = i ? i - 1 : (size_t)-1;
	}
	if (i >= av->nspans) {
		app_message(app, 0,
		            dir > 0 ? "no more glossed phrases below"
		                    : "no more glossed phrases above");
		return;
	}
	av->cur_span = i;
	sp = &av->spans[i];
	av->nav = NAV_PHRASE;
	av->cur_match = (size_t)-1; /* n/N: from the top line shown */
	show_span(av, r);
	if (!sp->own) {
		fetch_from_title(app, sp->g->article_id);
		fetch_gloss(app, sp->g);
	}
	refresh_full_span(av);
}

/* The character cursor's hints, with and without a selection. */
static const struct view_hint cursor_hints[] = {
    HINT(SELECT, "select"),
    HINT2(CUR_LEFT, CUR_RIGHT, "move"),
    HINT2(CUR_WORD, CUR_BACK_WORD, "words"),
    HINT(CUR_LEAVE, "leave"),
    HINTS_END,
};
static const struct view_hint selection_hints[] = {
    HINT(ADD_GLOSS, "gloss"),
    HINT(ADD_NOTE, "note"),
    HINT(LOOKUP, "look up"),
    HINT(CUR_LEAVE, "cancel"),
    HINTS_END,
};

int article_cursor_status(const struct app *app, char *buf, size_t size)
{
	const struct article_view *av = &app->art;
	const glossa_annotation_t *g;
	const char *what;

	if (av->a && av->cmode != CM_OFF) {
		int64_t pos;
		char *sel = article_selection(app, &pos);
		char hints[128];
		for (char *p = sel; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		view_hints(app, VIEW_ARTICLE,
		           sel ? selection_hints : cursor_hints, ", ", hints,
		           sizeof(hints));
		if (sel)
			snprintf(buf, size,
			         "selected %s (at %lld) \xe2\x80\x94 %s", sel,
			         (long long)pos, hints);
		else
			snprintf(buf, size, "cursor at %lld \xe2\x80\x94 %s",
			         (long long)av->ccp, hints);
		free(sel);
		str_trim_utf8(buf);
		return 1;
	}
	if (!av->a || !av->cursor_shown || av->cur_span >= av->nspans)
		return 0;
	g = av->spans[av->cur_span].g;
	if (!av->spans[av->cur_span].own && av->full.id == g->id)
		g = &av->full; /* the gloss elsewhere, fetched whole */
	what = g->translation && g->translation[0] ? g->translation
	       : g->note                           ? g->note
	                                           : "";
	if (av->spans[av->cur_span].own)
		snprintf(buf, size, "%s \xe2\x80\x94 %s", g->phrase, what);
	else if (av->from_title && av->from_id == g->article_id)
		snprintf(buf, size, "%s \xe2\x80\x94 %s (glossed in: %s)",
		         g->phrase, what, av->from_title);
	else
		snprintf(buf, size, "%s \xe2\x80\x94 %s (glossed elsewhere)",
		         g->phrase, what);
	str_trim_utf8(buf);
	return 1;
}

static void article_draw(struct app *app, rect_t r, int focused)
{
	struct article_view *av = &app->art;
	struct lpos l;

	(void)focused;
	av->cursor_shown = 0;
	if (!av->a) {
		draw_str(r.y, r.x + 1, r.w - 1, "no article", ST_DIM, 0);
		return;
	}
	if (!av->nchunks)
		return; /* out of memory */
	/* the pane resized since ]/[ showed the phrase: show it again */
	if (av->follow_h && (av->follow_w != r.w || av->follow_h != r.h) &&
	    av->cur_span < av->nspans && av->cmode == CM_OFF)
		show_span(av, r);
	clamp_top(av, r.h);
	av->rt.hl_from = av->rt.hl_to = 0;
	if (av->cmode != CM_OFF && av->cpos) {
		int64_t lo = av->ccp, hi = av->ccp;
		if (av->cmode == CM_SELECT) {
			lo = av->acp < lo ? av->acp : lo;
			hi = av->acp > hi ? av->acp : hi;
		}
		av->rt.hl_from = item_of(av, lo);
		av->rt.hl_to = item_of(av, hi + 1);
		while (av->rt.hl_to > av->rt.hl_from &&
		       av->cpos[av->rt.hl_to - 1] < 0)
			av->rt.hl_to--;
	} else if (span_visible(av, av->cur_span, r.h)) {
		av->cursor_shown = 1;
		av->rt.hl_from = av->spans[av->cur_span].from;
		av->rt.hl_to = av->spans[av->cur_span].to;
	}
	l = lp_of(av, av->top);
	for (int i = 0; i < r.h; i++) {
		rt_draw(&av->rt, lp_start(av, l), lp_end(av, l), r.y + i,
		        r.x + 1, r.w - 1, ST_NORMAL);
		if (i + 1 < r.h && !lp_next(av, &l))
			break;
	}
}

int64_t article_item_pos(const struct app *app, size_t item)
{
	const struct article_view *av = &app->art;

	return av->cpos && item < av->rt.n ? av->cpos[item] : -1;
}

const struct phrase_span *article_cursor_span(const struct app *app)
{
	const struct article_view *av = &app->art;
	const struct phrase_span *sp;

	if (!av->a || !av->cursor_shown || av->cur_span >= av->nspans)
		return NULL;
	sp = &av->spans[av->cur_span];
	if (!sp->own && av->full_span.g && av->full_span.from == sp->from &&
	    av->full_span.to == sp->to)
		return &av->full_span; /* with the whole gloss elsewhere */
	return sp;
}

void article_reload(struct app *app)
{
	struct article_view *av = &app->art;
	int64_t id = av->id;
	size_t ncur = app->notes.cur, ntop = app->notes.top;
	size_t item, line;
	int keep;

	save_top(av, 1);
	keep = av->keep_top;
	item = av->keep_item;
	line = av->keep_line;
	article_free(av);
	article_load(app, id);
	av->keep_top = keep;
	av->keep_item = item;
	av->keep_line = line;
	app->notes.cur = ncur;
	app->notes.top = ntop;
}

/* --- The view's operations ------------------------------------------ */

static void article_title(struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "%s", app->art.a ? app->art.a->title : "Article");
}

/* Where the pane is in the text: "top", "end", "all" (the text fits),
 * else the percentage of the body above the end of the pane. */
static void where(struct article_view *av, int h)
{
	size_t end = screen_end(av, h);

	av->where[0] = 0;
	if (av->top == 0 && end == SIZE_MAX) {
		snprintf(av->where, sizeof(av->where), "all");
	} else if (av->top == 0) {
		snprintf(av->where, sizeof(av->where), "top");
	} else if (end == SIZE_MAX) {
		snprintf(av->where, sizeof(av->where), "end");
	} else {
		int64_t cp = -1;
		if (!av->ncp)
			av->ncp = (int64_t)glossa_utf8_count(
			    av->a->body, strlen(av->a->body));
		for (size_t k = end; k < av->rt.n && cp < 0; k++)
			cp = av->cpos[k];
		if (cp >= 0 && av->ncp > 0)
			snprintf(av->where, sizeof(av->where), "%d%%",
			         (int)(cp * 100 / av->ncp));
	}
}

/* The text laid out at the pane's width, its top line kept in view. */
static void article_prepare_view(struct app *app, rect_t r)
{
	struct article_view *av = &app->art;

	av->where[0] = 0;
	if (!av->a)
		return;
	/* one column of margin on the left */
	article_prepare(app, r.w - 1);
	if (!av->nchunks)
		return; /* out of memory */
	clamp_top(av, r.h);
	where(av, r.h);
}

void article_show_note(struct app *app, const glossa_annotation_t *g)
{
	struct article_view *av = &app->art;
	rect_t r = app->pane[PANE_ARTICLE];
	size_t k, i;

	if (!av->a || g->pos < 0 || g->detached)
		return;
	article_prepare(app, r.w - 1);
	if (!av->nchunks)
		return;
	k = item_of(av, g->pos);
	if (k >= av->rt.n)
		return;
	i = span_from(av, k);
	if (i < av->nspans && av->spans[i].own && av->spans[i].g->id == g->id)
		av->cur_span = i;
	else
		av->cur_span = (size_t)-1;
	av->top = lp_start(av, lp_of(av, av->top));
	if (r.h > 0 && (k < av->top || k >= screen_end(av, r.h)))
		/* on the second row, a line of context above */
		av->top = lines_above(av, lp_of(av, k), r.h > 2 ? 1 : 0);
	refresh_full_span(av);
}

/* After ]/[: the notes pane selects the note of the phrase (one of the
 * article's own). */
static void select_note(struct app *app)
{
	struct article_view *av = &app->art;
	const glossa_annotation_t *g;

	if (av->cur_span >= av->nspans || !av->spans[av->cur_span].own)
		return;
	g = av->spans[av->cur_span].g;
	for (size_t i = 0; i < av->a->n_notes; i++)
		if (av->a->notes[i].id == g->id) {
			app->notes.cur = i;
			break;
		}
}

/* >/<: the next or previous article of the list, opened here. */
static void step_article(struct app *app, int dir)
{
	struct list_view *lv = &app->list;
	int64_t to = lv->cur + dir;

	if (to < 0 || to >= lv->total) {
		app_message(app, 0, "%s",
		            dir > 0 ? "the last article of the list"
		                    : "the first article of the list");
		return;
	}
	list_move(app, to);
	app->select_pending = 0;
	article_load(app, app->select_id);
	list_open(app);
}

static int article_request(struct app *app, int cmd, int key)
{
	rect_t r = app->pane[PANE_ARTICLE];

	(void)key;
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		article_prepare(app, r.w - 1);
		article_scroll(app, view_delta(cmd, r.h), r);
		return 1;
	case CMD_NEXT_PHRASE:
	case CMD_PREV_PHRASE:
		article_jump_phrase(app, cmd == CMD_NEXT_PHRASE ? 1 : -1, r);
		select_note(app);
		return 1;
	case CMD_NEXT_ARTICLE:
	case CMD_PREV_ARTICLE:
		step_article(app, cmd == CMD_NEXT_ARTICLE ? 1 : -1);
		return 1;
	case CMD_CURSOR:
	case CMD_SELECT:
		article_cursor_start(app, cmd == CMD_SELECT, r);
		return 1;
	case CMD_CUR_LEFT:
	case CMD_CUR_RIGHT:
	case CMD_CUR_WORD:
	case CMD_CUR_BACK_WORD:
	case CMD_CUR_END_WORD:
	case CMD_CUR_DOWN:
	case CMD_CUR_UP:
	case CMD_CUR_HOME:
	case CMD_CUR_END:
		article_cursor_move(app, cmd, r);
		return 1;
	case CMD_CUR_LEAVE:
		article_cursor_stop(app);
		return 1;
	case CMD_ADD_GLOSS:
		annot_add_gloss(app);
		return 1;
	case CMD_ADD_NOTE:
		annot_add_note(app);
		return 1;
	case CMD_ADOPT:
		annot_adopt(app);
		return 1;
	case CMD_LOOKUP:
		lookup_start(app);
		return 1;
	case CMD_TERMS:
		terms_start(app);
		return 1;
	}
	return 0;
}

static const struct view_hint article_hints[] = {
    HINT(NEXT_PHRASE, "phrases"),
    HINT(CURSOR, "cursor"),
    HINT(ZOOM, "zoom"),
    HINT(HELP, "help"),
    HINTS_END,
};

const struct view_ops article_ops = {
    .name = "article",
    .scope = SCOPE_ARTICLE,
    .hints = article_hints,
    .title = article_title,
    .prepare = article_prepare_view,
    .draw = article_draw,
    .request = article_request,
};
