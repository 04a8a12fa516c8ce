/*
 * ui.h: the state and helpers shared by the files of the interface
 * (internal to tui/; the program sees only tui.h).
 */
#ifndef GLOSSA_TUI_UI_H
#define GLOSSA_TUI_UI_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "glossa/glossa.h"
#include "keymap.h"

/* Keys: a code point, or a curses function key wrapped by TK_FN. */
#define TK_FN(k) (0x200000 | (k))
#define TK_ENTER '\n'
#define TK_TAB '\t'
#define TK_ESC 27
#define TK_NONE (-1) /* nothing yet (timeout) */
#define TK_EOF (-2)  /* the script ended */
#define TK_CTRL(c) ((c)&0x1f)
#define TK_META(k) (0x400000 | (k)) /* Esc, then k at once */

/* Parse one key name ("j", "<Down>", "<C-u>") at *s, advancing *s; returns
 * the key or TK_NONE. */
int ui_key_parse(const char **s);
/* The name of a key, for the help screen ("j", "Down", "C-l"). */
const char *ui_key_name(int key, char *buf, size_t size);
/* The keys of command cmd, as parsed once from keymap.h: *keys gets
 * them; returns how many. */
int ui_cmd_keys(int cmd, const int **keys);
struct app;
/* The first key that means cmd to the view v (VIEW_*) as the bindings
 * stand (a key bound to it in another view only does not count); -1 if
 * none. */
int keys_first_for(const struct app *app, int v, int cmd);

/* Styles of drawn text. */
enum style {
	ST_NORMAL,
	ST_TITLEBAR,
	ST_BORDER,
	ST_PANETITLE,
	ST_FOCUSTITLE,
	ST_SELECT,     /* the cursor row in the focused pane */
	ST_SELECT_DIM, /* the cursor row elsewhere */
	ST_BOLD,
	ST_DIM,
	ST_GLOSS,
	ST_ELSEWHERE, /* a phrase glossed in another article: quieter */
	ST_CURSOR,    /* the glossed phrase under the phrase cursor */
	ST_TRANS,
	ST_MATCH,
	ST_PLACEHOLDER,
	ST_UNREAD,
	ST_STATUS,
	ST_ERROR,
	ST_COUNT
};

/* Rich text: code points with a style, ready to be wrapped and drawn. */
enum {
	IT_GLUE = 1 << 0, /* part of a placeholder: never break before it */
	IT_NL = 1 << 1,   /* a hard line break */
	IT_TAB = 1 << 2,  /* a tab: spaces to the next 8-column stop */
};

typedef struct item {
	uint32_t cp;
	uint8_t width; /* columns; 0 for a combining mark */
	uint8_t style;
	uint8_t flags;
} item_t;

typedef struct rtext {
	item_t *items;
	size_t n, cap;
	size_t hl_from, hl_to; /* items drawn in ST_CURSOR (none if equal) */
} rtext_t;

enum {
	RT_MARKS = 1 << 0,    /* GLOSSA_MARK_START/END switch to ST_MATCH */
	RT_NEWLINES = 1 << 1, /* '\n' breaks the line (else a placeholder) */
};

/* Append the UTF-8 text s (len bytes) in style; anything that must not
 * reach the terminal becomes a visible placeholder in ST_PLACEHOLDER.
 * Returns 0, or -1 when out of memory. */
int rt_append(rtext_t *rt, const char *s, size_t len, int style,
              unsigned flags);
void rt_clear(rtext_t *rt);
/* Wrap items [from, to) into lines of at most width columns; from is
 * the start of a line (0, or just after a hard line break): *starts
 * receives nlines + 1 indexes (line i is items [starts[i], starts[i+1]),
 * starts[nlines] is to); returns nlines, or 0 when out of memory
 * (*starts NULL). Wrapping [0, n) in pieces that end at hard line breaks
 * gives the same lines as wrapping it whole. */
size_t rt_wrap_range(const rtext_t *rt, size_t from, size_t to, int width,
                     size_t **starts);
