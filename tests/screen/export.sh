#!/bin/sh
# Marking a note in the notes pane and exporting it (e), the default file
# name, the y/n question before overwriting, and the exported text.
set -eu
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null
last() { tail -n 1 "$1"; }

# Baogang is the second article; its second note is the gloss 擂响战鼓再出发
cat >keys <<'EOT'
j<Enter>
<Tab>
j<Space>
:dump marked.txt
e
:dump prompt.txt
<Enter>
:dump done.txt
e<Enter>
:dump ask.txt
n
:dump kept.txt
e<Enter>y
:dump again.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
grep -q '\[x\] 擂响战鼓再出发' marked.txt
[ "$(grep -c '\[x\]' marked.txt)" = 1 ]
[ "$(last prompt.txt)" = "export the marked note to: glossa-notes.txt" ]
last done.txt | grep -q '^ exported 1 note to ./glossa-notes.txt'
grep -q '擂响战鼓再出发' glossa-notes.txt
grep -q 'beating the war drums again' glossa-notes.txt
# only the marked note
if grep -q '抓早' glossa-notes.txt; then exit 1; fi
[ "$(last ask.txt)" = "./glossa-notes.txt exists; overwrite? (y/n)" ]
last kept.txt | grep -q 'not exported'
last again.txt | grep -q 'exported 1 note to ./glossa-notes.txt'

# no note marked (the mark persists: u clears it): e exports the open
# article's notes, to a name typed
rm glossa-notes.txt
printf 'j<Enter>\n<Tab>\nu\ne<C-u>out/../baogang.txt<Enter>\n:dump one.txt\n' >keys
mkdir out
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
last one.txt | grep -q 'exported 9 notes to out/../baogang.txt'
grep -q '抓早' baogang.txt
grep -q '决战' baogang.txt
