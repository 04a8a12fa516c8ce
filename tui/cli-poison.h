/*
 * cli-poison.h: included last by the files of the commands (after the
 * output layer in cli.c), so that nothing prints past cli_say() and
 * its kin; see the Output section of cli.c.
 */
/* From here on, everything is printed with the functions above. (A
 * fortified C library may make some of these macros; they stay as they
 * are, the compiler used for the build poisons the rest.) */
#pragma GCC poison vprintf vfprintf puts fputs putchar putc fputc fwrite perror
#ifndef fputs_unlocked
#pragma GCC poison fputs_unlocked
#endif
#ifndef fwrite_unlocked
#pragma GCC poison fwrite_unlocked
#endif
#ifndef putc_unlocked
#pragma GCC poison putc_unlocked
#endif
#ifndef putchar_unlocked
#pragma GCC poison putchar_unlocked
#endif
#ifndef fputc_unlocked
#pragma GCC poison fputc_unlocked
#endif
#ifndef printf
#pragma GCC poison printf
#endif
#ifndef fprintf
#pragma GCC poison fprintf
#endif
#ifndef dprintf
#pragma GCC poison dprintf
#endif
