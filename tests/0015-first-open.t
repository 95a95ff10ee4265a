#!/bin/sh
# Programs that start together on a missing store (SPEC 2, 5): the store
# is created and migrated once, whole, and every program succeeds; the
# busy timeout is never needed for it.  And the newcomer's small things:
# a dry run never creates a store, a URI store is refused.
. "$(dirname "$0")/lib.sh"
gen=$top/tests/bench/gencust
regions=$top/share/crm/regions.csv

"$gen" -r "$regions" -s 11 -n 400 > a.csv
"$gen" -r "$regions" -s 12 -n 400 > b.csv

# 20 pairs, each started at once on a store that does not exist yet
both=0 rows=0 once=0 modes=0
for i in $(seq 1 20); do
	CRM_DB=$trash/pair$i/crm.db
	export CRM_DB
	crm-add -q --csv a.csv > a$i.out 2> a$i.err & pa=$!
	crm-add -q --csv b.csv > b$i.out 2> b$i.err & pb=$!
	wait $pa; ra=$?
	wait $pb; rb=$?
	[ "$ra/$rb" = "0/0" ] && both=$((both + 1))
	[ "$ra/$rb" = "0/0" ] || sed "s/^/# pair $i: /" a$i.err b$i.err | head -4
	n=$(sqlite3 -batch "$CRM_DB" 'select count(*) from customers')
	added=$(cat a$i.err b$i.err | sed -n 's/^crm-add: \([0-9,]*\) added.*/\1/p' | tr -d , |
	    awk '{ s += $1 } END { print s + 0 }')
	[ "$n" = "$added" ] && [ "$n" -gt 700 ] && rows=$((rows + 1))
	[ "$(sqlite3 -batch "$CRM_DB" 'pragma user_version')" = "$schema" ] && once=$((once + 1))
	[ "$(stat -c %a "$CRM_DB")" = 600 ] && modes=$((modes + 1))
	# the loser's private copy is gone
	ls "$trash/pair$i" | grep -q '\.new' && once=$((once - 100))
done
is "$both" 20 '20 of 20 concurrent pairs on a missing store both succeed'
is "$rows" 20 'every row reported added is in the store, in every pair'
is "$once" 20 'each store is migrated to the current schema, no copies left behind'
is "$modes" 20 'each store has mode 0600'
CRM_DB=$trash/crm.db

# --dry-run never creates a store
run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号 --dry-run
expect 0 'crm-add --dry-run on a missing store checks the customer'
test ! -e crm.db
ok $? 'and creates no store'
printf 'name,mobile\n王小明,13812345678\n李女士,13812345679\n' > dry.csv
run crm-add --csv dry.csv --dry-run
expect 65 'crm-add --csv --dry-run on a missing store reports the rejected row'
contains err '1 added, 0 duplicates, 1 rejected (dry.rejects.csv); dry run, nothing written' 'with the summary'
test ! -e crm.db
ok $? 'and creates no store'

# a store named by a URI is a backend this build lacks
for v in postgresql://db.example/crm postgres://u@h/crm; do
	CRM_DB=$v run crm-ls
	expect 69 "CRM_DB=$v exits 69"
	is "$(cat err)" "crm-ls: store '$v': this build of crm has only the SQLite backend (give a file name)" \
	    'it says the backend is not in this build'
	run crm-add 王小明 --db "$v" --mobile 13812345678
	expect 69 "--db $v exits 69"
done
test ! -e postgresql: && test ! -e postgres:
ok $? 'no directory named after the scheme is created'
run crm-add 王小明 --db ./a:b.db --mobile 13812345678
expect 0 'a file name with a colon is still a file'

done_testing
