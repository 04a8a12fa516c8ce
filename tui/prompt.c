/*
 * prompt.c: the one-line prompt at the bottom of the screen (search, file
 * name, yes/no) with line editing on code points and a search history
 * kept across runs in $XDG_STATE_HOME/glossa/history (default
 * ~/.local/state/glossa/history). Failing to read or write the history is
 * harmless and silent. Exports prompt_open, prompt_key, prompt_text,
 * prompt_draw, prompt_history_add and prompt_free.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui.h"

#define HIST_MAX 500

static char *history_path(void)
{
	const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char buf[PATH_MAX];

	if (st && *st)
		snprintf(buf, sizeof(buf), "%s/glossa/history", st);
	else if (home && *home)
		snprintf(buf, sizeof(buf), "%s/.local/state/glossa/history",
		         home);
	else
		return NULL;
	return strdup(buf);
}

/* mkdir -p of the directory part of path. */
static void make_parent(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0700) && errno != EEXIST)
			return;
		*p = '/';
	}
}

static void hist_push(struct prompt *p, const char *line)
{
	char **h, *copy;

	if (!*line || (p->nhist && !strcmp(p->hist[p->nhist - 1], line)))
		return;
	if (p->nhist == HIST_MAX) {
		free(p->hist[0]);
		memmove(p->hist, p->hist + 1, (HIST_MAX - 1) * sizeof(*h));
		p->nhist--;
	}
	h = realloc(p->hist, (p->nhist + 1) * sizeof(*h));
	copy = strdup(line);
	if (!h || !copy) {
		if (h)
			p->hist = h;
		free(copy);
		return;
	}
	p->hist = h;
	h[p->nhist++] = copy;
}

