# Bad files through the real importer, the kinds of RELIABILITY.md that
# tests/cli/import-errors.sh does not cover: UTF-16 without a BOM, odd
# length, a lone surrogate; UTF-32; mislabelled encodings (UTF-16 or
# UTF-32 named for ASCII bytes among them); a 100 KB header
# line; a 100 MB single line (refused by the size limit, in little
# memory) and a large one under a raised limit; --max-size; a file
# without read permission. Each refused file: "path: reason", exit 1, and
# the archive unchanged (article and note counts, `glossa check`).
set -eu
G="$GLOSSA"

fail() { echo "FAIL: $*"; exit 1; }
has() { grep -F -- "$1" "$2" >/dev/null || { echo "--- $2:"; cat "$2"; fail "'$1' not in $2"; }; }
state() {
	a=$("$G" -d db list --limit 0 --tsv | wc -l)
	n=$("$G" -d db notes --tsv | wc -l)
	"$G" -d db check >check.out 2>&1 || { cat check.out; fail "check failed"; }
	echo "$a articles, $n notes"
}

printf 'Title: Good one\nDate: 2025-01-01\nGloss: 好 | good\n\n好的文章\n' >good.txt
"$G" -d db import good.txt >/dev/null
before=$(state)

# refused FILE REASON [OPTIONS...]: exit 1, "FILE: REASON", nothing changed
refused() {
	file=$1 reason=$2
	shift 2
	set +e
	"$G" -d db import "$@" "$file" >out 2>err
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat out err; fail "$file: exit $rc, expected 1"; }
	has "$file: $reason" err
	[ "$(state)" = "$before" ] || fail "$file: the archive changed"
}

# UTF-16 without a BOM: NUL bytes, with the hint to name the encoding.
printf 'Title: x\n\nhello\n' | iconv -f UTF-8 -t UTF-16LE >utf16-nobom.txt
refused utf16-nobom.txt "not a text file" 
has "pass --encoding UTF-16LE" err
# ... and with the hint followed it is read.
"$G" -d db2 import --encoding UTF-16LE utf16-nobom.txt >out 2>err ||
	{ cat err; fail "UTF-16LE with --encoding"; }
# Odd length: a truncated code unit at the end.
printf '\377\376T\000i\000t\000x' >utf16-odd.txt
refused utf16-odd.txt "truncated UTF-16LE sequence at the end of the file"
# A lone surrogate (D800 followed by an ordinary character).
printf '\377\376T\000:\000 \000x\000\n\000\n\000\000\330a\000\n\000' >utf16-lone.txt
refused utf16-lone.txt "invalid UTF-16LE sequence at byte 14 (line 3)"
# UTF-32 without a BOM: NUL bytes. With a BOM it is read.
printf 'Title: x\n\nhello\n' | iconv -f UTF-8 -t UTF-32LE >utf32-nobom.txt
refused utf32-nobom.txt "not a text file"
printf 'Title: UTF-32 text\n\nhello 世界\n' | iconv -f UTF-8 -t UTF-32 >utf32.txt
"$G" -d db2 import utf32.txt >out 2>err || { cat err; fail "UTF-32 with BOM"; }
"$G" -d db2 search 世界 --tsv | grep -q 'UTF-32 text' || fail "UTF-32 text not found"
# A UTF-16 or UTF-32 label on plain ASCII bytes (even length: iconv
# alone would read them as CJK nonsense): refused. An Encoding: header
# read as ASCII cannot itself be UTF-16; with --encoding, bytes without
# any zero byte cannot hold a UTF-16 line break or any UTF-32 character.
printf 'Title: plain\nEncoding: UTF-16\n\nhello world!\n' >ascii-as-utf16.txt
[ $(($(wc -c <ascii-as-utf16.txt) % 2)) -eq 0 ] || fail "ascii-as-utf16.txt: odd length"
refused ascii-as-utf16.txt "the Encoding: header says UTF-16, but the header itself is written one byte a character"
printf 'Title: plain\nEncoding: UTF-32LE\n\nhello world\n' >ascii-as-utf32.txt
refused ascii-as-utf32.txt "the Encoding: header says UTF-32LE"
printf 'Title: plain\n\nhello world\n' >ascii.txt
refused ascii.txt "the file cannot be UTF-16LE: it has no zero byte" --encoding UTF-16LE
refused ascii.txt "the file cannot be UTF-32BE: it has no zero byte" --encoding UTF-32

