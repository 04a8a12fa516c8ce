/*
 * manage.c: managing articles: bringing back the last deleted one,
 * correcting an article's header (kept across re-imports), the marked
 * notes, and the unread count.
 *
 * Exported: glossa_article_undelete, glossa_article_set,
 * glossa_article_field_ok, glossa_mark_set, glossa_marked,
 * glossa_count_unread, and glossa_article_keep and
 * glossa_overrides_apply of db.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "db.h"

/*
 * The last deleted article lives in TEMP tables of the connection, the
 * rows of every table that holds something of it, as they were: it is
 * gone for good when the handle closes (glossa exits). Each table with
 * the column naming the article, and its gone_ copy.
 */
static const struct {
	const char *table;
	const char *column; /* the article's id, or its annotation's */
} kept[] = {
	{"article", "id"},
	{"article_field", "article_id"},
	{"annotation", "article_id"},
	{"annotation_gone", "article_id"},
	{"article_override", "article_id"},
	{"annotation_mark", NULL}, /* by its annotation */
};
#define N_KEPT (sizeof(kept) / sizeof(kept[0]))

glossa_status_t glossa_article_keep(glossa_db_t *db, int64_t id)
{
	char sql[512];
	glossa_status_t st;

	for (size_t i = 0; i < N_KEPT; i++) {
		snprintf(sql, sizeof(sql),
			 "CREATE TEMP TABLE IF NOT EXISTS gone_%s AS"
			 " SELECT * FROM main.%s WHERE 0;"
			 "DELETE FROM temp.gone_%s",
			 kept[i].table, kept[i].table, kept[i].table);
		if ((st = glossa_db_exec(db, sql)) != GLOSSA_OK)
			return st;
		if (kept[i].column)
			snprintf(sql, sizeof(sql),
				 "INSERT INTO temp.gone_%s SELECT * FROM"
				 " main.%s WHERE %s = ?1",
				 kept[i].table, kept[i].table, kept[i].column);
		else
			snprintf(sql, sizeof(sql),
				 "INSERT INTO temp.gone_annotation_mark"
				 " SELECT m.* FROM main.annotation_mark m"
				 " JOIN main.annotation n ON n.id ="
				 " m.annotation_id WHERE n.article_id = ?1");
		if ((st = glossa_db_run_id(db, sql, id, "keeping a copy")))
			return st;
	}
	return GLOSSA_OK;
}

/* One integer from sql with ?1 = id; 0 when there is no row. */
static glossa_status_t one_int(glossa_db_t *db, const char *sql, int64_t id,
			       int64_t *out)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(db, sql, &st);
	int rc;

	*out = 0;
	if (!stmt)
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading the archive");
	sqlite3_finalize(stmt);
	return st;
}

/*
 * Give the kept article and its annotations ids that are free now (an
 * import or a note added since may have taken theirs: ids are reused
 * after the highest is deleted): the ones taken get new ones above every
 * id in use. The article's id is *id, updated.
 */
static glossa_status_t free_ids(glossa_db_t *db, int64_t *id)
{
	glossa_status_t st;
	int64_t taken, base;

	if ((st = one_int(db, "SELECT count(*) FROM main.article"
			      " WHERE id = ?1", *id, &taken)))
		return st;
	if (taken) {
		if ((st = one_int(db, "SELECT max(id) + 1 FROM main.article",
				  0, &base)))
			return st;
		static const char *const moves[] = {
			"UPDATE temp.gone_article SET id = ?2",
			"UPDATE temp.gone_article_field SET article_id = ?2",
			"UPDATE temp.gone_annotation SET article_id = ?2",
			"UPDATE temp.gone_annotation_gone SET article_id = ?2",
			"UPDATE temp.gone_article_override SET article_id = ?2",
		};
		for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
			if ((st = glossa_db_write_id(db, moves[i], 0, base,
						     "restoring an article")) &&
			    st != GLOSSA_NOT_FOUND)
				return st;
		*id = base;
	}
	return glossa_db_exec(
		db,
		"CREATE TEMP TABLE IF NOT EXISTS gone_map"
		"  (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
		"DELETE FROM temp.gone_map;"
		"INSERT INTO temp.gone_map SELECT id, (SELECT max(m) FROM"
		"  (SELECT max(id) AS m FROM main.annotation UNION ALL"
		"   SELECT max(id) FROM temp.gone_annotation))"
		"  + row_number() OVER (ORDER BY id)"
		"  FROM temp.gone_annotation"
		"  WHERE id IN (SELECT id FROM main.annotation);"
		"UPDATE temp.gone_annotation SET id = (SELECT new FROM"
		"  temp.gone_map WHERE old = id)"
		"  WHERE id IN (SELECT old FROM temp.gone_map);"
		"UPDATE temp.gone_annotation_mark SET annotation_id = (SELECT"
		"  new FROM temp.gone_map WHERE old = annotation_id)"
		"  WHERE annotation_id IN (SELECT old FROM temp.gone_map);");
}

