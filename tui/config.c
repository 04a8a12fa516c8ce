/*
 * config.c: the configuration file (config.h; syntax in glossa-config(5)).
 * Exports config, config_load, config_parse_line, config_print,
 * config_search_at, config_first_error, config_path and config_free.
 *
 * One command a line, as tig's tigrc and newsboat's config: words
 * separated by blanks, "double quotes" around a word with blanks (\" and
 * \\ inside), # starts a comment where a word would start. The commands
 * change the tables where they live: the settings here, the bindings in
 * keys.c, the colours and watch terms through the tables below (draw.c
 * and highlight.c read them).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "ui-internal.h"
#include "ui.h"

struct config config = {
    .split = SPLIT_AUTO,
    .wide_columns = 120,
    .list_width = 40,
    .show_trans = 1,
    .list_limit = 50,
    .search_limit = 20,
    .mouse = 1,
    .escape_delay = 25,
    .rank_time = 1000,
};

enum { T_BOOL, T_INT, T_STR, T_ENUM };

static const char *const split_names[] = {"auto", "wide", "narrow", NULL};
static const char *const format_names[] = {"text", "markdown", "anki",
                                           "archive", NULL};

static const struct setting {
	const char *name;
	int type;
	void *p;
	int min, max;              /* T_INT */
	const char *const *values; /* T_ENUM (an int), T_STR when not NULL */
	const char *def;           /* T_STR */
} settings[] = {
    {"split", T_ENUM, &config.split, 0, 0, split_names, NULL},
    {"wide-columns", T_INT, &config.wide_columns, 40, 10000, NULL, NULL},
    {"list-width", T_INT, &config.list_width, 10, 90, NULL, NULL},
    {"show-translations", T_BOOL, &config.show_trans, 0, 0, NULL, NULL},
    {"list-limit", T_INT, &config.list_limit, 0, 1000000000, NULL, NULL},
    {"search-limit", T_INT, &config.search_limit, 0, 1000000000, NULL, NULL},
    {"export-format", T_STR, &config.export_format, 0, 0, format_names,
     "text"},
    {"export-dir", T_STR, &config.export_dir, 0, 0, NULL, ""},
    {"editor", T_STR, &config.editor, 0, 0, NULL, ""},
    {"browser", T_STR, &config.browser, 0, 0, NULL, ""},
    {"clipboard-command", T_STR, &config.clipboard, 0, 0, NULL, ""},
    {"mouse", T_BOOL, &config.mouse, 0, 0, NULL, NULL},
    {"escape-delay", T_INT, &config.escape_delay, 0, 10000, NULL, NULL},
    {"rank-time", T_INT, &config.rank_time, 0, 3600000, NULL, NULL},
};
#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

/* The colour areas: a style each, with its default (readable on dark
 * and light terminals alike: the terminal's own colours, and bold,
 * underline, reverse and dim; red only where something is wrong). */
static const struct area {
	const char *name;
	int style;
	struct color_spec def;
} areas[] = {
    {"normal", ST_NORMAL, {-1, -1, 0}},
    {"title-bar", ST_TITLEBAR, {-1, -1, A_REVERSE | A_BOLD}},
    {"border", ST_BORDER, {-1, -1, 0}},
    {"pane-title", ST_PANETITLE, {-1, -1, A_BOLD}},
    {"focus-title", ST_FOCUSTITLE, {-1, -1, A_REVERSE | A_BOLD}},
    {"cursor-row", ST_SELECT, {-1, -1, A_REVERSE}},
    {"cursor-row-dim", ST_SELECT_DIM, {-1, -1, A_UNDERLINE}},
    {"bold", ST_BOLD, {-1, -1, A_BOLD}},
    {"dim", ST_DIM, {-1, -1, A_DIM}},
    {"gloss", ST_GLOSS, {-1, -1, A_BOLD | A_UNDERLINE}},
    {"elsewhere", ST_ELSEWHERE, {-1, -1, A_UNDERLINE}},
    {"phrase-cursor", ST_CURSOR, {-1, -1, A_REVERSE | A_UNDERLINE}},
    {"translation", ST_TRANS, {-1, -1, A_DIM}},
    {"match", ST_MATCH, {-1, -1, A_REVERSE | A_BOLD}},
    {"placeholder", ST_PLACEHOLDER, {COLOR_RED, -1, A_REVERSE}},
    {"unread", ST_UNREAD, {-1, -1, A_BOLD}},
    {"status", ST_STATUS, {-1, -1, 0}},
    {"error", ST_ERROR, {COLOR_RED, -1, A_BOLD}},
};
#define N_AREAS (sizeof(areas) / sizeof(areas[0]))

