/*
 * export.c: writing a selection of articles and annotations as text,
 * Markdown, Anki TSV or the article file format: the format names, the
 * selection, the stream and the files; each format has its own file
 * (export-text.c, export-anki.c, export-archive.c, export-impl.h).
 *
 * Exported: glossa_format_from_name, glossa_format_name,
 * glossa_export_stream and glossa_export_file (see export.h).
 *
 * Decisions made here:
 * - Annotations come in position order within an article (those without a
 *   position last); a selection of notes is grouped by article, articles
 *   in list order; a selection of articles keeps the order given.
 * - The context of a phrase is its sentence in the body (at the stored
 *   position): bounded by a line break, by 。！？, or by . ! ? followed by
 *   white space (so "2.5" goes on), at most 150 code points on each side,
 *   "…" where cut; else context_before + phrase + context_after.
 * - Text, Markdown and Anki are sanitised. The archive format is data,
 *   not display: glossa_article_format_write() writes the text as stored,
 *   and an article holding controls, invisible characters or escape
 *   sequences is written with "Escapes: yes" and "\u{1B}" escapes, so it comes back
 *   exactly and the file holds nothing a terminal would act on.
 * - Anki: the header adds "#tags column:6"; the translation field also
 *   holds the gloss's note on a second line; tags are the article's and
 *   the annotation's, ';' or ',' separated, spaces made '_'. A field is
 *   quoted when it holds '"' or a line break or starts with '#'.
 * - Archive into a directory: created if missing (one level), one file
 *   per article named "<id, 4 digits or more>-<slug>.txt" (file_name());
 *   each file is written atomically, and an existing one stops the export with
 *   GLOSSA_EXISTS unless force (files written before it stay).
 * - A target that is a symlink, a directory or not a regular file (a
 *   device, a FIFO) is refused, even with force: GLOSSA_BAD_INPUT.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "buf.h"
#include "db.h"
#include "export-impl.h"

/* Articles read per page when exporting everything. */
#define PAGE_SIZE 64

static const char *const format_names[] = {
    [GLOSSA_FORMAT_TEXT] = "text",
    [GLOSSA_FORMAT_MARKDOWN] = "markdown",
    [GLOSSA_FORMAT_ANKI] = "anki",
    [GLOSSA_FORMAT_ARCHIVE] = "archive",
};

int glossa_format_from_name(const char *name, glossa_format_kind_t *out)
{
	static const struct {
		const char *name;
		glossa_format_kind_t kind;
	} names[] = {
	    {"text", GLOSSA_FORMAT_TEXT},
	    {"txt", GLOSSA_FORMAT_TEXT},
	    {"markdown", GLOSSA_FORMAT_MARKDOWN},
	    {"md", GLOSSA_FORMAT_MARKDOWN},
	    {"anki", GLOSSA_FORMAT_ANKI},
	    {"tsv", GLOSSA_FORMAT_ANKI},
	    {"archive", GLOSSA_FORMAT_ARCHIVE},
	};

	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].kind;
			return 0;
		}
	}
	return -1;
}

const char *glossa_format_name(glossa_format_kind_t format)
{
	if ((unsigned)format < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[format];
	return "unknown";
}

/* --- Output ---------------------------------------------------------- */

void out_write(struct out *o, const char *s, size_t n)
{
	if (o->err || n == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, n, o->f) != n)
		o->err = errno ? errno : EIO;
}

void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

/* Flush o and report its first error as a status with a message naming
 * what (a path, or "the export"). */
static glossa_status_t out_finish(glossa_db_t *db, struct out *o,
                                  const char *what)
{
	if (!o->err) {
		errno = 0;
		if (fflush(o->f) != 0 || ferror(o->f))
			o->err = errno ? errno : EIO;
	}
	if (!o->err)
		return GLOSSA_OK;
	if (o->err == ENOSPC || o->err == EDQUOT) {
		return glossa_db_error(db, GLOSSA_FULL,
		                       "disk full writing %s", what);
	}
	return glossa_db_error(db, GLOSSA_IO,
	                       "cannot write %s: %s", what, strerror(o->err));
}

/* --- Files ----------------------------------------------------------- */

/*
 * Write a file at path atomically (atomic.h): into a temporary file
 * beside it, flushed and synced, then given its name. On failure the
 * temporary file is removed and path is untouched.
 */
