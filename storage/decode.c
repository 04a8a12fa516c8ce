/*
 * decode.c: turning the bytes of an article file into UTF-8.
 *
 * Exports glossa_decode() (see include/glossa/article.h). Conversions go
 * through glibc iconv, never with //IGNORE or //TRANSLIT, so a byte that
 * does not decode is an error with its offset, never a silent loss.
 * Byte offsets in messages count from 0 in the original input; lines
 * count from 1.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8seq.h"
#include "glossa/article.h"

#define NAME_MAX_LEN 40

struct alias {
	const char *name;
	const char *canon;
};

/* Common spellings, compared case-insensitively. GB2312 and GBK are read
 * as GB18030, their superset. Other names go to iconv uppercased. */
static const struct alias aliases[] = {
    {"UTF8", "UTF-8"},
    {"UTF-8", "UTF-8"},
    {"UTF16LE", "UTF-16LE"},
    {"UTF16BE", "UTF-16BE"},
    {"UTF16", "UTF-16"},
    {"UTF32LE", "UTF-32LE"},
    {"UTF32BE", "UTF-32BE"},
    {"UTF32", "UTF-32"},
    {"GB2312", "GB18030"},
    {"GB-2312", "GB18030"},
    {"GB_2312", "GB18030"},
    {"GB_2312-80", "GB18030"},
    {"EUC-CN", "GB18030"},
    {"EUCCN", "GB18030"},
    {"GBK", "GB18030"},
    {"CP936", "GB18030"},
    {"GB-18030", "GB18030"},
    {"BIG-5", "BIG5"},
    {"BIG5HKSCS", "BIG5-HKSCS"},
    {"LATIN1", "ISO-8859-1"},
    {"LATIN-1", "ISO-8859-1"},
    {"ISO8859-1", "ISO-8859-1"},
    {"ISO_8859-1", "ISO-8859-1"},
};

static void set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (!errmsg)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	*errmsg = msg;
}

/* Offset of the first byte of s that does not start a valid UTF-8
 * sequence, or len; *truncated says the bad sequence runs off the end. */
static size_t utf8_check(const unsigned char *s, size_t len, int *truncated)
{
	size_t i = 0, n, k;
	unsigned c, lo, hi;

	*truncated = 0;
	while ((i += glossa_ascii_run(s + i, len - i)) < len) {
		c = s[i];
		n = glossa_utf8_lead(c, &lo, &hi);
		if (n == 0)
			return i;
		n--; /* the bytes after the lead */
		for (k = 1; k <= n; k++) {
			if (i + k >= len) {
				*truncated = 1;
				return i;
			}
			if (s[i + k] < (k == 1 ? lo : 0x80) ||
			    s[i + k] > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += n + 1;
	}
	return len;
}


/* Canonical name of an encoding into canon, or 0 if it is no plausible
 * encoding name (iconv decides later whether it knows it). */
static int canon_name(const char *name, char *canon)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':')
			return 0;
		canon[i] = (char)toupper(c);
	}
	canon[len] = '\0';
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		if (strcmp(canon, aliases[i].name) == 0) {
			strcpy(canon, aliases[i].canon);
			break;
		}
	}
	return 1;
}

/* The encoding a byte order mark announces, or NULL. */
static const char *sniff_bom(const unsigned char *d, size_t len)
{
	if (len >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)
		return "UTF-32LE";
	if (len >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
		return "UTF-32BE";
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		return "UTF-8";
	if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF)
		return "UTF-16BE";
	return NULL;
}

/* UTF-16 and UTF-32 without a byte order: the BOM decides, else big
 * endian (as iconv assumes). */
static void resolve_order(char *canon, const char *data, size_t len)
{
	const char *bom = sniff_bom((const unsigned char *)data, len);

	if (strcmp(canon, "UTF-16") == 0)
		strcpy(canon, bom && strcmp(bom, "UTF-16LE") == 0 ? "UTF-16LE"
		                                                  : "UTF-16BE");
	else if (strcmp(canon, "UTF-32") == 0)
		strcpy(canon, bom && strcmp(bom, "UTF-32LE") == 0 ? "UTF-32LE"
		                                                  : "UTF-32BE");
}