/* Draw items [from, to) on one row from (y, x), never past x + w - 1;
 * returns the columns used. */
int rt_draw(const rtext_t *rt, size_t from, size_t to, int y, int x, int w,
            int base_style);
/* Draw a string on one row, clipped to w columns, with "…" when cut
 * (flags: RT_MARKS); returns the columns used. */
int draw_str(int y, int x, int w, const char *s, int style, unsigned flags);
/* Cut a trailing incomplete UTF-8 sequence off s (after a truncating
 * snprintf). */
void str_trim_utf8(char *s);
/* Display width of s as draw_str draws it. */
int str_cols(const char *s);
/* Fill w cells at (y, x) with blanks of style. */
void draw_fill(int y, int x, int w, int style);
/* Box-drawing characters, drawn as Unicode (not the ACS). */
void draw_cp(int y, int x, uint32_t cp, int style);
void style_init(void);
attr_t style_attr(int style, short *pair);

typedef struct rect {
	int y, x, h, w;
} rect_t;

enum pane { PANE_LIST, PANE_ARTICLE, PANE_NOTES, PANE_COUNT };

/* The article list: a window of a few pages around the cursor. */
#define LIST_PAGE 64
#define LIST_MAXPAGES 4
struct lpage {
	glossa_page_t pg;
	int64_t base; /* index of pg.rows[0] in the whole list */
};

struct list_view {
	char *query; /* NULL: the whole archive; else search results */
	struct lpage pages[LIST_MAXPAGES];
	int npages;
	int64_t total;
	int64_t cur, top;
	int unranked;      /* the results shown are not ranked whole: the
	                    * newest matches (ranking took too long: only the
	                    * first page, total unknown) or the newest
	                    * GLOSSA_RANK_NEWEST ranked (see shown); RANKING:
	                    * ranked meanwhile, RANK_STOPPED: Esc stopped
	                    * that, or ranking all took too long */
	int shown;         /* SHOWN_*: how the results shown are ordered */
	int uncounted;     /* SHOWN_PARTIAL of more matches than it ranked,
	                    * not counted yet: total is the page's rows */
	int count_only;    /* the ranking running (RANKING) counts them and
	                    * ranks the newest only (Esc asked for that) */
	char *searching;   /* the query of the search running, whose results
	                    * will replace the list; NULL if none */
	int search_reload; /* that search is R's (list_refresh()) */
	int nav_push;      /* that search leaves the whole archive: q comes
	                    * back to it (nav_push_archive()) */
	int64_t page_wait; /* the offset of the page of results being read
	                    * in the searcher's thread, or -1 */
	glossa_order_t order; /* of the whole archive (O cycles it) */
	int64_t unread;       /* unread articles of the archive */
};
enum { RANKING = 1, RANK_STOPPED = 2 };
enum {
	SHOWN_RANKED,  /* every match ranked (or not a search) */
	SHOWN_NEWEST,  /* the newest matches, unranked */
	SHOWN_PARTIAL, /* the newest GLOSSA_RANK_NEWEST ranked, then the
	                * older ones newest first */
};

/* One occurrence of a glossed phrase in the article's text: items
 * [from, to) of the rich text; g is one of the article's own notes or
 * one of the glosses elsewhere. */
struct phrase_span {
	size_t from, to;
	const glossa_annotation_t *g;
	int own;
};

struct art_chunk; /* article.c: a piece of the text and its lines */
struct art_build; /* article.c: what laying out the rest needs */

/*
 * The article's text is laid out lazily: title and metadata first, then
 * the body a chunk at a time (each ends at a newline of the body), as far
 * as what is drawn or asked for needs, and by article_layout_step()
 * when no key waits, up to the first 1 MB of the body. Each chunk is
 * wrapped when its lines are first needed at the width wrap_w. rt,
 * spans, matches and cpos hold the text laid out so far.
 */
