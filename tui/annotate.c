/*
 * annotate.c: adding, changing and removing glosses and notes where the
 * user reads: a gloss of the selected text (translation, then reading
 * and note, each at the prompt), a free note (quoting the selection, if
 * any), adopting a gloss from another article, editing at the prompt or
 * in $VISUAL/$EDITOR, deleting with a question, and undoing the last
 * delete. Exports annot_add_gloss, annot_add_note, annot_adopt,
 * annot_add_gloss_with, annot_edit, annot_edit_external, annot_delete,
 * annot_undelete and
 * annot_free. Each prompt's struct prompt_ops is below with its
 * callbacks; a gloss's three prompts chain, each opening the next.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli-dict.h"
#include "config.h"
#include "ui.h"

static char label[320];

static const struct prompt_ops trans_ops, reading_ops, reading_offer_ops,
    gloss_note_ops, note_text_ops;


static void drop_draft(struct annot_state *as)
{
	if (as->have_draft)
		glossa_annotation_clear(&as->draft);
	memset(&as->draft, 0, sizeof(as->draft));
	as->have_draft = 0;
	as->editing = 0;
	as->failed = 0;
}

/* Open a new file for a draft: ARCHIVE.unsaved-TIME[-N].txt beside the
 * archive, else in $TMPDIR; its path in *path (allocated). */
static FILE *draft_file(const char *archive, char **path)
{
	const char *tmp = getenv("TMPDIR");
	char stamp[32];
	time_t now = time(NULL);

	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
	for (int where = 0; where < 2; where++) {
		for (int n = 0; n < 100; n++) {
			char suffix[16] = "";
			int fd, ok;

			if (n)
				snprintf(suffix, sizeof(suffix), "-%d", n);
			ok = where == 0
			         ? asprintf(path, "%s.unsaved-%s%s.txt",
			                    archive, stamp, suffix)
			         : asprintf(path, "%s/glossa.unsaved-%s%s.txt",
			                    tmp && *tmp ? tmp : "/tmp", stamp,
			                    suffix);
			if (ok < 0)
				return NULL;
			fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			          0600);
			if (fd >= 0)
				return fdopen(fd, "w");
			free(*path);
			*path = NULL;
			if (errno != EEXIST)
				break;
		}
	}
	return NULL;
}

/*
 * The user gives up a draft that could not be saved (Esc at the prompt
 * that came back): it goes to a file, whose path the status line shows,
 * so that what was typed is never lost.
 */
static void keep_draft(struct app *app, const char *last)
{
	glossa_annotation_t *d = &app->annot.draft;
	char *path = NULL;
	FILE *f = draft_file(app->db_path, &path);
	int ok;

	if (!f) {
		app_message(app, 1, "not saved, and no file could be made "
		                    "for it: %s", strerror(errno));
		return;
	}
	fprintf(f, "Not saved to %s (article %lld)\n\n", app->db_path,
	        (long long)d->article_id);
	fprintf(f, "Kind: %s\nPhrase: %s\nReading: %s\nTranslation: %s\n"
	           "Note:\n%s\n",
	        d->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", d->phrase,
	        d->reading, d->translation, last ? last : d->note);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (ok)
		app_message(app, 1, "not saved; the text is kept in %s", path);
	else
		app_message(app, 1, "not saved, and writing %s failed: %s",
		            path, strerror(errno));
	app_message_fit(app, path);
	free(path);
}

void annot_free(struct annot_state *as)
{
	drop_draft(as);
	if (as->have_deleted)
		glossa_annotation_clear(&as->deleted);
	memset(as, 0, sizeof(*as));
}

/* A new draft of kind for the open article, phrase at pos; 0 or -1. */
static int new_draft(struct app *app, glossa_kind_t kind, const char *phrase,
                     int64_t pos)
{
	glossa_annotation_t n = {.kind = kind, .pos = pos};
	struct annot_state *as = &app->annot;

	drop_draft(as);
	n.article_id = app->art.id;
	n.phrase = (char *)(phrase ? phrase : "");
	n.context_before = n.context_after = n.reading = n.translation = "";
	n.note = n.tags = "";
	if (glossa_annotation_copy(&as->draft, &n) != GLOSSA_OK) {
		app_message(app, 1, "out of memory");
		return -1;
	}
	as->have_draft = 1;
	return 0;
}

