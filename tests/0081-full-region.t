#!/bin/sh
# A full region (SPEC 3.2): a customer of a region that has used all 999
# serials is still filed, without a code, in every way customers arrive:
# one at a time, in a bulk import into an empty store, in an import into
# a big archive, and from two importers at once; crm-code assign tells
# the admin what to do and exits 65.
. "$(dirname "$0")/lib.sh"

advice='load a finer region table with crm-code regions --load'

# rows N FIRST: N customers in county 650102, mobiles from FIRST on
rows() {
	awk -v n="$1" -v first="$2" 'BEGIN { print "name,mobile,region,address"
		for (i = 0; i < n; i++)
			printf "客户%d,139%08d,650102,天山区解放北路%d号\n", first + i, first + i, first + i }'
}

# --- the 999th and the 1000th, one at a time --------------------------
CRM_DB=$trash/one.db
rows 998 1 > a998.csv
crm-add -q --csv a998.csv 2>/dev/null
run crm-add 第九九九 --mobile 13700000999 --region 650102 --address 天山区光明路999号
expect 0 'the 999th customer of 650102'
is "$(cut -d, -f2 out | tail -1)" "650102999" 'gets the last serial, 999'
is "$(cat err)" "" 'with nothing to say'
run crm-add 第一千 --mobile 13700001000 --region 650102 --address 天山区光明路1000号
expect 0 'the 1000th is filed too'
is "$(cut -d, -f1-3 out | tail -1)" "1000,,第一千" 'without a code'
is "$(cat err)" "crm-add: added without a code: region 650102 has used all 999 serials: $advice" \
    'and crm-add says why and what to do'
run crm-add 别处 --mobile 13700001001 --region 650103 --address 沙依巴克区友好北路1号
is "$(cut -d, -f2 out | tail -1)" "650103001" 'another region still codes from 001'

# --- bulk mode: 2,500 customers of one county into an empty store -------
CRM_DB=$trash/bulk.db
rows 2500 1 > bulk.csv
run crm-add --csv bulk.csv
expect 0 'an import of 2,500 customers into one county exits 0'
is "$(cat err)" "crm-add: 2,500 added, 1,501 without a code (region 650102 has used all 999 serials: $advice), 0 duplicates, 0 rejected" \
    'the summary counts those without a code and names the region once'
is "$(sql 'select count(*), count(code), count(distinct code), min(code), max(code) from customers')" \
    "2500|999|999|650102001|650102999" 'all are stored, 999 coded, each code once'
is "$(sql "select code from customers where name = '客户999'")|$(sql "select count(code) from customers where name = '客户1000'")" \
    "650102999|0" 'the codes go in file order: the 999th row has 999, the 1000th none'
is "$(sql "select last from region_serials where region = '650102'")" "999" 'the region has used 999'
test ! -e bulk.rejects.csv
ok $? 'nothing is rejected'
run crm-code assign --all
expect 65 'crm-code assign --all on the full region exits 65'
is "$(cat err)" "crm-code: 1,501 customers left without a code: region 650102 has used all 999 serials: $advice
crm-code: 0 coded, 1,501 not" 'it names the region once, with the count, and what to do'
is "$(cat out)" "id,code,name" 'and codes nobody'

# the finer table the advice points to: 650102 split into two new counties
cat > finer.csv <<'CSV'
code,name,parent
650000,新疆维吾尔自治区,
650100,乌鲁木齐市,650000
650102,天山区,650100
650191,天山区东片,650102
650192,天山区西片,650102
CSV
run crm-code regions --load finer.csv
expect 0 'a finer table loads'
sql "update customers set region = '650191' where code is null and id % 2 = 0"
sql "update customers set region = '650192' where code is null and id % 2 = 1"
run crm-code assign --all
expect 0 'assign --all codes the rest in the finer regions'
is "$(sql 'select count(*) - count(code) from customers')" "0" 'everyone has a code now'

# --- into a big archive (not bulk mode), and the summary --------------
CRM_DB=$trash/big.db
rows 4000 1 > big.csv
crm-add -q --csv big.csv 2>/dev/null
rows 10 5001 > more.csv
run crm-add --csv more.csv
expect 0 'ten more into the full county of a 4,000-customer archive'
is "$(cat err)" "crm-add: 10 added, 10 without a code (region 650102 has used all 999 serials: $advice), 0 duplicates, 0 rejected" \
    'the same summary when rows go in one by one'

# the import raised the serials itself, with the trigger dropped for it:
# the trigger is back, and the serials are those of the codes stored
printf 'name,mobile,region,address,code\n旧码,13600000001,650103,沙依巴克区友好北路9号,650103040\n新码,13600000002,650103,沙依巴克区友好北路10号,\n' > codes.csv
run crm-add --csv codes.csv
expect 0 'an import into the big archive with a code of an older system'
is "$(cut -d, -f2,3 out | tail -2 | tr '\n' ' ')" "650103040,旧码 650103041,新码 " \
    'the next code follows the code given by hand'
is "$(sql "select last from region_serials where region = '650103'")" "41" 'region_serials holds the last serial'
is "$(sql "select count(*) from sqlite_master where type = 'trigger' and name = 'customers_code_serial'")" "1" \
    'the serial trigger is in place again after the import'
sql "insert into customers(code, name, created_at, updated_at) values ('650103077', 'x', 'now', 'now')"
is "$(sql "select last from region_serials where region = '650103'")" "77" 'and raises the serial for any other client'

# --- two importers at once into one full county -----------------------
CRM_DB=$trash/two.db
rows 1500 1 > p1.csv
rows 1500 10001 > p2.csv
crm-add -q --csv p1.csv > p1.out 2> p1.err & a=$!
crm-add -q --csv p2.csv > p2.out 2> p2.err & b=$!
wait $a; ra=$?
wait $b; rb=$?
is "$ra/$rb" "0/0" 'two importers at once into one county both exit 0'
is "$(sql 'select count(*), count(code), count(distinct code) from customers')" "3000|999|999" \
    'all 3,000 are stored, 999 codes, none twice'
is "$(cat p1.err p2.err | grep -c 'without a code (region 650102 has used all 999 serials')" "2" \
    'each importer names the full region in its summary'

done_testing