static int is_blank_line(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

/* Find an "Encoding:" field in the header block (read as ASCII); copy its
 * trimmed value (at most NAME_MAX_LEN + 1 bytes) into value. */
static int sniff_header(const char *data, size_t len, char *value)
{
	const char *p = data, *end = data + len, *eol, *q, *v;
	size_t n;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (is_blank_line(p, eol))
			return 0;
		if (*p != ' ' && *p != '\t') {
			for (q = p; q < eol && (isalnum((unsigned char)*q) ||
			                        *q == '-' || *q == '_');
			     q++)
				;
			if (q == p || q == eol || *q != ':')
				return 0;
			if (q - p == 8 && strncasecmp(p, "encoding", 8) == 0) {
				for (v = q + 1;
				     v < eol && (*v == ' ' || *v == '\t'); v++)
					;
				while (eol > v &&
				       (eol[-1] == ' ' || eol[-1] == '\t' ||
				        eol[-1] == '\r'))
					eol--;
				n = (size_t)(eol - v);
				if (n > NAME_MAX_LEN + 1)
					n = NAME_MAX_LEN + 1;
				memcpy(value, v, n);
				value[n] = '\0';
				return 1;
			}
		} else if (p == data) {
			return 0;
		}
		p = eol + 1;
	}
	return 0;
}

/* Width of a code unit whose all-zero value is U+0000. */
static size_t unit_size(const char *canon)
{
	if (strncmp(canon, "UTF-16", 6) == 0 || strncmp(canon, "UCS-2", 5) == 0)
		return 2;
	if (strncmp(canon, "UTF-32", 6) == 0 || strncmp(canon, "UCS-4", 5) == 0)
		return 4;
	return 1;
}

/* Offset of the first all-zero code unit, or len. */
static size_t find_nul(const char *data, size_t len, size_t unit)
{
	size_t i, k;
	const char *p;

	if (unit == 1) {
		p = memchr(data, 0, len);
		return p ? (size_t)(p - data) : len;
	}
	for (i = 0; i + unit <= len; i += unit) {
		for (k = 0; k < unit && data[i + k] == 0; k++)
			;
		if (k == unit)
			return i;
	}
	return len;
}

/* 'L' or 'B' if the first bytes look like ASCII text in UTF-16LE/BE
 * (every other byte zero), else 0. */
static int looks_utf16(const unsigned char *d, size_t len)
{
	size_t i, n = len < 64 ? len & ~(size_t)1 : 64;
	int le = 1, be = 1;

	for (i = 0; i < n; i += 2) {
		le &= d[i] != 0 && d[i + 1] == 0;
		be &= d[i] == 0 && d[i + 1] != 0;
	}
	return n == 0 ? 0 : le ? 'L' : be ? 'B' : 0;
}

/*
 * Refuse a declared UTF-16 or UTF-32 that the bytes cannot be (iconv
 * would turn them into CJK-looking nonsense without an error): the
 * Encoding: header that named it was read as single bytes, and a header
 * in UTF-16 or UTF-32 has a zero byte in every ASCII character; or, with
 * --encoding, the file has no zero byte at all while UTF-32 text always
 * has them and a UTF-16 line break is 00 0A (a line break is then a
 * single byte). A byte order mark settles the question, so files with
 * one are not looked at. 1 with *errmsg set when refused.
 */