static struct color_spec colors[ST_COUNT];
static int colors_ready;

static struct highlight *highlights;
static size_t nhighlights;

static struct saved {
	char *name, *query;
} *searches;
static size_t nsearches;

static char *loaded_path;
static char first_error[512];
static int nerrors;

static const char *const color_names[] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};
static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
    {"normal", 0},          {"bold", A_BOLD},     {"underline", A_UNDERLINE},
    {"reverse", A_REVERSE}, {"dim", A_DIM},       {"standout", A_STANDOUT},
    {"blink", A_BLINK},     {"italic", A_ITALIC},
};

static void colors_init(void)
{
	if (colors_ready)
		return;
	colors_ready = 1;
	for (int s = 0; s < ST_COUNT; s++)
		colors[s] = (struct color_spec){-1, -1, 0};
	for (size_t i = 0; i < N_AREAS; i++)
		colors[areas[i].style] = areas[i].def;
}

const struct color_spec *config_color(int style)
{
	colors_init();
	if (style >= ST_COUNT && style < ST_COUNT + (int)nhighlights)
		return &highlights[style - ST_COUNT].color;
	return &colors[style >= 0 && style < ST_COUNT ? style : ST_NORMAL];
}

size_t config_highlights(const struct highlight **out)
{
	*out = highlights;
	return nhighlights;
}

const struct config_search *config_search_at(size_t i)
{
	static struct config_search s;

	if (i >= nsearches)
		return NULL;
	s.name = searches[i].name;
	s.query = searches[i].query;
	return &s;
}

const char *config_first_error(void)
{
	return first_error;
}

const char *config_path(void)
{
	return loaded_path;
}

/* --- Errors ---------------------------------------------------------- */

struct ctx {
	const char *file;
	int line;
	FILE *errors;
	int depth; /* of source */
};

static int report(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int report(struct ctx *c, const char *fmt, ...)
{
	char msg[400], *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* the file's words may hold anything: shown safely */
	safe = glossa_sanitize(msg, strlen(msg), 0);
	if (c->errors)
		fprintf(c->errors, "%s:%d: %s\n", c->file, c->line,
		        safe ? safe : msg);
	if (!nerrors++)
		snprintf(first_error, sizeof(first_error), "%s:%d: %s",
		         c->file, c->line, safe ? safe : msg);
	free(safe);
	return 1;
}

/* --- Words ----------------------------------------------------------- */

#define MAX_WORDS 32

struct words {
	char *w[MAX_WORDS];
	const char *raw[MAX_WORDS]; /* where each starts in the line */
	int quoted[MAX_WORDS];
	int n;
	char buf[4096];
};

/* Split line into words; -1 with a message on a broken line. */
static int split_words(struct ctx *c, const char *line, struct words *w)
{
	const char *p = line;
	size_t o = 0;

	w->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return 0;
		if (w->n == MAX_WORDS)
			return -report(c, "too many words (at most %d)",
			               MAX_WORDS);
		w->raw[w->n] = p;
		w->w[w->n] = w->buf + o;
		w->quoted[w->n] = *p == '"';
		if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				if (o + 1 >= sizeof(w->buf))
					return -report(c, "line too long");
				w->buf[o++] = *p++;
			}
			if (*p != '"')
				return -report(c, "unterminated string (a "
				                  "\" is missing)");
			p++;
			if (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
			    *p != '\n')
				return -report(c, "a blank must follow a "
				                  "string's closing \"");
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
			       *p != '\n') {
				if (o + 1 >= sizeof(w->buf))
					return -report(c, "line too long");
				w->buf[o++] = *p++;
			}
		}
		if (o >= sizeof(w->buf)) /* an empty "" at the end */
			return -report(c, "line too long");
		w->buf[o++] = 0;
		w->n++;
	}
}

/* --- Keys ------------------------------------------------------------ */

/* A key as tig writes it: one character, <Name>, <C-x>, <F1>, or
 * <Esc> before one of those; TK_NONE if it is not one. */
