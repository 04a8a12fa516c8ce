/*
 * draw.c: putting text on the screen safely. Exports the rich-text
 * functions (rt_append, rt_wrap_range, rt_draw, rt_clear), draw_str,
 * str_cols, str_trim_utf8, draw_fill, draw_cp and the styles (style_init,
 * style_attr).
 *
 * Every byte of an article reaches curses through rt_append(): it is
 * decoded, asked glossa_cp_display(), and anything that may not be sent
 * to the terminal as it is becomes a visible placeholder. Text is drawn
 * one cell at a time with wadd_wch, never with waddstr.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui-internal.h"
#include "ui.h"

static attr_t st_attr[ST_COUNT + HIGHLIGHT_MAX];
static short st_pair[ST_COUNT + HIGHLIGHT_MAX];

/* The styles from the configuration's colours (config.c has the
 * defaults), and the watch terms' after them. Colours only when the
 * terminal has them and NO_COLOR is unset; otherwise the attributes
 * carry the meaning alone (a style with colours and no attribute is
 * then bold, so that it still stands out). */
void style_init(void)
{
	const char *nc = getenv("NO_COLOR");
	int colour = has_colors() && !(nc && *nc);
	const struct highlight *hl;
	int n = ST_COUNT + (int)config_highlights(&hl);
	short next = 1;

	if (colour && start_color() == ERR)
		colour = 0;
	if (colour)
		use_default_colors();
	for (int s = 0; s < n; s++) {
		const struct color_spec *c = config_color(s);
		int has = c->fg >= 0 || c->bg >= 0;

		st_attr[s] = c->attrs;
		st_pair[s] = 0;
		if (has && colour && c->fg < COLORS && c->bg < COLORS &&
		    next < COLOR_PAIRS && init_pair(next, c->fg, c->bg) == OK)
			st_pair[s] = next++;
		else if (has && !c->attrs)
			st_attr[s] = A_BOLD;
	}
}

attr_t style_attr(int style, short *pair)
{
	if (style < 0 || style >= ST_COUNT + HIGHLIGHT_MAX)
		style = ST_NORMAL;
	*pair = st_pair[style];
	return st_attr[style];
}

static int rt_push(rtext_t *rt, uint32_t cp, int width, int style,
                   unsigned flags)
{
	if (rt->n == rt->cap) {
		size_t cap = rt->cap ? rt->cap * 2 : 256;
		item_t *p = realloc(rt->items, cap * sizeof(*p));
		if (!p)
			return -1;
		rt->items = p;
		rt->cap = cap;
	}
	rt->items[rt->n++] =
	    (item_t){cp, (uint8_t)width, (uint8_t)style, (uint8_t)flags};
	return 0;
}

static int rt_placeholder(rtext_t *rt, const char *ph)
{
	for (size_t i = 0; ph[i]; i++)
		if (rt_push(rt, (unsigned char)ph[i], 1, ST_PLACEHOLDER,
		            i ? IT_GLUE : 0))
			return -1;
	return 0;
}

int rt_append(rtext_t *rt, const char *s, size_t len, int style, unsigned flags)
{
	int cur = style;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		char ph[GLOSSA_PLACEHOLDER_MAX];
		size_t k = glossa_utf8_decode(s + i, len - i, &cp);
		int w, r;

		if (k == 0) {
			snprintf(ph, sizeof(ph), "<%02X>", (unsigned)cp & 0xff);
			if (rt_placeholder(rt, ph))
				return -1;
			i++;
			continue;
		}
		i += k;
		if (cp == '\n' && (flags & RT_NEWLINES)) {
			r = rt_push(rt, '\n', 0, cur, IT_NL);
		} else if (cp == '\t') {
			r = rt_push(rt, ' ', 1, cur, IT_TAB);
		} else if ((flags & RT_MARKS) && cp == GLOSSA_MARK_START_CP) {
			cur = ST_MATCH;
			r = 0;
		} else if ((flags & RT_MARKS) && cp == GLOSSA_MARK_END_CP) {
			cur = style;
			r = 0;
		} else if ((w = glossa_cp_display(cp, ph)) >= 0) {
			r = rt_push(rt, cp, w, cur, 0);
		} else {
			r = rt_placeholder(rt, ph);
		}
		if (r)
			return -1;
	}
	return 0;
}

