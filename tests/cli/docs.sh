#!/bin/sh
# The documentation cannot drift silently from the program: every command
# that `glossa --help` lists is described in the man page (tui/glossa.1,
# section COMMANDS) and in README.md, and every key of the interface's
# help screen (dumped in script mode), which shows every command of the
# table in tui/keymap.h, is in the man page's INTERFACE KEYS section and,
# with its pane, in the README's key table. When groff is installed, the man
# page also renders without a warning.
set -eu
man="$GLOSSA_SRC/tui/glossa.1"
readme="$GLOSSA_SRC/README.md"

# the man page's source lines of one section, roff's \- read as -
section() {
	sed -n "/^\\.SH $1\$/,/^\\.SH /p" "$man" | sed 's/\\-/-/g'
}

# --- commands -------------------------------------------------------------
"$GLOSSA" --help >help.txt
"$GLOSSA" export --help >>help.txt
# the program's own text keeps its line breaks (no ^J placeholder)
! grep -qF '^J' help.txt || { echo "--help shows ^J"; cat help.txt; exit 1; }
sed -n 's/^  glossa \([a-z][a-z]*\).*/\1/p' help.txt >commands
[ "$(wc -l <commands)" -ge 8 ] || { echo "too few commands"; cat help.txt; exit 1; }
section COMMANDS >man-commands
while read -r c; do
	grep -q "^\\.B $c\\( \\|\$\\)" man-commands ||
		{ echo "the man page lacks the command $c"; exit 1; }
	grep -qF "\`glossa $c" "$readme" ||
		{ echo "README.md lacks the command $c"; exit 1; }
	# and the usage line's options are in the man page's entry
	"$GLOSSA" "$c" --help | sed -n 's/^usage: glossa //p' |
		grep -o -- '--[a-z][a-z-]*' | while read -r o; do
		grep -q "^\\.B $c .*\\\\fB$o\\\\fR" man-commands ||
			{ echo "the man page lacks $c $o"; exit 1; }
	done
done <commands

# --- keys -----------------------------------------------------------------
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
printf '?\n:dump keys.txt\n' >script
# tall enough for the whole help screen
GLOSSA_SCRIPT=script GLOSSA_SIZE=120x90 "$GLOSSA" -d db
grep -q 'closes this help' keys.txt || { echo "no help screen"; exit 1; }
# the help's rows: "KEYS<tab>SCOPE" (keys 16 columns, scope 9, after "│ ";
# a tab between them, as | is a key)
sed -n '4,$p' keys.txt | grep '^│ [^ ]' | sed 's/^│ //' |
	awk '{ k = substr($0, 1, 16); s = substr($0, 18, 9);
	       sub(/ +$/, "", k); sub(/ +$/, "", s); print k "\t" s }' >help-rows
# every command of the table is on the help screen
grep -c '^	X([A-Z_]*, [A-Z]*, "' "$GLOSSA_SRC/tui/keymap.h" >n-table
[ "$(wc -l <help-rows)" -eq "$(cat n-table)" ] || {
	echo "the help shows $(wc -l <help-rows) of $(cat n-table) commands"
	cat keys.txt; exit 1; }
# the README's key table, as "KEYS<tab>SCOPE" ("(Shift-Tab)" and such
# dropped; a | key is written \| in the table)
sed 's/`\\|`/`PIPE`/g' "$readme" |
	sed -n 's/^| \(`[^|]*`[^|]*\) | *\([a-z]*\) *| .*/\1\t\2/p' |
	sed 's/ ([^)]*)//; s/`//g; s/PIPE/|/g' >readme-rows
cut -f1 help-rows | sed 's/, /\n/g' >help-keys
# the man page's tags: the words of the .B/.BR lines of INTERFACE KEYS
section 'INTERFACE KEYS' | sed -n 's/^\.BR* //p' | tr -d '",' |
	tr ' ' '\n' >man-keys
while read -r k; do
	grep -qxF -- "$k" man-keys ||
		{ echo "the man page lacks the key $k"; exit 1; }
done <help-keys
while IFS= read -r row; do
	grep -qxF -- "$row" readme-rows ||
		{ echo "README.md's key table lacks $row (keys|pane)"; exit 1; }
done <help-rows

# --- rendering ------------------------------------------------------------
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww "$man" >man.txt 2>warnings
	[ ! -s warnings ] || { echo "groff warns:"; cat warnings; exit 1; }
	[ -s man.txt ]
fi
