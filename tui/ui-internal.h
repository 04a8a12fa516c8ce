/*
 * ui-internal.h: what the interface's main loop (ui.c), its frame
 * (frame.c) and its key dispatch (keys.c) share, and nothing else does.
 */
#ifndef GLOSSA_TUI_UI_INTERNAL_H
#define GLOSSA_TUI_UI_INTERNAL_H

#include <stdio.h>

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
/* keys.c: a key to the view that has it, then to the global commands. */
void handle_key(struct app *app, int key);
/* keys.c: load the article a burst of list moves left under the cursor. */
void select_flush(struct app *app);

#endif