static int wide_mismatch(const char *data, size_t len, const char *canon,
                         const char *given, int from_header, char **errmsg)
{
	size_t unit = unit_size(canon);

	if (unit == 1 || sniff_bom((const unsigned char *)data, len))
		return 0;
	if (from_header) {
		set_err(errmsg,
		        "the Encoding: header says %s, but the header itself "
		        "is written one byte a character (ASCII), which %s "
		        "text cannot be; if the file is UTF-8, remove the "
		        "Encoding: line",
		        given, given);
		return 1;
	}
	if (!memchr(data, 0, len) &&
	    (unit == 4 || memchr(data, '\n', len))) {
		set_err(errmsg,
		        "the file cannot be %s: it has no zero byte, so its "
		        "%s are single bytes; pass the encoding it is in "
		        "(e.g. --encoding UTF-8)",
		        canon, unit == 4 ? "characters" : "line breaks");
		return 1;
	}
	return 0;
}

static glossa_status_t nul_error(const char *data, size_t len, size_t off,
                                 int sniffed, char **errmsg)
{
	int order = sniffed ? looks_utf16((const unsigned char *)data, len) : 0;

	set_err(errmsg, "not a text file (NUL byte at byte %zu)%s", off,
	        order == 'L'   ? "; if it is UTF-16 text, pass --encoding "
	                         "UTF-16LE"
	        : order == 'B' ? "; if it is UTF-16 text, pass --encoding "
	                         "UTF-16BE"
	                       : "");
	return GLOSSA_BAD_INPUT;
}

static glossa_status_t decode_utf8(const char *data, size_t len, int sniffed,
                                   char **out, size_t *out_len, char **errmsg)
{
	size_t skip = 0, off;
	int truncated;
	char *buf;

	off = find_nul(data, len, 1);
	if (off < len)
		return nul_error(data, len, off, sniffed, errmsg);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	off = skip + utf8_check((const unsigned char *)data + skip, len - skip,
	                        &truncated);
	if (off < len) {
		set_err(errmsg,
		        "%s UTF-8 at byte %zu (line %zu); if the file is in "
		        "another encoding, pass --encoding (e.g. --encoding "
		        "GB18030)",
		        truncated ? "truncated" : "not valid", off,
		        glossa_line_of(data, off));
		return GLOSSA_BAD_INPUT;
	}
	buf = malloc(len - skip + 1);
	if (!buf)
		return GLOSSA_NOMEM;
	memcpy(buf, data + skip, len - skip);
	buf[len - skip] = '\0';
	*out = buf;
	*out_len = len - skip;
	return GLOSSA_OK;
}

static int grow(char **buf, size_t *cap, char **op, size_t *ol)
{
	size_t used = (size_t)(*op - *buf);
	size_t ncap = *cap * 2 + 64;
	char *nbuf = realloc(*buf, ncap + 1);

	if (!nbuf)
		return 0;
	*buf = nbuf;
	*cap = ncap;
	*op = nbuf + used;
	*ol = ncap - used;
	return 1;
}

