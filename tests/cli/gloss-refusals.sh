# glossa gloss refuses what is most likely a mistake, and adds nothing:
# a phrase that is not in the article's text (exit 1, unless --detached
# keeps it anyway, shown [detached]) and a second gloss of a phrase the
# article already glosses (exit 1, naming `glossa edit ID` of the first).
set -eu
G=$GLOSSA
fail() { echo "FAIL: $1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
count() { "$G" -d db notes 1 --tsv | wc -l; }

printf 'Title: one\n\n稀土 is rare earth; 稀土 again.\n' >one.txt
"$G" -d db import one.txt >/dev/null
"$G" -d db gloss 1 稀土 "rare earth" >out 2>err || fail "first gloss" err
grep -q '^added gloss 1 to article 1$' out || fail "first gloss" out

# not in the text
rc=0
"$G" -d db gloss 1 决战 "decisive battle" >out 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "phrase not in the text: exit $rc, not 1" err
grep -q "“决战” is not in the article's text" err || fail "no reason" err
grep -q -- "--detached" err || fail "no hint at --detached" err
[ ! -s out ] || fail "said it added something" out
[ "$(count)" -eq 1 ] || fail "a gloss was added anyway"

"$G" -d db gloss --detached 1 决战 "decisive battle" >out 2>err ||
	fail "--detached refused" err
grep -q '^added gloss 2 to article 1$' out || fail "--detached" out
"$G" -d db notes 1 | grep -q '决战 (jué zhàn) — decisive battle \[detached\]' ||
	fail "not shown detached"

# the same phrase again
rc=0
"$G" -d db gloss 1 稀土 "REE" >out 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "a second gloss: exit $rc, not 1" err
grep -q "already glossed in this article (1): “稀土”; to change it: glossa edit 1" err ||
	fail "no pointer at glossa edit 1" err
[ "$(count)" -eq 2 ] || fail "a second gloss was added anyway"
rc=0
"$G" -d db gloss --detached 1 决战 "battle" 2>err || rc=$?
[ "$rc" -eq 1 ] || fail "a second detached gloss: exit $rc" err
grep -q "glossa edit 2" err || fail "no pointer at glossa edit 2" err

# a note on a glossed phrase is no second gloss; another article's
# gloss of the phrase is no twin either
"$G" -d db note 1 "稀土 again" >/dev/null || fail "note refused"
"$G" -d db import one.txt >/dev/null
printf 'Title: two\n\n稀土 too\n' >two.txt
"$G" -d db import two.txt >/dev/null
"$G" -d db gloss 2 稀土 "rare earth" >/dev/null || fail "the same phrase in another article refused"
echo ok
