#!/bin/sh
# The architecture of SPEC 6 stays true: programs in cmd/ hold no SQL and
# never call SQLite; lib/crm.h does not include sqlite3.h; lib/store.c is
# the one file that talks to the engine.
. "$(dirname "$0")/lib.sh"
cd "$top" || exit 1

grep -n 'sqlite3' cmd/*.c > "$trash/calls"
ok $(test ! -s "$trash/calls"; echo $?) 'no program in cmd/ names sqlite3'
sed 's/^/# /' "$trash/calls" | head -5

grep -nE '"[^"]*\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|WITH RECURSIVE)\b' \
    cmd/*.c > "$trash/sql"
ok $(test ! -s "$trash/sql"; echo $?) 'no SQL text in cmd/'
sed 's/^/# /' "$trash/sql" | head -5

grep -n 'internal\.h' cmd/*.c > "$trash/internal"
ok $(test ! -s "$trash/internal"; echo $?) 'no program includes lib/internal.h'

grep -n '#include *<sqlite3.h>' lib/crm.h > "$trash/hdr"
ok $(test ! -s "$trash/hdr"; echo $?) 'lib/crm.h does not include sqlite3.h'

is "$(grep -l 'sqlite3' lib/*.c lib/*.h | grep -v '^lib/schema.c$')" "lib/store.c" \
    'lib/store.c is the one file that calls SQLite'

# and at link level: the programs' objects reference no sqlite3_ symbol
bad=
for o in cmd/*.o; do
	[ -f "$o" ] || continue
	nm -u "$o" | grep -q 'sqlite3_' && bad="$bad $o"
done
is "$bad" "" 'no program object references a sqlite3_ symbol'

done_testing
