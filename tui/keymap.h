/*
 * keymap.h: every command of the interface, as one table.
 *
 * Each entry: the command's name, where it applies (ANY pane, or only in
 * the LIST, ARTICLE or NOTES pane; a pane's own binding wins over ANY),
 * its keys (single characters or <Name>s, separated by spaces, parsed by
 * ui_key_parse()), and the description the help screen shows. The table
 * is parsed once (keys.c's cmds_init()); the keys parsed both dispatch
 * (keys.c: the modal view on top, else the focused pane, then ANY) and
 * build the help screen (help.c). The views are in views.h.
 */
#ifndef GLOSSA_TUI_KEYMAP_H
#define GLOSSA_TUI_KEYMAP_H

#define TUI_COMMANDS(X)                                                        \
	X(DOWN, ANY, "j <Down>", "next article, line or note")                 \
	X(UP, ANY, "k <Up>", "previous article, line or note")                 \
	X(PAGE_DOWN, ANY, "<PgDn> <Space>", "one page down")                   \
	X(PAGE_UP, ANY, "<PgUp> b", "one page up")                             \
	X(FIRST, ANY, "g <Home>", "go to the first")                           \
	X(LAST, ANY, "G <End>", "go to the last")                              \
	X(OPEN, LIST, "<Enter>", "open the article (marks it read)")           \
	X(NEXT_PANE, ANY, "<Tab>", "next pane")                                \
	X(PREV_PANE, ANY, "<BTab>", "previous pane")                           \
	X(BACK, ANY, "q", "back where you came from; in the archive, quit")    \
	X(QUIT, ANY, "Q", "quit at once")                                      \
	X(STOP, ANY, "<Esc>", "stop the search (or its ranking) running")      \
	X(SEARCH, ANY, "/", "search (empty: the whole archive)")               \
	X(NEXT_MATCH, ANY, "n", "next match of the query in the article")      \
	X(PREV_MATCH, ANY, "N", "previous match in the article")               \
	X(NEXT_PHRASE, ARTICLE, "]", "next glossed phrase, with translation")  \
	X(PREV_PHRASE, ARTICLE, "[", "previous glossed phrase")                \
	X(NEXT_ARTICLE, ARTICLE, ">", "open the next article of the list")     \
	X(PREV_ARTICLE, ARTICLE, "<Lt>", "open the previous article")          \
	X(CURSOR, ARTICLE, "c", "show a character cursor in the text")         \
	X(SELECT, ARTICLE, "v", "start or end a selection at the cursor")      \
	X(ADD_GLOSS, ARTICLE, "a", "gloss the selection (asks translation...)") \
	X(ADD_NOTE, ARTICLE, "A", "add a note (quoting the selection, if any)") \
	X(ADOPT, ARTICLE, "+", "adopt the gloss from elsewhere under ]/[")     \
	X(LOOKUP, ARTICLE, "K", "look up the word at the cursor (dictionary)") \
	X(TERMS, ARTICLE, "I", "the article's terms nobody has glossed")      \
	X(CUR_LEFT, CURSOR, "h <Left>", "cursor: previous character")          \
	X(CUR_RIGHT, CURSOR, "l <Right>", "cursor: next character")            \
	X(CUR_WORD, CURSOR, "w", "cursor: next word")                          \
	X(CUR_BACK_WORD, CURSOR, "b", "cursor: previous word")                 \
	X(CUR_END_WORD, CURSOR, "e", "cursor: end of the word")                \
	X(CUR_DOWN, CURSOR, "j <Down>", "cursor: next line")                   \
	X(CUR_UP, CURSOR, "k <Up>", "cursor: previous line")                   \
	X(CUR_HOME, CURSOR, "0", "cursor: start of the line")                  \
	X(CUR_END, CURSOR, "$", "cursor: end of the line")                     \
	X(CUR_LEAVE, CURSOR, "<Esc>", "hide the cursor, drop the selection")   \
	X(TOGGLE_READ, ANY, "m", "mark the article read or unread")            \
	X(TOGGLE_TRANS, ANY, "t", "show or hide translations in the text")     \
	X(ZOOM, ANY, "z", "zoom the pane to the whole screen, and back")      \
	X(MARK, NOTES, "<Space>", "mark or unmark the note")                   \
	X(MARK_ALL, NOTES, "*", "mark all notes of the article")               \
	X(CLEAR_MARKS, NOTES, "u", "clear all marks")                          \
	X(NOTE_OPEN, NOTES, "<Enter>", "read the whole note (q closes)")       \
	X(EDIT, NOTES, "c", "edit the gloss or note at the prompt")            \
	X(EDIT_EXTERNAL, NOTES, "E", "edit the note's text in $VISUAL/$EDITOR") \
	X(DELETE, NOTES, "d", "delete the gloss or note (asks first)")         \
	X(DELETE_ARTICLE, LIST, "D", "delete the article (asks first)")        \
	X(UNDELETE, ANY, "U", "undo the last delete (note or article)")        \
	X(SET, ANY, "S", "correct the article's title, date... (field=value)") \
	X(SORT, LIST, "O", "sort by date, title, source, number of notes")     \
	X(MARKS, ANY, "M", "every marked note of the archive")                 \
	X(MARKS_UNMARK, MARKS, "<Space> u", "unmark the note")                 \
	X(MARKS_OPEN, MARKS, "<Enter>", "open the note's article")             \
	X(GLOSSARY, ANY, "L", "glossary: every glossed phrase of the archive") \
	X(GLOSSARY_OPEN, GLOSSARY, "<Enter>", "the articles with the phrase")  \
	X(GLOSSARY_FILTER, GLOSSARY, "/", "filter the glossary")               \
	X(SAVED, ANY, "s", "saved searches, with their articles and new ones") \
	X(SAVED_OPEN, SAVED, "<Enter>", "the results of the saved search")    \
	X(SAVE_SEARCH, LIST, "W", "save the search shown, under a name")      \
	X(FACETS, ANY, "T", "tags, sources and authors with their articles")  \
	X(FACETS_OPEN, FACETS, "<Enter>", "the articles with the tag...")     \
	X(FACETS_NEXT, FACETS, "<Tab>", "next kind: tags, sources, authors") \
	X(EXPORT, ANY, "e", "export the marked notes (none: the article's)")   \
	X(OPEN_URL, ANY, "o", "open the article's URL in the browser")       \
	X(COPY, ANY, "y", "copy the phrase, selection, note or entry")       \
	X(PIPE, ANY, "|", "pipe the article (or marked notes) to a command") \
	X(REDRAW, ANY, "<C-l>", "redraw the screen")                           \
	X(REFRESH, ANY, "R", "reload: show articles imported meanwhile")       \
	X(HELP, ANY, "?", "show or close this help")

/* CURSOR: the article pane while its character cursor is shown;
 * GLOSSARY, MARKS, SAVED, FACETS: those views. */
enum tui_scope {
	SCOPE_ANY,
	SCOPE_LIST,
	SCOPE_ARTICLE,
	SCOPE_NOTES,
	SCOPE_CURSOR,
	SCOPE_GLOSSARY,
	SCOPE_MARKS,
	SCOPE_SAVED,
	SCOPE_FACETS
};

enum tui_cmd {
#define TUI_CMD_ENUM(name, scope, keys, desc) CMD_##name,
	TUI_COMMANDS(TUI_CMD_ENUM)
#undef TUI_CMD_ENUM
	    CMD_COUNT,
	CMD_NONE = -1
};

#endif