static int parse_key(const char *s)
{
	const char *p = s;
	int meta = 0, k;

	if (!strncmp(p, "<Esc>", 5) && p[5]) {
		meta = 1;
		p += 5;
	} else if (!strncmp(p, "<M-", 3) && strlen(p) > 4) {
		/* <M-x>: the same as <Esc>x */
		static char one[8];
		size_t n = strlen(p + 3) - 1;
		if (p[3 + n] != '>' || n >= sizeof(one))
			return TK_NONE;
		memcpy(one, p + 3, n);
		one[n] = 0;
		k = parse_key(one);
		return k == TK_NONE || (k & TK_META(0)) ? TK_NONE : TK_META(k);
	}
	k = ui_key_parse(&p);
	if (k == TK_NONE || *p || k == TK_FN(KEY_RESIZE))
		return TK_NONE;
	return meta ? TK_META(k) : k;
}

/* The key as the configuration writes it (parse_key's inverse). */
static void key_text(int key, char *buf, size_t size)
{
	char name[32];

	if (key & TK_META(0)) {
		key_text(key & ~TK_META(0), name, sizeof(name));
		snprintf(buf, size, "<Esc>%s", name);
		return;
	}
	ui_key_name(key, name, sizeof(name));
	if (key == '<')
		snprintf(buf, size, "<Lt>");
	else if (key == '#')
		snprintf(buf, size, "<Hash>");
	else if (key == '"')
		snprintf(buf, size, "\"\\\"\"");
	else if (key == '\\')
		snprintf(buf, size, "\"\\\\\"");
	else if (key >= 0x21 && key < 0x110000 && !(key & TK_FN(0)))
		snprintf(buf, size, "%s", name);
	else if (!strncmp(name, "S-Tab", 5))
		snprintf(buf, size, "<BTab>");
	else
		snprintf(buf, size, "<%s>", name);
}

/* --- Colours --------------------------------------------------------- */

static int parse_colour(const char *s, short *out)
{
	char *end;
	long n;

	if (!strcmp(s, "default")) {
		*out = -1;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (!strcmp(s, color_names[i])) {
			*out = (short)i;
			return 0;
		}
		if (!strncmp(s, "bright-", 7) && !strcmp(s + 7, color_names[i])) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	if (!strncmp(s, "color", 5) && s[5] >= '0' && s[5] <= '9') {
		errno = 0;
		n = strtol(s + 5, &end, 10);
		if (!*end && !errno && n >= 0 && n <= 255) {
			*out = (short)n;
			return 0;
		}
	}
	return -1;
}

static void colour_text(short c, char *buf, size_t size)
{
	if (c < 0)
		snprintf(buf, size, "default");
	else if (c < 8)
		snprintf(buf, size, "%s", color_names[c]);
	else if (c < 16)
		snprintf(buf, size, "bright-%s", color_names[c - 8]);
	else
		snprintf(buf, size, "color%d", c);
}

/* FG BG [ATTR...] from word i on. */
static int parse_spec(struct ctx *c, struct words *w, int i,
                      struct color_spec *spec)
{
	if (parse_colour(w->w[i], &spec->fg))
		return report(c, "unknown colour '%s' (black, red, green, "
		                 "yellow, blue, magenta, cyan, white, "
		                 "bright-NAME, colorN, default)",
		              w->w[i]);
	if (parse_colour(w->w[i + 1], &spec->bg))
		return report(c, "unknown colour '%s'", w->w[i + 1]);
	spec->attrs = 0;
	for (int k = i + 2; k < w->n; k++) {
		size_t a;
		for (a = 0; a < sizeof(attr_names) / sizeof(attr_names[0]); a++)
			if (!strcmp(w->w[k], attr_names[a].name))
				break;
		if (a == sizeof(attr_names) / sizeof(attr_names[0]))
			return report(c, "unknown attribute '%s' (bold, "
			                 "underline, reverse, dim, standout, "
			                 "blink, italic, normal)",
			              w->w[k]);
		spec->attrs |= attr_names[a].attr;
	}
	return 0;
}

static void spec_text(const struct color_spec *s, char *buf, size_t size)
{
	char fg[16], bg[16];
	size_t n;

	colour_text(s->fg, fg, sizeof(fg));
	colour_text(s->bg, bg, sizeof(bg));
	n = (size_t)snprintf(buf, size, "%s %s", fg, bg);
	for (size_t a = 1; a < sizeof(attr_names) / sizeof(attr_names[0]); a++)
		if ((s->attrs & attr_names[a].attr) && n < size)
			n += (size_t)snprintf(buf + n, size - n, " %s",
			                      attr_names[a].name);
}

/* --- Commands -------------------------------------------------------- */

static int parse_file(const char *path, struct ctx *parent, FILE *errors,
                      int depth, int must_exist);

static int bool_value(const char *s)
{
	if (!strcmp(s, "yes") || !strcmp(s, "true") || !strcmp(s, "on") ||
	    !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "no") || !strcmp(s, "false") || !strcmp(s, "off") ||
	    !strcmp(s, "0"))
		return 0;
	return -1;
}

