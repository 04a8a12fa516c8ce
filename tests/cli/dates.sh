# Dates through the real program: a Date in any pasted form is listed in
# date order with its day; an impossible one is a warning naming the file
# and line, the article kept, listed last with "?"; show and the archive
# export give the Date as written; after:/before: filter on the dates;
# check lists the unreadable ones and passes.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }

printf 'Title: Slashes\nDate: 2025/02/10\n\nOne.\n' >a.txt
printf 'Title: Named\nSource: S\nDate: 10 March 2025\n\nTwo.\n' >b.txt
printf 'Title: Mail\nDate: Mon, 10 Feb 2025 08:30:00 +0800\n\nThree.\n' >c.txt
printf 'Title: Impossible\nSource: S\nDate: 2024-13-45\n\nFour.\n' >d.txt
printf 'Title: Chinese\nDate: 2024年12月31日\n\nFive.\n' >e.txt
printf 'Title: Undated\n\nSix.\n' >f.txt

"$G" -d db import a.txt b.txt c.txt d.txt e.txt f.txt >out 2>err
has 'd.txt: warning: line 3: Date "2024-13-45" is not a date glossa can read (there is no month past 12)' err
[ "$(grep -c warning err)" = 1 ] || { cat err; fail "one warning expected"; }
has "6 imported" out

"$G" -d db list >list.out
# newest first, the day only; "-" none, "?" unreadable, both last
awk '{ print $2 }' list.out | tr '\n' ' ' >dates.out
[ "$(cat dates.out)" = "2025-03-10 2025-02-10 2025-02-10 2024-12-31 - ? " ] ||
	{ cat list.out; fail "list order: $(cat dates.out)"; }
has "Impossible" list.out
"$G" -d db list --tsv | cut -f2 | tr '\n' ' ' >tsv.out
[ "$(cat tsv.out)" = "2025-03-10 2025-02-10T08:30:00+08:00 2025-02-10 2024-12-31   " ] ||
	fail "tsv dates: $(cat tsv.out)"

"$G" -d db search 'after:2025-02-10' --tsv | cut -f1 | tr '\n' ' ' >s.out
[ "$(cat s.out)" = "2 3 1 " ] || fail "after: $(cat s.out)"
"$G" -d db search 'before:2025-01' --tsv | cut -f1 | tr '\n' ' ' >s.out
[ "$(cat s.out)" = "5 " ] || fail "before: $(cat s.out)"

# show: the Date as written
"$G" -d db show 4 >show.out
has "Date: 2024-13-45" show.out
"$G" -d db show 2 >show.out
has "Date: 10 March 2025" show.out

# the archive export writes each Date as written
"$G" -d db export --format archive --all --output exp >/dev/null
grep -rh '^Date:' exp | sort >exp.out
has "Date: 2024-13-45" exp.out
has "Date: Mon, 10 Feb 2025 08:30:00 +0800" exp.out
has "Date: 2024年12月31日" exp.out

# check: the list, as a warning
"$G" -d db check >check.out 2>&1 || { cat check.out; fail "check failed"; }
has 'dates: warning: 1 article has a Date glossa cannot read' check.out
has '  4  Date "2024-13-45"  Impossible' check.out
echo "ok"