glossa_status_t write_atomic(glossa_db_t *db, const char *path,
                                    int force, writer_fn fn, void *arg)
{
	glossa_status_t st;
	char *tmp;
	FILE *f;
	int fd, err = 0;

	if ((st = glossa_atomic_check(db, path, force)) != GLOSSA_OK ||
	    (st = glossa_atomic_begin(db, path, &tmp, &fd)) != GLOSSA_OK)
		return st;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		glossa_atomic_discard(tmp);
		return glossa_db_error(db, GLOSSA_NOMEM,
		                       "exporting: out of memory");
	}
	st = fn(f, arg, path);
	if (st == GLOSSA_OK) {
		errno = 0;
		if (fflush(f) != 0 || ferror(f) || fsync(fd) != 0)
			err = errno ? errno : EIO;
	}
	if (fclose(f) != 0 && st == GLOSSA_OK && !err)
		err = errno ? errno : EIO;
	if (st == GLOSSA_OK && err) {
		if (err == ENOSPC || err == EDQUOT) {
			st = glossa_db_error(db, GLOSSA_FULL,
			                     "disk full writing %s", path);
		} else {
			st = glossa_db_error(db, GLOSSA_IO,
			                     "cannot write %s: %s", path,
			                     strerror(err));
		}
	}
	if (st != GLOSSA_OK) {
		glossa_atomic_discard(tmp);
		return st;
	}
	return glossa_atomic_commit(db, tmp, path, force);
}

/* --- Selection ------------------------------------------------------- */

