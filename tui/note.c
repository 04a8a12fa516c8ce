/*
 * note.c: the note view (Enter in the notes pane): the note under the
 * notes cursor read whole: its phrase, reading and translation, the note
 * wrapped (its newlines are line breaks), the sentence of the article it
 * stands in, and the article's title. c edits it as in the pane (the
 * view shows the note as changed), q or Esc closes it. Exports note_ops.
 *
 * The view holds only its scroll position and its laid-out text: the
 * note itself is the notes pane's (app->notes.cur of the open article),
 * read again at each prepare, so that an edit or a delete shows at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

/* Bytes of the body looked at on each side of the phrase for the ends of
 * its sentence. */
#define SENTENCE_BYTES 600

static struct {
	int open;
	int64_t id; /* the annotation shown */
	size_t top;
	rtext_t rt;
	size_t *starts, nlines;
} nv;

static const glossa_annotation_t *current(const struct app *app)
{
	if (!app->art.a || app->notes.cur >= app->art.a->n_notes)
		return NULL;
	return &app->art.a->notes[app->notes.cur];
}

/* Open while its note is the one under the notes cursor: a note
 * deleted, or another article opened (a search's results came), closes
 * it. */
static int note_open(const struct app *app)
{
	const glossa_annotation_t *g = current(app);

	return nv.open && g && g->id == nv.id;
}

static void note_show(struct app *app)
{
	const glossa_annotation_t *g = current(app);

	nv.open = g != NULL;
	nv.id = g ? g->id : 0;
	nv.top = 0;
}

static void note_free(struct app *app)
{
	(void)app;
	rt_clear(&nv.rt);
	free(nv.starts);
	memset(&nv, 0, sizeof(nv));
}

static int ends_sentence(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == '\n' ||
	       cp == 0x3002 || cp == 0xff01 || cp == 0xff1f || cp == 0xff1b;
}

/*
 * The sentence around the phrase at code point pos of the body (len
 * bytes of phrase): from after the end of the sentence before (at most
 * SENTENCE_BYTES back) to the end of its own; *from and *to are byte
 * offsets, *at the phrase's. Returns 0 when pos is not in the body.
 */
static int sentence(const char *body, int64_t pos, size_t plen, size_t *from,
                    size_t *at, size_t *to)
{
	size_t n = strlen(body), i, start;
	uint32_t cp;

	*at = glossa_utf8_offset(body, n, (size_t)pos);
	if (*at >= n || *at + plen > n)
		return 0;
	start = *at > SENTENCE_BYTES ? *at - SENTENCE_BYTES : 0;
	*from = start;
	for (i = start; i < *at;) {
		size_t k = glossa_utf8_decode(body + i, n - i, &cp);
		i += k ? k : 1;
		if (ends_sentence(cp))
			*from = i;
	}
	while (*from < *at && (body[*from] == ' ' || body[*from] == '\n'))
		(*from)++;
	for (i = *at + plen; i < n && i < *at + plen + SENTENCE_BYTES;) {
		size_t k = glossa_utf8_decode(body + i, n - i, &cp);
		if (cp == '\n')
			break;
		i += k ? k : 1;
		if (ends_sentence(cp))
			break;
	}
	*to = i;
	return 1;
}

static void add(const char *s, int style, unsigned flags)
{
	rt_append(&nv.rt, s, strlen(s), style, flags);
}

/* A label ("translation: ") and its value, a paragraph. */
static void field(const char *label, const char *value, int style)
{
	if (!value[0])
		return;
	add(label, ST_DIM, 0);
	add(value, style, RT_NEWLINES);
	add("\n", ST_NORMAL, RT_NEWLINES);
}