static int cmd_set(struct ctx *c, struct words *w)
{
	const struct setting *s = NULL;
	const char *v;
	int i = 2;

	if (w->n < 2)
		return report(c, "set: needs a setting's name and a value");
	for (size_t k = 0; k < N_SETTINGS; k++)
		if (!strcmp(settings[k].name, w->w[1]))
			s = &settings[k];
	if (!s)
		return report(c, "set: unknown setting '%s'", w->w[1]);
	if (i < w->n && !strcmp(w->w[i], "=") && !w->quoted[i])
		i++; /* tig's "set name = value" */
	if (i >= w->n)
		return report(c, "set %s: needs a value", s->name);
	if (i + 1 < w->n)
		return report(c, "set %s: one value only (quote a value with "
		                 "blanks)",
		              s->name);
	v = w->w[i];
	switch (s->type) {
	case T_BOOL: {
		int b = bool_value(v);
		if (b < 0)
			return report(c, "set %s: '%s' is not yes or no",
			              s->name, v);
		*(int *)s->p = b;
		break;
	}
	case T_INT: {
		char *end;
		long n;
		errno = 0;
		n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < s->min || n > s->max)
			return report(c,
			              "set %s: '%s' is not a number from %d "
			              "to %d",
			              s->name, v, s->min, s->max);
		*(int *)s->p = (int)n;
		break;
	}
	case T_ENUM:
	case T_STR: {
		char *copy;
		if (s->values) {
			int k;
			for (k = 0; s->values[k]; k++)
				if (!strcmp(s->values[k], v))
					break;
			if (!s->values[k])
				return report(c, "set %s: '%s' is not one of "
				                 "%s, %s, ...",
				              s->name, v, s->values[0],
				              s->values[1]);
			if (s->type == T_ENUM) {
				*(int *)s->p = k;
				break;
			}
		}
		if (!(copy = strdup(v)))
			return report(c, "out of memory");
		free(*(char **)s->p);
		*(char **)s->p = copy;
		break;
	}
	}
	return 0;
}

static int view_of(struct ctx *c, const char *cmd, const char *name)
{
	int scope = keys_scope_by_name(name);
	char list[256];
	size_t n = 0;

	if (scope >= 0)
		return scope;
	list[0] = 0;
	for (int s = 0; s < 32 && n < sizeof(list); s++) {
		const char *v = keys_scope_name(s);
		if (v)
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			                      "%s%s", n ? ", " : "", v);
	}
	report(c, "%s: unknown view '%s' (%s)", cmd, name, list);
	return -1;
}

static int cmd_bind(struct ctx *c, struct words *w, int unbind)
{
	const char *what = unbind ? "unbind" : "bind";
	int scope, key, cmd = CMD_NONE;
	const char *ext = NULL;
	char buf[4096];

	if (w->n < (unbind ? 3 : 4))
		return report(c, unbind ? "unbind: needs a view and a key"
		                        : "bind: needs a view, a key and an "
		                          "action");
	if ((scope = view_of(c, what, w->w[1])) < 0)
		return 1;
	if ((key = parse_key(w->w[2])) == TK_NONE)
		return report(c, "%s: bad key '%s' (a character, or <Name>: "
		                 "<Enter>, <C-f>, <Esc>x, <PgDown>, <F1>...)",
		              what, w->w[2]);
	if (unbind) {
		if (w->n > 3)
			return report(c, "unbind: too many words");
		keys_unbind(scope, key);
		return 0;
	}
	if (w->w[3][0] == '!') {
		/* the rest of the line as it is: the user's own shell text */
		if (w->quoted[3]) {
			ext = w->w[3] + 1;
			if (w->n > 4)
				return report(c, "bind: too many words after "
				                 "the quoted command");
		} else {
			size_t n = strlen(w->raw[3] + 1);
			if (n >= sizeof(buf))
				return report(c, "line too long");
			memcpy(buf, w->raw[3] + 1, n + 1);
			while (n && strchr(" \t\r\n", buf[n - 1]))
				buf[--n] = 0;
			ext = buf;
		}
		if (!*ext)
			return report(c, "bind: '!' needs a command");
	} else {
		if (w->n > 4)
			return report(c, "bind: too many words");
		if ((cmd = keys_cmd_by_name(w->w[3])) == CMD_NONE)
			return report(c, "bind: unknown action '%s' (see the "
			                 "help, ?, for their names)",
			              w->w[3]);
	}
	if (keys_bind(scope, key, cmd, ext))
		return report(c, "out of memory");
	return 0;
}