void rt_clear(rtext_t *rt)
{
	free(rt->items);
	memset(rt, 0, sizeof(*rt));
}

/* Punctuation that never starts a line (a switch, not a list: it is
 * asked for every character of the text at each wrap). */
static int closing(uint32_t cp)
{
	switch (cp) {
	case ')':
	case ']':
	case '}':
	case ',':
	case '.':
	case ';':
	case ':':
	case '!':
	case '?':
	case 0x2019:
	case 0x201d:
	case 0x3001:
	case 0x3002:
	case 0xff0c:
	case 0xff0e:
	case 0xff1a:
	case 0xff1b:
	case 0xff01:
	case 0xff1f:
	case 0xff09:
	case 0x3009:
	case 0x300b:
	case 0x300d:
	case 0x300f:
	case 0x3011:
	case 0x3015:
	case 0x3017:
		return 1;
	}
	return 0;
}

/* Punctuation that never ends a line. */
static int opening(uint32_t cp)
{
	switch (cp) {
	case '(':
	case '[':
	case '{':
	case 0x2018:
	case 0x201c:
	case 0xff08:
	case 0x3008:
	case 0x300a:
	case 0x300c:
	case 0x300e:
	case 0x3010:
	case 0x3014:
	case 0x3016:
		return 1;
	}
	return 0;
}

/* May a line start at item i (i > 0)? After a blank, before or after a
 * wide character; never before a combining mark or inside a
 * placeholder. */
static int break_before(const item_t *it, size_t i)
{
	const item_t *a = &it[i - 1], *b = &it[i];

	if (b->width == 0 || (b->flags & (IT_GLUE | IT_NL)) || closing(b->cp))
		return 0;
	if (a->cp == ' ' || (a->flags & IT_TAB))
		return 1;
	if (opening(a->cp))
		return 0;
	return b->width == 2 || a->width == 2;
}

static int item_cols(const item_t *it, int col)
{
	return (it->flags & IT_TAB) ? 8 - col % 8 : it->width;
}

static int push_start(size_t **v, size_t *n, size_t *cap, size_t s)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		size_t *p = realloc(*v, c * sizeof(*p));
		if (!p)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = s;
	return 0;
}

size_t rt_wrap_range(const rtext_t *rt, size_t from, size_t to, int width,
                     size_t **starts)
{
	size_t *v = NULL, n = 0, cap = 0, ls = from, brk = 0;
	const item_t *it = rt->items;
	int col = 0, err = 0;

	if (width < 1)
		width = 1;
	err |= push_start(&v, &n, &cap, from);
	for (size_t i = from; i < to && !err; i++) {
		int w;

		if (it[i].flags & IT_NL) {
			err |= push_start(&v, &n, &cap, i + 1);
			ls = i + 1;
			col = 0;
			brk = 0;
			continue;
		}
		if (i > ls && break_before(it, i))
			brk = i;
		w = item_cols(&it[i], col);
		if (col + w > width && col > 0) {
			size_t s;

			if (it[i].cp == ' ' && !(it[i].flags & IT_GLUE)) {
				/* the blank at the wrap is not drawn */
				err |= push_start(&v, &n, &cap, i + 1);
				ls = i + 1;
				col = 0;
				brk = 0;
				continue;
			}
			s = brk > ls ? brk : i;
			while (s > ls &&
			       (it[s].width == 0 || (it[s].flags & IT_GLUE)))
				s--;
			if (s == ls)
				s = i;
			err |= push_start(&v, &n, &cap, s);
			ls = s;
			brk = 0;
			col = 0;
			for (size_t k = s; k < i; k++)
				col += item_cols(&it[k], col);
			w = item_cols(&it[i], col);
		}
		col += w;
	}
	if (to > from && !(it[to - 1].flags & IT_NL))
		err |= push_start(&v, &n, &cap, to);
	else if (to == from)
		err |= push_start(&v, &n, &cap, from);
	if (err) {
		free(v);
		*starts = NULL;
		return 0;
	}
	*starts = v;
	/* a trailing newline ends the last line: no empty line after it */
	return n - 1;
}

