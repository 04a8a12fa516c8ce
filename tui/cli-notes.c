/*
 * cli-notes.c: show, notes, gloss, note, edit and unannotate.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli-internal.h"
#include "glossa/glossa.h"
#include "cli-poison.h"

/* --- show and notes -------------------------------------------------- */

/* Text of several lines: each line after the first on a line of its
 * own, indented under the entry (never a ^J). */
static void put_note_lines(const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n'))) {
		char *line = strndup(s, (size_t)(nl - s));
		if (line)
			put(line);
		free(line);
		out("\n    ");
		s = nl + 1;
	}
	put(s);
}

/* Print one annotation for people. */
static void print_note(const glossa_annotation_t *n)
{
	out("[%" PRId64 "] ", n->id);
	if (n->kind == GLOSSA_KIND_GLOSS) {
		put(n->phrase);
		if (n->reading[0]) {
			out(" (");
			put(n->reading);
			out(")");
		}
		out(" — ");
		put_note_lines(n->translation);
		if (n->note[0]) {
			out(": ");
			put_note_lines(n->note);
		}
	} else {
		out("note: ");
		put_note_lines(n->note);
		if (n->phrase[0]) {
			out(" (on “");
			put(n->phrase);
			out("”)");
		}
	}
	if (n->detached)
		out(" [detached]");
	else if (n->phrase[0] && n->pos < 0)
		out(" [not in the text]");
	out("\n");
}

int cmd_show(const char *db_path, int argc, char **argv)
{
	glossa_article_t *a;
	glossa_db_t *db;
	int64_t id;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first != 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	if (glossa_article_get(db, id, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	const struct {
		const char *name, *value;
	} fields[] = {
		{"Title", a->title}, {"Source", a->source},
		{"Author", a->author}, {"Date", a->date},
		{"URL", a->url},     {"Language", a->language},
		{"Tags", a->tags},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!fields[i].value[0])
			continue;
		out("%s: ", fields[i].name);
		put(fields[i].value);
		out("\n");
	}
	for (size_t i = 0; i < a->n_extra; i++) {
		put(a->extra[i].name);
		out(": ");
		put(a->extra[i].value);
		out("\n");
	}
	if (a->n_notes) {
		out("\nNotes (%zu):\n", a->n_notes);
		for (size_t i = 0; i < a->n_notes; i++) {
			out("  ");
			print_note(&a->notes[i]);
		}
	}
	out("\n");
	put(a->body);
	if (a->body[0] && a->body[strlen(a->body) - 1] != '\n')
		out("\n");
	glossa_article_free(a);
	glossa_db_close(db);
	return finish_output(status);
}

/* Keep only the marked ones of the n notes (in their order); *n is
 * how many are left. */
static glossa_status_t marked_only(glossa_db_t *db, glossa_annotation_t *notes,
				   size_t *n)
{
	int64_t *ids;
	size_t nm, kept = 0;
	glossa_status_t st = glossa_marked(db, &ids, &nm);

	if (st != GLOSSA_OK)
		return st;
	for (size_t i = 0; i < *n; i++) {
		size_t k;
		for (k = 0; k < nm && ids[k] != notes[i].id; k++)
			;
		if (k == nm) {
			glossa_annotation_clear(&notes[i]);
			continue;
		}
		notes[kept++] = notes[i];
	}
	/* the ones cleared or moved are not freed twice */
	for (size_t i = kept; i < *n; i++)
		memset(&notes[i], 0, sizeof(notes[i]));
	*n = kept;
	free(ids);
	return GLOSSA_OK;
}

int cmd_notes(const char *db_path, int argc, char **argv)
{
	struct list_options o = {.marked_ok = 1};
	glossa_annotation_t *notes;
	glossa_db_t *db;
	int64_t id = 0;
	size_t n;
	int status = EXIT_OK, first;

	if ((first = parse_list_options(argc, argv, &o, &status)) < 0)
		return status;
	if (argc - first > 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (argc - first == 1 && parse_id(argv[first], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, GLOSSA_OPEN_READONLY)))
		return EXIT_ERROR;
	if (id) {
		glossa_article_t *a;
		if (glossa_article_get(db, id, &a) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			glossa_db_close(db);
			return EXIT_ERROR;
		}
		glossa_article_free(a);
	}
	if (glossa_annotations_list(db, id, &notes, &n) != GLOSSA_OK ||
	    (o.marked && marked_only(db, notes, &n) != GLOSSA_OK)) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		const glossa_annotation_t *a = &notes[i];
		if (o.tsv) {
			out("%" PRId64 "\t%" PRId64 "\t%s\t%" PRId64 "\t",
			    a->id, a->article_id,
			    a->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
			    a->pos);
			const char *f[] = {a->phrase,	      a->reading,
					   a->translation,    a->note,
					   a->context_before, a->context_after};
			for (int k = 0; k < 6; k++) {
				put_tsv(f[k]);
				out("\t");
			}
			out("%d\n", a->detached);
		} else {
			if (!id)
				out("article %" PRId64 " ", a->article_id);
			print_note(a);
		}
	}
	glossa_annotations_free(notes, n);
	glossa_db_close(db);
	return finish_output(status);
}

