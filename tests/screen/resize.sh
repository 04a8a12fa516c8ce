#!/bin/sh
# Resizing redraws the whole screen for the new size, also with the prompt
# open; below 40x10 a plain message; back to the first size, the screen is
# the same as before.
set -eu
"$GLOSSA" -d db import "$GLOSSA_SRC/sample-archive" >/dev/null

. "$GLOSSA_SRC/tests/screen/dump.lib"

cat >keys <<'EOT'
j<Enter>
:dump before.txt
:resize 120x40
:dump wide.txt
:resize 50x20
:dump narrow-50x20.txt
:resize 30x8
:dump small.txt
:resize 1x1
:resize 20x5
:dump tiny.txt
:resize 80x24
:dump after.txt
/战
:resize 50x20
:dump prompt-50x20.txt
鼓<Enter>
:dump searched.txt
EOT
GLOSSA_SCRIPT=keys GLOSSA_SIZE=80x24 "$GLOSSA" -d db
[ "$(wc -l <wide.txt)" = 40 ]
[ "$(awk 'length > 0' wide.txt | wc -l)" = 40 ]
grep -q '┬─ Baogang Group' wide.txt
check narrow-50x20
grep -q 'terminal too small' small.txt
grep -q 'terminal too small' tiny.txt
[ "$(wc -l <tiny.txt)" = 5 ]
cmp before.txt after.txt
check prompt-50x20
[ "$(tail -n 1 prompt-50x20.txt)" = "/战" ]
head -n 1 searched.txt | grep -q 'search: 战鼓'