glossa_status_t glossa_article_undelete(glossa_db_t *db, int64_t *id)
{
	glossa_status_t st;
	char sql[256];
	int64_t old = 0, clash = 0;

	*id = 0;
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	/* no article deleted yet: the table is not there either */
	st = one_int(db, "SELECT count(*) FROM temp.sqlite_master"
			 " WHERE name = 'gone_article'", 0, &old);
	if (st == GLOSSA_OK && old)
		st = one_int(db, "SELECT id FROM temp.gone_article", 0, &old);
	if (st == GLOSSA_OK && !old)
		st = glossa_db_error(db, GLOSSA_NOT_FOUND,
				     "no deleted article to bring back");
	/* the same file imported again meanwhile is that article again */
	if (st == GLOSSA_OK &&
	    (st = one_int(db, "SELECT a.id FROM main.article a,"
			      " temp.gone_article g WHERE a.origin ="
			      " g.origin AND substr(g.origin, 1, 1) = '/' LIMIT 1", 0,
			  &clash)) == GLOSSA_OK && clash)
		st = glossa_db_error(db, GLOSSA_EXISTS,
				     "its file was imported again meanwhile,"
				     " as article %lld", (long long)clash);
	if (st == GLOSSA_OK) {
		*id = old;
		st = free_ids(db, id);
	}
	for (size_t i = 0; st == GLOSSA_OK && i < N_KEPT; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO main.%s SELECT * FROM temp.gone_%s;"
			 "DELETE FROM temp.gone_%s",
			 kept[i].table, kept[i].table, kept[i].table);
		st = glossa_db_exec(db, sql);
	}
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, *id, 1);
	if (st == GLOSSA_OK)
		st = glossa_fts_notes(db, GLOSSA_FTS_ARTICLE_NOTES, *id, 1);
	if (st == GLOSSA_OK) {
		glossa_db_count_add(db, 1);
		if ((st = glossa_db_commit(db)) == GLOSSA_OK)
			return GLOSSA_OK;
	}
	glossa_db_rollback(db);
	*id = 0;
	return st;
}

static const char *const fields[] = {"title", "source", "author",
				     "date",  "tags",   "url"};

int glossa_article_field_ok(const char *name)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(name, fields[i]) == 0)
			return 1;
	return 0;
}

/* Check one correction before anything is written. */
static glossa_status_t check_field(glossa_db_t *db, const glossa_field_t *f)
{
	char iso[GLOSSA_DATE_MAX];
	const char *why = NULL;
	const char *v = f->value ? f->value : "";

	if (!f->name || !glossa_article_field_ok(f->name))
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s: no such field (title, source,"
				       " author, date, tags, url)",
				       f->name ? f->name : "");
	if (strcmp(f->name, "title") == 0 && !v[strspn(v, " \t")])
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "an article needs a title");
	if (strchr(v, '\n') || strchr(v, '\r'))
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s: one line only", f->name);
	if (strcmp(f->name, "date") == 0 && *v &&
	    glossa_date_parse(v, strlen(v), iso, &why) < 0)
		return glossa_db_error(db, GLOSSA_BAD_INPUT,
				       "%s: not a date glossa can read (%s)",
				       v, why ? why : "unknown form");
	return GLOSSA_OK;
}

/* Record one correction (with the value it replaces, the file's, unless
 * an earlier correction already recorded it) and write it. */
static glossa_status_t set_one(glossa_db_t *db, int64_t id,
			       const glossa_field_t *f)
{
	char sql[512];
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt;
	int rc;

	/* f->name is one of fields[]: a column of article */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO article_override (article_id, field, value,"
		 " file_value) SELECT id, ?2, ?3, %s FROM article WHERE id = ?1"
		 " ON CONFLICT (article_id, field) DO UPDATE SET value ="
		 " excluded.value",
		 f->name);
	if (!(stmt = glossa_db_prepare(db, sql, &st)))
		return st;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, f->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, f->value ? f->value : "", -1,
			  SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "correcting an article");
	return glossa_overrides_apply(db, id, 0);
}

