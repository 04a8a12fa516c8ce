/*
 * fts.c: keeping the full-text indexes (article_fts, annotation_fts) and
 * their word list (fts_word) in step with the rows, which SQLite cannot
 * do with triggers while trusted_schema is off.
 *
 * Exported (db.h): glossa_fts_article, glossa_fts_notes,
 * glossa_fts_write_words, glossa_fts_check_words, glossa_db_index_words
 * and glossa_db_refresh_glosses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "tokenizer.h"

/* What adds words to fts_word: the statement, the stems' tokenizer. */
struct word_writer {
	sqlite3_stmt *stmt;
	struct glossa_stemmer *stemmer;
};

#define ADD_WORD_SQL \
	"INSERT OR IGNORE INTO fts_word (word, stem) VALUES (?1, ?2)"

/* Add one word and its stem to fts_word (glossa_words_flush()'s
 * callback); a word that makes no stem is its own. */
static int add_word(void *ctx, const char *word, int n)
{
	struct word_writer *w = ctx;
	const char *stem;
	int nstem, rc;

	rc = glossa_stemmer_stem(w->stemmer, word, n, &stem, &nstem);
	if (rc != SQLITE_OK)
		return rc;
	if (nstem == 0) {
		stem = word;
		nstem = n;
	}
	sqlite3_bind_text(w->stmt, 1, word, n, SQLITE_STATIC);
	sqlite3_bind_text(w->stmt, 2, stem, nstem, SQLITE_STATIC);
	rc = sqlite3_step(w->stmt);
	sqlite3_reset(w->stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Write the words the tokenizer collected into fts_word, or forget them
 * while the list is not kept (before check_words()). */
glossa_status_t glossa_fts_write_words(glossa_db_t *db)
{
	struct word_writer w = {0};
	glossa_status_t st;
	int rc;

	if (!db->words_kept) {
		glossa_words_flush(db->words, NULL, NULL);
		return GLOSSA_OK;
	}
	w.stmt = glossa_db_cached(db, ADD_WORD_SQL, &st);
	if (!w.stmt)
		return st;
	rc = glossa_stemmer_new(db->words, &w.stemmer);
	if (rc == SQLITE_OK)
		rc = glossa_words_flush(db->words, add_word, &w);
	glossa_stemmer_free(w.stemmer);
	glossa_db_release(w.stmt);
	return rc == SQLITE_OK ? GLOSSA_OK
			       : glossa_db_fail(db, rc, "listing words");
}

int glossa_db_index_words(glossa_db_t *db, const char *table,
			  int (*fn)(void *ctx, const char *word, int n),
			  void *ctx)
{
	sqlite3_stmt *sel = NULL;
	char sql[160];
	int rc;

	snprintf(sql, sizeof(sql),
		 "CREATE VIRTUAL TABLE temp.glossa_vocab"
		 " USING fts5vocab(main, %s, row)",
		 table);
	rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sql,
					"SELECT term FROM temp.glossa_vocab",
					-1, &sel, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(sel, 0);
		int n = sqlite3_column_bytes(sel, 0);

		rc = SQLITE_OK;
		if (!term)
			rc = SQLITE_NOMEM;
		else if (glossa_tokenizer_is_word(term, n))
			rc = fn(ctx, term, n);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(sel);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->sql, "DROP TABLE temp.glossa_vocab", NULL,
				  NULL, NULL);
	else
		sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.glossa_vocab",
			     NULL, NULL, NULL);
	return rc;
}

/* Add the words of one full-text table's index to fts_word, each with
 * its stem, a stem listed wrong put right. */
static glossa_status_t words_of(glossa_db_t *db, const char *table)
{
	struct word_writer w = {0};
	int rc = sqlite3_prepare_v2(db->sql,
	                            "INSERT OR REPLACE INTO fts_word"
	                            " (word, stem) VALUES (?1, ?2)",
	                            -1, &w.stmt, NULL);

	if (rc == SQLITE_OK)
		rc = glossa_stemmer_new(db->words, &w.stemmer);
	if (rc == SQLITE_OK)
		rc = glossa_db_index_words(db, table, add_word, &w);
	glossa_stemmer_free(w.stemmer);
	sqlite3_finalize(w.stmt);
	return rc == SQLITE_OK ? GLOSSA_OK
			       : glossa_db_fail(db, rc, "listing words");
}

/*
 * Fill fts_word from the indexes if meta 'words' says it is not complete
 * (an archive from before schema 8, or just rebuilt): once, reading each
 * index whole. Then every commit keeps it (db->words_kept). A read-only
 * handle cannot: it is refused, as a migration is, since a word is
 * searched through the list (a word without it finds only itself).
 */
