/*
 * fts_aux.h: the FTS5 auxiliary functions of article_fts (private to the
 * core), which glossa_search_register() (search.c) registers on each
 * connection: glossa_snippet(article_fts) (snippet.c) and
 * glossa_rank(article_fts, min_id, max_id) (rank.c).
 */
#ifndef GLOSSA_FTS_AUX_H
#define GLOSSA_FTS_AUX_H

#include <sqlite3.h>

/* article_fts's columns: body, title, glosses, source, tags, author. */
#define GLOSSA_FTS_COLUMNS 6

void glossa_snippet_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_context *ctx, int nval,
                             sqlite3_value **val);

void glossa_rank_function(const Fts5ExtensionApi *api, Fts5Context *fts,
                          sqlite3_context *ctx, int nval, sqlite3_value **val);

#endif /* GLOSSA_FTS_AUX_H */