struct article_view {
	int64_t id;
	glossa_article_t *a;
	glossa_annotation_t *elsewhere; /* glossa_glosses_elsewhere() */
	size_t nelsewhere;
	struct phrase_span *spans; /* in reading order, never overlapping */
	size_t nspans, spancap;
	size_t cur_span;  /* the phrase cursor; (size_t)-1: none */
	int cursor_shown; /* the cursor's phrase was on screen at the draw */
	int elsewhere_pending; /* article_load_elsewhere() is to run */
	int64_t from_id;       /* the article a gloss elsewhere came from ... */
	char *from_title;      /* ... and its title, for the status line */
	/* the whole of the last gloss elsewhere the phrase cursor landed on
	 * (glossa_glosses_elsewhere() may fill only id, article_id, kind and
	 * phrase); id 0: none. full_span is the cursor's span with it. */
	glossa_annotation_t full;
	struct phrase_span full_span;
	rtext_t rt;
	struct art_chunk *chunks; /* in text order; none: not laid out */
	size_t nchunks, chunkcap;
	struct art_build *build; /* NULL once laid out to the end */
	int64_t built_cp;        /* body code points laid out */
	int wrap_w, wrap_trans;  /* what the layout was made for */
	char *wrap_query;
	size_t top; /* the first item of the top line */
	/* item indexes of the query's matches; cur_match: the one n/N
	 * showed, (size_t)-1 once the text scrolled (n/N then go from the
	 * top line) */
	size_t *matches, nmatch, matchcap;
	size_t cur_match;
	int nav; /* what moved last: NAV_MATCH (n/N) or NAV_PHRASE (]/[) */
	/* ]/[ showed the phrase cursor in a pane of this size (0: the text
	 * scrolled since); at another size it is shown again */
	int follow_w, follow_h;
	/* the character cursor and selection (c, v), in code points of the
	 * body; items map back to them through cpos (-1: not body text) */
	int32_t *cpos;
	size_t cposcap;
	uint32_t *body_cp; /* the body decoded as far as laid out: nbody */
	size_t nbody;      /* code points */
	int cmode;         /* CM_OFF, CM_CURSOR or CM_SELECT */
	int64_t ccp;       /* the cursor */
	int64_t acp;       /* where the selection started */
	/* the top line to restore once laid out again (after a reload, or
	 * new highlights or translations): the line of item keep_item, or
	 * line number keep_line unless SIZE_MAX */
	int keep_top;
	size_t keep_item, keep_line;
	/* where the pane is in the text, for the status line ("34%", "top",
	 * "end", "all"; the percentage at the last row shown), and the
	 * body's code points it counts from (0: not counted yet) */
	char where[8];
	int64_t ncp;
};

enum { CM_OFF, CM_CURSOR, CM_SELECT };
enum { NAV_NONE, NAV_MATCH, NAV_PHRASE };

/* Adding and changing annotations: the one being built or edited across
 * the prompts, and the last one deleted (for U). */
struct annot_state {
	glossa_annotation_t draft;
	int have_draft;
	int editing; /* draft is a stored annotation being changed */
	int failed;  /* saving the draft failed: giving up keeps it in a file */
	glossa_annotation_t deleted;
	int have_deleted;
	int article_deleted; /* an article's delete can be undone (U,
	                      * manage.c) */
	int note_last;       /* the note's delete came after it: U undoes
	                      * the note first, then the article */
};

/* The glossary view (L). */
struct glossary_view {
	int open;
	glossa_glossary_entry_t *e;
	size_t n, cur, top;
	char *filter;
	int pw, rw; /* the phrase and reading columns (prepare) */
};

/* The saved searches view (s): the configured ones, then the archive's. */
struct saved_entry {
	char *name, *query;
	int configured;      /* from the config file (saved.c's hook) */
	int64_t seen_id;     /* glossa_saved_t's */
	int64_t last_opened;
	int64_t total, fresh; /* -1: not counted yet */
	int failed;           /* counting failed (a bad query): say so */
};
struct saved_view {
	int open;
	struct saved_entry *e;
	size_t n, cur, top;
	int nw; /* the names' column (prepare) */
};

