/*
 * vocab.c: what an archive's indexes hold, as text, for comparing two
 * builds of the same articles (tests/bench/same-index.sh): every term of
 * article_fts and annotation_fts with its document and occurrence counts
 * (fts5vocab "row" tables), then every word of fts_word. Terms are
 * written in hex, one a line, sorted.
 *
 *   vocab ARCHIVE
 *
 * The "glossa" tokenizer is registered only because FTS5 wants a table's
 * tokenizer to exist before fts5vocab can read its index.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "tokenizer.h"

static int dump(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		for (int i = 0; i < sqlite3_column_count(st); i++)
			printf("%s%s", i ? "\t" : "",
			       (const char *)sqlite3_column_text(st, i));
		putchar('\n');
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		fprintf(stderr, "vocab: %s: %s\n", sql, sqlite3_errmsg(db));
	return rc == SQLITE_DONE ? 0 : 1;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	int bad;

	if (argc != 2) {
		fprintf(stderr, "usage: vocab ARCHIVE\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	        SQLITE_OK ||
	    glossa_tokenizer_register(db, NULL) != SQLITE_OK) {
		fprintf(stderr, "vocab: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	bad = dump(db, "CREATE VIRTUAL TABLE temp.va USING"
	               " fts5vocab(main, article_fts, row)") ||
	      dump(db, "CREATE VIRTUAL TABLE temp.vn USING"
	               " fts5vocab(main, annotation_fts, row)") ||
	      dump(db, "SELECT 'article', hex(term), doc, cnt FROM temp.va"
	               " ORDER BY term") ||
	      dump(db, "SELECT 'note', hex(term), doc, cnt FROM temp.vn"
	               " ORDER BY term") ||
	      dump(db, "SELECT 'word', hex(word) FROM fts_word ORDER BY word");
	sqlite3_close(db);
	return bad;
}
