#!/bin/sh
# Latin-script phrases are found as words, case-folded; CJK phrases as
# substrings (glossa_phrase_at()). A gloss of "art" lights up on a
# standalone "Art", never inside "earths": its translation in place, and
# the phrase cursor, land on the word only. Seen from another article
# (glossed elsewhere) it is found on "ART", though that text has no "art"
# in this case; 稀土 is still found inside the run 重稀土. Script mode.
set -eu
. "$GLOSSA_SRC/tests/screen/dump.lib"
last() { tail -n 1 "$1" | sed 's/^ //; s/ *$//'; }

printf 'Title: Own\nGloss: art | 艺术\nGloss: 稀土 | rare earth\n\n%s\n' \
	'rare earths, heavy 重稀土 and Art.' >own.txt
printf 'Title: Other\n\n%s\n' 'ART, and the moon' >other.txt
"$GLOSSA" -d db import own.txt >/dev/null
"$GLOSSA" -d db import other.txt >/dev/null
"$GLOSSA" -d db list --limit 0 >list.txt
sed -n 1p list.txt | grep -q Other
sed -n 2p list.txt | grep -q Own

# the article's own gloss: translations in place after "Art" and 稀土 only
cat >keys <<'EOT'
j<Enter>
:dump own1.txt
]
:dump own2.txt
]
:dump own3.txt
]
:dump own4.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x20 "$GLOSSA" -d db
grep -q 'rare earths, heavy 重稀土〔rare earth〕 and Art〔艺术〕\.' own1.txt ||
	fail "translations not after the words" own1.txt
grep -q '〔艺术〕hs' own1.txt && fail "art inside earths" own1.txt
[ "$(last own2.txt)" = "稀土 — rare earth" ] ||
	fail "first ] not on 稀土" own2.txt
[ "$(last own3.txt)" = "art — 艺术" ] || fail "second ] not on Art" own3.txt
last own4.txt | grep -q '^no more glossed phrases below' ||
	fail "a third phrase" own4.txt

# from the other article: "art" glossed elsewhere, on ART only
cat >keys <<'EOT'
<Enter>
:dump other1.txt
]
:dump other2.txt
]
:dump other3.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=100x20 "$GLOSSA" -d db
grep -q 'ART, and the moon' other1.txt || fail "body" other1.txt
last other2.txt | grep -q '^art — 艺术 (glossed in: Own)' ||
	fail "] not on ART glossed elsewhere" other2.txt
last other3.txt | grep -q '^no more glossed phrases below' ||
	fail "a second phrase elsewhere" other3.txt