glossa_status_t glossa_overrides_apply(glossa_db_t *db, int64_t id,
				       int file)
{
	glossa_status_t st;

	/* what the file says now is what a correction replaced */
	if (file &&
	    (st = glossa_db_run_id(
		     db,
		     "UPDATE article_override SET file_value = (SELECT CASE"
		     " field WHEN 'title' THEN title WHEN 'source' THEN source"
		     " WHEN 'author' THEN author WHEN 'date' THEN date"
		     " WHEN 'tags' THEN tags ELSE url END FROM article"
		     " WHERE id = ?1) WHERE article_id = ?1",
		     id, "importing")) != GLOSSA_OK)
		return st;
	st = glossa_db_run_id(
		db,
		"UPDATE article SET"
		" title = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'title'), title),"
		" source = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'source'), source),"
		" author = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'author'), author),"
		" tags = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'tags'), tags),"
		" url = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'url'), url),"
		" date = coalesce((SELECT value FROM article_override WHERE"
		"   article_id = ?1 AND field = 'date'), date)"
		" WHERE id = ?1 AND id IN (SELECT article_id FROM"
		"   article_override WHERE article_id = ?1)",
		id, "correcting an article");

	if (st != GLOSSA_OK)
		return st;
	return glossa_db_run_id(
		db,
		"UPDATE article SET date_iso = glossa_date_iso(date)"
		" WHERE id = ?1 AND id IN (SELECT article_id FROM"
		"   article_override WHERE article_id = ?1 AND field = 'date')",
		id, "correcting an article");
}

glossa_status_t glossa_article_set(glossa_db_t *db, int64_t id,
				   const glossa_field_t *f, size_t n)
{
	glossa_status_t st;
	int64_t found = 0;

	for (size_t i = 0; i < n; i++)
		if ((st = check_field(db, &f[i])) != GLOSSA_OK)
			return st;
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	st = one_int(db, "SELECT id FROM article WHERE id = ?1", id, &found);
	if (st == GLOSSA_OK && !found)
		st = glossa_db_error(db, GLOSSA_NOT_FOUND,
				     "no article with id %lld",
				     (long long)id);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 0);
	for (size_t i = 0; st == GLOSSA_OK && i < n; i++)
		st = set_one(db, id, &f[i]);
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 1);
	if (st == GLOSSA_OK)
		return glossa_db_commit(db);
	glossa_db_rollback(db);
	return st;
}

glossa_status_t glossa_mark_set(glossa_db_t *db, int64_t note_id, int on)
{
	glossa_status_t st;

	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	if (on)
		st = glossa_db_write_id(db,
					"INSERT OR IGNORE INTO annotation_mark"
					" SELECT id FROM annotation"
					" WHERE id = ?1 AND ?2",
					note_id, 1, "marking a note");
	else
		st = glossa_db_run_id(db,
				      "DELETE FROM annotation_mark"
				      " WHERE annotation_id = ?1",
				      note_id, "unmarking a note");
	/* marking one already marked changes no row */
	if (st == GLOSSA_NOT_FOUND) {
		int64_t there = 0;
		if (one_int(db, "SELECT id FROM annotation WHERE id = ?1",
			    note_id, &there) == GLOSSA_OK && there)
			st = GLOSSA_OK;
		else
			st = glossa_db_error(db, GLOSSA_NOT_FOUND,
					     "no note with id %lld",
					     (long long)note_id);
	}
	if (st == GLOSSA_OK)
		return glossa_db_commit(db);
	glossa_db_rollback(db);
	return st;
}

glossa_status_t glossa_marked(glossa_db_t *db, int64_t **ids, size_t *n)
{
	glossa_status_t st = GLOSSA_OK;
	sqlite3_stmt *stmt = glossa_db_prepare(
		db, "SELECT m.annotation_id FROM annotation_mark m"
		    " JOIN annotation n ON n.id = m.annotation_id"
		    " ORDER BY n.article_id DESC, n.pos, n.id", &st);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!stmt)
		return st;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (GLOSSA_GROW(*ids, cap, *n + 1) < 0) {
			st = glossa_db_error(db, GLOSSA_NOMEM,
					     "reading the marks: out of memory");
			break;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	if (st == GLOSSA_OK && rc != SQLITE_DONE)
		st = glossa_db_fail(db, rc, "reading the marks");
	sqlite3_finalize(stmt);
	if (st != GLOSSA_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return st;
}

glossa_status_t glossa_count_unread(glossa_db_t *db, int64_t *n)
{
	glossa_status_t st = one_int(db, "SELECT count(*) FROM article"
					 " WHERE read = 0", 0, n);

	return st;
}