/* The facets view (T): the kinds one after another, counted a slice at
 * a time (facets.h). */
struct facets_view {
	int open;
	glossa_facets_t *f;
	int done;
	int kind;             /* the kind shown */
	glossa_facet_t *e;    /* its values, as counted so far */
	size_t n, cur, top;
};

/* The marks view (M, marks.c). */
struct marks_view {
	int open;
	glossa_annotation_t *notes; /* the marked ones, read when shown */
	size_t n, cur, top;
};

struct notes_view {
	size_t cur, top;
	unsigned char *heights; /* the rows of each note (notes.c) */
	size_t nheights;
	int pw; /* the phrase column's width */
	int64_t *marked; /* annotation ids, across articles */
	size_t nmarked;
};

struct app;

/*
 * What a prompt does with what is typed, given to prompt_open(): there is
 * no routing by kind. accept runs on Enter (y for a question), cancel on
 * Esc (n, q for a question; Backspace on an empty line); text is the line
 * typed (NULL for a question, or when out of memory), valid during the
 * call. The prompt is closed when they run, and they may open another.
 * complete (optional) runs on Tab: before is the text left of the
 * cursor; it returns the text to put there instead (allocated), or NULL
 * to keep it (it may show candidates with app_message() and
 * prompt.show_status).
 */
struct prompt_ops {
	void (*accept)(struct app *app, const char *text);
	void (*cancel)(struct app *app, const char *text);
	char *(*complete)(struct app *app, const char *before);
	unsigned flags;
};
enum {
	PROMPT_QUESTION = 1 << 0, /* y/n: the label is the question */
	PROMPT_HISTORY = 1 << 1,  /* Up/Down browse the search history */
	PROMPT_REPLACE = 1 << 2,  /* the text offered goes when a character
	                           * is typed (as in a browser's address
	                           * bar); an editing key keeps it */
};

struct prompt {
	const struct prompt_ops *ops; /* NULL: no prompt open */
	char *label;                  /* the prompt's own copy */
	uint32_t *buf;
	size_t len, cap, cur;
	int offered; /* PROMPT_REPLACE: the text is still the one offered */
	char **hist;
	size_t nhist;
	size_t hpos; /* == nhist: the line being edited */
	char *draft; /* the edited line while browsing history */
	int hist_loaded;
	int show_status; /* the status message stays in view, above the
	                  * prompt (why a save failed, completions);
	                  * prompt_open() clears it */
};

/* A place q goes back to (view.c): a list, or the glossary kept. */
struct nav_frame {
	char *query;    /* the search shown; NULL: the whole archive */
	int64_t art_id; /* the article selected there */
	int glossary;   /* the modal view (its id: VIEW_GLOSSARY...) kept
	                 * under the results it opened; 0: none */
};

struct app {
	glossa_db_t *db;
	const char *db_path;
	int focus;
	int help_open;
	size_t help_top;
	int show_trans;
	int quit;
	int too_small;
	rect_t pane[PANE_COUNT];
	rect_t whole; /* a modal view's, or a zoomed pane's, rectangle */
	struct list_view list;
	struct article_view art;
	struct notes_view notes;
	struct prompt prompt;
	char *export_path;
	struct annot_state annot;
	struct glossary_view glossary;
	struct marks_view marks;
	struct saved_view saved;
	struct facets_view facets;
	char status[512];
	int status_error;
	/* the list's cursor moved to this article: loaded before the next
	 * draw, unless more list moves are already waiting (ui.c) */
	int64_t select_id;
	int select_pending;
	struct nav_frame *nav; /* the places q goes back to, the last on top */
	size_t nnav;
	int zoom; /* the focused pane fills the screen (z) */
};

