/*
 * cursor.c: the article's character cursor and selection (see article.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"
#include "article-internal.h"

/* Where the cursor may stand: a body character that is drawn. */
static int stop_at(struct article_view *av, int64_t cp)
{
	uint32_t c;

	if (!have_cp(av, cp))
		return 0;
	c = av->body_cp[cp];
	return c != '\n' && (c == '\t' || glossa_cp_width(c) > 0);
}

/* Word classes for w and b: blanks and punctuation, letters and digits,
 * CJK (a run of CJK between punctuation is cut into words by cjk_word()). */
static int cp_class(uint32_t c)
{
	if ((c >= 0x2e80 && c <= 0x2fff) || (c >= 0x3040 && c <= 0x9fff) ||
	    (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0x20000 && c <= 0x3ffff))
		return 2;
	if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f))
		return 0;
	if (c < 0x80)
		return isalnum((int)c) ? 1 : 0;
	return glossa_cp_width(c) > 0 && !(c >= 0x2000 && c <= 0x206f) &&
	       !(c >= 0xff1a && c <= 0xff20);
}

static int cls(const struct article_view *av, int64_t cp)
{
	return cp_class(av->body_cp[cp]);
}

/* Code points of a CJK run looked at on each side of the cursor for its
 * words: a run longer than this (no punctuation in a page of text) is
 * cut into words from at most this far before the cursor, so that a key
 * costs the same in any article. */
#define WORD_WINDOW 128

/*
 * The word of CJK code point cp (class 2): [*ws, *we), by forward
 * maximum matching over the dictionary and the phrases glossed here and
 * elsewhere (glossa_dict_segment()) from the start of its run; without
 * a dictionary, the whole run between punctuation.
 */
static void cjk_word(struct app *app, int64_t cp, int64_t *ws, int64_t *we)
{
	struct article_view *av = &app->art;
	glossa_dict_t *d = lookup_dict(app, NULL);
	const char **extra = NULL;
	size_t nextra = 0, *starts = NULL, nstarts = 0, len = 0;
	char *buf;
	int64_t rs = cp, re = cp + 1, lim = d ? WORD_WINDOW : INT64_MAX;

	while (rs > 0 && cp - rs < lim && cls(av, rs - 1) == 2)
		rs--;
	while (re - cp < lim && have_cp(av, re) && cls(av, re) == 2)
		re++;
	*ws = rs;
	*we = re;
	if (!d)
		return;
	if (!(buf = malloc((size_t)(re - rs) * 4 + 1)))
		return;
	for (int64_t i = rs; i < re; i++)
		len += glossa_utf8_encode(av->body_cp[i], buf + len);
	extra = malloc((av->a->n_notes + av->nelsewhere + 1) * sizeof(*extra));
	for (size_t i = 0; extra && i < av->a->n_notes; i++)
		if (av->a->notes[i].phrase[0])
			extra[nextra++] = av->a->notes[i].phrase;
	for (size_t i = 0; extra && i < av->nelsewhere; i++)
		extra[nextra++] = av->elsewhere[i].phrase;
	if (glossa_dict_segment(d, buf, len, extra, nextra, &starts,
	                        &nstarts) == GLOSSA_OK) {
		/* byte offsets to code points: the run is all CJK, and
		 * each word's start is a code point's */
		int64_t at = rs;
		size_t b = 0, k = 0;
		for (; k < nstarts; k++) {
			while (b < starts[k]) {
				uint32_t c;
				size_t step = glossa_utf8_decode(buf + b,
				                                 len - b, &c);
				b += step ? step : 1;
				at++;
			}
			if (at > cp)
				break;
			*ws = at;
		}
		if (k < nstarts)
			*we = at; /* else the last word: to the run's end */
	}
	free(starts);
	free(extra);
	free(buf);
}

/* Scroll so that the cursor's line is on screen. */
static void show_cursor(struct article_view *av, rect_t r)
{
	size_t k = item_of(av, av->ccp);
	struct lpos l = lp_of(av, k);

	av->top = lp_start(av, lp_of(av, av->top));
	if (k < av->top)
		av->top = lp_start(av, l);
	else if (r.h > 0 && k >= screen_end(av, r.h))
		av->top = lines_above(av, l, r.h - 1);
}