static void hist_load(struct prompt *p)
{
	char *path = history_path(), line[4096];
	FILE *f;

	p->hist_loaded = 1;
	if (!path || !(f = fopen(path, "r"))) {
		free(path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		hist_push(p, line);
	}
	fclose(f);
	free(path);
}

void prompt_history_add(struct app *app, const char *line)
{
	struct prompt *p = &app->prompt;
	char *path;
	FILE *f;

	if (!*line || strchr(line, '\n'))
		return;
	if (!p->hist_loaded)
		hist_load(p);
	hist_push(p, line);
	path = history_path();
	if (!path)
		return;
	make_parent(path);
	if ((f = fopen(path, "a"))) {
		fprintf(f, "%s\n", line);
		fclose(f);
	}
	free(path);
}

static int set_text(struct prompt *p, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	p->len = p->cur = 0;
	if (len + 1 > p->cap) {
		uint32_t *b = realloc(p->buf, (len + 16) * sizeof(*b));
		if (!b)
			return -1;
		p->buf = b;
		p->cap = len + 16;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = glossa_utf8_decode(s + i, len - i, &cp);
		if (k == 0) {
			i++;
			continue;
		}
		p->buf[p->len++] = cp;
		i += k;
	}
	p->cur = p->len;
	return 0;
}

char *prompt_text(const struct prompt *p)
{
	char *s = malloc(p->len * 4 + 1), *q = s;

	if (!s)
		return NULL;
	for (size_t i = 0; i < p->len; i++)
		q += glossa_utf8_encode(p->buf[i], q);
	*q = 0;
	return s;
}

void prompt_open(struct app *app, enum prompt_kind kind, const char *label,
                 const char *initial)
{
	struct prompt *p = &app->prompt;

	if (kind == PR_SEARCH && !p->hist_loaded)
		hist_load(p);
	p->kind = kind;
	p->label = label;
	p->show_status = 0;
	set_text(p, initial);
	p->hpos = p->nhist;
	free(p->draft);
	p->draft = NULL;
}

static void insert(struct prompt *p, uint32_t cp)
{
	if (p->len + 1 >= p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		uint32_t *b = realloc(p->buf, cap * sizeof(*b));
		if (!b)
			return;
		p->buf = b;
		p->cap = cap;
	}
	memmove(p->buf + p->cur + 1, p->buf + p->cur,
	        (p->len - p->cur) * sizeof(*p->buf));
	p->buf[p->cur++] = cp;
	p->len++;
}

static void delete_range(struct prompt *p, size_t from, size_t to)
{
	memmove(p->buf + from, p->buf + to, (p->len - to) * sizeof(*p->buf));
	p->len -= to - from;
	p->cur = from;
}

static void browse(struct prompt *p, int dir)
{
	size_t to;

	if (dir < 0 && p->hpos == 0)
		return;
	if (dir > 0 && p->hpos >= p->nhist)
		return;
	to = dir < 0 ? p->hpos - 1 : p->hpos + 1;
	if (p->hpos == p->nhist) {
		free(p->draft);
		p->draft = prompt_text(p);
	}
	p->hpos = to;
	set_text(p, to == p->nhist ? p->draft : p->hist[to]);
}

enum prompt_result prompt_key(struct app *app, int key)
{
	struct prompt *p = &app->prompt;

	if (p->kind == PR_CONFIRM || p->kind == PR_DELETE) {
		if (key == 'y' || key == 'Y')
			return PR_ACCEPT;
		if (key == 'n' || key == 'N' || key == TK_ESC ||
		    key == TK_CTRL('g') || key == 'q')
			return PR_CANCEL;
		return PR_CONTINUE;
	}
	switch (key) {
	case TK_ENTER:
		return PR_ACCEPT;
	case TK_ESC:
	case TK_CTRL('g'):
		return PR_CANCEL;
	case TK_FN(KEY_LEFT):
	case TK_CTRL('b'):
		if (p->cur > 0)
			p->cur--;
		break;
	case TK_FN(KEY_RIGHT):
	case TK_CTRL('f'):
		if (p->cur < p->len)
			p->cur++;
		break;
	case TK_FN(KEY_HOME):
	case TK_CTRL('a'):
		p->cur = 0;
		break;
	case TK_FN(KEY_END):
	case TK_CTRL('e'):
		p->cur = p->len;
		break;
	case TK_FN(KEY_BACKSPACE):
		if (p->cur > 0)
			delete_range(p, p->cur - 1, p->cur);
		else if (p->len == 0)
			return PR_CANCEL;
		break;
	case TK_FN(KEY_DC):
	case TK_CTRL('d'):
		if (p->cur < p->len)
			delete_range(p, p->cur, p->cur + 1);
		break;
	case TK_CTRL('u'):
		delete_range(p, 0, p->cur);
		break;
	case TK_CTRL('k'):
		p->len = p->cur;
		break;
	case TK_CTRL('w'): {
		size_t i = p->cur;
		while (i > 0 && p->buf[i - 1] == ' ')
			i--;
		while (i > 0 && p->buf[i - 1] != ' ')
			i--;
		delete_range(p, i, p->cur);
		break;
	}
	case TK_FN(KEY_UP):
	case TK_CTRL('p'):
		if (p->kind == PR_SEARCH)
			browse(p, -1);
		break;
	case TK_FN(KEY_DOWN):
	case TK_CTRL('n'):
		if (p->kind == PR_SEARCH)
			browse(p, 1);
		break;
	default:
		if (key >= 0x20 && key < 0x110000 && key != 0x7f &&
		    glossa_cp_display((uint32_t)key,
		                      (char[GLOSSA_PLACEHOLDER_MAX]){0}) >= 0)
			insert(p, (uint32_t)key);
		break;
	}
	return PR_CONTINUE;
}

void prompt_draw(struct app *app, int y, int w)
{
	struct prompt *p = &app->prompt;
	int lw, avail, ccol = 0, scol = 0, col;
	size_t first = 0;
	rtext_t rt = {0};
	char *text;

	draw_fill(y, 0, w, ST_NORMAL);
	if (p->kind == PR_CONFIRM || p->kind == PR_DELETE) {
		int used = draw_str(y, 0, w, p->question, ST_BOLD, 0);
		move(y, used < w ? used : w - 1);
		return;
	}
	lw = draw_str(y, 0, w, p->label, ST_BOLD, 0);
	avail = w - lw - 1;
	if (avail < 1)
		return;
	/* scroll so that the cursor stays visible */
	for (size_t i = 0; i < p->cur; i++)
		ccol += glossa_cp_width(p->buf[i]);
	while (ccol - scol > avail - 1 && first < p->cur)
		scol += glossa_cp_width(p->buf[first++]);
	text = malloc((p->len - first) * 4 + 1);
	if (!text)
		return;
	col = 0;
	{
		char *q = text;
		for (size_t i = first; i < p->len; i++)
			q += glossa_utf8_encode(p->buf[i], q);
		*q = 0;
	}
	rt_append(&rt, text, strlen(text), ST_NORMAL, 0);
	col = rt_draw(&rt, 0, rt.n, y, lw, avail, ST_NORMAL);
	(void)col;
	rt_clear(&rt);
	free(text);
	move(y, lw + ccol - scol);
}

void prompt_free(struct prompt *p)
{
	for (size_t i = 0; i < p->nhist; i++)
		free(p->hist[i]);
	free(p->hist);
	free(p->buf);
	free(p->draft);
	free(p->question);
	memset(p, 0, sizeof(*p));
}
