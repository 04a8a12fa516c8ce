#!/bin/sh
# The help screen lists every entry of the command table in tui/keymap.h:
# each key (as the table spells it, without the angle brackets) and each
# description (on one screen of 80 rows); q closes it.
set -euf
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
table="$GLOSSA_SRC/tui/keymap.h"

printf '?\n:dump help.txt\nq\n:dump closed.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=120x80 "$GLOSSA" -d db

entries=$(grep -c '^	X([A-Z_]*, [A-Z]*, "' "$table")
[ "$entries" -ge 20 ]
# every entry on one line, or the loop below would miss it
[ "$entries" = "$(grep -c '^	X(' "$table")" ] ||
	{ echo "an entry of $table spans lines"; exit 1; }
n=0
grep '^	X([A-Z_]*, [A-Z]*, "' "$table" |
	sed 's/^	X([A-Z_]*, \([A-Z]*\), "\([^"]*\)", "\([^"]*\)").*/\1|\2|\3/' \
	>entries
while IFS='|' read -r scope keys desc; do
	line=$(grep -F -- "$desc" help.txt) || {
		echo "help lacks: $desc"
		exit 1
	}
	for k in $keys; do
		name=$(printf '%s' "$k" | sed 's/^<\(.*\)>$/\1/; s/^BTab$/S-Tab/; s/^Lt$/</')
		printf '%s\n' "$line" | grep -qF -- "$name" || {
			echo "help lacks key $name for: $desc"
			exit 1
		}
	done
	if [ "$scope" != ANY ]; then
		lower=$(printf '%s' "$scope" | tr 'A-Z' 'a-z')
		printf '%s\n' "$line" | grep -qw "$lower" || {
			echo "help lacks the pane $lower for: $desc"
			exit 1
		}
	fi
	n=$((n + 1))
done <entries
[ "$n" = "$entries" ]
if grep -q 'closes this help' closed.txt; then exit 1; fi
grep -q 'Articles (7)' closed.txt
