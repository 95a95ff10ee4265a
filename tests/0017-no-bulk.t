#!/bin/sh
# crm-add --csv --no-bulk (SPEC 3.1, 4): the rows go in one by one with
# the indexes kept, even into an empty store.  The archive is the same,
# customer for customer, as the bulk path's; only the layout of the
# index pages differs: a bulk load builds its indexes after loading and
# packs their pages full, while rows added one by one leave room in them.
. "$(dirname "$0")/lib.sh"
gen=$top/tests/bench/gencust
regions=$top/share/crm/regions.csv

# 4,000 customers over every county, then three rows to reject: a mobile
# that is no mobile, the mobile of line 2, the name and company of line 3
"$gen" -r "$regions" -s 17 -n 4000 > in.csv
sed -n 2p in.csv | awk -F, -v OFS=, '{ $1 = "贾宝玉"; $2 = "1234"; $4 = "" } 1' >> in.csv
sed -n 2p in.csv | awk -F, -v OFS=, '{ $1 = "甄士隐"; $4 = "" } 1' >> in.csv
sed -n 3p in.csv | awk -F, -v OFS=, '{ $2 = "13000000003"; $4 = "" } 1' >> in.csv

for path in bulk rows; do
	flag=
	[ $path = rows ] && flag=--no-bulk
	CRM_DB=$trash/$path.db run crm-add --csv in.csv --rejects $path.rejects.csv $flag
	expect 65 "crm-add --csv ${flag:-(bulk)} into an empty store: three rows rejected"
	is "$(cat err)" "crm-add: 4,000 added, 0 duplicates, 3 rejected ($path.rejects.csv)" \
	    "${flag:-the bulk path}: the summary"
	mv out $path.out
done

cmp -s bulk.out rows.out
ok $? 'both print the same 4,000 customers, ids and codes alike'
is "$(cut -d, -f1,2 rows.out | sed -n '2p;4001p' | tr '\n' ' ')" "1,110101001 4000,341024002 " \
    'the first and last customer added row by row (line 4001: the second of county 341024)'
cmp -s bulk.rejects.csv rows.rejects.csv
ok $? 'both reject the same rows for the same reasons'
is "$(cut -d, -f14- rows.rejects.csv | tail -n 3 | tr '\n' ' ')" \
    "4002,mobile '1234' is not an 11-digit mobile number 4003,duplicate of line 2 (same mobile) 4004,duplicate of line 3 (same name+company) " \
    'the rejects name line and reason'
q='select id, code, name, mobile, email, region, company, status, missing from customers order by id'
is "$(sqlite3 -batch rows.db "$q" | md5sum)" "$(sqlite3 -batch bulk.db "$q" | md5sum)" \
    'the two archives hold the same customers'
is "$(sqlite3 -batch rows.db 'pragma integrity_check')" ok 'the row-by-row store is sound'
is "$(sqlite3 -batch rows.db "select last from region_serials where region = '110101'")" \
    "$(sqlite3 -batch bulk.db "select last from region_serials where region = '110101'")" \
    'and its serials are those of the codes given'

# the layout: every index of the bulk store has its leaf pages packed
# (all but the last of each more than 97% full); row by row, they keep
# room (less than 95% full on average), so there are more of them
fill="select round(100.0 * sum(pgsize - unused) / sum(pgsize)) from dbstat
      where name = 'customers_name_company' and pagetype = 'leaf'"
b=$(sqlite3 -batch bulk.db "$fill")
r=$(sqlite3 -batch rows.db "$fill")
[ "${b%.*}" -ge 97 ]
ok $? "the bulk load packs the name+company index ($b% full)"
[ "${r%.*}" -le 95 ]
ok $? "row by row leaves room in it ($r% full)"
pages="select count(*) from dbstat where name like 'customers_%' and pagetype = 'leaf'"
[ "$(sqlite3 -batch rows.db "$pages")" -gt "$(sqlite3 -batch bulk.db "$pages")" ]
ok $? 'row by row, the indexes take more leaf pages'

# into a store that already holds customers: no bulk mode either way,
# and --no-bulk changes nothing
"$gen" -r "$regions" -s 17 -o 4000 -n 20 > more.csv
for path in bulk rows; do
	CRM_DB=$trash/$path.db run crm-add -q --csv more.csv --no-bulk
	expect 0 "--no-bulk into the $path store of 4,000"
	is "$(cat err)" 'crm-add: 20 added, 0 duplicates, 0 rejected' 'the summary'
done
q='select id, code, name from customers where id > 4000 order by id'
is "$(sqlite3 -batch rows.db "$q")" "$(sqlite3 -batch bulk.db "$q")" 'the same 20 customers in both'

# --no-bulk is for --csv
run crm-add 王小明 --mobile 13812345678 --no-bulk
expect 64 '--no-bulk without --csv is a usage error'
is "$(head -n 1 err)" 'crm-add: --encoding, --map, --rejects, --strict, --all-or-nothing and --no-bulk go with --csv' \
    'it says so'
test ! -e crm.db
ok $? 'and creates no store'
run crm-add --help
contains out '--no-bulk' '--help names --no-bulk'

done_testing