/* A short form of s for a label or message: at most max code points. */
static void shorten(char *out, size_t size, const char *s, size_t max)
{
	size_t len = strlen(s), cut = glossa_utf8_offset(s, len, max);

	snprintf(out, size, "%.*s%s", (int)cut, s,
	         cut < len ? "\xe2\x80\xa6" : "");
	str_trim_utf8(out);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
}

static void ask(struct app *app, const struct prompt_ops *ops, const char *fmt,
                const char *what, const char *initial)
{
	char shortw[160];

	shorten(shortw, sizeof(shortw), what ? what : "", 24);
	snprintf(label, sizeof(label), fmt, shortw);
	str_trim_utf8(label);
	prompt_open(app, ops, label, initial);
}

void annot_add_gloss(struct app *app)
{
	int64_t pos;
	char *sel;

	if (!app->art.a)
		return;
	if (app->art.cmode != CM_SELECT) {
		app_message(app, 0,
		            "select the phrase first: c (cursor), v, move, a");
		return;
	}
	if (!(sel = article_selection(app, &pos)) || !*sel) {
		free(sel);
		app_message(app, 0, "nothing selected");
		return;
	}
	if (strchr(sel, '\n')) {
		free(sel);
		app_message(app, 0,
		            "a glossed phrase stays within a paragraph");
		return;
	}
	if (new_draft(app, GLOSSA_KIND_GLOSS, sel, pos) == 0)
		ask(app, &trans_ops, "translation of %s: ", sel, NULL);
	free(sel);
}

void annot_add_note(struct app *app)
{
	int64_t pos = -1;
	char *sel;

	if (!app->art.a)
		return;
	sel = article_selection(app, &pos);
	if (new_draft(app, GLOSSA_KIND_NOTE, sel, sel ? pos : -1) == 0) {
		if (sel && *sel)
			ask(app, &note_text_ops,
			    "note on \xe2\x80\x9c%s\xe2\x80\x9d: ", sel, NULL);
		else
			ask(app, &note_text_ops, "note on the article: %s", "",
			    NULL);
	}
	free(sel);
}

/* After a change to the open article's notes: its view again. */
static void reshow(struct app *app)
{
	glossa_row_t *row = (glossa_row_t *)list_row(app, app->list.cur);

	article_cursor_stop(app);
	article_reload(app);
	if (row && app->art.a && row->id == app->art.id)
		row->n_notes = (int)app->art.a->n_notes;
}

void annot_adopt(struct app *app)
{
	const struct phrase_span *sp = article_cursor_span(app);
	glossa_annotation_t g;
	char shortp[160];

	if (!sp || sp->own) {
		app_message(app, 0,
		            "put the phrase cursor (] or [) on a "
		            "phrase glossed in another article");
		return;
	}
	if (glossa_annotation_copy(&g, sp->g) != GLOSSA_OK) {
		app_message(app, 1, "out of memory");
		return;
	}
	g.id = 0;
	g.article_id = app->art.id;
	g.pos = article_item_pos(app, sp->from);
	g.created = g.modified = 0;
	g.detached = 0;
	shorten(shortp, sizeof(shortp), g.phrase, 24);
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_annotation_add(app->db, &g) != GLOSSA_OK)
		app_message(app, 1, "not adopted: %s",
		            glossa_db_errmsg(app->db));
	else {
		reshow(app);
		app_message(app, 0, "adopted %s \xe2\x80\x94 %s", shortp,
		            g.translation);
	}
	glossa_annotation_clear(&g);
}

