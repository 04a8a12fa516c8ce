# Nothing from a file reaches the terminal: the Date, title, source and
# tags of an article, a gloss's phrase and translation, an unknown
# Encoding: value and the file's own name carry escape sequences (OSC
# title set, CSI), C1 controls, BEL, bidi overrides and a newline (in the
# name). Every command that prints them is run on a terminal (script(1)
# gives it one; it merges standard error into what it captures, so each
# stream is also run alone on the terminal): no raw ESC, BEL, C1 or bidi
# control may come out, on standard output or standard error, --tsv
# included. --tsv to a pipe is data and must stay byte-exact.
set -eu
G="$GLOSSA"

# every check runs, so that one run shows all that leaks
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
die() { echo "FAIL: $*"; exit 1; }

command -v script >/dev/null || { echo "SKIP: no script(1)"; exit 0; }

ESC=$(printf '\033')
BEL=$(printf '\007')
osc='\033]0;PWNED\007'
csi='\033[31m'
c1='\302\233\302\235'
bidi='\342\200\256\342\201\246'
date="2025-01-01$osc"
title="t-title $osc $csi $c1 $bidi bel\007 end"
source="s-source $csi $c1"
tags="tag$osc"
phrase="稀土$csi"
trans="rare $osc earths $bidi"

mkdir in bad
# a name with an OSC title set and a newline in it
name=$(printf 'in/evil\033]0;NAME\007\nname.txt')
printf "Title: $title\nSource: $source\nDate: $date\nTags: $tags\nGloss: $phrase | $trans\nGloss: 稀土 | rare $csi earths\n\n稀土 body text\n" >"$name"
# an unknown encoding whose name is an escape sequence
printf 'Title: enc\nEncoding: x\033]0;ENC\007\n\nbody\n' >bad/enc.txt
[ -f "$name" ] || die "could not make the file name"

# dirty FILE: succeeds when FILE holds a raw ESC, BEL, C1 control or bidi
# control (search's own bold taken out first)
dirty() {
	sed "s/$ESC\[1m//g; s/$ESC\[0m//g" "$1" >"$1.nobold"
	LC_ALL=C grep -q "[$ESC$BEL]" "$1.nobold" && return 0
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1.nobold" && return 0
	LC_ALL=C grep -q "$(printf '\342\200[\216\217\252-\256]')" "$1.nobold" &&
		return 0
	LC_ALL=C grep -q "$(printf '\342\201[\246-\251]\|\330\234')" \
		"$1.nobold" && return 0
	return 1
}

# on_tty WHAT CMD: run CMD on a terminal three ways (both streams, stdout
# alone, stderr alone) and check that nothing dangerous came out
on_tty() {
	what=$1
	shift
	for redir in "" "2>/dev/null" ">/dev/null"; do
		TERM=xterm script -qec "$* $redir" /dev/null >tty.out \
			</dev/null || true
		if dirty tty.out; then
			od -c tty.out | head -8
			fail "$what ($redir) on a terminal: a raw control got through"
		fi
	done
}

# import on a terminal: the file name on stdout, the warning (a phrase
# not in the body) and the unknown Encoding: value on stderr
on_tty "import" "'$G' -d db.tty import in bad"
TERM=xterm script -qec "'$G' -d db2 import in bad >/dev/null" /dev/null \
	>err.tty </dev/null || true
grep -q 'phrase not in the body' err.tty || { cat err.tty; fail "no warning"; }
grep -q 'unknown encoding' err.tty || { cat err.tty; fail "no encoding error"; }
grep -qF '^[]0;ENC^G' err.tty || { cat err.tty; fail "no placeholder for the encoding"; }
grep -qF 'evil^[]0;NAME^G^Jname.txt' err.tty ||
	{ cat err.tty; fail "the file name is not shown safely on stderr"; }

# the same to a pipe: the messages are for people, made safe as well
set +e
"$G" -d db import in bad >imp.out 2>imp.err
set -e
dirty imp.out && fail "import: raw control on stdout (a file)"
dirty imp.err && fail "import: raw control on stderr (a file)"
grep -qF 'evil^[]0;NAME^G^Jname.txt' imp.out || { cat imp.out; fail "import: name"; }