static int cmd_color(struct ctx *c, struct words *w)
{
	struct color_spec spec;
	size_t i;

	if (w->n < 4)
		return report(c, "color: needs an area, a foreground and a "
		                 "background colour");
	for (i = 0; i < N_AREAS; i++)
		if (!strcmp(areas[i].name, w->w[1]))
			break;
	if (i == N_AREAS)
		return report(c, "color: unknown area '%s'", w->w[1]);
	if (parse_spec(c, w, 2, &spec))
		return 1;
	colors_init();
	colors[areas[i].style] = spec;
	return 0;
}

static int cmd_highlight(struct ctx *c, struct words *w)
{
	struct color_spec spec;
	glossa_query_t q;
	char *msg = NULL;
	size_t i;

	if (w->n < 4)
		return report(c, "highlight: needs a \"term\", a foreground "
		                 "and a background colour");
	if (!w->w[1][strspn(w->w[1], " \t")])
		return report(c, "highlight: the term is empty");
	if (glossa_query_parse(w->w[1], &q, &msg) != GLOSSA_OK) {
		report(c, "highlight: '%s': %s", w->w[1],
		       msg ? msg : "out of memory");
		free(msg);
		return 1;
	}
	glossa_query_clear(&q);
	if (parse_spec(c, w, 2, &spec))
		return 1;
	for (i = 0; i < nhighlights; i++)
		if (!strcmp(highlights[i].term, w->w[1]))
			break;
	if (i == nhighlights) {
		struct highlight *p;
		if (nhighlights == HIGHLIGHT_MAX)
			return report(c, "highlight: at most %d terms",
			              HIGHLIGHT_MAX);
		p = realloc(highlights, (nhighlights + 1) * sizeof(*p));
		if (!p)
			return report(c, "out of memory");
		highlights = p;
		memset(&p[i], 0, sizeof(p[i]));
		if (!(p[i].term = strdup(w->w[1])))
			return report(c, "out of memory");
		nhighlights++;
	}
	highlights[i].color = spec;
	return 0;
}

static int cmd_search(struct ctx *c, struct words *w)
{
	size_t i;
	char *q;

	if (w->n != 3)
		return report(c, "search: needs a name and a \"query\"");
	if (!*w->w[1])
		return report(c, "search: the name is empty");
	{
		glossa_query_t pq;
		char *msg = NULL;
		if (glossa_query_parse(w->w[2], &pq, &msg) != GLOSSA_OK) {
			report(c, "search %s: %s", w->w[1],
			       msg ? msg : "out of memory");
			free(msg);
			return 1;
		}
		glossa_query_clear(&pq);
	}
	for (i = 0; i < nsearches; i++)
		if (!strcmp(searches[i].name, w->w[1]))
			break;
	if (!(q = strdup(w->w[2])))
		return report(c, "out of memory");
	if (i == nsearches) {
		struct saved *p = realloc(searches, (i + 1) * sizeof(*p));
		if (!p || !(p[i].name = strdup(w->w[1]))) {
			if (p)
				searches = p;
			free(q);
			return report(c, "out of memory");
		}
		searches = p;
		p[i].query = NULL;
		nsearches++;
	}
	free(searches[i].query);
	searches[i].query = q;
	return 0;
}