/* The annotation under the notes cursor, or NULL (with a message). */
static const glossa_annotation_t *current(struct app *app)
{
	if (!app->art.a || app->notes.cur >= app->art.a->n_notes) {
		app_message(app, 0, "no note here");
		return NULL;
	}
	return &app->art.a->notes[app->notes.cur];
}

/* The draft becomes a copy of the annotation under the notes cursor. */
static const glossa_annotation_t *edit_draft(struct app *app)
{
	const glossa_annotation_t *g = current(app);

	if (!g)
		return NULL;
	drop_draft(&app->annot);
	if (glossa_annotation_copy(&app->annot.draft, g) != GLOSSA_OK) {
		app_message(app, 1, "out of memory");
		return NULL;
	}
	app->annot.have_draft = 1;
	app->annot.editing = 1;
	return g;
}

void annot_edit(struct app *app)
{
	const glossa_annotation_t *g = edit_draft(app);

	if (!g)
		return;
	if (g->kind == GLOSSA_KIND_GLOSS)
		ask(app, &trans_ops, "translation of %s: ", g->phrase,
		    g->translation);
	else
		ask(app, &note_text_ops, "note: %s", "", g->note);
}

/* The stored annotation the draft is a changed copy of, if it is still
 * shown (NULL: it is not, or the draft is new). */
static const glossa_annotation_t *original(const struct app *app)
{
	const struct annot_state *as = &app->annot;

	for (size_t i = 0; as->editing && app->art.a && i < app->art.a->n_notes;
	     i++)
		if (app->art.a->notes[i].id == as->draft.id)
			return &app->art.a->notes[i];
	return NULL;
}

/*
 * Store the draft (a new annotation, or the changed one), unless the
 * archive's file is no longer the one open (deleted or replaced: the
 * write would be lost). On failure the draft stays, and with again (the
 * prompt the text was typed at) that prompt comes back with the text in
 * it, the reason above it: Enter tries again, Esc keeps it in a file.
 * Without again (the text came from the editor) the caller says what
 * happened. A stored annotation accepted as it was is not written (its
 * modification time stays), and the status line says "unchanged".
 */
static glossa_status_t finish(struct app *app, const struct prompt_ops *again)
{
	struct annot_state *as = &app->annot;
	glossa_annotation_t *d = &as->draft;
	char shortp[160];
	glossa_status_t st;
	int editing = as->editing;
	const glossa_annotation_t *o = original(app);

	shorten(shortp, sizeof(shortp),
	        d->kind == GLOSSA_KIND_GLOSS ? d->phrase : d->note, 24);
	/* accepted as it was: nothing to write, and nothing "changed" */
	if (o && !strcmp(o->translation, d->translation) &&
	    !strcmp(o->reading, d->reading) && !strcmp(o->note, d->note)) {
		drop_draft(as);
		app_message(app, 0, "unchanged %s", shortp);
		return GLOSSA_OK;
	}
	st = glossa_db_check_file(app->db);
	app_message(app, 0, "saving\xe2\x80\xa6");
	app_show_status_now(app);
	if (st == GLOSSA_OK)
		st = editing ? glossa_annotation_update(app->db, d)
		             : glossa_annotation_add(app->db, d);
	/* The text moved meanwhile (another glossa imported the article
	 * again): the phrase where it stands now. */
	if (st == GLOSSA_BAD_INPUT && !editing && d->pos >= 0) {
		d->pos = -1;
		st = glossa_annotation_add(app->db, d);
	}
	if (st != GLOSSA_OK) {
		if (!again)
			return st;
		as->failed = 1;
		app_message(
		    app, 1, "not %s (Enter tries again, Esc keeps it in a "
		            "file): %s",
		    editing ? "changed" : "added", glossa_db_errmsg(app->db));
		/* the label is still the one the text was typed after */
		prompt_open(app, again, app->prompt.label, d->note);
		app->prompt.show_status = 1;
		return st;
	}
	drop_draft(as);
	reshow(app);
	app_message(app, 0, "%s %s", editing ? "changed" : "added", shortp);
	return GLOSSA_OK;
}

