# Export through the real binary: each format on the sample archive, the
# archive round trip (export, import into an empty archive, export again:
# identical files, the GB18030, Big5 and UTF-16 articles included), and
# the file safety rules.
set -eu
G="$GLOSSA"
S="$GLOSSA_SRC/sample-archive"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }

"$G" -d db import "$S" >/dev/null
id=$("$G" -d db list --tsv --limit 0 | awk -F'\t' '$4 ~ /^Baogang/ {print $1}')

# text to stdout: the gloss, its reading, the sentence it stands in.
"$G" -d db export --article "$id" >out.txt
has "Baogang Group beats the war drums for 2025" out.txt
has "擂响战鼓再出发 — beating the war drums again" out.txt
has "léi xiǎng zhàn gǔ zài chū fā" out.txt
has "military-style mobilization" out.txt
! LC_ALL=C grep -q "$(printf '\033')" out.txt || fail "escape in text export"

"$G" -d db export --format markdown --article "$id" >out.md
has "# Baogang Group beats the war drums for 2025" out.md
has "**擂响战鼓再出发**" out.md

"$G" -d db export --format anki --all >out.tsv
has "#separator:tab" out.tsv
has "#html:false" out.tsv
# Records, not lines: a quoted field may hold a newline.
records() { grep -v '^#' "$1" | awk '{ q += gsub(/"/, "\""); if (q % 2 == 0) n++ } END { print n + 0 }'; }
rows=$(records out.tsv)
glosses=$("$G" -d db notes --tsv | awk -F'\t' '$3 == "gloss"' | wc -l)
[ "$rows" -eq "$glosses" ] || fail "anki: $rows rows for $glosses glosses"
grep -v '^#' out.tsv | awk '{ r = r $0 "\n"; q += gsub(/"/, "\""); if (q % 2) next
	if (gsub(/\t/, "\t", r) != 5) bad = 1; r = "" } END { exit bad }' || fail "anki records have 6 fields"

# Selected notes only.
first=$("$G" -d db notes "$id" --tsv | awk -F'\t' '$5 == "抓早" {print $1}')
"$G" -d db export --note "$first" >one.txt
has "抓早 — early action" one.txt
! grep -F "擂响战鼓再出发 —" one.txt >/dev/null || fail "--note exported more"

# A query's articles.
"$G" -d db export --query 關鍵礦產 >q.txt
has "A view from Taipei" q.txt
! grep -F "Baogang" q.txt >/dev/null || fail "--query exported more"

# Archive round trip.
"$G" -d db export --format archive --all --output a1 >/dev/null
[ "$(ls a1 | wc -l)" -eq 7 ] || fail "archive: 7 files expected"
"$G" -d db2 import a1 >out || { cat out; fail "re-import of the export"; }
has "7 imported, 0 updated, 0 failed" out
"$G" -d db2 export --format archive --all --output a2 >/dev/null
diff -r a1 a2 || fail "archive round trip differs"
for t in 關鍵礦產 原材料工业 钕铁硼 战鼓; do
	"$G" -d db search "$t" --tsv | cut -f3 >s1
	"$G" -d db2 search "$t" --tsv | cut -f3 >s2
	cmp s1 s2 || fail "search $t differs after the round trip"
done
"$G" -d db notes --tsv | cut -f3- | sort >n1
"$G" -d db2 notes --tsv | cut -f3- | sort >n2
cmp n1 n2 || fail "annotations differ after the round trip"

# The archive round trip is exact for any text, and its files hold no
# control character: an escape sequence, ZWJ, an RLO, U+E000, a form
# feed and a lone CR; a gloss on the 2nd occurrence; a note's fields.
printf 'Title: Nasty\033[2J \342\200\215 title\nURL: https://example.org/n\nGloss: ab | x\nOccurrence: 2\nNote: n\nQuote: ab\nReading: r\nTranslation: t\nNote-Tags: a; b\n\n\nab \033]52;c;eA==\007 ab \342\200\256evil \356\200\200 \f lone\rCR\n' >nasty.txt
"$G" -d nasty1.db import nasty.txt >/dev/null
"$G" -d nasty1.db export --format archive --all --output na1 >/dev/null
set -- na1/*.txt
has "Escapes: yes" "$1"
has 'ab \u{1B}]52;c;eA==\u{7} ab \u{202E}evil \u{E000} \u{C} lone\u{D}CR' "$1"
! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" || fail "a control character in the archive format"
"$G" -d nasty2.db import na1 >/dev/null
"$G" -d nasty2.db export --format archive --all --output na2 >/dev/null
diff -r na1 na2 || fail "nasty archive round trip differs"
"$G" -d nasty1.db notes --tsv | cut -f2- >m1
"$G" -d nasty2.db notes --tsv | cut -f2- >m2
cmp m1 m2 || fail "nasty annotations differ after the round trip"
[ "$(awk -F'\t' '$2 == "gloss" {print $3}' m2)" = 17 ] || fail "gloss not at the 2nd ab"
# (annotation ids are the archive's: left out)
"$G" -d nasty1.db show 1 | sed 's/^  \[[0-9]*\]//' | sort >v1
"$G" -d nasty2.db show 1 | sed 's/^  \[[0-9]*\]//' | sort >v2
cmp v1 v2 || fail "nasty article differs after the round trip"

# Safety: no overwrite without --force, symlinks and devices refused.
echo mine >exists.txt
set +e
"$G" -d db export --output exists.txt 2>err; rc=$?
set -e
[ $rc -eq 1 ] || fail "overwrite without --force: exit $rc"
has "--force" err
[ "$(cat exists.txt)" = mine ] || fail "exists.txt was changed"
"$G" -d db export --output exists.txt --force >out
has "exported" out
has "Baogang" exists.txt
ln -s exists.txt link.txt
set +e
"$G" -d db export --output link.txt --force 2>err; rc=$?
set -e
[ $rc -eq 1 ] || fail "symlink target: exit $rc"
has "symbolic link" err
set +e
"$G" -d db export >/dev/full 2>err; rc=$?
set -e
[ $rc -eq 1 ] || fail "/dev/full: exit $rc"
has "disk full" err
set +e
"$G" -d db export --format nonsense 2>err; rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown format: exit $rc"
[ -z "$(ls | grep -F .tmp)" ] || fail "temporary files left"
echo ok
