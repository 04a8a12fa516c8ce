# Readings from the dictionary at the command line (the build's
# dictionary, found beside the program): glossa gloss fills the reading
# of a Chinese phrase (the whole word's: 重要 zhòng yào, 重新 chóng xīn)
# unless --reading is given, and none for an English phrase; glossa
# readings --fill gives the glosses of a file theirs, says how many, and
# leaves typed ones alone; a derived reading is searched and exported, not
# written back by the archive format, and does not make a file's gloss
# the user's (importing the file again keeps it). The Anki export: its
# headers, and a GUID that stays the same across two exports and across
# an import of the article's file again.
set -eu
G=$GLOSSA
fail() { echo "FAIL: $1"; shift; for f in "$@"; do cat "$f"; done; exit 1; }
col() { "$G" -d db notes --tsv | awk -F'\t' -v p="$1" -v c="$2" '$5 == p { print $c }'; }

cat >a.txt <<'EOT'
Title: readings
URL: https://example.org/readings
Gloss: 重新 | anew
Gloss: 稀土 | rare earth
Reading: xī tǔ (typed)
Gloss: Red | red

这很重要。我们重新开始。Red 稀土。
EOT
"$G" -d db import a.txt >/dev/null

# gloss: the dictionary's reading, said; --reading wins; none in English
"$G" -d db gloss 1 重要 important >out 2>err || fail "gloss" err
grep -q '^added gloss 4 to article 1$' out || fail "added" out
grep -q "^reading (the dictionary's): zhòng yào$" out || fail "reading said" out
[ "$(col 重要 6)" = "zhòng yào" ] || fail "gloss: the whole word's reading"
"$G" -d db gloss --reading "kai1 shi3" 1 开始 begin >out
! grep -q "dictionary" out || fail "--reading: no reading said" out
[ "$(col 开始 6)" = "kai1 shi3" ] || fail "--reading stored"
"$G" -d db gloss 1 "Red 稀土" "red rare earth" >/dev/null
[ "$(col 'Red 稀土' 6)" = "Red xī tǔ" ] || fail "a mixed phrase: $(col 'Red 稀土' 6)"

# readings --fill: the file's 重新 only (Red has nothing to read)
"$G" -d db readings --fill >out || fail "--fill" out
grep -q '^filled 1 reading from the dictionary (' out || fail "--fill count" out
[ "$(col 重新 6)" = "chóng xīn" ] || fail "--fill: the polyphone"
[ "$(col 稀土 6)" = "xī tǔ (typed)" ] || fail "--fill kept the typed one"
[ "$(col Red 6)" = "" ] || fail "--fill: English"
"$G" -d db readings --fill | grep -q '^filled 0 readings' || fail "second --fill"
s=0; "$G" -d db readings 2>err || s=$?
[ $s = 2 ] || fail "readings without --fill: exit $s" err
# no dictionary: said, exit 1, nothing changed
s=0; GLOSSA_DICT=$PWD/none.db "$G" -d db readings --fill 2>err || s=$?
[ $s = 1 ] && grep -q 'none.db' err || fail "no dictionary" err

# searched and exported like a typed one
"$G" -d db search chóng | grep -q 'readings' || fail "search finds a derived reading"
"$G" -d db export --article 1 | grep -q 'chóng xīn' || fail "text export"
"$G" -d db export --format archive --article 1 --output arch >/dev/null
! grep -rq 'chóng' arch || fail "the archive format wrote a derived reading" arch/*
grep -rq 'Reading: xī tǔ (typed)' arch || fail "the archive format lost a typed reading" arch/*

# Anki: headers, and GUIDs
"$G" -d db export --format anki --all >one.tsv
"$G" -d db export --format anki --all >two.tsv
head -7 one.tsv >head.txt
printf '#separator:tab\n#html:false\n#notetype:Basic\n#deck:glossa\n#guid column:1\n#tags column:4\n#columns:guid\tFront\tBack\ttags\tcontext\tsource\n' >want.txt
cmp -s head.txt want.txt || fail "Anki headers" head.txt
cmp -s one.tsv two.tsv || fail "two exports differ" one.tsv two.tsv
guid() { awk -F'\t' -v p="$2" '$2 == p { print $1 }' "$1"; }
g1=$(guid one.tsv 重新)
echo "$g1" | grep -qE '^glossa-[0-9a-f]{16}$' || fail "GUID form: $g1" one.tsv
[ "$(cut -f1 one.tsv | grep -c '^glossa-')" = "$(cut -f1 one.tsv | grep '^glossa-' | sort -u | wc -l)" ] ||
	fail "GUIDs not unique" one.tsv

# the file again, changed: the derived reading stays, the gloss stays the
# file's (replaced when the file changes it), the GUIDs stay
sed 's/^Gloss: 稀土 | rare earth$/Gloss: 稀土 | rare earths/; s/重新开始。/重新开始吧。/' a.txt >b.txt
mv b.txt a.txt
"$G" -d db import a.txt | grep -q '^updated a.txt' || fail "re-import"
[ "$(col 重新 6)" = "chóng xīn" ] || fail "re-import kept the derived reading"
[ "$(col 稀土 7)" = "rare earths" ] || fail "the file's gloss was not updated: a derived reading made it the user's?"
"$G" -d db export --format anki --all >three.tsv
[ "$(guid three.tsv 重新)" = "$g1" ] || fail "GUID changed on re-import" one.tsv three.tsv
[ "$(guid three.tsv 稀土)" = "$(guid one.tsv 稀土)" ] || fail "GUID of a changed gloss" one.tsv three.tsv
# the same phrase in another article: another note
sed 's|example.org/readings|example.org/other|' a.txt >c.txt
"$G" -d db import c.txt >/dev/null
"$G" -d db export --format anki --all >four.tsv
[ "$(guid four.tsv 重新 | sort -u | wc -l)" = 2 ] || fail "two articles, one GUID" four.tsv