/* Replace *field with text (taken). */
static void set_field(char **field, char *text)
{
	free(*field);
	*field = text;
}

/* Esc at a prompt of a gloss or note: nothing added or changed; after a
 * failed save, the text goes to a file. */
static void draft_cancel(struct app *app, const char *text)
{
	struct annot_state *as = &app->annot;

	if (as->failed && as->have_draft)
		keep_draft(app, text);
	else
		app_message(app, 0, "%s",
		            as->editing ? "not changed" : "not added");
	drop_draft(as);
}

/* The text typed for a field of the draft (a copy); NULL: out of
 * memory, said, and the draft dropped. */
static char *field_text(struct app *app, const char *text)
{
	char *copy = app->annot.have_draft ? strdup(text) : NULL;

	if (!copy && app->annot.have_draft) {
		app_message(app, 1, "out of memory");
		drop_draft(&app->annot);
	}
	return copy;
}

/*
 * A gloss without a reading: the dictionary's reading of its phrase
 * into the draft, marked derived, for the prompt to offer; 0 when there
 * is none (no dictionary, nothing to read, out of memory).
 */
static int offer_reading(struct app *app, struct annot_state *as)
{
	/* the interface's one dictionary, opened on first use (lookup.c) */
	glossa_dict_t *dict = lookup_dict(app, NULL);
	char *r = NULL;

	if (!dict ||
	    glossa_gloss_reading(dict, as->draft.phrase, &r) !=
	        GLOSSA_OK ||
	    !r[0]) {
		free(r);
		return 0;
	}
	set_field(&as->draft.reading, r);
	as->draft.reading_derived = 1;
	return 1;
}

static void trans_accept(struct app *app, const char *text)
{
	struct annot_state *as = &app->annot;
	char *t;

	if (!*text) {
		app_message(app, 0, "a gloss needs a translation: %s",
		            as->editing ? "not changed" : "not added");
		drop_draft(as);
		return;
	}
	if (!(t = field_text(app, text)))
		return;
	set_field(&as->draft.translation, t);
	if (!as->draft.reading[0] && offer_reading(app, as))
		ask(app, &reading_offer_ops,
		    "reading (the dictionary's)%s: ", "",
		    as->draft.reading);
	else
		ask(app, &reading_ops, "reading (optional)%s: ", "",
		    as->draft.reading);
}

static void reading_accept(struct app *app, const char *text)
{
	struct annot_state *as = &app->annot;
	char *t = field_text(app, text);

	if (!t)
		return;
	/* the reading offered (or stored) accepted as it was keeps its
	 * kind; one typed is the user's */
	if (strcmp(t, as->draft.reading) != 0)
		as->draft.reading_derived = 0;
	set_field(&as->draft.reading, t);
	ask(app, &gloss_note_ops, "note (optional)%s: ", "", as->draft.note);
}

static void gloss_note_accept(struct app *app, const char *text)
{
	char *t = field_text(app, text);

	if (!t)
		return;
	set_field(&app->annot.draft.note, t);
	finish(app, &gloss_note_ops);
}

static void note_text_accept(struct app *app, const char *text)
{
	struct annot_state *as = &app->annot;
	char *t;

	if (!*text) {
		app_message(app, 0, "a note needs a text: %s",
		            as->editing ? "not changed" : "not added");
		drop_draft(as);
		return;
	}
	if (!(t = field_text(app, text)))
		return;
	set_field(&as->draft.note, t);
	finish(app, &note_text_ops);
}

static const struct prompt_ops trans_ops = {trans_accept, draft_cancel, NULL,
                                            0};
static const struct prompt_ops reading_ops = {reading_accept, draft_cancel,
                                              NULL, 0};
/* the dictionary's reading offered: a character typed replaces it */
static const struct prompt_ops reading_offer_ops = {
    reading_accept, draft_cancel, NULL, PROMPT_REPLACE};
static const struct prompt_ops gloss_note_ops = {gloss_note_accept,
                                                 draft_cancel, NULL, 0};
static const struct prompt_ops note_text_ops = {note_text_accept, draft_cancel,
                                                NULL, 0};

