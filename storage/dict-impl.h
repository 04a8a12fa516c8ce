/*
 * dict-impl.h: what the files of the dictionary share, private to them:
 * dict-build.c (CC-CEDICT's text format read, the file built) and
 * dict.c (the file opened, looked up, readings, segmentation).
 *
 * The file: entry (one row a line of CC-CEDICT, indexed on both
 * headwords); word (every headword of two or more characters, both
 * forms, with every prefix of two or more characters of one, is_word 0
 * for a prefix only), so that the longest word at a position is found by
 * growing a prefix until it is no longer in the table; hanzi (Unihan's
 * kMandarin, the first reading, by code point); meta (edition, counts,
 * the longest headword in characters).
 */
#ifndef GLOSSA_DICT_IMPL_H
#define GLOSSA_DICT_IMPL_H

/* "gldc", and the layout's version: a file of another version is
 * refused (build it again). */
#define DICT_APP_ID 0x676c6463
#define DICT_VERSION 1

/* Lookups and segmentation look at no more characters than this. */
#define DICT_MAX_CHARS 32

#endif
