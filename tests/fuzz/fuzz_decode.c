/*
 * fuzz_decode.c: libFuzzer target for glossa_decode().
 *
 * The first byte picks the encoding argument (or detection); the rest is
 * the file. Whatever comes back as OK must be NUL-free valid UTF-8 of the
 * stated length, and is handed on to glossa_parse().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/article.h"
#include "glossa/text.h"

static const char *const encodings[] = {
    NULL,        "GB18030", "gbk",   "UTF-16LE",   "UTF-16BE", "UTF-16",
    "UTF-32LE",  "UTF-32",  "BIG5",  "BIG5-HKSCS", "latin1",   "UTF-8",
    "SHIFT_JIS", "EUC-KR",  "UTF-7", "bogus",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *enc = NULL;
	char *out, *oenc, *err = NULL;
	glossa_article_t *a;
	size_t n;

	if (size > 0) {
		enc = encodings[data[0] %
		                (sizeof(encodings) / sizeof(encodings[0]))];
		data++;
		size--;
	}
	if (glossa_decode((const char *)data, size, enc, &out, &n, &oenc,
	                  &err) != GLOSSA_OK) {
		if (!err)
			abort();
		free(err);
		return 0;
	}
	if (n == 0 || strlen(out) != n || !oenc ||
	    glossa_utf8_check(out, n) != n)
		abort();
	if (glossa_parse(out, n, &a, &err) == GLOSSA_OK)
		glossa_article_free(a);
	else
		free(err);
	free(out);
	free(oenc);
	return 0;
}
