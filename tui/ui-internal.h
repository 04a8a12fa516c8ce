/*
 * ui-internal.h: what the interface's main loop (ui.c), its frame
 * (frame.c), its key dispatch (keys.c), its configuration (config.c) and
 * its commands to the outside world (outside.c) share.
 */
#ifndef GLOSSA_TUI_UI_INTERNAL_H
#define GLOSSA_TUI_UI_INTERNAL_H

#include <stdio.h>

#include "ui.h"

struct app;

/* Script mode with GLOSSA_DRAW_TIMES=FILE: the CLOCK_MONOTONIC time of
 * each full draw goes to FILE, one a line; that of each key read as
 * "k TIME" (tests/bench: a key's latency is from it to the next draw);
 * each step of a long article's layout as "l START END". NULL otherwise. */
extern FILE *ui_draw_times;

/* frame.c: the whole screen, from the state (after every key). */
void draw_all(struct app *app);
/* keys.c: the key table parsed from keymap.h, once at start-up. */
void cmds_init(void);
/* keys.c: the bindings of keys, the table's defaults first. */
struct binding {
	int scope; /* SCOPE_* */
	int key;
	int cmd;   /* CMD_*; CMD_NONE for an external command */
	char *ext; /* the external command (bind ... !COMMAND), or NULL */
};
/* Bind key in scope to cmd, or to the shell command ext (not NULL),
 * replacing its binding there; 0, or -1 when out of memory. */
int keys_bind(int scope, int key, int cmd, const char *ext);
void keys_unbind(int scope, int key);
/* Every binding, in the order bound (*out valid until the next bind). */
size_t keys_bindings(const struct binding **out);
void keys_free(void);
int keys_bound(int key);
/* Commands by their names in kebab-case ("next-phrase"); CMD_NONE if
 * there is no such name. */
const char *keys_cmd_name(int cmd, char *buf, size_t size);
int keys_cmd_by_name(const char *name);
/* Scopes by name ("generic", "cursor", and the views with keys of their
 * own); -1 / NULL when unknown. */
const char *keys_scope_name(int scope);
int keys_scope_by_name(const char *name);

/* config.c: the colours of the styles (color AREA ...) and the watch
 * terms (highlight "TERM" ...); draw.c and highlight.c use them. A watch
 * term's style is ST_COUNT + its index. */
struct color_spec {
	short fg, bg; /* -1: the terminal's default */
	unsigned attrs;
};
#define HIGHLIGHT_MAX 32
struct highlight {
	char *term;
	struct color_spec color;
	void *matcher; /* highlight.c's, made when first needed */
	int words;     /* the term's words (highlight.c) */
};
const struct color_spec *config_color(int style);
size_t config_highlights(const struct highlight **out);

/* highlight.c: the watch terms' matches in text bytes [from, to) of text
 * (len bytes; from and to cut no word), as their styles in style[] (at
 * from) where it is still 0 (ST_NORMAL). */
void highlight_mark(const char *text, size_t len, size_t from, size_t to,
                    unsigned char *style);
/* Draw s as draw_str() does, with the watch terms lit. */
int highlight_draw_str(int y, int x, int w, const char *s, int style,
                       unsigned flags);
/* draw.c: rt on one row as draw_str() draws a string (cut with "…"). */
int draw_rt_fit(const rtext_t *rt, int y, int x, int w, int style);
void highlight_matcher_free(struct highlight *h);

/* outside.c: o, y and |, and the external commands bound (bind ...
 * !COMMAND). */
void outside_open_url(struct app *app);
void outside_copy(struct app *app);
void outside_pipe(struct app *app);
void outside_run_bound(struct app *app, const char *command);

/* keys.c: a key to the view that has it, then to the global commands. */
void handle_key(struct app *app, int key);
/* keys.c: load the article a burst of list moves left under the cursor. */
void select_flush(struct app *app);

#endif
