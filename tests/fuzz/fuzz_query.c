/*
 * fuzz_query.c: libFuzzer target for glossa_query_parse().
 *
 * Any input parses to OK or BAD_QUERY (with a message); every term of the
 * expressions it builds is a double-quoted string with '"' doubled inside.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/search.h"
#include "query.h" /* the core's own: glossa_query_fts() */

/* Checks that quotes in an expression pair up: outside a string only
 * column names, operators, parentheses, '*', ':' and spaces appear. */
static void check_expr(const char *e)
{
	int in_string = 0;

	if (e == NULL)
		return;
	if (*e == '\0')
		abort(); /* an empty expression is NULL, never "" */
	for (; *e; e++) {
		if (*e == '"') {
			if (in_string && e[1] == '"')
				e++;
			else
				in_string = !in_string;
		} else if (!in_string &&
		           !strchr("ANDOR()*: titlesourcetags", *e)) {
			abort();
		}
	}
	if (in_string)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	glossa_query_t q;
	glossa_status_t st;
	char *text, *err = NULL;

	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	st = glossa_query_parse(text, &q, &err);
	if (st == GLOSSA_OK) {
		char *match = NULL, *exclude = NULL;

		if (err != NULL)
			abort();
		if (glossa_query_fts(&q, NULL, NULL, &match, &exclude) ==
		    GLOSSA_OK) {
			check_expr(match);
			check_expr(exclude);
		}
		free(match);
		free(exclude);
		glossa_query_clear(&q);
	} else if (st == GLOSSA_BAD_QUERY) {
		if (err == NULL || q.terms || q.nterms)
			abort();
		free(err);
	} else if (st != GLOSSA_NOMEM) {
		abort();
	}
	free(text);
	return 0;
}