glossa_status_t glossa_fts_check_words(glossa_db_t *db)
{
	sqlite3_stmt *stmt;
	glossa_status_t st;
	int rc;

	stmt = glossa_db_prepare(db, "SELECT 1 FROM meta WHERE key = 'words'",
				 &st);
	if (!stmt)
		return st;
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return glossa_db_fail(db, rc, "opening the archive");
	if (rc == SQLITE_ROW) {
		db->words_kept = 1;
		return GLOSSA_OK;
	}
	if (db->readonly)
		return glossa_db_error(db, GLOSSA_READONLY,
		                       "%s needs its list of words made again "
		                       "but is read-only",
		                       db->path);
	if ((st = glossa_db_begin(db)) != GLOSSA_OK)
		return st;
	if ((st = words_of(db, "article_fts")) == GLOSSA_OK &&
	    (st = words_of(db, "annotation_fts")) == GLOSSA_OK)
		st = glossa_db_exec(db, "INSERT OR REPLACE INTO meta (key, value)"
					" VALUES ('words', '1')");
	if (st != GLOSSA_OK) {
		glossa_db_rollback(db);
		return st;
	}
	if ((st = glossa_db_commit(db)) == GLOSSA_OK)
		db->words_kept = 1;
	return st;
}


#define ARTICLE_FTS_COLUMNS "body, title, glosses, source, tags, author"
#define NOTE_FTS_COLUMNS "phrase, reading, translation, note"

/*
 * Bind column col of sel's row to parameter i of ins without a copy: sel
 * stays on the row until ins has run. sqlite3_bind_value() would copy the
 * text, and FTS5's sqlite3_value_text() copies again a text not known to
 * end in a NUL, which a length of -1 tells (a text with a NUL in it goes
 * by its length, and then is copied).
 */
static void bind_column(sqlite3_stmt *ins, int i, sqlite3_stmt *sel, int col)
{
	const char *text = (const char *)sqlite3_column_text(sel, col);
	int n = sqlite3_column_bytes(sel, col);

	if (!text)
		sqlite3_bind_value(ins, i, sqlite3_column_value(sel, col));
	else
		sqlite3_bind_text(ins, i, text,
				  memchr(text, 0, (size_t)n) ? n : -1,
				  SQLITE_STATIC);
}

/*
 * Index (add) or unindex (remove) the current values of rows: read them
 * with select (its ?1 bound to id; its columns the rowid, then the
 * indexed ones), and write each with insert, one plain INSERT ... VALUES
 * a row. Not INSERT ... SELECT: that statement needs a statement journal,
 * and SQLite 3.40's FTS5 flushes its pending terms into a new index
 * segment at every statement savepoint; with VALUES the terms of a whole
 * batch of files go into one segment at commit (import 2.3x faster).
 */
static glossa_status_t fts_rows(glossa_db_t *db, const char *select,
				const char *insert, int64_t id)
{
	glossa_status_t st;
	sqlite3_stmt *sel = glossa_db_cached(db, select, &st), *ins;
	int rc;

	if (!sel)
		return st;
	if (!(ins = glossa_db_cached(db, insert, &st))) {
		glossa_db_release(sel);
		return st;
	}
	sqlite3_bind_int64(sel, 1, id);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		int n = sqlite3_column_count(sel);
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
		for (int i = 1; i < n; i++)
			bind_column(ins, i + 1, sel, i);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			break;
	}
	glossa_db_release(ins);
	glossa_db_release(sel);
	return rc == SQLITE_DONE ? GLOSSA_OK
				 : glossa_db_fail(db, rc, "indexing");
}

glossa_status_t glossa_fts_article(glossa_db_t *db, int64_t id, int add)
{
	return fts_rows(db,
			"SELECT id, " ARTICLE_FTS_COLUMNS
			" FROM article WHERE id = ?1",
			add ? "INSERT INTO article_fts (rowid, "
			      ARTICLE_FTS_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)"
			    : "INSERT INTO article_fts (article_fts, rowid, "
			      ARTICLE_FTS_COLUMNS ") VALUES ('delete', ?, ?,"
			      " ?, ?, ?, ?, ?)",
			id);
}

glossa_status_t glossa_fts_notes(glossa_db_t *db, enum glossa_fts_which which,
				 int64_t id, int add)
{
	static const char *const where[] = {
		[GLOSSA_FTS_NOTE] = " WHERE id = ?1",
		[GLOSSA_FTS_ARTICLE_NOTES] = " WHERE article_id = ?1",
	};
	char select[256];

	snprintf(select, sizeof(select),
		 "SELECT id, " NOTE_FTS_COLUMNS " FROM annotation%s",
		 where[which]);
	return fts_rows(db, select,
			add ? "INSERT INTO annotation_fts (rowid, "
			      NOTE_FTS_COLUMNS ") VALUES (?, ?, ?, ?, ?)"
			    : "INSERT INTO annotation_fts (annotation_fts, rowid, "
			      NOTE_FTS_COLUMNS ") VALUES ('delete', ?, ?, ?, ?,"
			      " ?)",
			id);
}

glossa_status_t glossa_db_refresh_glosses(glossa_db_t *db, int64_t id)
{
	glossa_status_t st = glossa_fts_article(db, id, 0);

	if (st == GLOSSA_OK)
		st = glossa_db_write_id(db,
					"UPDATE article SET glosses = "
					GLOSSES_OF("?1")
					" WHERE id = ?1 AND ?2",
					id, 1, "indexing notes");
	if (st == GLOSSA_OK)
		st = glossa_fts_article(db, id, 1);
	return st;
}