void article_cursor_start(struct app *app, int selecting, rect_t r)
{
	struct article_view *av = &app->art;

	if (!av->a)
		return;
	article_prepare(app, r.w - 1);
	if (!av->cpos || !have_cp(av, 0)) {
		app_message(app, 0, "no text to select");
		return;
	}
	if (av->cmode == CM_OFF) {
		int64_t cp = -1;
		av->top = lp_start(av, lp_of(av, av->top));
		/* on the match n/N showed or the phrase ]/[ did, the one
		 * that moved last, if it is on screen and in the body */
		if (av->nav == NAV_MATCH && av->cur_match < av->nmatch &&
		    av->matches[av->cur_match] >= av->top &&
		    av->matches[av->cur_match] < screen_end(av, r.h))
			cp = av->cpos[av->matches[av->cur_match]];
		if (cp < 0 && span_visible(av, av->cur_span, r.h))
			cp = av->cpos[av->spans[av->cur_span].from];
		for (size_t k = av->top; cp < 0 && have_item(av, k); k++)
			if (av->cpos[k] >= 0 && stop_at(av, av->cpos[k]))
				cp = av->cpos[k];
		for (cp = cp < 0 ? 0 : cp;
		     have_cp(av, cp + 1) && !stop_at(av, cp); cp++)
			;
		av->ccp = cp;
		av->cmode = CM_CURSOR;
	}
	if (selecting) {
		if (av->cmode == CM_SELECT) {
			av->cmode = CM_CURSOR;
		} else {
			av->cmode = CM_SELECT;
			av->acp = av->ccp;
		}
	}
	show_cursor(av, r);
}

void article_cursor_stop(struct app *app)
{
	app->art.cmode = CM_OFF;
}

/* The cursor to the same column on line l (a line with no body text is
 * passed over in direction dir); returns 0 when there is none. */
static int to_line(struct article_view *av, struct lpos l, int col, int dir)
{
	do {
		int c = 0;
		int64_t best = -1;
		size_t end = lp_end(av, l);
		for (size_t k = lp_start(av, l); k < end; k++) {
			int64_t cp = av->cpos[k];
			if (cp >= 0 && stop_at(av, cp) &&
			    !(av->rt.items[k].flags & IT_GLUE) &&
			    (best < 0 || c <= col))
				best = cp;
			c += av->rt.items[k].width;
		}
		if (best >= 0) {
			av->ccp = best;
			return 1;
		}
	} while (dir > 0 ? lp_next(av, &l) : lp_prev(av, &l));
	return 0;
}

