# The configuration file's parser, through glossa config: every command,
# every error with its file and line (the line skipped, the rest
# applied, exit 1), the round trip (glossa config's output, read again,
# prints the same), where the file is looked for (-C, $GLOSSA_CONFIG,
# $XDG_CONFIG_HOME; a missing default file is the defaults), source, and
# the settings the commands use (list-limit, search-limit, export-format).
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -xF -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not a line of $2"; }; }
hasnt() { if grep -xF -- "$1" "$2" >/dev/null; then cat "$2"; fail "'$1' in $2"; fi; }

# no file: the defaults, exit 0, nothing on stderr
"$G" config >defaults.txt 2>err.txt || fail "defaults: exit $?"
[ ! -s err.txt ] || fail "defaults: $(cat err.txt)"
has 'set split auto' defaults.txt
has 'set list-limit 50' defaults.txt
has 'set show-translations yes' defaults.txt
has 'set browser ""' defaults.txt
has 'bind generic j down' defaults.txt
has 'bind article ] next-phrase' defaults.txt
has 'bind generic <C-l> redraw' defaults.txt
has 'bind generic <PgDn> page-down' defaults.txt
has 'color gloss default default bold underline' defaults.txt
if grep '^unbind' defaults.txt; then fail "defaults unbind"; fi
# the default colours: no yellow or cyan text on the default background
if grep -E '^color [a-z-]+ (yellow|cyan|bright-yellow|bright-cyan) default' \
	defaults.txt; then fail "yellow or cyan"; fi

# every command, well formed
mkdir -p inc
cat >inc/more <<'EOT'
set search-limit 7
EOT
cat >good <<'EOT'
# a comment, and blank lines

set split narrow   # a comment after
set wide-columns = 150
set list-width 30
set show-translations no
set list-limit 3
set export-format markdown
set export-dir "~/notes dir"
set editor "vim -c \"set tw=72\""
set browser w3m
set clipboard-command "wl-copy"
set mouse off
set escape-delay 100
bind generic <C-f> page-down
bind article <Esc>x zoom
bind list <F1> help
bind notes <PgDown> down
bind cursor "#" cur-leave
bind glossary <M-q> back
bind generic ! !notify-send "$GLOSSA_TITLE"   # the rest of the line
unbind generic j
unbind article ]
color gloss bright-yellow color17 bold underline reverse dim standout
colour error default default
highlight "镓" red default bold
highlight "export control" default default underline
search gallium "gallium \"export controls\""
search "two words" "tag:rare*"
source inc/more
EOT
"$G" -C good config >good.txt 2>err.txt || { cat err.txt; fail "good: exit"; }
[ ! -s err.txt ] || fail "good: $(cat err.txt)"
has 'set split narrow' good.txt
has 'set wide-columns 150' good.txt
has 'set list-width 30' good.txt
has 'set show-translations no' good.txt
has 'set list-limit 3' good.txt
has 'set search-limit 7' good.txt
has 'set export-format "markdown"' good.txt
has 'set export-dir "~/notes dir"' good.txt
has 'set editor "vim -c \"set tw=72\""' good.txt
has 'set browser "w3m"' good.txt
has 'set clipboard-command "wl-copy"' good.txt
has 'set mouse no' good.txt
has 'set escape-delay 100' good.txt
has 'bind generic <C-f> page-down' good.txt
has 'bind article <Esc>x zoom' good.txt
has 'bind list <F1> help' good.txt
has 'bind notes <PgDn> down' good.txt
has 'bind cursor <Hash> cur-leave' good.txt
has 'bind glossary <Esc>q back' good.txt
has 'bind generic ! !notify-send "$GLOSSA_TITLE"   # the rest of the line' good.txt
has 'unbind generic j' good.txt
has 'unbind article ]' good.txt
hasnt 'bind generic j down' good.txt
hasnt 'bind article ] next-phrase' good.txt
has 'color gloss bright-yellow color17 bold underline reverse dim standout' good.txt
has 'color error default default' good.txt
has 'highlight "镓" red default bold' good.txt
has 'highlight "export control" default default underline' good.txt
has 'search gallium "gallium \"export controls\""' good.txt
has 'search "two words" "tag:rare*"' good.txt

# the round trip: the output read again prints the same
for f in defaults good; do
	"$G" -C $f.txt config >again.txt 2>err.txt || fail "$f: again: exit"
	[ ! -s err.txt ] || fail "$f again: $(cat err.txt)"
	tail -n +3 $f.txt >a; tail -n +3 again.txt >b
	cmp a b || { diff a b; fail "$f: not the same read again"; }
done

