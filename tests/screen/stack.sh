#!/bin/sh
# The view stack: q goes back where one came from, and the title bar says
# where one is. From the results of a search, q comes back to the whole
# archive (the query dropped, the cursor on the article selected there);
# from the results the glossary opened, q comes back to the glossary (its
# filter and cursor as left), and q there to the list it was opened
# from; q in the whole archive quits. At 80x24, 45x12 and 120x40. Script
# mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
# the second phrase of the glossary filtered by "war", and its articles
phrase=$("$GLOSSA" -d db glossary --tsv war | sed -n 2p | cut -f1)
narts=$("$GLOSSA" -d db glossary --tsv war | sed -n 2p | cut -f5)
[ -n "$phrase" ] && [ "$narts" -ge 1 ]

title() { head -n 1 "$1.txt"; }
status() { tail -n 1 "$1.txt"; }

for size in 80x24 45x12 120x40; do
	cat >keys <<EOT
j
:dump arch.txt
/战鼓<Enter>
:dump res.txt
j
q
:dump back.txt
L
/war<Enter>
j<Enter>
:dump gres.txt
q
:dump gloss.txt
<Enter>
:dump gres2.txt
q
q
:dump list.txt
q
:dump quit.txt
EOT
	rm -f quit.txt
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	title arch | grep -q '^ glossa › 7 articles' || fail "$size: archive title" arch.txt
	status arch | grep -q 'article 2 of 7' || fail "$size: archive cursor" arch.txt
	title res | grep -q '^ glossa › search: 战鼓 (2)' || fail "$size: results title" res.txt
	# q: the whole archive, on the article selected before the search
	title back | grep -q '^ glossa › 7 articles' || fail "$size: q from results" back.txt
	status back | grep -q 'article 2 of 7' || fail "$size: q from results: cursor" back.txt
	grep -q 'Baogang Group beats the war drums' back.txt || fail "$size: q from results: article" back.txt
	# the glossary's results, and q back to the glossary as it was left
	title gres | grep -qF " glossa › glossary › $phrase ($narts)" ||
		fail "$size: glossary results title ($phrase)" gres.txt
	grep -q 'Results' gres.txt || fail "$size: no results" gres.txt
	title gloss | grep -q '^ glossa › 7 articles › glossary' || fail "$size: q to the glossary" gloss.txt
	grep -q 'matching “war”' gloss.txt || fail "$size: the glossary's filter" gloss.txt
	# its cursor too: Enter opens the same phrase again
	title gres2 | grep -qF " glossa › glossary › $phrase ($narts)" ||
		fail "$size: the glossary's cursor" gres2.txt
	# q, q: the glossary, then the list it was opened from
	title list | grep -q '^ glossa › 7 articles' || fail "$size: back to the list" list.txt
	status list | grep -q 'article 2 of 7' || fail "$size: the list's cursor" list.txt
	# q in the whole archive quits: the script's last dump never came
	[ ! -e quit.txt ] || fail "$size: q in the archive did not quit" quit.txt
done

# a search from the results of another: q still goes to the archive
printf '/战鼓<Enter>\n/<C-u>rare<Enter>\n:dump r2.txt\nq\n:dump a2.txt\n' >keys
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
title r2 | grep -q '^ glossa › search: rare (' || fail "second search" r2.txt
title a2 | grep -q '^ glossa › 7 articles' || fail "q after two searches" a2.txt
# an empty search is the whole archive: nothing to go back to
printf '/战鼓<Enter>\n/<C-u><Enter>\n:dump e.txt\nq\n:dump e2.txt\n' >keys
rm -f e2.txt
GLOSSA_SCRIPT=keys "$GLOSSA" -d db
title e | grep -q '^ glossa › 7 articles' || fail "empty search" e.txt
[ ! -e e2.txt ] || fail "q after the empty search did not quit" e2.txt
exit 0