/* --- gloss and note -------------------------------------------------- */

/* Add an annotation from the command line and say its id. */
static int add_annotation(const char *db_path, glossa_annotation_t *n)
{
	glossa_status_t st;
	glossa_db_t *db;
	int64_t pos;
	int status = EXIT_OK;

	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	st = glossa_annotation_add(db, n);
	if (st == GLOSSA_EXISTS && n->id) {
		err("glossa: %s; to change it: glossa edit %" PRId64 "\n",
		    glossa_db_errmsg(db), n->id);
		status = EXIT_ERROR;
	} else if (st == GLOSSA_NOT_FOUND && n->kind == GLOSSA_KIND_GLOSS &&
		   n->phrase[0] && !n->detached &&
		   glossa_list_position(db, n->article_id, &pos) == GLOSSA_OK) {
		/* the article is there: the phrase is not (the message
		 * of glossa_annotation_add() stays the one shown) */
		err("glossa: %s; nothing added (--detached keeps it "
		    "anyway)\n",
		    glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else if (st != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	} else {
		out("added %s %" PRId64 " to article %" PRId64 "\n",
		    n->kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", n->id,
		    n->article_id);
		if (n->phrase[0] && n->pos < 0)
			err("glossa: the phrase is not in the article's "
			    "text: kept detached\n");
	}
	glossa_db_close(db);
	return finish_output(status);
}

int cmd_gloss(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"detached", no_argument, NULL, 'D'},
		{"reading", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	glossa_annotation_t n = {.kind = GLOSSA_KIND_GLOSS, .pos = -1};
	const char *reading = "";
	char *derived = NULL;
	int first, c, status;

	optind = 0; /* 0: glibc starts over, also its ordering mode */
	while ((c = cli_getopt(argc, argv, "+Dr:h", options)) != -1) {
		if (c == 'D')
			n.detached = 1;
		else if (c == 'r')
			reading = optarg;
		else
			return c == 'h' ? usage_of(argv[0], stdout, EXIT_OK)
					: usage_of(argv[0], stderr, EXIT_USAGE);
	}
	first = optind;
	if (argc - first < 3 || argc - first > 4)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &n.article_id) < 0)
		return EXIT_USAGE;
	n.phrase = argv[first + 1];
	n.translation = argv[first + 2];
	n.note = argc - first == 4 ? argv[first + 3] : "";
	n.context_before = n.context_after = n.tags = "";
	/* the reading typed, else the dictionary's, stored as derived */
	n.reading = (char *)reading;
	if (!reading[0] && (derived = cli_gloss_reading(n.phrase))) {
		n.reading = derived;
		n.reading_derived = 1;
	}
	status = add_annotation(db_path, &n);
	if (status == EXIT_OK && derived)
		out("reading (the dictionary's): %s\n", derived);
	free(derived);
	return status == EXIT_OK ? finish_output(status) : status;
}

int cmd_note(const char *db_path, int argc, char **argv)
{
	glossa_annotation_t n = {.kind = GLOSSA_KIND_NOTE, .pos = -1};
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first != 2)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[first], &n.article_id) < 0)
		return EXIT_USAGE;
	n.note = argv[first + 1];
	n.phrase = n.context_before = n.context_after = "";
	n.reading = n.translation = n.tags = "";
	return add_annotation(db_path, &n);
}