/* The note's text laid out at width w, read again from the article. */
static void note_prepare(struct app *app, rect_t r)
{
	const glossa_annotation_t *g = current(app);
	const char *body;
	size_t from, at, to;

	rt_clear(&nv.rt);
	free(nv.starts);
	nv.starts = NULL;
	nv.nlines = 0;
	if (!g)
		return;
	body = app->art.a->body;
	if (g->phrase[0]) {
		add(g->phrase, ST_GLOSS, 0);
		if (g->reading[0]) {
			add("  ", ST_NORMAL, 0);
			add(g->reading, ST_DIM, 0);
		}
		add("\n", ST_NORMAL, RT_NEWLINES);
	} else {
		add("a note on the article\n", ST_DIM, RT_NEWLINES);
	}
	if (!g->phrase[0] && g->reading[0])
		field("reading: ", g->reading, ST_NORMAL);
	field("translation: ", g->translation, ST_BOLD);
	if (g->note[0]) {
		add("\n", ST_NORMAL, RT_NEWLINES);
		add(g->note, ST_NORMAL, RT_NEWLINES);
		add("\n", ST_NORMAL, RT_NEWLINES);
	}
	add("\n", ST_NORMAL, RT_NEWLINES);
	if (g->phrase[0] && g->pos >= 0 && !g->detached &&
	    sentence(body, g->pos, strlen(g->phrase), &from, &at, &to)) {
		add("in the text: ", ST_DIM, 0);
		rt_append(&nv.rt, body + from, at - from, ST_NORMAL, 0);
		rt_append(&nv.rt, body + at, strlen(g->phrase), ST_CURSOR, 0);
		rt_append(&nv.rt, body + at + strlen(g->phrase),
		          to - at - strlen(g->phrase), ST_NORMAL, 0);
		add("\n", ST_NORMAL, RT_NEWLINES);
	} else if (g->phrase[0]) {
		/* detached: the context it was glossed in, as kept */
		add("in the text: ", ST_DIM, 0);
		add(g->detached ? "(detached: no longer in the text) "
		                : "(not in the text) ",
		    ST_DIM, 0);
		add(g->context_before, ST_NORMAL, 0);
		add(g->phrase, ST_CURSOR, 0);
		add(g->context_after, ST_NORMAL, 0);
		add("\n", ST_NORMAL, RT_NEWLINES);
	}
	add("article: ", ST_DIM, 0);
	add(app->art.a->title, ST_NORMAL, 0);
	nv.nlines = rt_wrap_range(&nv.rt, 0, nv.rt.n, r.w - 2, &nv.starts);
	view_page(nv.nlines, r.h, &nv.top, 0);
}

static void note_draw(struct app *app, rect_t r, int focused)
{
	(void)app;
	(void)focused;
	for (int i = 0; i < r.h && nv.top + (size_t)i < nv.nlines; i++) {
		size_t l = nv.top + (size_t)i;
		rt_draw(&nv.rt, nv.starts[l], nv.starts[l + 1], r.y + i,
		        r.x + 1, r.w - 2, ST_NORMAL);
	}
}

static void note_title(struct app *app, char *buf, size_t size)
{
	const glossa_annotation_t *g = current(app);

	snprintf(buf, size, "%s %zu of %zu",
	         g && g->kind == GLOSSA_KIND_GLOSS ? "Gloss" : "Note",
	         app->notes.cur + 1, app->art.a ? app->art.a->n_notes : 0);
}

static int note_request(struct app *app, int cmd, int key)
{
	switch (cmd) {
	case CMD_DOWN:
	case CMD_UP:
	case CMD_PAGE_DOWN:
	case CMD_PAGE_UP:
	case CMD_FIRST:
	case CMD_LAST:
		view_page(nv.nlines, app->whole.h, &nv.top,
		          view_delta(cmd, app->whole.h));
		return 1;
	case CMD_EDIT:
		annot_edit(app);
		return 1;
	case CMD_EDIT_EXTERNAL:
		annot_edit_external(app);
		return 1;
	case CMD_BACK:
	case CMD_NOTE_OPEN:
		nv.open = 0;
		return 1;
	}
	if (key == TK_ESC) {
		nv.open = 0;
		return 1;
	}
	return 0;
}

static const struct view_hint note_hints[] = {
    HINT(EDIT, "edit"),
    HINT(EDIT_EXTERNAL, "editor"),
    HINT(BACK, "close"),
    HINTS_END,
};

const struct view_ops note_ops = {
    .name = "note",
    .scope = SCOPE_NOTES,
    .modal = 1,
    .hints = note_hints,
    .title = note_title,
    .prepare = note_prepare,
    .draw = note_draw,
    .request = note_request,
    .open = note_open,
    .show = note_show,
    .free = note_free,
};
