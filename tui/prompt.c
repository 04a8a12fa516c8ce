/*
 * prompt.c: the one-line prompt at the bottom of the screen (search, file
 * name, yes/no) with line editing on code points and a search history
 * kept across runs in $XDG_STATE_HOME/glossa/history (default
 * ~/.local/state/glossa/history). Failing to read or write the history is
 * harmless and silent. What a prompt is for is its caller's: the
 * struct prompt_ops given to prompt_open() (ui.h) says what Enter, Esc
 * and Tab do. Exports prompt_open, prompt_key, prompt_text, prompt_draw,
 * prompt_history_add, prompt_free, and for file names path_expand and
 * path_complete.
 */
#include <dirent.h>
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

/* line becomes the newest entry; an older copy of it goes, so that the
 * history never holds the same line twice. */
static void hist_push(struct prompt *p, const char *line)
{
	char **h, *copy;

	if (!*line || (p->nhist && !strcmp(p->hist[p->nhist - 1], line)))
		return;
	for (size_t i = 0; i < p->nhist; i++)
		if (!strcmp(p->hist[i], line)) {
			free(p->hist[i]);
			memmove(p->hist + i, p->hist + i + 1,
			        (p->nhist - i - 1) * sizeof(*p->hist));
			p->nhist--;
			break;
		}
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

void prompt_open(struct app *app, const struct prompt_ops *ops,
                 const char *label, const char *initial)
{
	struct prompt *p = &app->prompt;
	/* label may be the prompt's own (a prompt opened again) */
	char *copy = strdup(label ? label : "");

	if ((ops->flags & PROMPT_HISTORY) && !p->hist_loaded)
		hist_load(p);
	if (!copy) {
		app_message(app, 1, "out of memory");
		p->ops = NULL;
		return;
	}
	free(p->label);
	p->label = copy;
	p->ops = ops;
	p->show_status = 0;
	set_text(p, initial);
	p->offered = (ops->flags & PROMPT_REPLACE) && p->len > 0;
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

/* Up (dir < 0) or Down the history; an entry the same as the line
 * shown is skipped (the query offered is often the newest entry). */
static void browse(struct prompt *p, int dir)
{
	char *shown = prompt_text(p);
	size_t to = p->hpos;

	if (!shown)
		return;
	do {
		if ((dir < 0 && to == 0) || (dir > 0 && to >= p->nhist)) {
			free(shown);
			return;
		}
		to = dir < 0 ? to - 1 : to + 1;
	} while (to < p->nhist && !strcmp(p->hist[to], shown));
	if (p->hpos == p->nhist) {
		free(p->draft);
		p->draft = shown;
		shown = NULL;
	}
	free(shown);
	p->hpos = to;
	set_text(p, to == p->nhist ? p->draft : p->hist[to]);
}

/* Tab: the text left of the cursor becomes what the prompt's completion
 * makes of it. */
static void complete(struct app *app, struct prompt *p)
{
	size_t keep = p->len - p->cur;
	uint32_t *rest = malloc((keep + 1) * sizeof(*rest));
	char *before, *done;
	size_t oldlen = p->len;

	if (!rest)
		return;
	memcpy(rest, p->buf + p->cur, keep * sizeof(*rest));
	p->len = p->cur;
	before = prompt_text(p);
	p->len = oldlen;
	done = before ? p->ops->complete(app, before) : NULL;
	if (done && !set_text(p, done)) {
		size_t at = p->len;
		for (size_t i = 0; i < keep; i++)
			insert(p, rest[i]);
		p->cur = at;
	}
	free(done);
	free(before);
	free(rest);
}

/* Close the prompt and run its accept or cancel. */
static void finish(struct app *app, int accept)
{
	struct prompt *p = &app->prompt;
	const struct prompt_ops *ops = p->ops;
	char *text = NULL;

	p->ops = NULL;
	if (!(ops->flags & PROMPT_QUESTION) && !(text = prompt_text(p))) {
		app_message(app, 1, "out of memory");
		accept = 0;
	}
	if (accept)
		ops->accept(app, text);
	else if (ops->cancel)
		ops->cancel(app, text);
	free(text);
}

void prompt_key(struct app *app, int key)
{
	struct prompt *p = &app->prompt;

	if (p->ops->flags & PROMPT_QUESTION) {
		if (key == 'y' || key == 'Y')
			finish(app, 1);
		else if (key == 'n' || key == 'N' || key == TK_ESC ||
		         key == TK_CTRL('g') || key == 'q')
			finish(app, 0);
		return;
	}
	/* the text offered: a character typed replaces it, any other key
	 * keeps it (Tab completes it) */
	if (p->offered && key != TK_TAB) {
		p->offered = 0;
		if (key >= 0x20 && key < 0x110000 && key != 0x7f)
			p->len = p->cur = 0;
	}
	switch (key) {
	case TK_ENTER:
		finish(app, 1);
		return;
	case TK_ESC:
	case TK_CTRL('g'):
		finish(app, 0);
		return;
	case TK_TAB:
		if (p->ops->complete)
			complete(app, p);
		break;
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
		else if (p->len == 0) {
			finish(app, 0);
			return;
		}
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
		if (p->ops->flags & PROMPT_HISTORY)
			browse(p, -1);
		break;
	case TK_FN(KEY_DOWN):
	case TK_CTRL('n'):
		if (p->ops->flags & PROMPT_HISTORY)
			browse(p, 1);
		break;
	default:
		if (key >= 0x20 && key < 0x110000 && key != 0x7f &&
		    glossa_cp_display((uint32_t)key,
		                      (char[GLOSSA_PLACEHOLDER_MAX]){0}) >= 0)
			insert(p, (uint32_t)key);
		break;
	}
}

void prompt_draw(struct app *app, int y, int w)
{
	struct prompt *p = &app->prompt;
	int lw, avail, ccol = 0, scol = 0, col;
	size_t first = 0;
	rtext_t rt = {0};
	char *text;

	draw_fill(y, 0, w, ST_NORMAL);
	if (p->ops->flags & PROMPT_QUESTION) {
		int used = draw_str(y, 0, w, p->label, ST_BOLD, 0);
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
	/* the text offered, to be replaced: highlighted as a selection */
	rt_append(&rt, text, strlen(text), p->offered ? ST_SELECT : ST_NORMAL,
	          0);
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
	free(p->label);
	memset(p, 0, sizeof(*p));
}

char *path_expand(const char *path)
{
	const char *home = getenv("HOME");
	char *out;

	if (path[0] != '~' || (path[1] && path[1] != '/') || !home || !*home)
		return strdup(path);
	if (asprintf(&out, "%s%s", home, path + 1) < 0)
		return NULL;
	return out;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is name in the directory dir (as opened) a directory itself? */
static int is_dir(const char *dir, const char *name)
{
	struct stat st;
	char *full;
	int r;

	if (asprintf(&full, "%s/%s", dir, name) < 0)
		return 0;
	r = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
	free(full);
	return r;
}

/* The candidates, in the status line above the prompt: "3 names: a/  ab
 * abc" (the status line cuts what does not fit). */
static void list_names(struct app *app, char **names, size_t n, const char *dir)
{
	size_t used;

	qsort(names, n, sizeof(*names), cmp_names);
	used =
	    (size_t)snprintf(app->status, sizeof(app->status), "%zu names:", n);
	for (size_t i = 0; i < n && used < sizeof(app->status); i++)
		used += (size_t)snprintf(
		    app->status + used, sizeof(app->status) - used, "  %s%s",
		    names[i], is_dir(dir, names[i]) ? "/" : "");
	str_trim_utf8(app->status);
	app->status_error = 0;
	app->prompt.show_status = 1;
}

/*
 * Tab in a file-name prompt: the names in the directory typed (the
 * current one if none; "~/" is $HOME) that start with the last part of
 * the text complete it to their longest common prefix (one name: the
 * whole name, and "/" after a directory's); hidden names only when that
 * part starts with ".". A Tab that adds nothing lists the names (bash
 * lists them at the second Tab, which is when it adds nothing).
 */
char *path_complete(struct app *app, const char *before)
{
	const char *slash = strrchr(before, '/'), *base;
	char *dirtyped, *dir, **names = NULL, *out = NULL;
	size_t n = 0, baselen, lcp = 0;
	struct dirent *de;
	DIR *d;

	if (!strcmp(before, "~"))
		return strdup("~/");
	base = slash ? slash + 1 : before;
	baselen = strlen(base);
	dirtyped = strndup(before, (size_t)(base - before));
	if (!dirtyped)
		return NULL;
	dir = path_expand(*dirtyped ? dirtyped : ".");
	if (!dir || !(d = opendir(dir))) {
		if (dir)
			app_message(app, 1, "cannot read %s: %s", dirtyped,
			            strerror(errno));
		app->prompt.show_status = 1;
		free(dir);
		free(dirtyped);
		return NULL;
	}
	while ((de = readdir(d))) {
		char **more;

		if (strncmp(de->d_name, base, baselen) ||
		    !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (de->d_name[0] == '.' && base[0] != '.'))
			continue;
		if (!(more = realloc(names, (n + 1) * sizeof(*names))))
			break;
		names = more;
		if (!(names[n] = strdup(de->d_name)))
			break;
		lcp = n ? lcp : strlen(names[0]);
		for (size_t i = 0; i < lcp; i++)
			if (names[n][i] != names[0][i]) {
				lcp = i;
				break;
			}
		n++;
	}
	closedir(d);
	/* the prefix ends on a whole character */
	while (n && lcp > baselen && (names[0][lcp] & 0xc0) == 0x80)
		lcp--;
	if (n == 0) {
		app_message(app, 0, "no file name starts with %s", before);
		app->prompt.show_status = 1;
	} else if (n == 1 || lcp > baselen) {
		int d1 = n == 1 && is_dir(dir, names[0]);
		if (asprintf(&out, "%s%.*s%s", dirtyped, (int)lcp, names[0],
		             d1 ? "/" : "") < 0)
			out = NULL;
		if (out && !strcmp(out, before)) {
			free(out);
			out = NULL;
		}
		app->prompt.show_status = 0;
	} else {
		list_names(app, names, n, dir);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	free(dirtyped);
	return out;
}