/* ui.c */
void app_message(struct app *app, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message shown holds path: when it is wider than the status line,
 * the path gives way first, cut at its start ("…/dir/file.md"), so that
 * what follows it (the reason) and the file's name stay in view. */
void app_message_fit(struct app *app, const char *path);
void app_select_article(struct app *app, int64_t id);
/* Show the status message now, before a call that may wait for the
 * archive (a save during another glossa's import waits for its batch):
 * the one draw outside the main loop's. */
void app_show_status_now(struct app *app);
/* The interrupt callback of a search the user started: non-zero when a
 * key is waiting, so that a long search never holds the interface (the
 * key is then handled as usual). Never in script mode. */
/*
 * The interrupt callback of searches: a key waiting stops them, and so
 * does the clock once past limit->deadline (CLOCK_MONOTONIC seconds; 0
 * or arg NULL: no deadline), which then sets limit->expired.
 */
struct search_limit {
	double deadline;
	int expired;
};
int ui_search_interrupt(void *arg);
/* glossa_clock(): the clock of the deadlines. */
double ui_now(void);
/* The seconds a search may rank before list_reload() shows the newest
 * matches instead (0: show them at once); < 0: no limit. */
double ui_rank_deadline(void);
/* The seconds a search may rank every match before the newest
 * GLOSSA_RANK_NEWEST only are ranked instead (0: never all); < 0: no
 * limit. */
double ui_rank_all_deadline(void);

/* searcher.c: searches in a thread of their own (see there). */
enum search_kind {
	SEARCH_FIRST, /* ranked, or the newest if ranking takes too long */
	SEARCH_RANK,  /* every match ranked within rank_seconds, else the
	               * newest GLOSSA_RANK_NEWEST, however long it takes */
	SEARCH_PAGE,  /* ranked rows offset .. offset+limit-1, no total */
};
struct search_job {
	unsigned long id; /* set by searcher_submit() */
	enum search_kind kind;
	char *query; /* allocated; freed with the job */
	size_t offset, limit;
	double rank_seconds; /* SEARCH_FIRST: see ui_rank_deadline();
	                      * SEARCH_RANK: ui_rank_all_deadline() */
	int all;             /* SEARCH_PAGE: rank every match (as the page
	                      * shown was); SEARCH_RANK: every match was */
	double deadline;     /* set by searcher_submit(): the end of those */
	/* the result */
	glossa_status_t status;
	glossa_page_t page;
	int64_t total;
	int unranked; /* SEARCH_FIRST gave the newest matches */
	              /* (total -1: SEARCH_FIRST ranked the newest
	               * GLOSSA_RANK_NEWEST of more, not counted) */
	char errmsg[256];
};
/* Stop the thread, waiting for the call it is in, and drop every job. */
void searcher_stop(void);
/* Run j (allocated; the searcher owns it now), replacing and stopping
 * every job submitted before. The first call starts the thread. */
void searcher_submit(struct app *app, struct search_job *j);
/* Drop every job submitted, stopping the one running. */
void searcher_cancel(void);
/* A job was submitted and its result not taken yet. */
int searcher_busy(void);
/* Stop the ranking of a first search past its deadline, which SQLite's
 * progress handler cannot do inside one long FTS5 call; returns the
 * milliseconds (1..250) after which to call it again while a search
 * runs. */
int searcher_tick(void);
/* Readable when a result may be ready; -1 without the thread. */
int searcher_fd(void);
/* The last job submitted, done (the caller frees it with
 * search_job_free()), or NULL if it is not done yet; wait: until it is. */
struct search_job *searcher_take(int wait);
void search_job_free(struct search_job *j);

/* outside.c (with o, y and |: ui-internal.h) */
/* y in a view of entries (lookup, glossary, terms): "phrase reading —
 * translations" (lines of translations joined by "; "; reading and
 * translations may be NULL or ""), to the clipboard as y copies. */
void outside_copy_entry(struct app *app, const char *phrase,
                        const char *reading, const char *translations);

/* list.c */
/* Show the whole archive (query NULL or blank), at once, or start
 * searching for query: the list stays until its results come
 * (list_search_done()). */
void list_reload(struct app *app, const char *query);
/* R: the whole archive again, or the search shown (or running) again,
 * which then says "reloaded". */
void list_refresh(struct app *app);
/* Without the searcher's thread: rank the newest matches shown, once
 * they are drawn and again after a key stopped it. */
void list_rank(struct app *app);
/* How many results (or articles) the list holds, and how they are
 * ranked, as the titles say it: "41523", "newest 64, ranking", "41523,
 * ranking", "41523, 2000 newest ranked". */
void list_count_label(const struct app *app, char *buf, size_t size);
/* A search's result is here: show it (the list takes j's page). */
void list_search_done(struct app *app, struct search_job *j);
/* Esc: stop the search or the ranking running; 0 if none ran. */
int list_stop_search(struct app *app);
const glossa_row_t *list_row(struct app *app, int64_t idx);
void list_move(struct app *app, int64_t to);
/* Mark the article under the cursor read (it is opened). */
void list_open(struct app *app);
int list_row_height(const struct app *app);
void list_free(struct list_view *lv);

/* article.c */
void article_load(struct app *app, int64_t id);
void article_load_elsewhere(struct app *app);
/* Start laying the text out again if the article, the translations
 * toggle or the query changed, and set the width it is wrapped to. */
void article_prepare(struct app *app, int width);
/* Lay out one more chunk of the article (about 8 KB of the body) if
 * less than 1 MB of it is laid out; returns 0 when there is nothing left
 * to do. Nothing drawn changes. */
int article_layout_step(struct app *app);
/* Show the phrase of annotation g (one of the article's): the phrase
 * cursor on it, scrolled into view when it is not on the pane. */
void article_show_note(struct app *app, const glossa_annotation_t *g);
/* Scroll by delta lines; (1L << 30) or more: to the end (the text laid
 * out to the end first), -(1L << 30) or less: to the start. */
void article_scroll(struct app *app, long delta, rect_t r);
void article_jump_match(struct app *app, int dir, rect_t r);
void article_jump_phrase(struct app *app, int dir, rect_t r);
/* The status line's text for the phrase under the cursor, when it is on
 * screen: "phrase — translation" (and where it was glossed); returns 0
 * when there is none. */
int article_cursor_status(const struct app *app, char *buf, size_t size);
void article_free(struct article_view *av);
/* Load the open article again from the archive (after a change to its
 * notes), keeping the scroll position and the notes cursor. */
void article_reload(struct app *app);
/* The character cursor: show it (selecting: and start a selection), move
 * it (a CMD_CUR_* command), hide it. */
void article_cursor_start(struct app *app, int selecting, rect_t r);
void article_cursor_move(struct app *app, int cmd, rect_t r);
void article_cursor_stop(struct app *app);
/* The selected text (allocated) and its code point offset; NULL when
 * nothing is selected. */
char *article_selection(const struct app *app, int64_t *pos);
/* The span under the phrase cursor when it is on screen, else NULL. */
const struct phrase_span *article_cursor_span(const struct app *app);
/* What K looks up (allocated; NULL: nothing): the selection, else at
 * most max code points from the character cursor, else the phrase under
 * the phrase cursor, else from the first CJK character on the screen;
 * *pos its body code point. */
char *article_lookup_text(struct app *app, size_t max, int64_t *pos);
/* Code point offset in the body of an item, -1 if it is not body text. */
int64_t article_item_pos(const struct app *app, size_t item);

/* manage.c: D, U for an article, S, O */
void manage_delete(struct app *app);
/* U: bring back the article deleted last, if the last delete was an
 * article's; returns 0 (nothing done) otherwise. */
int manage_undelete(struct app *app);
void manage_set(struct app *app);
void manage_sort(struct app *app);

/* notes.c */
void notes_move(struct app *app, long delta, rect_t r);
/* A click on row y of the notes pane. */
void notes_click(struct app *app, int y);
int notes_is_marked(const struct app *app, int64_t id);
/* Read the marks kept in the archive (at start). */
void notes_load_marks(struct app *app);
/* Unmark the note id (in the archive too), saying how many are left. */
void notes_unmark(struct app *app, int64_t id);
void notes_toggle(struct app *app);
void notes_mark_all(struct app *app);
void notes_clear(struct app *app);
void notes_free(struct notes_view *nv);

/* annotate.c */
void annot_add_gloss(struct app *app);
void annot_add_note(struct app *app);
/* Gloss phrase at body code point pos of the open article (-1: not
 * known), the prompts offering translation and reading (NULL: none). */
void annot_add_gloss_with(struct app *app, const char *phrase, int64_t pos,
                          const char *translation, const char *reading);
void annot_adopt(struct app *app);
void annot_edit(struct app *app);
void annot_edit_external(struct app *app);
void annot_delete(struct app *app);
void annot_undelete(struct app *app);
void annot_free(struct annot_state *as);

/* lookup.c */
/* The interface's dictionary, opened on first use and kept; NULL when
 * there is none, *why (if not NULL) then saying where it was looked for
 * (valid while the program runs). */
glossa_dict_t *lookup_dict(struct app *app, const char **why);
/* K: look up the text at the cursor (article_lookup_text()). */
void lookup_start(struct app *app);
/* Open the lookup view on text (at body code point pos, -1: not known);
 * 0, or -1 with a message. */
int lookup_show(struct app *app, const char *text, int64_t pos);
/* The lines of s (a dictionary's senses) as "a; b", at most max of
 * them (0: all); allocated, NULL when out of memory. */
char *lookup_joined(const char *s, int max);
/* Gloss word in the open article (pos -1: where it first stands), the
 * prompts offering translation and reading. */
void lookup_gloss_with(struct app *app, const char *word, int64_t pos,
                       const char *translation, const char *reading);

/* terms.c */
/* I: the open article's terms nobody has glossed. */
void terms_start(struct app *app);

/* glossary.c */
/* The query that finds phrase as written (allocated; NULL when out of
 * memory): the glossary's Enter, the lookup's. */
char *glossary_phrase_query(const char *phrase);
void glossary_open(struct app *app);
void glossary_close(struct app *app);
void glossary_reload(struct app *app, const char *filter);


/* saved.c */
void saved_close(struct app *app);
/* Show the view again (q from the results it opened): read again, the
 * cursor kept, counted again. */
void saved_reopen(struct app *app);
/* W: save the search shown (asks for a name). */
void saved_save_shown(struct app *app);

/* facets.c */
void facets_close(struct app *app);

/* help.c */
size_t help_lines(void);
extern const char *const cmd_keys[CMD_COUNT];

/* prompt.c */
/* Open the prompt (replacing any): label is copied; initial is the text
 * offered (NULL: none). */
void prompt_open(struct app *app, const struct prompt_ops *ops,
                 const char *label, const char *initial);
/* A key while the prompt is open: edits, or closes it and runs its ops. */
void prompt_key(struct app *app, int key);
/* The edited text as UTF-8 (allocated; NULL when out of memory). */
char *prompt_text(const struct prompt *p);
void prompt_draw(struct app *app, int y, int w);
void prompt_history_add(struct app *app, const char *line);
void prompt_free(struct prompt *p);
/* A file name typed: "~" and a leading "~/" stand for $HOME (allocated;
 * NULL when out of memory). */
char *path_expand(const char *path);
/* The completion of file names, for prompt_ops.complete: the longest
 * common prefix of the names that start with what is typed (a directory
 * gets its "/"); a Tab that adds nothing lists them in the status line. */
char *path_complete(struct app *app, const char *before);

/* terminfo.c */
/* Can a terminal of type term move the cursor (terminfo's cup)? 1 or 0;
 * -1 when terminfo does not know the type. */
int term_can_address(const char *term);

/* script.c */
int script_open(const char *path);
int script_key(struct app *app);
/* Are more keys left on the script line being typed? */
int script_pending(void);
/* Should the interface wait for the search running before it reads on:
 * at the end of a line, unless :async (then only after :wait)? */
int script_wait_search(void);
void script_close(void);

#include "views.h"

#endif
