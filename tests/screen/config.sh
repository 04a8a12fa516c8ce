#!/bin/sh
# The configuration file in the interface: keys rebound and unbound, the
# colours (and NO_COLOR, which wins), the watch terms lit in the list and
# in the text with the search's folding (镓 lights 鎵, "export control"
# lights "export controls" but not "export" alone), a bad line reported
# in the status line while the rest applies; and the outside world: o, y
# (clipboard-command, and OSC 52), | and a bound !command, run with a
# stub that records its arguments and environment, for an article whose
# title and URL try shell injection.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
export LC_ALL=C.UTF-8
mkdir -p config/glossa arts
cat >arts/a.txt <<'EOT'
Title: Gallium $(touch injected) `touch injected` ; touch injected
Source: Test Wire
Date: 2025-03-01
URL: https://example.com/a?q=$(touch injected2)&x='y'

Beijing tightened export controls on 鎵 and germanium.
The export of rare earths goes on.
EOT
cat >arts/b.txt <<'EOT'
Title: 镓 prices climb
Source: Test Wire
Date: 2025-01-01

Nothing else here.
EOT
"$GLOSSA" -d db import arts >/dev/null
id=$("$GLOSSA" -d db list --tsv | grep Gallium | cut -f1)
"$GLOSSA" -d db gloss "$id" germanium 锗 >/dev/null

# the stub: each argument, and the values glossa gives, one a line
cat >stub.sh <<'EOT'
#!/bin/sh
{
	for a in "$@"; do printf 'arg=%s\n' "$a"; done
	printf 'url=%s\ntitle=%s\nid=%s\nphrase=%s\n' "$GLOSSA_URL" \
		"$GLOSSA_TITLE" "$GLOSSA_ID" "${GLOSSA_PHRASE-}"
} >>"$(dirname "$0")/rec.txt"
EOT
stub="$PWD/stub.sh"

cat >config/glossa/config <<EOT
# keys
bind generic x zoom
bind generic <Esc>h help
unbind generic z
bind generic X !sh "$stub" bound
set browser "sh $stub open"
set clipboard-command "[ -e clip.txt ] || cat >clip1.txt; cat >clip.txt"
highlight "镓" red default underline
highlight "export control" default default bold
color title-bar red default bold
set frobs 3
EOT

# ]: the gloss (germanium) under the phrase cursor
cat >keys <<'EOT'
:dump start.txt
<Enter>
:dumpattr attr.txt
:dump text.txt
x
:dump zoomed.txt
x
z
:dump unbound.txt
<Esc>h
:dump meta.txt
G
:dump helpend.txt
q
]
o
y
X
|cat >piped.txt<Enter>
:dump after.txt
<Tab>
y
<Space>
|cat >notes.txt<Enter>
EOT
NO_COLOR=1 GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db

# a bad line: said, and the rest applies
grep -q 'config:11: set: unknown setting .frobs.' start.txt ||
	fail "no error in the status line" start.txt

# rebound: x zooms (one pane: the list's title only), z is no key now
grep -q 'Notes' text.txt || fail "no notes pane" text.txt
if grep -q 'Notes' zoomed.txt; then fail "x did not zoom" zoomed.txt; fi
grep -q 'z: no such key' unbound.txt || fail "z still bound" unbound.txt
# the status line's hints name the keys as bound: x zooms, z is gone
tail -n 1 text.txt | grep -q 'c cursor  x zoom  ? help$' ||
	fail "the hints do not follow the bindings" text.txt

# <Esc>h: Esc then h at once is the key bound
grep -q 'closes this help' meta.txt || fail "<Esc>h: no help" meta.txt

# the help lists the external command bound, with its key
grep -F "!sh \"$stub\" bound" helpend.txt | grep -q '^│ X  ' ||
	fail "the help lacks the ! binding" helpend.txt

# NO_COLOR: no colour anywhere, the title bar bold
if grep -q '[89a-f]' attr.txt; then fail "a colour under NO_COLOR" attr.txt; fi
head -n 1 attr.txt | grep -q '^1*$' || fail "title bar not bold" attr.txt

# col TEXT FILE ROWFILE: the look of the cell where TEXT starts on the
# row of TEXTFILE that holds it
look() {
	row=$(grep -n -m 1 -F -- "$1" "$2" | cut -d: -f1)
	line=$(sed -n "${row}p" "$2")
	pre=${line%%"$1"*}
	n=$(printf '%s' "$pre" | wc -m)
	sed -n "${row}p" "$3" | cut -c $((n + 1))-$((n + ${4:-1}))
}
# 鎵 in the text and 镓 in the list (a row that is not the cursor's):
# underlined; "export controls" bold; "export" alone not lit
[ "$(look 鎵 text.txt attr.txt)" = 2 ] || fail "鎵 not lit" text.txt attr.txt
[ "$(look '镓 prices' text.txt attr.txt)" = 2 ] ||
	fail "镓 not lit in the list" text.txt attr.txt