/* --- edit, unannotate ------------------------------------------------ */

int cmd_edit(const char *db_path, int argc, char **argv)
{
	static const struct option options[] = {
		{"translation", required_argument, NULL, 't'},
		{"reading", required_argument, NULL, 'r'},
		{"note", required_argument, NULL, 'n'},
		{"tags", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *set[4] = {NULL, NULL, NULL, NULL}; /* t, r, n, g */
	glossa_annotation_t a;
	glossa_db_t *db;
	int64_t id;
	int c, status = EXIT_OK, any = 0;

	optind = 0;
	while ((c = cli_getopt(argc, argv, "t:r:n:g:h", options)) !=
	       -1) {
		const char *which = strchr("trng", c);
		if (c == 'h')
			return usage_of(argv[0], stdout, EXIT_OK);
		if (!which || c == 0)
			return usage_of(argv[0], stderr, EXIT_USAGE);
		set[which - "trng"] = optarg;
		any = 1;
	}
	if (argc - optind != 1 || !any)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	if (parse_id(argv[optind], &id) < 0)
		return EXIT_USAGE;
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	if (glossa_annotation_get(db, id, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		glossa_db_close(db);
		return EXIT_ERROR;
	}
	char **field[4] = {&a.translation, &a.reading, &a.note, &a.tags};
	/* a reading given makes a derived one typed: a change too */
	int changed = set[1] && a.reading_derived;
	for (int i = 0; i < 4 && status == EXIT_OK; i++) {
		char *v;
		if (!set[i] || !strcmp(set[i], *field[i] ? *field[i] : ""))
			continue;
		changed = 1;
		if (!(v = strdup(set[i])))
			status = EXIT_ERROR;
		else {
			free(*field[i]);
			*field[i] = v;
		}
	}
	if (set[1])
		a.reading_derived = 0; /* a reading given is typed */
	if (status == EXIT_OK &&
	    ((a.kind == GLOSSA_KIND_GLOSS && !a.translation[0]) ||
	     (a.kind == GLOSSA_KIND_NOTE && !a.note[0]))) {
		err("glossa: a %s needs %s\n",
	    a.kind == GLOSSA_KIND_GLOSS ? "gloss" : "note",
	    a.kind == GLOSSA_KIND_GLOSS ? "a translation"
					: "a text");
		status = EXIT_USAGE;
	}
	if (status == EXIT_OK && changed &&
	    glossa_annotation_update(db, &a) != GLOSSA_OK) {
		err("glossa: %s\n", glossa_db_errmsg(db));
		status = EXIT_ERROR;
	}
	/* as the interface says it: nothing written when nothing changed */
	if (status == EXIT_OK)
		out("%s %s %" PRId64 "\n", changed ? "changed" : "unchanged:",
		    a.kind == GLOSSA_KIND_GLOSS ? "gloss" : "note", id);
	glossa_annotation_clear(&a);
	glossa_db_close(db);
	return finish_output(status);
}

int cmd_unannotate(const char *db_path, int argc, char **argv)
{
	glossa_db_t *db;
	int status = EXIT_OK, first;

	if ((first = parse_no_options(argc, argv, &status)) < 0)
		return status;
	if (argc - first < 1)
		return usage_of(argv[0], stderr, EXIT_USAGE);
	for (int i = first; i < argc; i++) {
		int64_t id;
		if (parse_id(argv[i], &id) < 0)
			return EXIT_USAGE;
	}
	if (!(db = open_db(db_path, 0)))
		return EXIT_ERROR;
	for (int i = first; i < argc; i++) {
		int64_t id;
		parse_id(argv[i], &id);
		if (glossa_annotation_delete(db, id) != GLOSSA_OK) {
			err("glossa: %s\n", glossa_db_errmsg(db));
			status = EXIT_ERROR;
		} else {
			out("deleted %" PRId64 "\n", id);
		}
	}
	glossa_db_close(db);
	return finish_output(status);
}
