#!/bin/sh
# same-index.sh: whether two builds of glossa index the same articles into
# the same index, byte for byte: each imports DIR into a new archive, and
# the terms of both full-text tables (with their document and occurrence
# counts) and the list of words (fts_word) are compared. For a change that
# must not change what the index holds (a faster tokenizer or import).
#
#   sh tests/bench/same-index.sh OLD_GLOSSA NEW_GLOSSA DIR [VOCAB]
#
# VOCAB is the build's bench/vocab (default build/bench/vocab). Exits 0 when
# the two are the same, 1 (with the first differences) when not.
set -eu

if [ $# -lt 3 ]; then
	echo "usage: same-index.sh OLD_GLOSSA NEW_GLOSSA DIR [VOCAB]" >&2
	exit 2
fi
old=$1 new=$2 dir=$3 vocab=${4:-build/bench/vocab}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for which in old new; do
	eval prog=\$$which
	"$prog" -d "$work/$which.db" import "$dir" >"$work/$which.log" 2>&1 || {
		echo "same-index.sh: $which: import failed:" >&2
		tail -5 "$work/$which.log" >&2
		exit 1
	}
	"$vocab" "$work/$which.db" >"$work/$which.txt"
done
if cmp -s "$work/old.txt" "$work/new.txt"; then
	echo "same index: $(wc -l <"$work/new.txt") terms and words"
	exit 0
fi
echo "the indexes differ:"
diff "$work/old.txt" "$work/new.txt" | head -20
exit 1