[ "$(look 'export controls' text.txt attr.txt 15)" = 111111111111111 ] ||
	fail "export controls not lit" text.txt attr.txt
[ "$(look 'export of' text.txt attr.txt 6)" = ...... ] ||
	fail "export alone lit" text.txt attr.txt

# o: the browser got the URL as its argument; !: the bound command ran;
# the values in the environment, as written; nothing was injected
[ ! -e injected ] && [ ! -e injected2 ] || fail "injected" rec.txt
grep -qxF 'arg=open' rec.txt || fail "o: no browser" rec.txt
grep -qxF "arg=https://example.com/a?q=\$(touch injected2)&x='y'" rec.txt ||
	fail "o: URL not the argument" rec.txt
grep -qxF 'arg=bound' rec.txt || fail "X: not run" rec.txt
grep -qxF 'title=Gallium $(touch injected) `touch injected` ; touch injected' \
	rec.txt || fail "title not in the environment" rec.txt
grep -qxF "id=$id" rec.txt || fail "no id" rec.txt
grep -qxF 'phrase=germanium' rec.txt || fail "no phrase" rec.txt
# y: the phrase under the cursor to the clipboard command (clip1.txt,
# kept by the stub command below before the next copy)
[ "$(cat clip1.txt)" = germanium ] || fail "y: not copied" clip1.txt after.txt
# y in the notes: the note with its citation (the last copy)
grep -qxF 'germanium — 锗' clip.txt || fail "y: no note" clip.txt
grep -qF -- "-- Gallium \$(touch injected)" clip.txt || fail "y: no title" clip.txt
grep -qF "Test Wire, 2025-03-01, https://example.com/a?q=" clip.txt ||
	fail "y: no citation" clip.txt
# | with a note marked: the marked notes
grep -qF 'germanium' notes.txt || fail "|: no marked note" notes.txt
if grep -q '^Gloss:' notes.txt; then
	fail "|: the article, not the notes" notes.txt; fi
# |: the article as the archive's file format on the command's stdin
grep -qxF 'Source: Test Wire' piped.txt || fail "|: no article" piped.txt
grep -qF 'Gloss: germanium | 锗' piped.txt || fail "|: no gloss" piped.txt

# y without a clipboard command: OSC 52 to the terminal
grep -v clipboard config/glossa/config >c2
cat >keys <<'EOT'
<Enter>
]
y
:dump osc.txt
EOT
GLOSSA_OSC52_FILE=osc52 GLOSSA_CONFIG=c2 GLOSSA_SCRIPT=keys \
	GLOSSA_SIZE=100x30 "$GLOSSA" -d db
printf '\033]52;c;%s\a' "$(printf germanium | base64)" >want
cmp want osc52 || fail "OSC 52 differs" osc52
grep -q 'copied the phrase' osc.txt || fail "y said nothing" osc.txt

# a hint names a key that means it where it is shown: glossary bound in
# the notes pane only is no hint of the list
printf 'unbind generic L\nbind notes G glossary\n' >c4
printf ':dump hint.txt\n' >keys
GLOSSA_CONFIG=c4 GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
tail -n 1 hint.txt | grep -q 'Enter open  / search  ? help$' ||
	fail "the list's hints name a key of the notes pane" hint.txt

# colours when allowed: the title bar red (a colour pair) and bold
printf '<Enter>\n:dumpattr attr2.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
head -n 1 attr2.txt | grep -q '^9*$' || fail "title bar not red" attr2.txt

# the layout and the translations: set split wide at 100 columns puts
# the list beside the article; show-translations no hides 〔锗〕
printf 'set split wide\nset list-width 30\nset show-translations no\n' >c3
printf '<Enter>\n:dump wide.txt\nt\n:dump trans.txt\n' >keys
GLOSSA_CONFIG=c3 GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db
sed -n 2p wide.txt | grep -q '┬' || fail "not wide" wide.txt
[ "$(sed -n 2p wide.txt | sed 's/┬.*//' | tr -d '\n' | wc -m)" = 30 ] ||
	fail "the list is not 30% wide" wide.txt
grep -q 'germanium' wide.txt || fail "no article" wide.txt
if grep -q '〔锗〕' wide.txt; then fail "translations shown" wide.txt; fi
grep -q '〔锗〕' trans.txt || fail "t: no translation" trans.txt

# o on a URL that is not the web's (file:, or one that reads as an
# option): refused, the browser never run
printf 'Title: Local\nDate: 2030-01-01\nURL: file:///etc/passwd\n\nx\n' >local.txt
"$GLOSSA" -d db2 import local.txt >/dev/null
: >rec.txt
printf 'o\n:dump localurl.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x30 "$GLOSSA" -d db2
grep -q 'not opened: the URL is not http:// or https://' localurl.txt ||
	fail "o: a file: URL not refused" localurl.txt
[ ! -s rec.txt ] || fail "o: the browser ran" rec.txt
