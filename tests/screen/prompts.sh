#!/bin/sh
# The prompts, at 80x24 and 45x12: the query offered at / goes when a
# character is typed and stays for an editing key; Up never shows the
# entry offered again, and the history holds a query once; the file name
# of e completes with Tab (a Tab that adds nothing lists the names) and
# expands ~/; an export's error keeps its reason in view at 80 columns.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
last() { tail -n 1 "$1"; }
# ends FILE TEXT: the prompt ends with TEXT, or at 45 columns (where the
# long label leaves 12 columns and the line scrolls) with its last 8
ends() {
	case $size in
	80x*) t=$2 ;;
	*) t=$(printf '%s' "$2" | sed 's/.*\(........\)$/\1/') ;;
	esac
	case "$(last "$1")" in *"$t") ;; *) return 1 ;; esac
}
above() { tail -n 2 "$1" | head -n 1; }

# a directory of its own as the current one: ~/outdir is $HOME's
mkdir -p work/notes/deep "$HOME/outdir"
touch work/notes/alpha-one.txt work/notes/alpha-two.txt
cd work
for size in 80x24 45x12; do
	rm -rf "$XDG_STATE_HOME" "$HOME/outdir/x.txt"
	cat >keys <<'EOT'
/战鼓<Enter>
/
:dump offered.txt
foo
:dump replaced.txt
<Esc>
/<Left>X
:dump edited.txt
<Esc>
/<BS>
:dump bs.txt
<Esc>
/<End>s
:dump end.txt
<Esc>
/决战<Enter>
/
:dump offered2.txt
<Up>
:dump up1.txt
<Up>
:dump up2.txt
<Down>
:dump down.txt
<Esc>
/战鼓<Enter>
j<Enter>
e<C-u>no<Tab>
:dump c1.txt
al<Tab>
:dump c2.txt
<Tab>
:dump c3.txt
o<Tab>
:dump c4.txt
<C-u>no<Tab>de<Tab>
:dump c5.txt
<C-u>~/ou<Tab>
:dump c6.txt
x.txt<Enter>
:dump c7.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d ../db
	[ "$(last offered.txt)" = "/战鼓" ] || fail "$size: not offered" offered.txt
	[ "$(last replaced.txt)" = "/foo" ] || fail "$size: typing kept the query" replaced.txt
	[ "$(last edited.txt)" = "/战X鼓" ] || fail "$size: Left did not keep it" edited.txt
	[ "$(last bs.txt)" = "/战" ] || fail "$size: Backspace did not edit it" bs.txt
	[ "$(last end.txt)" = "/战鼓s" ] || fail "$size: End did not keep it" end.txt
	# Up from the query offered: the one before, not the same again
	[ "$(last offered2.txt)" = "/决战" ] || fail "$size: offered" offered2.txt
	[ "$(last up1.txt)" = "/战鼓" ] || fail "$size: Up showed the entry offered" up1.txt
	[ "$(last up2.txt)" = "/战鼓" ] || fail "$size: Up past the oldest" up2.txt
	[ "$(last down.txt)" = "/决战" ] || fail "$size: Down" down.txt
	# the history holds each query once, the newest last, across runs
	printf '/<Up>\n:dump h1.txt\n<Up>\n:dump h2.txt\n<Up>\n:dump h3.txt\n' >keys2
	GLOSSA_SCRIPT=keys2 GLOSSA_SIZE=$size "$GLOSSA" -d ../db
	[ "$(last h1.txt)" = "/战鼓" ] || fail "$size: history" h1.txt
	[ "$(last h2.txt)" = "/决战" ] || fail "$size: history" h2.txt
	[ "$(last h3.txt)" = "/决战" ] || fail "$size: a duplicate in the history" h3.txt
	# Tab: the longest common prefix, then the names, then the one left
	# (at 45 columns the prompt's line scrolls: its end is checked)
	ends c1.txt ': notes/' || fail "$size: Tab on a directory" c1.txt
	ends c2.txt ': notes/alpha-' || fail "$size: common prefix" c2.txt
	above c3.txt | grep -q '2 names:  alpha-one.txt  alpha-two.txt' ||
		fail "$size: the second Tab lists nothing" c3.txt
	ends c3.txt ': notes/alpha-' || fail "$size: listing changed the text" c3.txt
	ends c4.txt ': notes/alpha-one.txt' || fail "$size: one name left" c4.txt
	if above c4.txt | grep -q names; then fail "$size: the list stayed" c4.txt; fi
	ends c5.txt ': notes/deep/' || fail "$size: a directory gets its /" c5.txt
	ends c6.txt ': ~/outdir/' || fail "$size: ~/ not completed" c6.txt
	[ -s "$HOME/outdir/x.txt" ] || fail "$size: ~/outdir/x.txt not written" c7.txt
	last c7.txt | grep -q "exported 8 notes to .*/outdir/x.txt$" || fail "$size: export" c7.txt
done
[ ! -e '~' ] || fail "a directory named ~ was made"

# The glossary's filter prompt offers its filter the same way.
printf 'L\n/稀土<Enter>\n/\n:dump f1.txt\nx\n:dump f2.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d ../db
[ "$(last f1.txt)" = "glossary filter: 稀土" ] || fail "filter not offered" f1.txt
[ "$(last f2.txt)" = "glossary filter: x" ] || fail "typing kept the filter" f2.txt

# At 80 columns an error that is too long gives up its path's start, never
# its reason.
long="$PWD/a-rather-long-directory-name-that-does-not-exist/and-one-more-level/notes-file.txt"
printf 'j<Enter>\ne<C-u>%s<Enter>\n:dump err.txt\n' "$long" >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d ../db
last err.txt | grep -q '^ export failed: .*….*: No such file or directory$' ||
	fail "the reason is cut" err.txt
