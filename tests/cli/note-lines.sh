# A note's newlines are line breaks in `glossa show` and `glossa notes`:
# each line after the first on a line of its own, indented under the
# entry, never "^J" and never at the start of a line as if it were an
# entry of its own.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

printf 'Title: Drums\nGloss: 战鼓 | war drums\n\n擂响战鼓再出发。\n' >a.txt
"$G" -d db import a.txt >/dev/null
"$G" -d db edit 1 --note "$(printf 'first line\nsecond line\nthird line')" >/dev/null
"$G" -d db note 1 "$(printf 'a free note\nits second line')" >/dev/null

"$G" -d db show 1 >show.txt
grep -qF '^J' show.txt && { cat show.txt; fail "show: ^J"; }
grep -qx '  \[1\] 战鼓 — war drums: first line' show.txt || { cat show.txt; fail "show: first line"; }
grep -qx '    second line' show.txt || { cat show.txt; fail "show: second line not indented"; }
grep -qx '    third line' show.txt || { cat show.txt; fail "show: third line not indented"; }
grep -qx '  \[2\] note: a free note' show.txt || { cat show.txt; fail "show: the free note"; }
grep -qx '    its second line' show.txt || { cat show.txt; fail "show: the free note's second line"; }

for args in "1" ""; do
	"$G" -d db notes $args >notes.txt
	grep -qF '^J' notes.txt && { cat notes.txt; fail "notes $args: ^J"; }
	grep -q '\[1\] 战鼓 — war drums: first line$' notes.txt || { cat notes.txt; fail "notes $args: first line"; }
	grep -qx '    second line' notes.txt || { cat notes.txt; fail "notes $args: second line not indented"; }
	grep -qx '    its second line' notes.txt || { cat notes.txt; fail "notes $args: the free note's second line"; }
	# every line is an entry or an indented continuation
	grep -v '^\(article 1 \)\{0,1\}\[[0-9]\]\|^    ' notes.txt && fail "notes $args: a line out of place"
done
# --tsv keeps its escapes: one line an entry
"$G" -d db notes --tsv >tsv.txt
[ "$(wc -l <tsv.txt)" -eq 2 ] || { cat tsv.txt; fail "tsv: not one line an entry"; }
exit 0
