# Finding one's way: the state filters in search and list, with and
# without words; search --save and searches (counts, new matches,
# --delete); facets. Through the real binary on the sample archive.
set -eu
G="$GLOSSA"
S="$GLOSSA_SRC/sample-archive"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }
hasnt() { ! grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' in $2"; }; }
lines() { [ "$(wc -l <"$2")" -eq "$1" ] || { cat "$2"; fail "$2: not $1 lines"; }; }

"$G" -d db import "$S" >/dev/null
baogang=$("$G" -d db list --tsv | awk -F'\t' '/Baogang/ {print $1}')
taipei=$("$G" -d db list --tsv | awk -F'\t' '/Taipei/ {print $1}')

# every article starts unread; the sample files carry glosses and notes
"$G" -d db list is:unread >out
lines 7 out
"$G" -d db list is:read >out
lines 0 out
"$G" -d db search has:glosses >out
has "Baogang Group beats the war drums" out

# the state changes what the filters find; words and filters compose
"$G" -d db gloss --detached "$taipei" "not in the text at all" "x" >/dev/null
"$G" -d db list has:detached >out
lines 1 out
has "A view from Taipei" out
"$G" -d db search has:detached minerals >out
has "A view from Taipei" out
"$G" -d db search has:detached war drums >out
hasnt "Baogang" out
"$G" -d db list --tsv has:detached is:unread >out
lines 1 out
"$G" -d db list has:detached is:read >out
lines 0 out

# a bad value is the user's to fix: a message, exit 1
if "$G" -d db search is:sideways >out 2>err; then fail "is:sideways accepted"; fi
has 'is: expects "read", "unread" or "marked", not "sideways"' err
if "$G" -d db list -- -has:notes >out 2>err; then fail "-has:notes accepted"; fi
has "a filter cannot be excluded" err

# saved searches: saved with their count, listed with it
"$G" -d db search --save drums 战鼓 >out
has "saved search drums: 战鼓 (2 articles)" out
"$G" -d db search --save "detached minerals" has:detached minerals >out
has "(1 article)" out
if "$G" -d db search --save bad foo:bar >out 2>err; then fail "bad query saved"; fi
has "unknown field foo" err
"$G" -d db searches >out
lines 2 out
has "detached minerals  1 article  has:detached minerals" out
has "drums  2 articles  战鼓" out
"$G" -d db searches --tsv >out
has "$(printf 'drums\t2\t0\t战鼓')" out
# saving again under the name replaces the query
"$G" -d db search --save drums 战鼓 -擂响 >/dev/null
"$G" -d db searches >out
has "drums  0 articles  战鼓 -擂响" out
"$G" -d db searches --delete drums
"$G" -d db searches >out
lines 1 out
if "$G" -d db searches --delete drums 2>err; then fail "deleted twice"; fi
has "no saved search is called drums" err

# facets: tags, sources and authors with their articles
"$G" -d db facets >out
has "tag          5  China" out
has "source       6  glossa sample notes" out
has "author       1  Daniel" out
"$G" -d db facets --tsv source >out
lines 2 out
has "$(printf 'source\t1\tRare Earth Exchanges')" out
# the count is what the query of the facet finds
n=$("$G" -d db facets --tsv tag | awk -F'\t' '$3 == "rare earths" {print $2}')
m=$("$G" -d db list --tsv 'tag:"rare earths"' | wc -l)
[ "$n" = "$m" ] || fail "tag rare earths: facet $n, query $m"
: "$baogang"

# an archive whose articles have no tags, sources or authors: facets says
# so on a terminal, and prints nothing to a pipe
printf 'Title: Bare\n\nno header but the title\n' >bare.txt
"$G" -d bare.db import bare.txt >/dev/null
[ -z "$("$G" -d bare.db facets 2>&1)" ] || fail "facets to a pipe: not empty"
if command -v script >/dev/null 2>&1; then
	script -qec "\"$G\" -d bare.db facets" /dev/null >tty.out 2>&1 || true
	grep -q 'no tags, sources or authors' tty.out || fail "facets: $(cat tty.out)"
fi