void article_cursor_move(struct app *app, int cmd, rect_t r)
{
	struct article_view *av = &app->art;
	int64_t cp;
	size_t item;
	int64_t ws, we;
	struct lpos l;
	int col = 0;

	if (!av->a || av->cmode == CM_OFF || !av->cpos)
		return;
	article_prepare(app, r.w - 1);
	cp = av->ccp;
	item = item_of(av, cp);
	l = lp_of(av, item);
	for (size_t k = lp_start(av, l); k < item; k++)
		col += av->rt.items[k].width;
	switch (cmd) {
	case CMD_CUR_LEFT:
		while (--cp >= 0 && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_RIGHT:
		while (have_cp(av, ++cp) && !stop_at(av, cp))
			;
		break;
	case CMD_CUR_WORD:
		if (av->cmode != CM_SELECT) {
			int c = cls(av, cp);
			if (c == 2) {
				cjk_word(app, cp, &ws, &we);
				cp = we;
				if (have_cp(av, cp) && cls(av, cp) == 2)
					break; /* the next word of the run */
			}
			while (c && have_cp(av, cp) && cls(av, cp) == c)
				cp++;
			while (have_cp(av, cp) && !cls(av, cp))
				cp++;
			break;
		}
		/* selecting: whole words, to the end of this one or the
		 * next, never the next word's first character */
		/* fall through */
	case CMD_CUR_END_WORD: {
		int c;
		if (!have_cp(av, cp + 1))
			break;
		cp++;
		while (have_cp(av, cp + 1) && !cls(av, cp))
			cp++;
		c = cls(av, cp);
		if (c == 2) {
			cjk_word(app, cp, &ws, &we);
			cp = we - 1;
			break;
		}
		while (c && have_cp(av, cp + 1) && cls(av, cp + 1) == c)
			cp++;
		break;
	}
	case CMD_CUR_BACK_WORD: {
		int c;
		while (cp > 0 && !cls(av, cp - 1))
			cp--;
		if (cp == 0)
			break;
		c = cls(av, cp - 1);
		if (c == 2) {
			cjk_word(app, cp - 1, &ws, &we);
			cp = ws;
			break;
		}
		while (cp > 0 && cls(av, cp - 1) == c)
			cp--;
		break;
	}
	case CMD_CUR_DOWN:
	case CMD_CUR_UP:
		if (cmd == CMD_CUR_DOWN ? lp_next(av, &l) : lp_prev(av, &l))
			to_line(av, l, col, cmd == CMD_CUR_DOWN ? 1 : -1);
		show_cursor(av, r);
		return;
	case CMD_CUR_HOME:
		to_line(av, l, 0, 1);
		return;
	case CMD_CUR_END:
		to_line(av, l, 1 << 30, 1);
		return;
	}
	if (stop_at(av, cp))
		av->ccp = cp;
	show_cursor(av, r);
}

char *article_selection(const struct app *app, int64_t *pos)
{
	const struct article_view *av = &app->art;
	const char *body;
	int64_t lo, hi;
	size_t blen, from, to;

	if (!av->a || av->cmode != CM_SELECT)
		return NULL;
	lo = av->acp < av->ccp ? av->acp : av->ccp;
	hi = av->acp < av->ccp ? av->ccp : av->acp;
	/* no blanks at either end */
	while (lo < hi && (av->body_cp[lo] == ' ' || av->body_cp[lo] == '\n'))
		lo++;
	while (hi > lo && (av->body_cp[hi] == ' ' || av->body_cp[hi] == '\n'))
		hi--;
	body = av->a->body;
	blen = strlen(body);
	from = glossa_utf8_offset(body, blen, (size_t)lo);
	to = glossa_utf8_offset(body, blen, (size_t)hi + 1);
	*pos = lo;
	return strndup(body + from, to - from);
}

/* The text from body code point cp: at most max code points, up to the
 * end of its line, and from CJK up to the end of its run (no word of the
 * dictionary goes on past punctuation). */
static char *text_from(struct article_view *av, int64_t cp, size_t max)
{
	char *buf = malloc(max * 4 + 1);
	size_t len = 0;
	int cjk = have_cp(av, cp) && cls(av, cp) == 2;

	if (!buf)
		return NULL;
	for (size_t i = 0; i < max && have_cp(av, cp + (int64_t)i); i++) {
		uint32_t c = av->body_cp[cp + (int64_t)i];
		if (c == '\n' || (cjk && cp_class(c) != 2))
			break;
		len += glossa_utf8_encode(c, buf + len);
	}
	buf[len] = 0;
	return buf;
}

char *article_lookup_text(struct app *app, size_t max, int64_t *pos)
{
	struct article_view *av = &app->art;
	const struct phrase_span *sp;
	rect_t r = app->pane[PANE_ARTICLE];

	*pos = -1;
	if (!av->a || !av->cpos)
		return NULL;
	if (av->cmode == CM_SELECT)
		return article_selection(app, pos);
	if (av->cmode == CM_CURSOR) {
		*pos = av->ccp;
		return text_from(av, av->ccp, max);
	}
	if ((sp = article_cursor_span(app)) && av->cpos[sp->from] >= 0) {
		*pos = av->cpos[sp->from];
		return strdup(sp->g->phrase);
	}
	/* the first CJK character on the screen */
	article_prepare(app, r.w - 1);
	for (size_t k = av->top, end = screen_end(av, r.h);
	     k < end && have_item(av, k); k++)
		if (av->cpos[k] >= 0 && cls(av, av->cpos[k]) == 2) {
			*pos = av->cpos[k];
			return text_from(av, *pos, max);
		}
	return NULL;
}
