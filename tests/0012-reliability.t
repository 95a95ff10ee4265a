#!/bin/sh
# Reliability (SPEC 5): a killed import leaves the store as it was, two
# importers at once both succeed with nothing lost, a store locked past
# the busy timeout exits 75, and the store stays intact.
. "$(dirname "$0")/lib.sh"
gen=$top/tests/bench/gencust
regions=$top/share/crm/regions.csv

"$gen" -r "$regions" -n 300000 > big.csv
"$gen" -r "$regions" -s 7 -n 20000 > a.csv
"$gen" -r "$regions" -s 8 -n 20000 > b.csv

# two importers started together on a store that does not exist yet
crm-add -q --csv a.csv > a.out 2> a.err & pa=$!
crm-add -q --csv b.csv > b.out 2> b.err & pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
added=$(cat a.err b.err | sed -n 's/^crm-add: \([0-9,]*\) added.*/\1/p' | tr -d , |
    awk '{ s += $1 } END { print s }')
is "$ra/$rb" "0/0" "two importers at once both succeed"
is "$(sql 'select count(*) from customers')" "$added" "every row either reported added is in the store"
is "$(sql 'select count(*) - count(distinct code) from customers')" "0" "no code was given twice"
is "$(sql 'pragma user_version')" "$schema" "the store was migrated once, to the current schema"

# an import killed with SIGKILL commits nothing
before=$(sql 'select count(*) from customers')
crm-add -q --csv big.csv > /dev/null 2>&1 & pk=$!
sleep 1
kill -KILL $pk
wait $pk 2>/dev/null
is "$(sql 'select count(*) from customers')" "$before" "a killed import committed nothing"
is "$(sql 'pragma integrity_check')" "ok" "and the store passes integrity_check"
run crm-add 新客户 --mobile 13900000001
expect 0 "the store works after the kill"

# a writer holding the lock past the busy timeout: 75, try again
( sqlite3 "$CRM_DB" <<'SQL'
BEGIN IMMEDIATE;
SELECT 'locked';
.shell sleep 3
COMMIT;
SQL
) > lock.out &
pl=$!
sleep 1
CRM_BUSY_TIMEOUT=200 run crm-add 等待者 --mobile 13900000002
expect 75 "a store locked past the timeout exits 75"
contains err "is busy" "and says the store is busy"
run crm-add 等待者 --mobile 13900000002
expect 0 "the default timeout waits for the lock"
wait $pl

is "$(sql 'pragma integrity_check')" "ok" "integrity_check at the end"
done_testing