/* Gloss phrase (at body code point pos of the open article): the
 * prompts as for a, with translation and reading (either may be NULL)
 * offered to edit. */
void annot_add_gloss_with(struct app *app, const char *phrase, int64_t pos,
                          const char *translation, const char *reading)
{
	char *r;

	if (!app->art.a || !phrase || !*phrase)
		return;
	if (new_draft(app, GLOSSA_KIND_GLOSS, phrase, pos))
		return;
	if (reading && *reading) {
		if (!(r = field_text(app, reading)))
			return;
		set_field(&app->annot.draft.reading, r);
	}
	ask(app, &trans_ops, "translation of %s: ", phrase, translation);
}

static void delete_accept(struct app *app, const char *text)
{
	struct annot_state *as = &app->annot;
	int64_t id = as->draft.id;

	(void)text;
	if (glossa_db_check_file(app->db) != GLOSSA_OK ||
	    glossa_annotation_delete(app->db, id) != GLOSSA_OK) {
		app_message(app, 1, "not deleted: %s",
		            glossa_db_errmsg(app->db));
		drop_draft(as);
		return;
	}
	if (as->have_deleted)
		glossa_annotation_clear(&as->deleted);
	as->deleted = as->draft;
	as->have_deleted = 1;
	as->note_last = 1; /* U brings this one back first */
	memset(&as->draft, 0, sizeof(as->draft));
	as->have_draft = 0;
	as->editing = 0;
	reshow(app);
	app_message(app, 0, "deleted; U brings it back");
}

static void delete_cancel(struct app *app, const char *text)
{
	(void)text;
	app_message(app, 0, "not deleted");
	drop_draft(&app->annot);
}

static const struct prompt_ops delete_ops = {delete_accept, delete_cancel, NULL,
                                             PROMPT_QUESTION};