# every error: FILE:LINE: what, the line skipped, the others applied
cat >bad <<'EOT'
set list-limit 9
set
set nosuch 1
set list-limit
set list-limit abc
set list-limit -1
set mouse maybe
set split sideways
set export-format pdf
set browser a b
bind
bind generic x
bind nowhere x zoom
bind generic <Bogus> zoom
bind generic x no-such-action
bind generic x zoom extra
bind generic x !
unbind generic
unbind generic x y
color
color nosuch red blue
color gloss purple default
color gloss red purple
color gloss red default blinky
highlight "" red default
highlight "镓" red
highlight "(" red default
search
search name
search "" "q"
source
source missing-file
frobnicate
set editor "unterminated
set editor "a"b
search bad "foo:bar"
highlight "foo:bar" red default
set show-translations no
EOT
if "$G" -C bad config >bad.txt 2>err.txt; then fail "bad: exit 0"; fi
cat >want <<'EOT'
bad:2: set: needs a setting's name and a value
bad:3: set: unknown setting 'nosuch'
bad:4: set list-limit: needs a value
bad:5: set list-limit: 'abc' is not a number from 0 to 1000000000
bad:6: set list-limit: '-1' is not a number from 0 to 1000000000
bad:7: set mouse: 'maybe' is not yes or no
bad:8: set split: 'sideways' is not one of auto, wide, ...
bad:9: set export-format: 'pdf' is not one of text, markdown, ...
bad:10: set browser: one value only (quote a value with blanks)
bad:11: bind: needs a view, a key and an action
bad:12: bind: needs a view, a key and an action
bad:13: bind: unknown view 'nowhere' (generic, list, article, notes, cursor, glossary, marks, saved-searches, facets)
bad:14: bind: bad key '<Bogus>' (a character, or <Name>: <Enter>, <C-f>, <Esc>x, <PgDown>, <F1>...)
bad:15: bind: unknown action 'no-such-action' (see the help, ?, for their names)
bad:16: bind: too many words
bad:17: bind: '!' needs a command
bad:18: unbind: needs a view and a key
bad:19: unbind: too many words
bad:20: color: needs an area, a foreground and a background colour
bad:21: color: unknown area 'nosuch'
bad:22: unknown colour 'purple' (black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, colorN, default)
bad:23: unknown colour 'purple'
bad:24: unknown attribute 'blinky' (bold, underline, reverse, dim, standout, blink, italic, normal)
bad:25: highlight: the term is empty
bad:26: highlight: needs a "term", a foreground and a background colour
bad:28: search: needs a name and a "query"
bad:29: search: needs a name and a "query"
bad:30: search: the name is empty
bad:31: source: needs one file name
bad:32: source: cannot read missing-file: No such file or directory
bad:33: unknown command 'frobnicate' (set, bind, unbind, color, highlight, search, source)
bad:34: unterminated string (a " is missing)
bad:35: a blank must follow a string's closing "
bad:36: search bad: unknown field foo: the fields are title:, source:, author:, tag:, url:, after:, before:, in:, is:, has: (quote it to search for the text)
bad:37: highlight: 'foo:bar': unknown field foo: the fields are title:, source:, author:, tag:, url:, after:, before:, in:, is:, has: (quote it to search for the text)
EOT
# (line 27: "(" parses as a query: the search's own rule, which forgives)
diff want err.txt || fail "errors differ"
has 'set list-limit 9' bad.txt
has 'set show-translations no' bad.txt
has 'bind generic j down' bad.txt
has 'set split auto' bad.txt

# where: -C, then $GLOSSA_CONFIG, then $XDG_CONFIG_HOME/glossa/config
mkdir -p "$XDG_CONFIG_HOME/glossa"
echo 'set list-limit 11' >"$XDG_CONFIG_HOME/glossa/config"
echo 'set list-limit 12' >env.conf
echo 'set list-limit 13' >opt.conf
"$G" config | grep -qx 'set list-limit 11' || fail "XDG"
GLOSSA_CONFIG=env.conf "$G" config | grep -qx 'set list-limit 12' || fail "env"
GLOSSA_CONFIG=env.conf "$G" -C opt.conf config |
	grep -qx 'set list-limit 13' || fail "-C"
# a file named but missing is an error; the default one missing is not
if "$G" -C nowhere.conf config >/dev/null 2>err.txt; then fail "-C missing"; fi
grep -q '^nowhere.conf:0: cannot read it: No such file' err.txt || fail "$(cat err.txt)"

# source: relative to the file; a loop ends; not a device
printf 'source /dev/zero\nset list-limit 4\n' >dev.conf
if "$G" -C dev.conf config >dev.txt 2>err.txt; then fail "/dev/zero: exit 0"; fi
grep -qx 'dev.conf:1: source: /dev/zero is not a regular file' err.txt || fail "$(cat err.txt)"
has 'set list-limit 4' dev.txt
echo 'source loop' >inc/loop
if "$G" -C inc/loop config >/dev/null 2>err.txt; then fail "loop: exit 0"; fi
grep -q 'inc/loop:1: source: nested too deeply' err.txt || fail "$(cat err.txt)"

# the settings the commands use; an error does not stop a command
"$G" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
printf 'set list-limit 2\nset search-limit 1\nset export-format markdown\nnonsense\n' >use.conf
GLOSSA_CONFIG=use.conf "$G" -d db list --tsv >list.txt 2>err.txt
[ "$(wc -l <list.txt)" = 2 ] || fail "list-limit: $(cat list.txt)"
grep -q 'use.conf:4: unknown command' err.txt || fail "no error said"
GLOSSA_CONFIG=use.conf "$G" -d db search --tsv rare >s.txt 2>/dev/null
[ "$(wc -l <s.txt)" = 1 ] || fail "search-limit: $(cat s.txt)"
GLOSSA_CONFIG=use.conf "$G" -d db export --all >md.txt 2>/dev/null
grep -q '^# ' md.txt || fail "export-format: not markdown"
"$G" -d db export --all >txt.txt
if grep -q '^# ' txt.txt; then fail "text export is markdown"; fi

# a line that fills the word buffer, then empty strings: each "" needs a
# byte of its own (it wrote past the buffer, one byte a "")
{ printf 'set editor '; head -c 4084 /dev/zero | tr '\0' x
  printf ' "" "" "" "" "" "" "" ""\n'; } >long.conf
"$G" -C long.conf config >/dev/null 2>err.txt && st=0 || st=$?
[ "$st" = 1 ] || fail "long line: exit $st"
grep -q 'long.conf:1: line too long' err.txt || fail "long line: $(cat err.txt)"
