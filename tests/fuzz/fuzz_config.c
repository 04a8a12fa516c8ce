/*
 * fuzz_config.c: libFuzzer target for the configuration file's parser
 * (tui/config.c, compiled in here with the few functions of the
 * interface it calls replaced by small ones below).
 *
 * Any input, a line at a time, is read without a crash; and what
 * config_print() prints of the result is a valid file: read again it
 * gives no error and prints the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tui/config.c"

/* --- The interface's side, small ---------------------------------------- */

const char *const cmd_keys[CMD_COUNT] = {
#define KEYS_ENTRY(name, scope, keys, desc) keys,
    TUI_COMMANDS(KEYS_ENTRY)
#undef KEYS_ENTRY
};
static const char *const cmd_names[CMD_COUNT] = {
#define NAME_ENTRY(name, scope, keys, desc) #name,
    TUI_COMMANDS(NAME_ENTRY)
#undef NAME_ENTRY
};
static const int cmd_scopes[CMD_COUNT] = {
#define SCOPE_ENTRY(name, scope, keys, desc) SCOPE_##scope,
    TUI_COMMANDS(SCOPE_ENTRY)
#undef SCOPE_ENTRY
};
static const char *const scope_names[] = {"generic", "list",   "article",
                                          "notes",   "cursor", "glossary"};
static struct binding fb[512];
static size_t nfb;
static int fb_ready;

double ui_now(void) { return 0; }
char *path_expand(const char *path) { return strdup(path); }
void highlight_matcher_free(struct highlight *h) { (void)h; }

/* Keys: one UTF-8 character, or <Name> of a few names, <C-x>, <Fn>. */
int ui_key_parse(const char **s)
{
	static const struct {
		const char *n;
		int k;
	} names[] = {{"Enter", TK_ENTER}, {"Esc", TK_ESC},
	             {"Space", ' '},      {"Lt", '<'},
	             {"Hash", '#'},       {"Up", TK_FN(KEY_UP)},
	             {"PgDn", TK_FN(KEY_NPAGE)}, {"PgDown", TK_FN(KEY_NPAGE)}};
	const char *p = *s, *end;
	uint32_t cp;
	size_t k;

	if (*p == '<' && (end = strchr(p, '>')) && end - p > 1) {
		size_t n = (size_t)(end - p - 1);
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].n) == n &&
			    !strncmp(p + 1, names[i].n, n)) {
				*s = end + 1;
				return names[i].k;
			}
		if (n == 3 && p[1] == 'C' && p[2] == '-' && p[3] >= 'a' &&
		    p[3] <= 'z') {
			*s = end + 1;
			return TK_CTRL(p[3]);
		}
	}
	k = glossa_utf8_decode(p, strlen(p), &cp);
	if (k == 0 || cp < 0x21)
		return TK_NONE;
	*s = p + k;
	return (int)cp;
}

const char *ui_key_name(int key, char *buf, size_t size)
{
	static const struct {
		const char *n;
		int k;
	} names[] = {{"Enter", TK_ENTER}, {"Esc", TK_ESC}, {"Space", ' '},
	             {"Up", TK_FN(KEY_UP)}, {"PgDn", TK_FN(KEY_NPAGE)}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].k == key) {
			snprintf(buf, size, "%s", names[i].n);
			return buf;
		}
	if (key > 0 && key < 0x20)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else {
		char u[5];
		u[glossa_utf8_encode((uint32_t)key, u)] = 0;
		snprintf(buf, size, "%s", u);
	}
	return buf;
}

void keys_unbind(int scope, int key)
{
	size_t j = 0;

	for (size_t i = 0; i < nfb; i++) {
		if (fb[i].scope == scope && fb[i].key == key)
			free(fb[i].ext);
		else
			fb[j++] = fb[i];
	}
	nfb = j;
}

int keys_bind(int scope, int key, int cmd, const char *ext)
{
	keys_unbind(scope, key);
	if (nfb == sizeof(fb) / sizeof(fb[0]))
		return -1;
	fb[nfb++] = (struct binding){scope, key, ext ? CMD_NONE : cmd,
	                             ext ? strdup(ext) : NULL};
	return 0;
}

void cmds_init(void)
{
	if (fb_ready)
		return;
	fb_ready = 1;
	for (int c = 0; c < CMD_COUNT; c++) {
		const char *s = cmd_keys[c];
		while (*s) {
			int k;
			while (*s == ' ')
				s++;
			if (!*s || (k = ui_key_parse(&s)) == TK_NONE)
				break;
			keys_bind(cmd_scopes[c], k, c, NULL);
		}
	}
}

size_t keys_bindings(const struct binding **out)
{
	*out = fb;
	return nfb;
}

void keys_free(void)
{
	for (size_t i = 0; i < nfb; i++)
		free(fb[i].ext);
	nfb = 0;
	fb_ready = 0;
}

const char *keys_cmd_name(int cmd, char *buf, size_t size)
{
	size_t i = 0;

	for (const char *s = cmd_names[cmd]; *s && i + 1 < size; s++)
		buf[i++] = *s == '_' ? '-' : (char)(*s | 0x20);
	buf[i] = 0;
	return buf;
}

int keys_cmd_by_name(const char *name)
{
	char buf[64];

	for (int c = 0; c < CMD_COUNT; c++)
		if (!strcmp(keys_cmd_name(c, buf, sizeof(buf)), name))
			return c;
	return CMD_NONE;
}

const char *keys_scope_name(int scope)
{
	return scope >= 0 && scope < 6 ? scope_names[scope] : NULL;
}

int keys_scope_by_name(const char *name)
{
	for (int s = 0; s < 6; s++)
		if (!strcmp(scope_names[s], name))
			return s;
	return -1;
}

/* --- The target ------------------------------------------------------------ */

/* Read text (len bytes) a line at a time; returns the errors. */
static int read_text(const char *text, size_t len)
{
	int errors = 0;
	size_t i = 0, line = 1;

	cmds_init();
	colors_init();
	while (i < len) {
		size_t n = 0;
		char *l;
		while (i + n < len && text[i + n] != '\n')
			n++;
		if ((l = malloc(n + 1))) {
			memcpy(l, text + i, n);
			l[n] = 0;
			/* a NUL ends the line, as getline's text would not */
			errors += config_parse_line(l, "fuzz", (int)line, NULL);
			free(l);
		}
		i += n + 1;
		line++;
	}
	return errors;
}

static char *printed(size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (!f)
		abort();
	config_print(f);
	fclose(f);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n1, n2;
	char *first, *second;

	read_text((const char *)data, size);
	first = printed(&n1);
	config_free();
	/* the sourced files of an input are not followed past their own
	 * errors; what is printed has no source line */
	if (read_text(first, n1) != 0)
		abort();
	second = printed(&n2);
	config_free();
	if (n1 != n2 || memcmp(first, second, n1))
		abort();
	free(first);
	free(second);
	return 0;
}
