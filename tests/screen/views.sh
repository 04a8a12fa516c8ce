#!/bin/sh
# The list, the Baogang article and its glossed phrase with the translation
# in place, at 80x24, 120x40 and 40x15; CJK wrapping at an odd width.
# Replays keys in script mode and compares the screen dumps with
# tests/screen/expected/ (GLOSSA_UPDATE_EXPECTED=1 rewrites them).
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

check_frame() {
	check "$1" || return 1
	# every row of the frame ends with a border character
	rows=$(wc -l <"$1.txt")
	sed -n "3,$((rows - 2))p" "$1.txt" | grep -v '[│┤┐┘]$' && {
		echo "$1: a frame row does not end with its border"
		return 1
	}
	return 0
}

for size in 80x24 120x40 40x15; do
	cat >keys <<EOT
:dump list-$size
j<Enter>
:dump open-$size
/擂响战鼓再出发<Enter>
n
:dump gloss-$size
t
:dump notrans-$size
EOT
	# the dump names get their .txt here so the heredoc stays readable
	sed 's/^:dump \(.*\)$/:dump \1.txt/' keys >keys.txt
	GLOSSA_SCRIPT=keys.txt GLOSSA_SIZE=$size "$GLOSSA" -d db
	check_frame list-$size
	check_frame open-$size
	check_frame gloss-$size
	grep -q '出发〔beating the war drums' gloss-$size.txt ||
		{ echo "no translation in place at $size"; exit 1; }
	# t hides the translations
	if grep -q '〔' notrans-$size.txt; then
		echo "t did not hide the translations at $size"
		exit 1
	fi
	grep -q '出发' notrans-$size.txt
done

# a Chinese article at an odd text width (37 columns: 18 CJK + 1 blank)
printf 'jjjj<Enter>\njjjjjjjjjjjjjjj\n:dump cjk-40x15.txt\n' >keys.txt
GLOSSA_SCRIPT=keys.txt GLOSSA_SIZE=40x15 "$GLOSSA" -d db
check_frame cjk-40x15