static void put_cell(int y, int x, const wchar_t *wc, int style)
{
	cchar_t cc;
	short pair;
	attr_t a = style_attr(style, &pair);

	if (setcchar(&cc, wc, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

void draw_cp(int y, int x, uint32_t cp, int style)
{
	wchar_t wc[2] = {(wchar_t)cp, 0};

	put_cell(y, x, wc, style);
}

void draw_fill(int y, int x, int w, int style)
{
	for (int i = 0; i < w; i++)
		draw_cp(y, x + i, ' ', style);
}

int rt_draw(const rtext_t *rt, size_t from, size_t to, int y, int x, int w,
            int base_style)
{
	const item_t *it = rt->items;
	int col = 0;

	for (size_t i = from; i < to && col < w; i++) {
		wchar_t wc[CCHARW_MAX + 1];
		int n = 0, cw, style;

		if (it[i].flags & IT_NL)
			break;
		if (it[i].width == 0 && !(it[i].flags & IT_TAB))
			continue; /* a mark with no base before it */
		style = it[i].style == ST_NORMAL ? base_style : it[i].style;
		if (i >= rt->hl_from && i < rt->hl_to)
			style = ST_CURSOR;
		cw = item_cols(&it[i], col);
		if (it[i].flags & IT_TAB) {
			for (int k = 0; k < cw && col < w; k++)
				draw_cp(y, x + col++, ' ', style);
			continue;
		}
		wc[n++] = (wchar_t)it[i].cp;
		while (i + 1 < to && it[i + 1].width == 0 &&
		       !(it[i + 1].flags & (IT_NL | IT_TAB))) {
			if (n < CCHARW_MAX - 1)
				wc[n++] = (wchar_t)it[i + 1].cp;
			i++;
		}
		wc[n] = 0;
		if (col + cw > w) {
			/* a wide character that does not fit: a blank */
			draw_cp(y, x + col++, ' ', style);
			break;
		}
		put_cell(y, x + col, wc, style);
		col += cw;
	}
	return col;
}

int draw_str(int y, int x, int w, const char *s, int style, unsigned flags)
{
	rtext_t rt = {0};
	int used;

	if (w <= 0 || !s)
		return 0;
	if (rt_append(&rt, s, strlen(s), style, flags & RT_MARKS)) {
		rt_clear(&rt);
		return 0;
	}
	used = draw_rt_fit(&rt, y, x, w, style);
	rt_clear(&rt);
	return used;
}

int draw_rt_fit(const rtext_t *rt, int y, int x, int w, int style)
{
	int total = 0, used;
	size_t cut;

	if (w <= 0)
		return 0;
	for (size_t i = 0; i < rt->n; i++)
		total += item_cols(&rt->items[i], total);
	if (total <= w)
		return rt_draw(rt, 0, rt->n, y, x, w, style);
	/* too long: as much as fits in w - 1 columns, then "…" */
	total = 0;
	for (cut = 0; cut < rt->n; cut++) {
		int c = item_cols(&rt->items[cut], total);
		if (total + c > w - 1)
			break;
		total += c;
	}
	while (cut > 0 && cut < rt->n && (rt->items[cut].flags & IT_GLUE))
		cut--;
	used = rt_draw(rt, 0, cut, y, x, w - 1, style);
	draw_cp(y, x + used, 0x2026, style);
	return used + 1;
}

int str_cols(const char *s)
{
	rtext_t rt = {0};
	int total = 0;

	if (!s || rt_append(&rt, s, strlen(s), ST_NORMAL, RT_MARKS)) {
		rt_clear(&rt);
		return 0;
	}
	for (size_t i = 0; i < rt.n; i++)
		total += item_cols(&rt.items[i], total);
	rt_clear(&rt);
	return total;
}

void str_trim_utf8(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	/* back to the lead byte of the last sequence */
	while (i > 0 && i + 4 > n && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (i - 1 + need > n)
		s[i - 1] = 0;
}