void annot_delete(struct app *app)
{
	const glossa_annotation_t *g = edit_draft(app);
	char shortp[160], q[400];

	if (!g)
		return;
	shorten(shortp, sizeof(shortp),
	        g->kind == GLOSSA_KIND_GLOSS ? g->phrase : g->note, 24);
	snprintf(q, sizeof(q), "delete the %s %s? (y/n) ",
	         g->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", shortp);
	str_trim_utf8(q);
	prompt_open(app, &delete_ops, q, NULL);
	if (!app->prompt.ops)
		drop_draft(&app->annot);
}

void annot_undelete(struct app *app)
{
	struct annot_state *as = &app->annot;
	glossa_annotation_t *d = &as->deleted;
	glossa_status_t st;

	if (!as->have_deleted) {
		app_message(app, 0, "nothing to undo");
		return;
	}
	if (glossa_db_check_file(app->db) != GLOSSA_OK) {
		app_message(app, 1, "not restored: %s",
		            glossa_db_errmsg(app->db));
		return;
	}
	d->id = 0;
	if (d->detached)
		d->pos = -1;
	/* a gloss that was not in the text comes back as it was (else the
	 * core refuses a gloss of a phrase the text does not hold) */
	if (d->pos < 0 && d->kind == GLOSSA_KIND_GLOSS)
		d->detached = 1;
	st = glossa_annotation_add(app->db, d);
	if (st == GLOSSA_BAD_INPUT && d->pos >= 0) {
		/* the text changed meanwhile: its first occurrence */
		d->pos = -1;
		st = glossa_annotation_add(app->db, d);
	}
	if (st != GLOSSA_OK) {
		app_message(app, 1, "not restored: %s",
		            glossa_db_errmsg(app->db));
		return;
	}
	if (app->art.a && app->art.id == d->article_id)
		reshow(app);
	glossa_annotation_clear(d);
	memset(d, 0, sizeof(*d));
	as->have_deleted = 0;
	as->note_last = 0;
	app_message(app, 0, as->article_deleted
	                        ? "restored; U again brings the article back"
	                        : "restored");
}

/* The whole file at path, NUL-terminated, its trailing newlines cut;
 * NULL if it cannot be read. */
static char *read_back(const char *path, size_t *lenp)
{
	char chunk[4096], *buf = NULL;
	size_t len = 0, got;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *b = realloc(buf, len + got + 1);
		if (!b) {
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = b;
		memcpy(buf + len, chunk, got);
		len += got;
	}
	fclose(f);
	if (!buf && !(buf = strdup("")))
		return NULL;
	buf[len] = 0;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	*lenp = len;
	return buf;
}

/*
 * Write text to a temporary file (its name into path), run set editor,
 * else $VISUAL (else
 * $EDITOR, else vi) on it with the terminal given back, and read it again
 * into *out; the file stays, for the caller to remove once the text is
 * saved. On failure (-1, with a message) the file is removed, unless it
 * holds text the user wrote: an editor that failed after a change, or
 * text that is not UTF-8 is kept, and the message names the file.
 */
static int run_editor(struct app *app, const char *text, char **out, char *path,
                      size_t size)
{
	const char *ed = getenv("VISUAL");
	const char *tmp = getenv("TMPDIR");
	char *cmd = NULL, *buf;
	size_t len = 0;
	int fd, status = -1, ok;
	FILE *f;
	pid_t pid;

	if (*config_str(&config.editor))
		ed = config.editor; /* set editor */
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	snprintf(path, size, "%s/glossa-note-XXXXXX.txt",
	         tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemps(path, 4)) < 0) {
		app_message(app, 1, "cannot make a temporary file: %s",
		            strerror(errno));
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f || fputs(text, f) == EOF || (*text && fputc('\n', f) == EOF) ||
	    fclose(f) == EOF) {
		if (!f)
			close(fd);
		app_message(app, 1, "cannot write %s", path);
		unlink(path);
		return -1;
	}
	if (asprintf(&cmd, "%s \"$1\"", ed) < 0) {
		unlink(path);
		return -1;
	}
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		void (*old)(int) = signal(SIGINT, SIG_IGN);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		signal(SIGINT, old);
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	free(cmd);
	ok = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	buf = read_back(path, &len);
	if (!ok) {
		/* an editor quit with an error (vim's :cq) meant no change;
		 * one that crashed may leave the text just written */
		if (buf && strcmp(buf, text)) {
			app_message(app, 1,
			            "the editor (%s) failed: not changed; the "
			            "text is kept in %s",
			            ed, path);
			app_message_fit(app, path);
		} else {
			app_message(app, 1,
			            "the editor (%s) failed: not changed", ed);
			unlink(path);
		}
		free(buf);
		return -1;
	}
	if (!buf) {
		app_message(app, 1, "cannot read %s: not changed", path);
		app_message_fit(app, path);
		return -1;
	}
	if (glossa_utf8_check(buf, len) != len) {
		app_message(app, 1,
		            "the text is not UTF-8: not changed; it is kept "
		            "in %s",
		            path);
		app_message_fit(app, path);
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

void annot_edit_external(struct app *app)
{
	const glossa_annotation_t *g = edit_draft(app);
	char path[4096], *text;

	if (!g)
		return;
	if (run_editor(app, g->note, &text, path, sizeof(path)) < 0) {
		drop_draft(&app->annot);
		return;
	}
	if (!strcmp(text, g->note)) {
		free(text);
		unlink(path);
		drop_draft(&app->annot);
		app_message(app, 0, "not changed");
		return;
	}
	if (g->kind == GLOSSA_KIND_NOTE && !*text) {
		free(text);
		unlink(path);
		drop_draft(&app->annot);
		app_message(app, 0, "a note needs a text: not changed");
		return;
	}
	set_field(&app->annot.draft.note, text);
	if (finish(app, NULL) != GLOSSA_OK) {
		app_message(app, 1, "not changed: %s; the text is kept in %s",
		            glossa_db_errmsg(app->db), path);
		app_message_fit(app, path);
		drop_draft(&app->annot);
		return;
	}
	unlink(path);
}