static int cmp_notes(const void *pa, const void *pb)
{
	const glossa_annotation_t *a = *(glossa_annotation_t *const *)pa;
	const glossa_annotation_t *b = *(glossa_annotation_t *const *)pb;
	int64_t ka = a->pos < 0 ? INT64_MAX : a->pos;
	int64_t kb = b->pos < 0 ? INT64_MAX : b->pos;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int cmp_ids(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return (a > b) - (a < b);
}

/*
 * Anki's file headers: a note type and deck (the file imports with no
 * choice to make; both can be changed in Anki's import dialog), the GUID
 * column (a gloss exported again updates its note), and columns that a
 * Basic note (Front, Back) maps as they are, the tags after them, then
 * the context and source, which only a note type of the user's takes
 * (export-anki.c). One deck, "glossa", not one per source: a source is
 * a feed, and the article's tags say more.
 */
#define ANKI_HEADER                                                     \
	"#separator:tab\n#html:false\n#notetype:Basic\n#deck:glossa\n"     \
	"#guid column:1\n#tags column:4\n"                                  \
	"#columns:guid\tFront\tBack\ttags\tcontext\tsource\n"

/*
 * Write one article with its annotations in position order: all of them
 * when ids is NULL, else those whose id is in the sorted ids.
 */
static glossa_status_t export_article(struct exp *x, int64_t id,
                                      const int64_t *ids, size_t n_ids)
{
	glossa_article_t *a;
	glossa_annotation_t **sel = NULL;
	glossa_status_t st;
	size_t n = 0;

	if (x->db->interrupt && x->db->interrupt(x->db->interrupt_arg)) {
		return glossa_db_error(x->db, GLOSSA_INTERRUPTED,
		                       "export interrupted");
	}
	if ((st = glossa_article_get(x->db, id, &a)) != GLOSSA_OK)
		return st;
	if (a->n_notes && !(sel = malloc(a->n_notes * sizeof(*sel)))) {
		glossa_article_free(a);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < a->n_notes; i++) {
		if (!ids ||
		    bsearch(&a->notes[i].id, ids, n_ids, sizeof(*ids), cmp_ids))
			sel[n++] = &a->notes[i];
	}
	if (n > 1)
		qsort(sel, n, sizeof(*sel), cmp_notes);
	if (x->skip_bare) {
		/* Anki writes a row per annotation with a phrase only */
		size_t rows = 0;
		for (size_t i = 0; i < n; i++)
			rows += x->format != GLOSSA_FORMAT_ANKI ||
				sel[i]->phrase[0];
		if (!rows) {
			free(sel);
			glossa_article_free(a);
			return GLOSSA_OK;
		}
	}
	/* Anki's header before the first article: nothing written when
	 * there is nothing to export */
	if (x->format == GLOSSA_FORMAT_ANKI && x->o && !x->header) {
		out_puts(x->o, ANKI_HEADER);
		x->header = 1;
	}
	switch (x->format) {
	case GLOSSA_FORMAT_TEXT:
		st = write_text(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_MARKDOWN:
		st = write_markdown(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_ANKI:
		st = write_anki(x, a, sel, n);
		break;
	case GLOSSA_FORMAT_ARCHIVE:
		st = write_archive(x, a, sel, n);
		break;
	}
	if (st == GLOSSA_OK)
		x->n_articles++;
	free(sel);
	glossa_article_free(a);
	return st;
}

/* Every article in list order, a page at a time. */
static glossa_status_t export_all(struct exp *x)
{
	glossa_page_t page = {0};
	glossa_key_t key = {0};
	char *date = NULL;
	glossa_status_t st;

	for (;;) {
		st =
		    glossa_list(x->db, date ? &key : NULL, 0, PAGE_SIZE, &page);
		if (st != GLOSSA_OK || page.n == 0)
			break;
		for (size_t i = 0; i < page.n && st == GLOSSA_OK; i++)
			st = export_article(x, page.rows[i].id, NULL, 0);
		free(date);
		date = strdup(page.rows[page.n - 1].date);
		key.date = date;
		key.id = page.rows[page.n - 1].id;
		glossa_page_clear(&page);
		if (st == GLOSSA_OK && !date)
			st = GLOSSA_NOMEM;
		if (st != GLOSSA_OK)
			break;
	}
	glossa_page_clear(&page);
	free(date);
	return st;
}

/* The articles the query finds, in rank order. */
static glossa_status_t export_query(struct exp *x, const char *query)
{
	glossa_page_t page = {0};
	glossa_status_t st;

	st = glossa_search(x->db, query ? query : "", 0, 0, &page, NULL);
	for (size_t i = 0; i < page.n && st == GLOSSA_OK; i++)
		st = export_article(x, page.rows[i].id, NULL, 0);
	glossa_page_clear(&page);
	return st;
}

/* GLOSSA_OK when the article exists, else NOT_FOUND with a message. */
static glossa_status_t article_exists(glossa_db_t *db, int64_t id)
{
	glossa_status_t st;
	sqlite3_stmt *stmt =
	    glossa_db_prepare(db, "SELECT 1 FROM article WHERE id = ?", &st);
	int rc;

	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return GLOSSA_OK;
	if (rc == SQLITE_DONE) {
		return glossa_db_error(db, GLOSSA_NOT_FOUND,
		                       "no article with id %" PRId64, id);
	}
	return glossa_db_fail(db, rc, "reading an article");
}

/* The given articles in the order given (each once), checked first so
 * that an unknown id writes nothing. */
static glossa_status_t export_articles(struct exp *x, const int64_t *ids,
                                       size_t n)
{
	glossa_status_t st = GLOSSA_OK;

	for (size_t i = 0; i < n && st == GLOSSA_OK; i++)
		st = article_exists(x->db, ids[i]);
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		size_t j = 0;

		while (j < i && ids[j] != ids[i])
			j++;
		if (j == i)
			st = export_article(x, ids[i], NULL, 0);
	}
	return st;
}

struct picked {
	int64_t article, note, pos;
};

static int cmp_picked(const void *pa, const void *pb)
{
	const struct picked *a = pa, *b = pb;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	if (a->article != b->article)
		return a->article < b->article ? -1 : 1;
	return (a->note > b->note) - (a->note < b->note);
}

/* The given annotations grouped by article, articles in list order. */
static glossa_status_t export_notes(struct exp *x, const int64_t *ids, size_t n)
{
	struct picked *p;
	int64_t *group = NULL;
	glossa_status_t st = GLOSSA_OK;

	if (n == 0)
		return GLOSSA_OK;
	if (!(p = calloc(n, sizeof(*p))) ||
	    !(group = calloc(n, sizeof(*group)))) {
		free(p);
		return GLOSSA_NOMEM;
	}
	for (size_t i = 0; i < n && st == GLOSSA_OK; i++) {
		glossa_annotation_t note = {0};

		st = glossa_annotation_get(x->db, ids[i], &note);
		if (st == GLOSSA_NOT_FOUND)
			glossa_db_error(x->db, st, "no note with id %" PRId64,
			                ids[i]);
		if (st != GLOSSA_OK)
			break;
		p[i].article = note.article_id;
		p[i].note = ids[i];
		glossa_annotation_clear(&note);
		st = glossa_list_position(x->db, p[i].article, &p[i].pos);
	}
	if (st == GLOSSA_OK)
		qsort(p, n, sizeof(*p), cmp_picked);
	for (size_t i = 0; i < n && st == GLOSSA_OK;) {
		size_t j = i, k = 0;

		for (; j < n && p[j].article == p[i].article; j++)
			group[k++] = p[j].note; /* sorted by cmp_picked */
		st = export_article(x, p[i].article, group, k);
		i = j;
	}
	free(group);
	free(p);
	return st;
}

/* Export the selection; GLOSSA_NOT_FOUND when that wrote nothing. */
static glossa_status_t run(struct exp *x, const glossa_selection_t *sel)
{
	glossa_status_t st;

	/* All or a query, in the formats of notes: the articles with notes
	 * (a list of nothing helps nobody). The archive format takes every
	 * article: it is for moving or keeping the archive. */
	x->skip_bare = (sel->kind == GLOSSA_SELECT_ALL ||
			sel->kind == GLOSSA_SELECT_QUERY) &&
		       x->format != GLOSSA_FORMAT_ARCHIVE;
	switch (sel->kind) {
	case GLOSSA_SELECT_ALL:
		st = export_all(x);
		break;
	case GLOSSA_SELECT_NOTES:
		st = export_notes(x, sel->ids, sel->n_ids);
		break;
	case GLOSSA_SELECT_ARTICLES:
		st = export_articles(x, sel->ids, sel->n_ids);
		break;
	case GLOSSA_SELECT_QUERY:
		st = export_query(x, sel->query);
		break;
	default:
		return glossa_db_error(x->db, GLOSSA_ERROR,
		                       "unknown selection");
	}
	if (st == GLOSSA_OK && x->n_articles == 0) {
		st = glossa_db_error(x->db, GLOSSA_NOT_FOUND,
		                     "nothing to export");
	}
	return st;
}

static glossa_status_t check_format(glossa_db_t *db,
                                    glossa_format_kind_t format)
{
	if ((unsigned)format <= GLOSSA_FORMAT_ARCHIVE)
		return GLOSSA_OK;
	return glossa_db_error(db, GLOSSA_BAD_INPUT,
	                       "unknown export format %d", (int)format);
}

static glossa_status_t export_to(glossa_db_t *db, const glossa_selection_t *sel,
                                 glossa_format_kind_t format, FILE *f,
                                 const char *what, size_t *count)
{
	struct out o = {f, 0};
	struct exp x = {db, format, &o, NULL, 0, 0, 0, 0, 0};
	glossa_status_t st;

	st = run(&x, sel);
	/* most of the formatting has no handle to say it */
	if (st == GLOSSA_NOMEM)
		glossa_db_error(db, st, "exporting: out of memory");
	if (st == GLOSSA_OK)
		st = out_finish(db, &o, what);
	if (count)
		*count = st == GLOSSA_OK ? x.count : 0;
	return st;
}

glossa_status_t glossa_export_stream(glossa_db_t *db,
                                     const glossa_selection_t *sel,
                                     glossa_format_kind_t format, FILE *out,
                                     size_t *count)
{
	glossa_status_t st;

	if (count)
		*count = 0;
	if ((st = check_format(db, format)) != GLOSSA_OK)
		return st;
	return export_to(db, sel, format, out, "the export", count);
}

struct to_file {
	glossa_db_t *db;
	const glossa_selection_t *sel;
	glossa_format_kind_t format;
	size_t count;
};

static glossa_status_t write_export(FILE *f, void *arg, const char *path)
{
	struct to_file *t = arg;

	return export_to(t->db, t->sel, t->format, f, path, &t->count);
}

/* Make the directory of an archive export (one level; *created says so),
 * or check that it is one. */
static glossa_status_t make_dir(glossa_db_t *db, const char *path,
                                int *created)
{
	struct stat st;

	*created = 0;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT && mkdir(path, 0777) == 0) {
			*created = 1;
			return GLOSSA_OK;
		}
		return glossa_db_error(db, errno == ENOSPC ? GLOSSA_FULL
		                                           : GLOSSA_IO,
		                       "cannot create the directory %s: %s",
		                       path, strerror(errno));
	}
	if (S_ISLNK(st.st_mode)) {
		return glossa_db_error(
		    db, GLOSSA_BAD_INPUT,
		    "%s is a symbolic link; not following it", path);
	}
	if (!S_ISDIR(st.st_mode)) {
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
		                       "%s is not a directory", path);
	}
	return GLOSSA_OK;
}

