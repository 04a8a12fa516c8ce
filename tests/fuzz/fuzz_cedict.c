/*
 * fuzz_cedict.c: libFuzzer target for the CC-CEDICT line parser
 * (glossa_cedict_parse_line()) and the tone-mark converter
 * (glossa_pinyin_marks()).
 *
 * Each line of the input is parsed; an entry's spans must lie inside its
 * line, in order, be non-empty where the format needs them and valid
 * UTF-8; its pinyin converted must be valid UTF-8 too. A refused line
 * must say why. Any input: no crash, no read past the line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glossa/dict.h"
#include "glossa/text.h"

static void inside(const char *line, size_t len, const char *p, size_t n)
{
	if (p < line || p + n > line + len || glossa_utf8_check(p, n) != n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* a copy of its own size, so that ASan sees a read past it */
		char *line = malloc(len ? len : 1), *pinyin, *marks;
		glossa_cedict_line_t e;
		const char *why = NULL;

		memcpy(line, p, len);
		switch (glossa_cedict_parse_line(line, len, &e, &why)) {
		case GLOSSA_OK:
			inside(line, len, e.trad, e.trad_len);
			inside(line, len, e.simp, e.simp_len);
			inside(line, len, e.pinyin, e.pinyin_len);
			inside(line, len, e.senses, e.senses_len);
			if (!e.trad_len || !e.simp_len || !e.senses_len ||
			    e.simp < e.trad + e.trad_len ||
			    e.pinyin < e.simp + e.simp_len ||
			    e.senses < e.pinyin + e.pinyin_len ||
			    memchr(e.pinyin, ']', e.pinyin_len))
				abort();
			pinyin = strndup(e.pinyin, e.pinyin_len);
			marks = glossa_pinyin_marks(pinyin);
			if (!marks || glossa_utf8_check(marks, strlen(marks)) !=
			                  strlen(marks))
				abort();
			free(marks);
			free(pinyin);
			break;
		case GLOSSA_NOT_FOUND:
			break;
		case GLOSSA_BAD_INPUT:
			if (!why || !*why)
				abort();
			break;
		default:
			abort();
		}
		free(line);
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}
