/*
 * views.h: every view of the interface, as one table (as tig's
 * src/view.c registers its views), beside keymap.h's table of commands.
 *
 * Each entry: the view's id and the name of its ops table (NAME_ops,
 * defined in the view's own file). The first three are the panes of the
 * main screen (their ids are enum pane's); the others are modal: when
 * open they fill the screen and take the keys first, the last one open
 * in this order on top. A new view is one file and one row here.
 */
#ifndef GLOSSA_TUI_VIEWS_H
#define GLOSSA_TUI_VIEWS_H

#define TUI_VIEWS(X)                                                           \
	X(LIST, list)                                                          \
	X(ARTICLE, article)                                                    \
	X(NOTES, notes)                                                        \
	X(NOTE, note)                                                          \
	X(GLOSSARY, glossary)                                                  \
	X(TERMS, terms)                                                        \
	X(LOOKUP, lookup)                                                      \
	X(MARKS, marks)                                                        \
	X(SAVED, saved)                                                        \
	X(FACETS, facets)                                                      \
	X(HELP, help)

enum view_id {
#define TUI_VIEW_ENUM(id, name) VIEW_##id,
	TUI_VIEWS(TUI_VIEW_ENUM)
#undef TUI_VIEW_ENUM
	    VIEW_COUNT
};

struct app;

/*
 * A hint of the status line (and of a modal view's head line): the first
 * key bound to cmd (with cmd2's: "j/k"), as the user's configuration
 * binds it, or key for one the view reads itself (Enter, Esc); and what
 * it does. A hint whose command has no key is left out. A list of them
 * ends with what NULL.
 */
struct view_hint {
	int cmd, cmd2;   /* CMD_*, or CMD_NONE */
	const char *key; /* when cmd is CMD_NONE */
	const char *what;
};
#define HINT(cmd, what) {CMD_##cmd, CMD_NONE, NULL, what}
#define HINT2(cmd, cmd2, what) {CMD_##cmd, CMD_##cmd2, NULL, what}
#define HINT_KEY(key, what) {CMD_NONE, CMD_NONE, key, what}
#define HINTS_END {CMD_NONE, CMD_NONE, NULL, NULL}

/*
 * A view's operations. prepare() fetches, lays out and counts what
 * draw() will show in r (the inner rectangle), so that draw() only
 * draws; request() runs a command (cmd, or CMD_NONE with the raw key)
 * and returns 1 if the view took it, 0 to pass it on to the global
 * commands. Modal views have open() (is it shown?) and show() (open
 * it). Every callback but request may be NULL.
 */
struct view_ops {
	const char *name;  /* in the title bar, the help's scope column */
	int scope;         /* SCOPE_* of the keys that are its own */
	int modal;         /* fills the screen when open, takes keys first */
	/* the status line's hints when it has the keys */
	const struct view_hint *hints;
	void (*title)(struct app *app, char *buf, size_t size);
	void (*prepare)(struct app *app, rect_t r);
	void (*draw)(struct app *app, rect_t r, int focused);
	int (*request)(struct app *app, int cmd, int key);
	int (*open)(const struct app *app);
	void (*show)(struct app *app);
	void (*free)(struct app *app);
	/* work left to do while no key waits (counting), a slice at a
	 * time: returns 1 when it did some (the screen is drawn again) */
	int (*idle)(struct app *app);
};

#define TUI_VIEW_EXTERN(id, name) extern const struct view_ops name##_ops;
TUI_VIEWS(TUI_VIEW_EXTERN)
#undef TUI_VIEW_EXTERN

/* view.c: the table, in TUI_VIEWS order. */
extern const struct view_ops *const tui_views[VIEW_COUNT];
/* The modal view on top, or -1 when none is open. */
int view_modal(const struct app *app);
/* The view that has the keys: the modal on top, else the focused pane. */
int view_focused(const struct app *app);

/*
 * The one cursor-and-scroll rule of every list-like view: n items, the
 * item i takes heights[i] rows (heights NULL: one each), h rows shown.
 * Puts *cur in [0, n) (0 when n is 0) and *top so that the rows of *cur
 * are shown (as many of them as fit), moving *top as little as it can.
 */
void view_scroll(size_t n, int h, const unsigned char *heights, size_t *cur,
                 size_t *top);
/* Move *cur by delta (clamped), then view_scroll(). */
void view_move(size_t n, int h, const unsigned char *heights, size_t *cur,
               size_t *top, long delta);
/* A pager's top (no cursor): n lines, h shown, moved by delta. */
void view_page(size_t n, int h, size_t *top, long delta);
/* The rows of a movement command: 1, a page (h - 1), or "all the way"
 * (1L << 30); negative upwards. */
long view_delta(int cmd, int h);
/* A list of n one-row entries in h rows: move its cursor for cmd if cmd
 * is a movement command (returns 1), else 0 (nothing changed). */
int view_list_key(int cmd, size_t n, int h, size_t *cur, size_t *top);
/* A modal view's line of hints at (y, x), w columns: view_hints() of
 * the view v's own, with wider gaps, dimmed. */
void view_draw_hints(const struct app *app, int v, int y, int x, int w);
/* The name of the first key that means cmd to the view v into buf (32
 * bytes); 0 if none does. */
int view_cmd_key(const struct app *app, int v, int cmd, char *buf);
/* hints as the user of the view v reads them, "Enter open  / search",
 * each "KEY what" (the first key that means it there) with sep between
 * them, into buf (always terminated); buf. */
char *view_hints(const struct app *app, int v, const struct view_hint *hints,
                 const char *sep, char *buf, size_t size);

/*
 * The view stack (q goes back): the places to return to, each a list
 * (the whole archive, or a search's results) with the article selected
 * there, or the glossary (kept as it was, under the results it opened).
 */
/* A search from the whole archive got its results: q comes back to it. */
void nav_push_archive(struct app *app, int64_t art_id);
/* The glossary opens the results for its phrase: q comes back to it. */
void nav_push_glossary(struct app *app);
/* The same for another modal view (VIEW_SAVED, VIEW_FACETS): kept under
 * the results it opened, shown again by q. */
void nav_push_view(struct app *app, int view);
/* q in the list: back one place; returns 0 when there is none (quit). */
int nav_back(struct app *app);
/* The glossary is kept under the results it opened. */
int nav_glossary_kept(const struct app *app);
/* Forget every place (an empty search: the whole archive). */
void nav_clear(struct app *app);
/* "glossa › search: 战鼓 (3)": where the user is, for the title bar. */
void nav_title(struct app *app, char *buf, size_t size);

#endif
