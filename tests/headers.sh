#!/bin/sh
# Every public header compiles alone, as C and as C++, and declares its
# functions with C linkage (extern "C"), so that a program may include any
# one of them by itself, from either language.
# usage: CC=... CXX=... sh tests/headers.sh DIR (DIR holds glossa/*.h)
# For C++, each function the header declares is declared again with C
# linkage: g++ refuses that when the header gave it C++ linkage.
inc=${1:-include}
CC=${CC:-cc}
CXX=${CXX:-c++}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/glossa-headers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for h in "$inc"/glossa/*.h; do
	name=${h#"$inc"/}
	printf '#include "%s"\n' "$name" >"$tmp/t.c"
	{
		printf '#include "%s"\n' "$name"
		# every function declared (a typedef of a function type is
		# no function)
		grep -v '^typedef' "$h" |
			sed -n 's/^[a-z_ ]*[ *]\(glossa_[a-z0-9_]*\)(.*/\1/p' |
			sed 's/.*/extern "C" decltype(&) &;/'
	} >"$tmp/t.cc"
	if ! $CC -I"$inc" -Wall -Wextra -Werror -fsyntax-only -x c "$tmp/t.c" \
	    >"$tmp/log" 2>&1; then
		echo "FAIL $name alone, as C"
		sed 's/^/     | /' "$tmp/log"
		fail=$((fail + 1))
	elif ! $CXX -I"$inc" -Wall -Wextra -Werror -fsyntax-only -x c++ \
	    "$tmp/t.cc" >"$tmp/log" 2>&1; then
		echo "FAIL $name alone, as C++"
		sed 's/^/     | /' "$tmp/log"
		fail=$((fail + 1))
	else
		echo "ok   $name"
		pass=$((pass + 1))
	fi
done
echo "headers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
