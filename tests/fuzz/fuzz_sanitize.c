/*
 * fuzz_sanitize.c: libFuzzer target for glossa_sanitize() and
 * glossa_str_width().
 *
 * The first byte picks the flags; the output must be valid UTF-8 with no
 * character that glossa_cp_display() refuses (but the kept '\n', '\t' and
 * markers), and its width must match glossa_str_width() when no flag is set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ph[GLOSSA_PLACEHOLDER_MAX];
	const char *s = (const char *)data + 1;
	size_t len, n, i, k, width = 0;
	unsigned flags;
	uint32_t cp;
	char *out;
	int w;

	if (size == 0)
		return 0;
	flags = data[0] & 7;
	len = size - 1;
	out = glossa_sanitize(s, len, flags);
	if (out == NULL)
		abort();
	n = strlen(out);
	if (glossa_utf8_check(out, n) != n)
		abort();
	for (i = 0; i < n; i += k) {
		k = glossa_utf8_decode(out + i, n - i, &cp);
		w = glossa_cp_display(cp, ph);
		if (w >= 0)
			width += (size_t)w;
		else if (!((cp == '\n' && (flags & GLOSSA_SAN_NEWLINES)) ||
		           (cp == '\t' && (flags & GLOSSA_SAN_TABS)) ||
		           ((cp == GLOSSA_MARK_START_CP ||
		             cp == GLOSSA_MARK_END_CP) &&
		            (flags & GLOSSA_SAN_MARKS))))
			abort();
	}
	if (flags == 0 && width != glossa_str_width(s, len))
		abort();
	free(out);
	return 0;
}
