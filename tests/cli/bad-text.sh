# Articles full of what must never act on a terminal: CSI, OSC 52
# (clipboard), OSC 8 (links), 8-bit C1 controls, carriage returns and
# backspaces, bidi overrides and isolates, zero-width characters,
# thousands of combining marks, unassigned code points. `glossa show`,
# `list` and `search` on a terminal (script(1) gives them one) and every
# export format send none of them through: the raw bytes are checked.
# Then bad export targets: a directory, /dev/full, and file names made
# from titles with '/', '..', a leading '-', 300 bytes.
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }

ESC=$(printf '\033')
# the article: each nasty thing in the title, a gloss and the body
nasty='csi \033[2J\033[31m osc52 \033]52;c;ZXZpbA==\007 osc8 \033]8;;http://evil.example/\033\\link\033]8;;\033\\ c1 \302\233 31m \302\235 8;;x \302\234 cr A\rZ bs B\010Y bidi \342\200\256 lri \342\201\246 zw \342\200\213 bom \357\273\277 alm \330\234 unassigned \315\270 bell \007 end'
marks=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "\314\201" }')
printf "Title: evil $nasty\nSource: src $nasty\nGloss: 稀土 | rare earths $nasty | note $nasty\nNote: note $nasty\n\n稀土 body $nasty\ne$marks\n" >evil.txt
"$G" -d db import evil.txt >out 2>err || { cat err; fail "import"; }
id=$("$G" -d db list --tsv | cut -f1)

# clean FILE WHAT: none of the dangerous bytes in FILE
clean() {
	! LC_ALL=C grep -q "$ESC" "$1" || fail "$2: an ESC byte got through"
	for seq in '\302\233' '\302\235' '\302\234' '\342\200\256' '\342\201\246' \
		'\342\200\213' '\357\273\277' '\330\234' '\315\270' '\007' '\010'; do
		! LC_ALL=C grep -q "$(printf "$seq")" "$1" ||
			fail "$2: $seq got through"
	done
	# a CR only as the terminal's own CR LF
	! LC_ALL=C tr '\n' '\001' <"$1" | LC_ALL=C grep -q "$(printf '\r[^\001]')" ||
		fail "$2: a bare CR got through"
}

if command -v script >/dev/null; then
	for cmd in "show $id" "list" "search 稀土" "notes $id"; do
		TERM=xterm script -qec "$G -d db $cmd" /dev/null >raw </dev/null ||
			{ cat raw; fail "$cmd on a terminal"; }
		grep -q 'evil\|稀土\|note' raw || { cat raw; fail "$cmd: nothing shown"; }
		if [ "$cmd" = "search 稀土" ]; then
			# its own bold, and nothing else
			sed "s/$ESC\[1m//g; s/$ESC\[0m//g" raw >raw2
			mv raw2 raw
		fi
		clean raw "glossa $cmd on a terminal"
	done
	# the placeholders are there instead
	TERM=xterm script -qec "$G -d db show $id" /dev/null >raw </dev/null
	for p in '^[[2J' '^[]52;c;ZXZpbA==^G' '<U+202E>' '<U+200B>' '^M' '^H'; do
		grep -qF -- "$p" raw || { cat raw; fail "show: no placeholder $p"; }
	done
else
	echo "SKIP terminal output: no script(1)"
fi

# not a terminal: the same, bytes safe all the same in plain output
"$G" -d db show "$id" >plain
clean plain "show to a file"

for f in text markdown anki; do
	"$G" -d db export --format $f --all >export.$f
	clean export.$f "export --format $f"
	"$G" -d db export --format $f --all --output file.$f >/dev/null
	clean file.$f "export --format $f --output"
done
"$G" -d db export --format archive --all --output arch >/dev/null
for f in arch/*; do clean "$f" "export --format archive"; done

# --- export targets --------------------------------------------------------
mkdir adir
set +e
"$G" -d db export --output adir --force >out 2>err; rc=$?
set -e
[ $rc -eq 1 ] || fail "export to a directory: exit $rc"
grep -q "directory" err || { cat err; fail "export to a directory: message"; }
set +e
"$G" -d db export --output /dev/full --force >out 2>err; rc=$?
set -e
[ $rc -eq 1 ] || fail "export to /dev/full: exit $rc"
[ -s err ] || fail "export to /dev/full: no message"
"$G" -d db check >/dev/null || fail "check"

# titles that would make bad file names, through the archive format
long=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "長" }') # 300 bytes
for t in 'a/b/../../escape' '..' '.' '-rf' '--output=x' "$long" '/etc/passwd' '	tab' ''; do
	printf 'Title: %s\nDate: 2025-03-01\n\nbody of %s\n' "$t" "$t" >t.txt
	"$G" -d names.db import t.txt >/dev/null 2>&1 || true
done
n=$("$G" -d names.db list --limit 0 --tsv | wc -l)
[ "$n" -ge 8 ] || fail "the titles were not imported ($n)"
"$G" -d names.db export --format archive --all --output named >/dev/null
[ "$(find named -type f | wc -l)" -eq "$n" ] || { find named; fail "one file per article"; }
[ "$(find named -mindepth 2 | wc -l)" -eq 0 ] || { find named; fail "a file outside named/"; }
[ ! -e escape ] && [ ! -e x ] || fail "a file outside named/"
for f in named/*; do
	b=$(basename "$f")
	case $b in -* | .* ) fail "file name '$b'" ;; esac
	[ "$(printf '%s' "$b" | wc -c)" -le 255 ] || fail "file name of $(printf '%s' "$b" | wc -c) bytes"
done
"$G" -d back.db import named >/dev/null || fail "re-import of the named files"
[ "$("$G" -d back.db list --limit 0 --tsv | wc -l)" -eq "$n" ] || fail "re-import count"
echo ok
