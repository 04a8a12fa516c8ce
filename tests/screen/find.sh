#!/bin/sh
# The saved searches view (s) and the facets view (T), at 80x24 and
# 45x12: each lists its entries with their article counts, Enter lists
# the articles, q there comes back to the view as it was left (its
# cursor too), q there to the list it was opened from. W saves the
# search shown from the interface, and a saved search opened is no
# longer new. Script mode (the counts are done before the next key).
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
"$GLOSSA" -d db search --save "drums" 战鼓 >/dev/null
"$GLOSSA" -d db search --save "unread rare" is:unread 'tag:"rare earths"' >/dev/null
# a new article since "drums" was never opened: nothing is new yet

title() { head -n 1 "$1.txt"; }
status() { tail -n 1 "$1.txt"; }

for size in 80x24 45x12; do
	cat >keys <<EOT
j
s
:dump saved.txt
j<Enter>
:dump sres.txt
q
:dump saved2.txt
q
:dump list.txt
T
:dump facets.txt
j<Enter>
:dump fres.txt
q
:dump facets2.txt
<Tab>
:dump sources.txt
q
:dump list2.txt
EOT
	GLOSSA_SCRIPT=keys GLOSSA_SIZE=$size "$GLOSSA" -d db
	title saved | grep -q '^ glossa › 7 articles › saved searches' || fail "$size: saved title" saved.txt
	grep -q '2 saved searches' saved.txt || fail "$size: saved head" saved.txt
	grep -q 'drums .* 2 articles' saved.txt || fail "$size: drums count" saved.txt
	grep -q 'unread rare .* 5 articles' saved.txt || fail "$size: unread rare count" saved.txt
	# Enter on the second: its results, under the saved searches
	title sres | grep -qF ' glossa › saved searches › search: is:' ||
		fail "$size: results title" sres.txt
	grep -q 'Results (5)' sres.txt || fail "$size: results" sres.txt
	# q: the saved searches again, the cursor where it was
	title saved2 | grep -q '^ glossa › 7 articles › saved searches' || fail "$size: q to saved" saved2.txt
	[ "$size" = 45x12 ] || grep -q '2 saved searches' saved2.txt || fail "$size: saved again" saved2.txt
	title list | grep -q '^ glossa › 7 articles, 7 unread, by date *\(db\)\?$' ||
		fail "$size: q to the list" list.txt
	status list | grep -q 'article 2 of 7' || fail "$size: the list's cursor" list.txt
	# the facets: tags first, most articles first
	title facets | grep -q '^ glossa › 7 articles › facets' || fail "$size: facets title" facets.txt
	grep -q 'Facets: tags' facets.txt || fail "$size: facets kind" facets.txt
	grep -q '28 tags' facets.txt || fail "$size: tags counted" facets.txt
	grep -q 'China  *5 │' facets.txt || fail "$size: China count" facets.txt
	# Enter on the second (rare earths): its articles
	title fres | grep -qF ' glossa › facets › search: ' ||
		fail "$size: facet results" fres.txt
	grep -q 'Results (5)' fres.txt || fail "$size: facet results count" fres.txt
	[ "$size" = 45x12 ] || title fres | grep -qF 'search: tag:"rare earths" (5)' ||
		fail "$size: facet query" fres.txt
	title facets2 | grep -q '^ glossa › 7 articles › facets' || fail "$size: q to facets" facets2.txt
	grep -q 'Facets: tags' facets2.txt || fail "$size: facets kept" facets2.txt
	grep -q 'Rare Earth Exchanges  *1 │' sources.txt || fail "$size: sources" sources.txt
	title list2 | grep -q '^ glossa › 7 articles' || fail "$size: q from facets" list2.txt
done

# W saves the search shown, under the name typed
cat >keys <<'EOT'
/is:unread war drums<Enter>
W
<C-u>war<Enter>
:dump saved-w.txt
s
:dump saved-w2.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
status saved-w | grep -q 'saved the search as “war”' || fail "W: message" saved-w.txt
grep -q 'war  *is:unread war drums  *1 article' saved-w2.txt || fail "W: listed" saved-w2.txt
"$GLOSSA" -d db searches >out
grep -q '^war  1 article  is:unread war drums' out || fail "W: in the archive" out

# a match imported after the search was opened is new
cat >new.txt <<'EOT'
Title: More war drums
Tags: rare earths

战鼓 again.
EOT
"$GLOSSA" -d db import new.txt >/dev/null
printf 's\n:dump saved-new.txt\n' >keys
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q 'unread rare .* 6 articles, 1 new' saved-new.txt || fail "new matches" saved-new.txt
# drums was never opened: nothing of it is new
grep -q 'drums .* 3 articles │' saved-new.txt || fail "never opened: none new" saved-new.txt
