# The sample archive through the real binary: import, list, show, notes,
# gloss, note, search, and what the user sees when something is wrong.
set -eu
G="$GLOSSA"
S="$GLOSSA_SRC/sample-archive"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }
hasnt() { ! grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' in $2"; }; }

"$G" -d db import "$S" >out 2>err || { cat out err; fail "import failed"; }
has "7 imported, 0 updated, 0 failed" out
n=$(ls "$S" | wc -l)
[ "$n" -eq 7 ] || fail "expected 7 sample files, found $n"

# list: newest first, the Baogang article with its date and source.
"$G" -d db list >out
has "2025-02-10  Rare Earth Exchanges  Baogang Group beats the war drums for 2025" out
[ "$(wc -l <out)" -eq 7 ] || fail "list should show 7 articles"
head -1 out | grep -F "2025-06-03" >/dev/null || fail "newest first"
"$G" -d db list --limit 2 >out
[ "$(wc -l <out)" -eq 2 ] || fail "--limit 2"
"$G" -d db list --tsv >out
id=$(awk -F'\t' '$4 == "Baogang Group beats the war drums for 2025" {print $1}' out)
[ -n "$id" ] || fail "no Baogang row in --tsv"
awk -F'\t' 'NF != 4 { exit 1 }' out || fail "--tsv rows have 4 fields"

# The encoded articles were decoded: Big5 and GB18030 text reads right.
"$G" -d db search 關鍵礦產 >out
has "A view from Taipei" out
"$G" -d db search 原材料工业 >out
has "十四五" out
"$G" -d db search 钕铁硼 >out
has "NdFeB magnet makers" out

# show: header, glosses with readings, body.
"$G" -d db show "$id" >out
has "Title: Baogang Group beats the war drums for 2025" out
has "Source: Rare Earth Exchanges" out
has "擂响战鼓再出发 (léi xiǎng zhàn gǔ zài chū fā) — beating the war drums again" out
has "抓早" out
has "military-style mobilization" out

# notes with ids, and --tsv.
"$G" -d db notes "$id" >out
has "— early action" out
"$G" -d db notes "$id" --tsv >notes.tsv
awk -F'\t' 'NF != 11 { exit 1 }' notes.tsv || fail "notes --tsv has 11 fields"
has "	gloss	" notes.tsv

# gloss and note from the shell.
"$G" -d db gloss "$id" "window of opportunity" "机遇期" "a reader's gloss" >out
has "added gloss" out
"$G" -d db note "$id" "Check the 2024 report" >out
"$G" -d db notes "$id" >out
has "window of opportunity — 机遇期: a reader's gloss" out
has "note: Check the 2024 report" out
if "$G" -d db gloss "$id" "not in the text at all" "x" >out 2>err; then
	fail "a gloss of a phrase not in the text was added"
fi
has "not in the article's text" err

# search: Chinese substrings, glosses, stemming, exclusion, phrases.
for q in 战鼓 决战 抓早 科技创新 "war drums" mobilize '"decisive battle"'; do
	"$G" -d db search "$q" >out
	has "Baogang Group beats the war drums for 2025" out
done
"$G" -d db search 战鼓 >out
has "[战鼓]" out
"$G" -d db search baogang -steel >out
hasnt "Baogang Group beats" out
"$G" -d db search baogang >out
has "Baogang Group beats" out
"$G" -d db search '"battle decisive"' >out
hasnt "Baogang Group beats" out
"$G" -d db search --tsv 战鼓 >out
awk -F'\t' 'NF != 4 { exit 1 }' out || fail "search --tsv has 4 fields"

# Re-import: updated in place, the notes added above kept.
"$G" -d db import "$S/baogang-2025-strategy.txt" >out
has "updated" out
"$G" -d db list --limit 0 >out
[ "$(wc -l <out)" -eq 7 ] || fail "re-import made a duplicate"
"$G" -d db notes "$id" >out
has "window of opportunity — 机遇期" out

# Usage errors exit 2, errors 1, with a message.
set +e
"$G" -d db frobnicate 2>err; [ $? -eq 2 ] || fail "unknown command: exit 2"
has "unknown command" err
"$G" -d db show 2>err; [ $? -eq 2 ] || fail "show without id: exit 2"
"$G" -d db show 9999 2>err; [ $? -eq 1 ] || fail "show 9999: exit 1"
has "no article with id 9999" err
"$G" -d nothing.db list 2>err; [ $? -eq 1 ] || fail "missing archive: exit 1"
has "no archive at nothing.db" err
[ ! -e nothing.db ] || fail "list created an archive"
"$G" --version >out; [ $? -eq 0 ] || fail "--version"
has "glossa " out
"$G" --help >out; [ $? -eq 0 ] || fail "--help"
for c in import list show notes gloss note search export; do has "glossa $c" out; done
"$G" search --help >out; [ $? -eq 0 ] || fail "search --help"
has "usage: glossa search" out
set -e
echo ok
