/*
 * utf8locale.h: the core's one C.UTF-8 locale, private to the core (text.c
 * makes it).
 */
#ifndef GLOSSA_UTF8LOCALE_H
#define GLOSSA_UTF8LOCALE_H

#include <locale.h>

/* A C.UTF-8 LC_CTYPE locale for the *_l() calls (iswalnum_l(),
 * towlower_l()) and uselocale(), whatever the thread's locale is; made
 * once, on the first call, from any thread; never freed. (locale_t)0
 * when the system has none: callers fall back to their own tables. */
locale_t glossa_utf8_locale(void);

#endif