# A GB2312 label on GBK text (镕 is not in GB2312): read as GB18030.
printf 'Title: 朱镕基\nEncoding: GB2312\n\n朱镕基说\n' | iconv -f UTF-8 -t GBK >gbk-as-gb2312.txt
"$G" -d db2 import gbk-as-gb2312.txt >out 2>err || { cat err; fail "GB2312 label on GBK"; }
"$G" -d db2 search 镕基 --tsv | grep -q '朱镕基' || fail "GBK text mangled"
# A Big5 label on HKSCS text: refused with the offset and the hint.
printf 'Title: hk\nEncoding: Big5\n\n香港 𡃁\n' | iconv -f UTF-8 -t BIG5-HKSCS >hkscs-as-big5.txt
refused hkscs-as-big5.txt "invalid BIG5 sequence at byte 31 (line 4)"
has "--encoding BIG5-HKSCS" err

# A header line of 100 KB is fine.
{ printf 'Title: '; head -c 102400 /dev/zero | tr '\0' 'h'; printf '\nDate: 2025-01-02\n\nbody\n'; } >long-header.txt
"$G" -d db2 import long-header.txt >out 2>err || { cat err; fail "100 KB header line"; }

# A 100 MB single line: over the default limit (64 MB), refused without
# reading it. With GNU time, the peak memory is measured.
head -c 100000000 /dev/zero | tr '\0' 'a' >line-100mb.txt
refused line-100mb.txt "file too large (100000000 bytes; the limit is 64 MB)"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o rss "$G" -d db import line-100mb.txt >/dev/null 2>&1 || true
	rss=$(tail -1 rss); echo "100 MB line refused in $rss KB"
	[ "$rss" -lt 60000 ] || fail "100 MB line: $rss KB"
fi
rm line-100mb.txt
# An 8 MB single line under the limit is imported, in bounded memory.
{ printf 'Title: One long line\n\n'; head -c 8000000 /dev/zero | tr '\0' 'b'; } >line-8mb.txt
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o rss "$G" -d db2 import line-8mb.txt >out 2>err ||
		{ cat err; fail "8 MB line"; }
	rss=$(tail -1 rss); echo "8 MB line imported in $rss KB"
	[ "$rss" -lt 400000 ] || fail "8 MB line: $rss KB"
else
	"$G" -d db2 import line-8mb.txt >out 2>err || { cat err; fail "8 MB line"; }
fi

# --max-size: a file larger than the limit given; suffixes K, M, G.
head -c 3000 /dev/zero | tr '\0' 'c' >three-kb.txt
refused three-kb.txt "file too large (3000 bytes; the limit is 2048 bytes)" --max-size 2K
"$G" -d db2 import --max-size 1M three-kb.txt >out 2>err || { cat err; fail "--max-size 1M"; }
for bad in 0 -5 12X K 1.5M; do
	set +e
	"$G" -d db import --max-size "$bad" good.txt >out 2>err
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "--max-size $bad: exit $rc, expected 2"
	has "--max-size expects a size" err
done

# A file without read permission, as an unprivileged user (root reads
# anything).
if [ "$(id -u)" != 0 ]; then
	as_user() { "$@"; }
elif command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user=
fi
if command -v as_user >/dev/null 2>&1; then
	mkdir priv
	cp db priv/db
	printf 'Title: secret\n\nbody\n' >priv/secret.txt
	chmod 000 priv/secret.txt
	chmod 777 priv
	chmod 666 priv/db
	[ "$(id -u)" != 0 ] || chmod o+rx "$PWD"
	set +e
	as_user "$G" -d priv/db import priv/secret.txt >out 2>err
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat out err; fail "unreadable file: exit $rc"; }
	has "priv/secret.txt: Permission denied" err
	[ "$("$G" -d priv/db list --limit 0 --tsv | wc -l)" -eq 1 ] || fail "unreadable file imported"
else
	echo "SKIP unreadable file: running as root without setpriv"
fi
echo ok