/* source FILE: relative to the file that sources it; ~/ is $HOME. */
static int cmd_source(struct ctx *c, struct words *w)
{
	char *path;
	int r;

	if (w->n != 2)
		return report(c, "source: needs one file name");
	if (c->depth >= 8)
		return report(c, "source: nested too deeply (a loop?)");
	if (!(path = path_expand(w->w[1])))
		return report(c, "out of memory");
	if (path[0] != '/' && strchr(c->file, '/')) {
		const char *slash = strrchr(c->file, '/');
		char *full;
		if (asprintf(&full, "%.*s/%s", (int)(slash - c->file), c->file,
		             path) < 0) {
			free(path);
			return report(c, "out of memory");
		}
		free(path);
		path = full;
	}
	r = parse_file(path, c, c->errors, c->depth + 1, 1);
	free(path);
	return r < 0 ? 1 : 0;
}

static int parse_line(struct ctx *c, const char *line)
{
	struct words *w = malloc(sizeof(*w));
	int r = 0;

	if (!w)
		return report(c, "out of memory");
	if (split_words(c, line, w) < 0)
		r = 1;
	else if (w->n == 0)
		r = 0;
	else if (!strcmp(w->w[0], "set"))
		r = cmd_set(c, w);
	else if (!strcmp(w->w[0], "bind"))
		r = cmd_bind(c, w, 0);
	else if (!strcmp(w->w[0], "unbind"))
		r = cmd_bind(c, w, 1);
	else if (!strcmp(w->w[0], "color") || !strcmp(w->w[0], "colour"))
		r = cmd_color(c, w);
	else if (!strcmp(w->w[0], "highlight"))
		r = cmd_highlight(c, w);
	else if (!strcmp(w->w[0], "search"))
		r = cmd_search(c, w);
	else if (!strcmp(w->w[0], "source"))
		r = cmd_source(c, w);
	else
		r = report(c, "unknown command '%s' (set, bind, unbind, "
		              "color, highlight, search, source)",
		           w->w[0]);
	free(w);
	return r;
}

int config_parse_line(const char *line, const char *file, int lineno,
                      FILE *errors)
{
	struct ctx c = {file, lineno, errors, 0};

	return parse_line(&c, line);
}

/* Parse the file at path; -1 when it cannot be read (reported through
 * parent's line, or as the file's own when there is none). */
static int parse_file(const char *path, struct ctx *parent, FILE *errors,
                      int depth, int must_exist)
{
	struct ctx c = {path, 0, errors, depth};
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	struct stat st;
	ssize_t n;

	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		if (parent)
			report(parent, "source: cannot read %s: %s", path,
			       strerror(errno));
		else
			report(&c, "cannot read it: %s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		/* /dev/zero or a FIFO would never end */
		if (parent)
			report(parent, "source: %s is not a regular file", path);
		else
			report(&c, "not a regular file");
		fclose(f);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		c.line++;
		if (memchr(line, 0, (size_t)n)) {
			report(&c, "a NUL byte: not a text file");
			break;
		}
		parse_line(&c, line);
	}
	free(line);
	fclose(f);
	return 0;
}

/* The seconds the last config_load() took (benchmarks). */
static double load_seconds;

double config_load_seconds(void)
{
	return load_seconds;
}

