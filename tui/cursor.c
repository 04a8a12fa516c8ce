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
 * CJK (a run of CJK between punctuation is one word). */
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