static glossa_status_t decode_iconv(const char *data, size_t len,
                                    const char *canon, const char *given,
                                    char **out, size_t *out_len, char **errmsg)
{
	iconv_t cd;
	char *buf, *ip = (char *)data, *op;
	size_t cap, il = len, ol, r, off, used;
	glossa_status_t st = GLOSSA_BAD_INPUT;
	int truncated;

	off = find_nul(data, len, unit_size(canon));
	if (off < len)
		return nul_error(data, len, off, 0, errmsg);
	cd = iconv_open("UTF-8", canon);
	if (cd == (iconv_t)-1) {
		set_err(errmsg, "unknown encoding \"%s\"", given);
		return GLOSSA_BAD_INPUT;
	}
	cap = len + len / 2 + 16;
	buf = malloc(cap + 1);
	if (!buf) {
		iconv_close(cd);
		return GLOSSA_NOMEM;
	}
	op = buf;
	ol = cap;
	for (;;) {
		if (il > 0)
			r = iconv(cd, &ip, &il, &op, &ol);
		else
			r = iconv(cd, NULL, NULL, &op, &ol);
		if (r != (size_t)-1) {
			if (il == 0)
				break;
			continue;
		}
		if (errno == E2BIG) {
			if (!grow(&buf, &cap, &op, &ol)) {
				st = GLOSSA_NOMEM;
				goto fail;
			}
			continue;
		}
		off = (size_t)(ip - data);
		used = (size_t)(op - buf);
		if (errno == EILSEQ)
			set_err(errmsg,
			        "invalid %s sequence at byte %zu (line %zu)%s",
			        canon, off, glossa_line_of(buf, used),
			        strcmp(canon, "BIG5") == 0
			            ? "; if the file is Big5-HKSCS, pass "
			              "--encoding BIG5-HKSCS"
			            : "");
		else if (errno == EINVAL)
			set_err(errmsg,
			        "truncated %s sequence at the end of the file, "
			        "byte %zu (line %zu)",
			        canon, off, glossa_line_of(buf, used));
		else
			set_err(errmsg, "cannot convert from %s: %s", canon,
			        strerror(errno));
		goto fail;
	}
	iconv_close(cd);
	used = (size_t)(op - buf);
	buf[used] = '\0';
	off = find_nul(buf, used, 1);
	if (off < used) {
		set_err(errmsg, "not a text file (U+0000 at line %zu)",
		        glossa_line_of(buf, off));
		free(buf);
		return GLOSSA_BAD_INPUT;
	}
	off = utf8_check((const unsigned char *)buf, used, &truncated);
	if (off < used) {
		set_err(errmsg, "%s to UTF-8 gave invalid text at line %zu",
		        canon, glossa_line_of(buf, off));
		free(buf);
		return GLOSSA_BAD_INPUT;
	}
	/* The BOM converted to U+FEFF, or a ZWNBSP the file starts with. */
	if (used >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		memmove(buf, buf + 3, used - 3 + 1);
		used -= 3;
	}
	*out = buf;
	*out_len = used;
	return GLOSSA_OK;
fail:
	iconv_close(cd);
	free(buf);
	return st;
}

glossa_status_t glossa_decode(const char *data, size_t len,
                              const char *encoding, char **out, size_t *out_len,
                              char **out_encoding, char **errmsg)
{
	char canon[NAME_MAX_LEN + 8], declared[NAME_MAX_LEN + 2];
	const char *bom;
	char *buf = NULL, *name;
	const char *given = canon;
	size_t n = 0;
	int sniffed = 0, from_header = 0;
	glossa_status_t st;

	*out = NULL;
	*out_len = 0;
	*out_encoding = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (len == 0) {
		set_err(errmsg, "empty file");
		return GLOSSA_BAD_INPUT;
	}
	if (encoding && *encoding) {
		if (!canon_name(encoding, canon)) {
			set_err(errmsg, "unknown encoding \"%.*s\"",
			        NAME_MAX_LEN, encoding);
			return GLOSSA_BAD_INPUT;
		}
		resolve_order(canon, data, len);
		given = encoding;
	} else if ((bom = sniff_bom((const unsigned char *)data, len))) {
		strcpy(canon, bom);
	} else if (sniff_header(data, len, declared)) {
		if (!canon_name(declared, canon)) {
			set_err(errmsg,
			        "unknown encoding \"%s\" (from the Encoding: "
			        "header)",
			        declared);
			return GLOSSA_BAD_INPUT;
		}
		resolve_order(canon, data, len);
		given = declared;
		from_header = 1;
	} else {
		strcpy(canon, "UTF-8");
		sniffed = 1;
	}
	if (wide_mismatch(data, len, canon, given, from_header, errmsg))
		return GLOSSA_BAD_INPUT;
	if (strcmp(canon, "UTF-8") == 0)
		st = decode_utf8(data, len, sniffed, &buf, &n, errmsg);
	else
		st = decode_iconv(data, len, canon, given, &buf, &n, errmsg);
	if (st != GLOSSA_OK)
		return st;
	if (n == 0) {
		free(buf);
		set_err(errmsg, "empty file");
		return GLOSSA_BAD_INPUT;
	}
	name = strdup(canon);
	if (!name) {
		free(buf);
		return GLOSSA_NOMEM;
	}
	*out = buf;
	*out_len = n;
	*out_encoding = name;
	return GLOSSA_OK;
}