int config_load(const char *path, FILE *errors)
{
	double t0 = ui_now();
	const char *env = getenv("GLOSSA_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int must = 1;

	free(loaded_path);
	loaded_path = NULL;
	if (path)
		loaded_path = strdup(path);
	else if (env && *env)
		loaded_path = strdup(env);
	else {
		must = 0;
		if (xdg && *xdg == '/') {
			if (asprintf(&loaded_path, "%s/glossa/config", xdg) < 0)
				loaded_path = NULL;
		} else if (asprintf(&loaded_path, "%s/.config/glossa/config",
		                    home && *home ? home : ".") < 0) {
			loaded_path = NULL;
		}
	}
	if (!loaded_path)
		return -1;
	cmds_init();
	colors_init();
	parse_file(loaded_path, NULL, errors, 0, must);
	load_seconds = ui_now() - t0;
	return nerrors;
}

/* --- Printing -------------------------------------------------------- */

/* A word, quoted when it must be. */
static void put_word(FILE *f, const char *s, int always)
{
	if (!always && *s && !strpbrk(s, " \t\"\\#") && *s != '#') {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int bound_in(int scope, int key)
{
	const struct binding *b;
	size_t n = keys_bindings(&b);

	for (size_t i = 0; i < n; i++)
		if (b[i].scope == scope && b[i].key == key)
			return 1;
	return 0;
}

void config_print(FILE *f)
{
	const struct binding *b;
	size_t nb;
	char buf[256], key[64];

	cmds_init();
	colors_init();
	fprintf(f, "# glossa's configuration in effect: the defaults, and "
	           "what\n# %s changes (glossa-config(5)).\n\n",
	        loaded_path ? loaded_path : "the configuration file");
	for (size_t i = 0; i < N_SETTINGS; i++) {
		const struct setting *s = &settings[i];
		fprintf(f, "set %s ", s->name);
		switch (s->type) {
		case T_BOOL:
			fputs(*(int *)s->p ? "yes" : "no", f);
			break;
		case T_INT:
			fprintf(f, "%d", *(int *)s->p);
			break;
		case T_ENUM:
			fputs(s->values[*(int *)s->p], f);
			break;
		case T_STR: {
			const char *v = *(char **)s->p;
			put_word(f, v ? v : s->def, 1);
			break;
		}
		}
		fputc('\n', f);
	}
	/* the default keys no longer bound, then every binding: parsed
	 * again, they give the same bindings */
	fputs("\n# the bindings, the defaults included\n", f);
	{
		static const int scopes[CMD_COUNT] = {
#define SCOPE_ENTRY(name, scope, keys, desc) SCOPE_##scope,
		    TUI_COMMANDS(SCOPE_ENTRY)
#undef SCOPE_ENTRY
		};
		for (int c = 0; c < CMD_COUNT; c++) {
			const char *s = cmd_keys[c];
			while (*s) {
				int k;
				while (*s == ' ')
					s++;
				if (!*s || (k = ui_key_parse(&s)) == TK_NONE)
					break;
				if (bound_in(scopes[c], k))
					continue;
				key_text(k, key, sizeof(key));
				fprintf(f, "unbind %s %s\n",
				        keys_scope_name(scopes[c]), key);
			}
		}
	}
	nb = keys_bindings(&b);
	for (size_t i = 0; i < nb; i++) {
		if (!keys_scope_name(b[i].scope))
			continue;
		key_text(b[i].key, key, sizeof(key));
		fprintf(f, "bind %s %s ", keys_scope_name(b[i].scope), key);
		if (b[i].ext) {
			fputc('!', f);
			fputs(b[i].ext, f);
		} else {
			fputs(keys_cmd_name(b[i].cmd, buf, sizeof(buf)), f);
		}
		fputc('\n', f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < N_AREAS; i++) {
		spec_text(&colors[areas[i].style], buf, sizeof(buf));
		fprintf(f, "color %s %s\n", areas[i].name, buf);
	}
	if (nhighlights)
		fputc('\n', f);
	for (size_t i = 0; i < nhighlights; i++) {
		fputs("highlight ", f);
		put_word(f, highlights[i].term, 1);
		spec_text(&highlights[i].color, buf, sizeof(buf));
		fprintf(f, " %s\n", buf);
	}
	if (nsearches)
		fputc('\n', f);
	for (size_t i = 0; i < nsearches; i++) {
		fputs("search ", f);
		put_word(f, searches[i].name, 0);
		fputc(' ', f);
		put_word(f, searches[i].query, 1);
		fputc('\n', f);
	}
}

void config_free(void)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (settings[i].type == T_STR) {
			free(*(char **)settings[i].p);
			*(char **)settings[i].p = NULL;
		}
	for (size_t i = 0; i < nhighlights; i++) {
		free(highlights[i].term);
		highlight_matcher_free(&highlights[i]);
	}
	free(highlights);
	highlights = NULL;
	nhighlights = 0;
	for (size_t i = 0; i < nsearches; i++) {
		free(searches[i].name);
		free(searches[i].query);
	}
	free(searches);
	searches = NULL;
	nsearches = 0;
	free(loaded_path);
	loaded_path = NULL;
	keys_free();
	colors_ready = 0;
	nerrors = 0;
	first_error[0] = 0;
}

/* The string settings' values: set, or their defaults. */
const char *config_str(char *const *p)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (settings[i].p == (const void *)p)
			return *p ? *p : settings[i].def;
	return *p ? *p : "";
}
