/*
 * date.c: reading the dates users paste into a Date field (date.h).
 *
 * Exported: glossa_date_parse and glossa_date_register.
 *
 * The text is first made plain (full-width digits, colon, comma and space
 * become ASCII), then read by one of two paths: numeric (it starts with a
 * four-digit year: ISO 8601, YYYY/MM/DD, YYYY.MM.DD, 2025年2月10日) or
 * named (an optional weekday, then "10 February 2025", "February 10,
 * 2025" or "February 2025"); either may end with a time of day and a
 * zone. Everything must be read: text after the date makes it unreadable.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"

/* A date longer than this is no date (the plain copy is kept on the
 * stack). */
#define DATE_TEXT_MAX 128

struct when {
	int y, m, d;  /* m, d: -1 when not given */
	int weekday;  /* 0-6 (Sunday 0) as written, -1 if none */
	int has_time; /* hh, mi, ss */
	int hh, mi, ss;
	int zone; /* 0 none, 1 offset zero, 2 off minutes */
	int off;
};

struct cur {
	const char *p, *end;
	const char *why;
};

static const char *const month_names[] = {
	"january", "february", "march",     "april",   "may",      "june",
	"july",    "august",   "september", "october", "november", "december"};

static const char *const weekday_names[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"};

/* Zones of RFC 2822 other than an offset, in minutes east. */
static const struct {
	const char *name;
	int off;
} zone_names[] = {{"ut", 0},	 {"utc", 0},	 {"gmt", 0},	 {"z", 0},
		  {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
		  {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Day of the week of a Gregorian date, Sunday 0 (Sakamoto's method). */
static int weekday_of(int y, int m, int d)
{
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/*
 * Copy s into out (size DATE_TEXT_MAX) without its surrounding blanks,
 * with full-width digits (U+FF10-FF19), colon, comma, plus, minus,
 * slash, full stop and the ideographic space made ASCII. -1 if too long.
 */
static int plain(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n = 0;

	while (p < end) {
		char c = (char)*p;
		size_t step = 1;

		if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC &&
		    p[2] >= 0x8B && p[2] <= 0x9A) {
			/* U+FF0B-FF1A: + , - . / 0-9 : */
			c = (char)(p[2] - 0x8B + '+');
			step = 3;
		} else if (end - p >= 3 && p[0] == 0xE3 && p[1] == 0x80 &&
			   p[2] == 0x80) {
			c = ' ';
			step = 3;
		} else if (c == '\t') {
			c = ' ';
		}
		p += step;
		if (n == 0 && c == ' ')
			continue;
		if (n + 1 >= DATE_TEXT_MAX)
			return -1;
		out[n++] = c;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return (int)n;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static void skip_spaces(struct cur *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

/* Read min to max digits (no more may follow) into *v; -1 if not. */
static int number(struct cur *c, int min, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (c->p + n < c->end && is_digit(c->p[n])) {
		if (n == max)
			return -1;
		*v = *v * 10 + (c->p[n] - '0');
		n++;
	}
	if (n < min)
		return -1;
	c->p += n;
	return 0;
}

/* Skip the literal text lit (UTF-8, compared as bytes) if it is next. */
static int literal(struct cur *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* The length of the ASCII word (letters) at c, lowercased into w. */
static size_t word(const struct cur *c, char *w, size_t size)
{
	size_t n = 0;

	while (c->p + n < c->end &&
	       ((c->p[n] >= 'a' && c->p[n] <= 'z') ||
		(c->p[n] >= 'A' && c->p[n] <= 'Z'))) {
		if (n + 1 < size)
			w[n] = (char)lower(c->p[n]);
		n++;
	}
	w[n < size ? n : size - 1] = '\0';
	return n;
}

/* Index of the word w in names (the whole name, its first three letters,
 * or "sept"), or -1. */
static int name_index(const char *w, size_t n, const char *const *names,
		      int count)
{
	for (int i = 0; i < count; i++) {
		if (strcmp(w, names[i]) == 0 ||
		    (n == 3 && strncmp(w, names[i], 3) == 0))
			return i;
	}
	if (names == month_names && strcmp(w, "sept") == 0)
		return 8;
	return -1;
}

/* A month name at c (and a full stop after an abbreviation): its
 * number, or 0. */
static int month_name(struct cur *c)
{
	char w[16];
	size_t n = word(c, w, sizeof(w));
	int i = n ? name_index(w, n, month_names, 12) : -1;

	if (i < 0)
		return 0;
	c->p += n;
	if (c->p < c->end && *c->p == '.')
		c->p++;
	return i + 1;
}

/* "st", "nd", "rd" or "th" after a day's number. */
static void ordinal(struct cur *c)
{
	static const char *const ends[] = {"st", "nd", "rd", "th"};
	char w[4];
	size_t n = word(c, w, sizeof(w));

	for (int i = 0; n == 2 && i < 4; i++)
		if (strcmp(w, ends[i]) == 0)
			c->p += 2;
}

static int fail(struct cur *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return -1;
}

/* A zone after a time, if any: Z, +HH:MM, +HHMM, +HH, or a name. */
static int zone(struct cur *c, struct when *w)
{
	const char *start = c->p;
	int sign, hh, mm = 0;
	char name[8];
	size_t n;

	skip_spaces(c);
	if (c->p == c->end) {
		c->p = start;
		return 0;
	}
	if (*c->p == '+' || *c->p == '-') {
		sign = *c->p == '-' ? -1 : 1;
		c->p++;
		if (number(c, 2, 2, &hh) < 0) {
			/* +HHMM: four digits */
			if (number(c, 4, 4, &hh) < 0)
				return fail(c, "the offset is not +HH:MM");
			mm = hh % 100;
			hh /= 100;
		} else if (c->p < c->end && *c->p == ':') {
			c->p++;
			if (number(c, 2, 2, &mm) < 0)
				return fail(c, "the offset is not +HH:MM");
		}
		if (mm > 59 || hh * 60 + mm > 14 * 60)
			return fail(c, "the offset is beyond 14 hours");
		w->off = sign * (hh * 60 + mm);
		/* RFC 2822's -0000: the offset is unknown */
		w->zone = w->off != 0 ? 2 : sign < 0 ? 0 : 1;
		return 0;
	}
	n = word(c, name, sizeof(name));
	for (size_t i = 0; n && i < sizeof(zone_names) / sizeof(*zone_names);
	     i++) {
		if (strcmp(name, zone_names[i].name) == 0) {
			c->p += n;
			w->off = zone_names[i].off;
			w->zone = w->off ? 2 : 1;
			return 0;
		}
	}
	c->p = start;
	return 0;
}

/* A time of day, HH:MM[:SS[.fraction]], then its zone. */
static int time_of_day(struct cur *c, struct when *w)
{
	if (number(c, 1, 2, &w->hh) < 0 || !literal(c, ":") ||
	    number(c, 2, 2, &w->mi) < 0)
		return fail(c, "the time is not HH:MM");
	if (literal(c, ":")) {
		if (number(c, 2, 2, &w->ss) < 0)
			return fail(c, "the time is not HH:MM:SS");
		if (c->p < c->end && (*c->p == '.' || *c->p == ',') &&
		    c->p + 1 < c->end && is_digit(c->p[1])) {
			c->p++;
			while (c->p < c->end && is_digit(*c->p))
				c->p++;
		}
	}
	if (w->hh > 23)
		return fail(c, "there is no hour past 23");
	if (w->mi > 59)
		return fail(c, "there is no minute past 59");
	if (w->ss > 59)
		return fail(c, "there is no second past 59");
	w->has_time = 1;
	return zone(c, w);
}

/* After a full date: nothing, or a time ('T', a space, or ", "). */
static int maybe_time(struct cur *c, struct when *w)
{
	const char *start = c->p;

	if (c->p == c->end)
		return 0;
	if (*c->p == 'T' || *c->p == 't') {
		c->p++;
		return time_of_day(c, w);
	}
	if (*c->p == ',')
		c->p++;
	skip_spaces(c);
	if (c->p < c->end && is_digit(*c->p) && c->p > start)
		return time_of_day(c, w);
	c->p = start;
	return 0;
}

/* 2025, 2025-02, 2025-02-10 (also / and .), 2025年2月10日, and a time. */
static int numeric(struct cur *c, struct when *w)
{
	const char *start;
	char sep;

	if (number(c, 4, 4, &w->y) < 0)
		return fail(c, "the year is not four digits");
	start = c->p;
	skip_spaces(c);
	if (literal(c, "年")) {
		skip_spaces(c);
		if (c->p == c->end)
			return 0;
		if (number(c, 1, 2, &w->m) < 0)
			return fail(c, "no month after 年");
		skip_spaces(c);
		if (!literal(c, "月"))
			return fail(c, "no 月 after the month");
		skip_spaces(c);
		if (c->p == c->end)
			return 0;
		if (number(c, 1, 2, &w->d) < 0)
			return fail(c, "no day after 月");
		skip_spaces(c);
		if (!literal(c, "日") && !literal(c, "号"))
			return fail(c, "no 日 after the day");
		return maybe_time(c, w);
	}
	c->p = start;
	if (c->p == c->end)
		return 0;
	sep = *c->p;
	if (sep != '-' && sep != '/' && sep != '.')
		return fail(c, "the year is not followed by -, / or .");
	c->p++;
	if (number(c, 1, 2, &w->m) < 0)
		return fail(c, "the month is not a number of one or two digits");
	if (c->p == c->end)
		return 0;
	if (*c->p != sep)
		return fail(c, "the month is not followed by the same"
			       " separator as the year");
	c->p++;
	if (number(c, 1, 2, &w->d) < 0)
		return fail(c, "the day is not a number of one or two digits");
	return maybe_time(c, w);
}

/* [Weekday,] 10 February 2025 | February 10, 2025 | February 2025,
 * then a time. */
static int named(struct cur *c, struct when *w)
{
	char name[16];
	size_t n = word(c, name, sizeof(name));
	int i = n ? name_index(name, n, weekday_names, 7) : -1;

	if (i >= 0) {
		w->weekday = i;
		c->p += n;
		if (c->p < c->end && *c->p == '.')
			c->p++;
		if (c->p < c->end && *c->p == ',')
			c->p++;
		skip_spaces(c);
	}
	if (c->p < c->end && is_digit(*c->p)) {
		if (number(c, 1, 2, &w->d) < 0)
			return fail(c, "not a date glossa can read");
		ordinal(c);
		if (c->p < c->end && *c->p == '.')
			c->p++;
		skip_spaces(c);
		if (!(w->m = month_name(c)))
			return fail(c, "not a date glossa can read");
		if (c->p < c->end && *c->p == ',')
			c->p++;
		skip_spaces(c);
		if (number(c, 4, 4, &w->y) < 0)
			return fail(c, "the year is not four digits");
		return maybe_time(c, w);
	}
	if (!(w->m = month_name(c)))
		return fail(c, "not a date glossa can read");
	skip_spaces(c);
	if (number(c, 4, 4, &w->y) == 0)
		return 0;
	if (number(c, 1, 2, &w->d) < 0)
		return fail(c, "no day or year after the month");
	ordinal(c);
	if (c->p < c->end && *c->p == ',')
		c->p++;
	skip_spaces(c);
	if (number(c, 4, 4, &w->y) < 0)
		return fail(c, "the year is not four digits");
	return maybe_time(c, w);
}

/* Check that w names a day (or month, or year) that exists. */
static int check(struct cur *c, const struct when *w)
{
	static const char *const no_day[] = {
		"January has 31 days",	 "February has 29 days at most",
		"March has 31 days",	 "April has 30 days",
		"May has 31 days",	 "June has 30 days",
		"July has 31 days",	 "August has 31 days",
		"September has 30 days", "October has 31 days",
		"November has 30 days",	 "December has 31 days"};

	if (w->y < 1)
		return fail(c, "there is no year 0000");
	if (w->m == 0)
		return fail(c, "there is no month 0");
	if (w->m > 12)
		return fail(c, "there is no month past 12");
	if (w->d == 0)
		return fail(c, "there is no day 0");
	if (w->d > 0 && w->d > days_in(w->y, w->m))
		return fail(c, w->m == 2 && w->d == 29
				       ? "February has 28 days that year (no"
					 " leap year)"
				       : no_day[w->m - 1]);
	if (w->weekday >= 0 && w->d < 0)
		return fail(c, "a weekday without a day");
	if (w->weekday >= 0 && weekday_of(w->y, w->m, w->d) != w->weekday)
		return fail(c, "the weekday is not that date's");
	return 0;
}

int glossa_date_parse(const char *s, size_t len, char out[GLOSSA_DATE_MAX],
		      const char **why)
{
	char text[DATE_TEXT_MAX];
	struct when w = {.m = -1, .d = -1, .weekday = -1};
	struct cur c = {0};
	int n = plain(s, len, text), rc;

	out[0] = '\0';
	if (n < 0) {
		c.why = "too long for a date";
		goto bad;
	}
	if (n == 0) {
		c.why = "empty";
		goto bad;
	}
	c.p = text;
	c.end = text + n;
	if (n >= 4 && is_digit(text[0]) && is_digit(text[1]) &&
	    is_digit(text[2]) && is_digit(text[3]))
		rc = numeric(&c, &w);
	else
		rc = named(&c, &w);
	if (rc < 0)
		goto bad;
	if (c.p != c.end) {
		c.why = "there is text after the date";
		goto bad;
	}
	if (check(&c, &w) < 0)
		goto bad;
	n = snprintf(out, GLOSSA_DATE_MAX, "%04d", w.y);
	if (w.m > 0)
		n += snprintf(out + n, GLOSSA_DATE_MAX - n, "-%02d", w.m);
	if (w.d > 0)
		n += snprintf(out + n, GLOSSA_DATE_MAX - n, "-%02d", w.d);
	if (w.has_time)
		n += snprintf(out + n, GLOSSA_DATE_MAX - n,
			      "T%02d:%02d:%02d", w.hh, w.mi, w.ss);
	if (w.zone == 1)
		snprintf(out + n, GLOSSA_DATE_MAX - n, "Z");
	else if (w.zone == 2)
		snprintf(out + n, GLOSSA_DATE_MAX - n, "%c%02d:%02d",
			 w.off < 0 ? '-' : '+', (w.off < 0 ? -w.off : w.off) / 60,
			 (w.off < 0 ? -w.off : w.off) % 60);
	return 0;
bad:
	out[0] = '\0';
	if (why)
		*why = c.why ? c.why : "not a date glossa can read";
	return -1;
}

/* glossa_date_iso(text): the normalised date, '' if none or unreadable. */
static void date_iso(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char out[GLOSSA_DATE_MAX];

	(void)argc;
	if (!s || glossa_date_parse(s, (size_t)sqlite3_value_bytes(argv[0]),
				    out, NULL) < 0)
		out[0] = '\0';
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

int glossa_date_register(sqlite3 *db)
{
	return sqlite3_create_function(
		db, "glossa_date_iso", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		date_iso, NULL, NULL);
}