/* Remove a directory this export created, with the files it wrote in
 * it (after a failure or an interruption: no half-filled directory). */
static void remove_dir(const char *path)
{
	struct dirent *e;
	DIR *d = opendir(path);

	if (d) {
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(dirfd(d), e->d_name, 0);
		closedir(d);
	}
	rmdir(path);
}

glossa_status_t glossa_export_file(glossa_db_t *db,
                                   const glossa_selection_t *sel,
                                   glossa_format_kind_t format,
                                   const char *path, int force, size_t *count)
{
	glossa_status_t st;

	if (count)
		*count = 0;
	if ((st = check_format(db, format)) != GLOSSA_OK)
		return st;
	if (format == GLOSSA_FORMAT_ARCHIVE) {
		struct exp x = {db, format, NULL, path, force, 0, 0, 0, 0};
		int created;

		if ((st = make_dir(db, path, &created)) != GLOSSA_OK)
			return st;
		st = run(&x, sel);
		if (st != GLOSSA_OK && created)
			remove_dir(path);
		if (count && st == GLOSSA_OK)
			*count = x.count;
		return st;
	} else {
		struct to_file t = {db, sel, format, 0};

		st = write_atomic(db, path, force, write_export, &t);
		if (count && st == GLOSSA_OK)
			*count = t.count;
		return st;
	}
}