id=$("$G" -d db list --tsv | cut -f1)
[ "$id" = 1 ] || die "import: id $id"

for cmd in "list" "list --tsv" "search 稀土" "search --tsv 稀土" \
	"notes" "notes --tsv" "notes $id" "notes --tsv $id" \
	"glossary" "glossary --tsv" "show $id" "search nothing$ESC[2J"; do
	on_tty "$cmd" "'$G' -d db $cmd"
	"$G" -d db $cmd >pipe.out 2>pipe.err || true
	case $cmd in
	*--tsv*) ;;
	*) dirty pipe.out && fail "$cmd: raw control to a file" ;;
	esac
	dirty pipe.err && fail "$cmd: raw control on stderr (a file)"
done

# an archive path that cannot be opened: named in the error, made safe
# (a command's error, and the interface's before it starts)
nodb=$(printf 'no\033]0;DB\007dir/a.db')
on_tty "list with a bad archive" "'$G' -d '$nodb' list"
on_tty "the interface with a bad archive" "'$G' -d '$nodb'"
TERM=xterm script -qec "'$G' -d '$nodb'" /dev/null >tty.out </dev/null || true
grep -qF 'no^[]0;DB^Gdir' tty.out || { cat tty.out; fail "no archive path shown"; }

# an option made of a file name (a shell glob can give one): getopt's own
# message would print it raw
badopt=$(printf -- '--x\033]0;OPT\007')
on_tty "an unknown option" "'$G' -d db list '$badopt'"
on_tty "an unknown option of glossa" "'$G' '$badopt'"
on_tty "an unknown short option" "'$G' -d db list '$(printf -- '-\033')'"
"$G" -d db list "$badopt" 2>opt.err && fail "an unknown option: exit 0"
grep -qF "unknown option '--x^[]0;OPT^G'" opt.err || { cat opt.err; fail "unknown option: message"; }

# what is shown on a terminal instead
# (that Date is no date: the list shows "?", show gives it as written)
TERM=xterm script -qec "'$G' -d db show $id" /dev/null >tty.out </dev/null
grep -qF '2025-01-01^[]0;PWNED^G' tty.out || { cat tty.out; fail "show: date"; }
TERM=xterm script -qec "'$G' -d db list --tsv" /dev/null >tty.out </dev/null
grep -qF '<U+202E>' tty.out || { cat tty.out; fail "list --tsv: bidi"; }

# --tsv to a pipe: the values byte for byte
expect() { # FIELD_VALUE EXPECTED_PRINTF_FORMAT WHAT
	[ "$1" = "$(printf "$2")" ] || {
		printf '%s' "$1" | od -c | head
		fail "$3 is not byte-exact"
	}
}
expect "$("$G" -d db list --tsv | cut -f2)" "" "list --tsv: date (none readable)"
expect "$("$G" -d db list --tsv | cut -f3)" "$source" "list --tsv: source"
expect "$("$G" -d db list --tsv | cut -f4)" "$title" "list --tsv: title"
expect "$("$G" -d db search --tsv 稀土 | cut -f2)" "" "search --tsv: date (none readable)"
expect "$("$G" -d db search --tsv 稀土 | cut -f3)" "$title" "search --tsv: title"
expect "$("$G" -d db notes --tsv | cut -f5 | head -1)" "$phrase" "notes --tsv: phrase"
expect "$("$G" -d db notes --tsv | cut -f7 | head -1)" "$trans" "notes --tsv: translation"
expect "$("$G" -d db notes --tsv $id | cut -f5 | head -1)" "$phrase" "notes --tsv ID: phrase"
"$G" -d db glossary --tsv >gl.tsv
expect "$(grep -F "$(printf "$phrase")" gl.tsv | cut -f1)" "$phrase" "glossary --tsv: phrase"
expect "$(grep -F "$(printf "$phrase")" gl.tsv | cut -f3)" "$trans" "glossary --tsv: translation"
[ "$failures" -eq 0 ] || die "$failures checks failed"
