/*
 * date.h: reading the Date of an article as users paste it, private to
 * the core (the parser, import, queries, the migration to schema 10).
 * Pure text: no archive involved, apart from glossa_date_register().
 */
#ifndef GLOSSA_DATE_H
#define GLOSSA_DATE_H

#include <sqlite3.h>
#include <stddef.h>

/* Room for a normalised date: "2025-02-10T08:30:00+08:00" and its NUL. */
#define GLOSSA_DATE_MAX 32

/*
 * Read the date s (len bytes, surrounding blanks ignored) into out as
 * the normalised form the archive sorts and filters on:
 *
 *   YYYY                          a year alone ("2025", "2025年")
 *   YYYY-MM                       a month ("2025-02", "February 2025")
 *   YYYY-MM-DD                    a day
 *   YYYY-MM-DDTHH:MM:SS           with the time of day as written
 *   YYYY-MM-DDTHH:MM:SSZ          ... at offset zero (Z, +00:00, GMT)
 *   YYYY-MM-DDTHH:MM:SS+HH:MM     ... or at another offset
 *
 * so that a byte comparison orders them: a partial date before every
 * date it contains. The forms read: ISO 8601 (date, date and time with
 * 'T' or a space, seconds and fraction optional, offset Z, +HH:MM,
 * +HHMM or +HH), YYYY/MM/DD and YYYY.MM.DD (and their months), RFC 2822
 * ("Mon, 10 Feb 2025 08:30:00 +0800", zones UT, GMT and the American
 * ones), "10 February 2025", "February 10, 2025", "February 2025"
 * (names in English, full or abbreviated, any case, an optional weekday
 * that must be the right one), "2025年2月10日", "2025年2月", "2025年"
 * (full-width digits too). Years 0001 to 9999 with four digits.
 *
 * Returns 0, or -1 when s is no date or an impossible one (2024-13-45,
 * 2023-02-29, 25:00, an offset beyond 14 hours, text after the date):
 * then out is "" and *why (if why is not NULL) a static phrase saying
 * what is wrong ("there is no month 13").
 */
int glossa_date_parse(const char *s, size_t len, char out[GLOSSA_DATE_MAX],
		      const char **why);

/*
 * Register the SQL function glossa_date_iso(text) on a connection: the
 * normalised date of text, '' when it is unreadable (or NULL, or empty).
 * An SQLite result code.
 */
int glossa_date_register(sqlite3 *db);

#endif
