#!/bin/sh
# crm-visit import of an input large against the log (SPEC 3.4, 4): the
# customers are found in arrays read once from the store, and the index
# by date an import never reads is built after loading.  Both must
# answer as the row-by-row way does, and a failed import must leave the
# log and its indexes as they were.  Every expected value is written here
# by hand.
. "$(dirname "$0")/lib.sh"

# 1,200 customers: ids 1..1200, codes 650102001..650102999 then
# 650103001..650103201, mobiles 1390000NNNN
many_customers 1200
ok $? '1,200 customers'

indexes() {
	sql "select name from sqlite_master where type = 'index' and tbl_name = 'visits' order by name" |
	    tr '\n' ' '
}
is "$(indexes)" 'sqlite_autoindex_visits_1 visits_customer visits_date ' 'the indexes of visits'

# 400 visits: customers 1..200 by code, 201..400 by mobile, then a
# repeated visit of customer 1 after the others, and an unknown code
{
	echo 'customer,date,visitor,role,channel'
	awk 'BEGIN { for (i = 1; i <= 200; i++) printf "650102%03d,2026-03-01,王,manager,visit\n", i
	    for (i = 201; i <= 400; i++) printf "139%08d,2026-03-02,李,service,phone\n", i }'
	echo '650102001,2026-03-01,王,manager,visit'
	echo '650199001,2026-03-01,王,manager,visit'
} >visits.csv
run crm-visit import visits.csv
expect 65 'an import with a rejected row exits 65'
is "$(cat err)" 'crm-visit: 400 added, 1 duplicates, 1 rejected (visits.rejects.csv)' \
    "customer 1's visit again is a duplicate; the unknown code is rejected"
is "$(sql "select customer_id, date, visitor from visits where id in (1, 200, 201, 400) order by id")" \
    '1|2026-03-01|王
200|2026-03-01|王
201|2026-03-02|李
400|2026-03-02|李' 'codes and mobiles find their customers'
is "$(indexes)" 'sqlite_autoindex_visits_1 visits_customer visits_date ' 'the index by date is there again'
is "$(sql "select count(*) from visits indexed by visits_date where date = '2026-03-02' and visitor = '李'")" 200 \
    'and holds every visit'

# a failed --all-or-nothing import of a big file into the log leaves it
# as it was, its index by date too
{
	echo 'customer,date,visitor,role,channel'
	awk 'BEGIN { for (i = 1; i <= 1200; i++) printf "139%08d,2026-04-01,赵,gm,visit\n", i }'
	echo '650102001,2026-04-31,赵,gm,visit'
} >big.csv
run crm-visit import big.csv --all-or-nothing
expect 65 'an --all-or-nothing import with a bad row'
is "$(sql "select count(*) from visits")" 400 'adds nothing'
is "$(indexes)" 'sqlite_autoindex_visits_1 visits_customer visits_date ' 'and keeps the index by date'
run crm-visit import big.csv
expect 65 'the same file, not all or nothing'
is "$(sql "select count(*) from visits indexed by visits_date where date = '2026-04-01'")" 1200 \
    'the 1,200 good rows, in the index by date'
is "$(sql "pragma integrity_check")" ok 'the store is sound'

done_testing
