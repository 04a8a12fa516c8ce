#!/bin/sh
# Check every article in $GLOSSA_SRC/sample-archive without the glossa binary:
# the encoding (BOM, else an ASCII "Encoding:" header line, else UTF-8)
# decodes with iconv and re-encodes to the same bytes, the text has no
# control characters, the header has a Title, every Gloss phrase and every
# Quote occurs verbatim in the body, Reading follows a Gloss, Quote follows a
# Note, and the archive holds at least one GB18030, one Big5 and one UTF-16LE
# (BOM) file. Exits non-zero with a message for each problem found.
set -u

src=${GLOSSA_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$src/sample-archive
LC_ALL=C
export LC_ALL

errors=0
fail() {
	echo "FAIL: $*" >&2
	errors=$((errors + 1))
}

command -v iconv >/dev/null 2>&1 || {
	echo "FAIL: iconv not found" >&2
	exit 1
}
[ -d "$dir" ] || {
	echo "FAIL: no directory $dir" >&2
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sample-enc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# First bytes of a file as lower-case hex, no spaces.
head_hex() {
	dd if="$1" bs=4 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n'
}

# Split decoded UTF-8 text ($1) into records on stdout ("T title",
# "G phrase", "Q quote", "E message") and the body into file $2.
# Continuation lines (leading space or tab) join the previous field.
parse() {
	awk -v bodyfile="$2" '
	function flush(   name, val, i, c, out, n) {
		if (cur == "")
			return
		i = index(cur, ":")
		name = tolower(substr(cur, 1, i - 1))
		val = substr(cur, i + 1)
		sub(/^[ \t]+/, "", val)
		sub(/[ \t]+$/, "", val)
		if (name == "title") {
			if (val == "")
				print "E\tempty Title"
			else
				print "T\t" val
		} else if (name == "gloss") {
			out = ""
			n = length(val)
			for (i = 1; i <= n; i++) {
				c = substr(val, i, 1)
				if (c == "\\" && i < n) {
					i++
					out = out substr(val, i, 1)
				} else if (c == "|") {
					break
				} else {
					out = out c
				}
			}
			sub(/[ \t]+$/, "", out)
			if (out == "")
				print "E\tGloss with an empty phrase: " val
			else if (i > n || substr(val, i + 1) ~ /^[ \t]*(\||$)/)
				print "E\tGloss without a translation: " val
			else
				print "G\t" out
		} else if (name == "reading") {
			if (prev != "gloss")
				print "E\tReading not right after a Gloss: " val
		} else if (name == "quote") {
			if (prev != "note")
				print "E\tQuote not right after a Note: " val
			else
				print "Q\t" val
		} else if (name == "date") {
			if (val !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)
				print "E\tDate is not YYYY-MM-DD: " val
		}
		prev = name
		cur = ""
	}
	inbody { print > bodyfile; next }
	/^$/ { flush(); inbody = 1; printf "" > bodyfile; next }
	/^[ \t]/ {
		if (cur == "")
			print "E\tcontinuation line with nothing to continue: " $0
		else
			cur = cur " " substr($0, 2)
		next
	}
	{
		flush()
		if ($0 !~ /^[A-Za-z][A-Za-z0-9_-]*[ \t]*:/)
			print "E\tmalformed header line: " $0
		else
			cur = $0
	}
	END {
		flush()
		if (!inbody)
			print "E\tno blank line after the header (no body)"
	}
	' "$1"
}

n_gb=0
n_big5=0
n_u16=0
n_files=0
# Hidden files are skipped by the importer; everything else is an article.
find "$dir" -type f ! -name '.*' | sort >"$tmp/list"
while IFS= read -r f; do
	n_files=$((n_files + 1))
	rel=${f#"$dir"/}
	dec=$tmp/decoded
	raw=$tmp/raw
	nb=0
	hex=$(head_hex "$f")
	case $hex in
	fffe0000*) enc=UTF-32LE nb=4 ;;
	0000feff*) enc=UTF-32BE nb=4 ;;
	fffe*) enc=UTF-16LE nb=2 ;;
	feff*) enc=UTF-16BE nb=2 ;;
	efbbbf*) enc=UTF-8 nb=3 ;;
	*)
		enc=$(sed -n '/^\r\{0,1\}$/q; p' "$f" |
			grep -ai '^encoding[ 	]*:' | head -n 1 |
			sed 's/^[^:]*:[ 	]*//; s/[ 	\r]*$//')
		[ -n "$enc" ] || enc=UTF-8
		;;
	esac
	case $(echo "$enc" | tr '[:lower:]' '[:upper:]') in
	GB2312 | GBK | GB18030) enc=GB18030 n_gb=$((n_gb + 1)) ;;
	BIG5 | BIG-5) n_big5=$((n_big5 + 1)) ;;
	UTF-16LE) [ "$nb" -gt 0 ] && n_u16=$((n_u16 + 1)) ;;
	esac

	# The bytes after the BOM, decoded, must re-encode to the same bytes.
	if [ "$nb" -gt 0 ]; then
		tail -c +$((nb + 1)) "$f" >"$raw"
	else
		cp "$f" "$raw"
	fi
	if ! iconv -f "$enc" -t UTF-8 "$raw" >"$dec" 2>"$tmp/err"; then
		fail "$rel: not valid $enc: $(head -n 1 "$tmp/err")"
		continue
	fi
	if ! iconv -f UTF-8 -t "$enc" "$dec" >"$tmp/back" 2>/dev/null ||
	    ! cmp -s "$tmp/back" "$raw"; then
		fail "$rel: $enc -> UTF-8 -> $enc does not give the same bytes"
	fi
	if [ "$(tr -d '\000' <"$dec" | wc -c)" -ne "$(wc -c <"$dec")" ]; then
		fail "$rel: contains NUL characters"
	fi
	if grep -n "$(printf '[\001-\010\013-\037\177]')" "$dec" >"$tmp/ctl"; then
		fail "$rel: control characters on line(s)" \
		    "$(cut -d: -f1 "$tmp/ctl" | tr '\n' ' ')"
	fi

	parse "$dec" "$tmp/body" >"$tmp/rec"
	grep -q '^T	' "$tmp/rec" || fail "$rel: no Title line in the header"
	ng=0
	while IFS='	' read -r kind val; do
		case $kind in
		E) fail "$rel: $val" ;;
		G | Q)
			[ "$kind" = G ] && ng=$((ng + 1))
			grep -qF -e "$val" "$tmp/body" ||
			    fail "$rel: $([ "$kind" = G ] && echo Gloss ||
			    echo Quote) phrase not in the body: $val"
			;;
		esac
	done <"$tmp/rec"
	title=$(sed -n 's/^T	//p' "$tmp/rec" | head -n 1)
	echo "ok $rel ($enc, $ng glosses): $title"
done <"$tmp/list"

[ "$n_files" -gt 0 ] || fail "no articles in $dir"
[ "$n_gb" -gt 0 ] || fail "no GB18030 article in the sample archive"
[ "$n_big5" -gt 0 ] || fail "no Big5 article in the sample archive"
[ "$n_u16" -gt 0 ] || fail "no UTF-16LE (BOM) article in the sample archive"

if [ "$errors" -gt 0 ]; then
	echo "sample-encodings: $errors problem(s) in $n_files file(s)" >&2
	exit 1
fi
echo "sample-encodings: $n_files files ok"
