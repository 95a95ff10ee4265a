#!/bin/sh
# crm-code: permanent 9-digit customer codes (SPEC 3.2, 客户编码管理规则):
# region + serial in order of assignment, serials never reused (also after
# delete and erase, and past codes brought by an import), 999 the last,
# codes never changed (store-level guard), parse/check, the region table
# and a company's own table, no duplicate code under concurrent writers,
# and the new-user story of an old archive under the company's table.
. "$(dirname "$0")/lib.sh"
gen=$top/tests/bench/gencust
regions=$top/share/crm/regions.csv
main_db=$CRM_DB
PARSE_HDR=code,region,province,city,county,serial,customer_id,name
ADD_HDR=id,code,name,mobile,region,missing

# --- a missing store ----------------------------------------------------

run crm-code parse 650102001
expect 66 'crm-code parse on a missing store exits 66'
is "$(cat err)" "crm-code: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
[ ! -e "$CRM_DB" ]
ok $? 'it does not create the store'

# --- usage --------------------------------------------------------------

run crm-code --help
expect 0 '--help exits 0'
contains out 'usage: crm-code' '--help prints the usage on stdout'
run crm-code
expect 64 'no command is a usage error'
is "$(cat err)" "crm-code: give a command: assign, parse, check or regions
Try 'crm-code --help'." 'it names the commands and gives the hint'
run crm-code frob
expect 64 'an unknown command is a usage error'
contains err "unknown command 'frob'" 'it names the unknown command'
run crm-code --bogus parse 650102001
expect 64 'an unknown option is a usage error'
contains err "Try 'crm-code --help'." 'with the hint'

# --- crm-add assigns at once; --no-code defers; crm-code assign ---------

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm-add with a known region'
is "$(cat out)" "$ADD_HDR
1,650102001,王小明,13812345678,650102," 'the first customer of 650102 gets 650102001 at once'
run crm-add 李华 --mobile 13912345678 --region 650103 --address 沙依巴克区友好北路8号
is "$(cut -d, -f1,2 out | tail -1)" "2,650103001" 'another region starts at 001 too'
run crm-add 张伟 --mobile 13712345678 --region 乌鲁木齐市 --address 天山区光明路5号
is "$(cut -d, -f1,2 out | tail -1)" "3,650100001" 'a region given by name: the code of 650100'
run crm-add 刘洋 --mobile 13612345678 --region 650102 --address 天山区和平南路3号
is "$(cut -d, -f1,2 out | tail -1)" "4,650102002" 'the next serial of 650102'
run crm-add 陈静 --mobile 13512345678 --region 650102 --address 天山区和平南路5号 --no-code
expect 0 'crm-add --no-code'
is "$(cat out)" "$ADD_HDR
5,,陈静,13512345678,650102," '--no-code: no code printed'
is "$(sql 'select code is null from customers where id=5')" "1" '--no-code: no code stored'
crm-add -q 赵敏 --mobile 13412345678 --region 650103 --address 沙依巴克区友好北路9号 --no-code
crm-add -q 孙丽 --mobile 13312345678 --region 650102 --address 天山区和平南路7号 --no-code
crm-add -q 周杰 --mobile 13212345678 --address 天山区光明路9号
crm-add -q 吴刚 --mobile 13112345678 --region 110101 --address 东城区东四北大街1号 --no-code
is "$(sql 'select count(*) from customers where code is null')" "5" 'five customers without a code (ids 5-9)'

run crm-code assign
expect 64 'assign without CUSTOMERs or --all is a usage error'
is "$(cat err)" "crm-code: give the CUSTOMERs to code, or --all
Try 'crm-code --help'." 'it asks for CUSTOMERs or --all'
run crm-code assign --all 1
expect 64 '--all and CUSTOMERs together is a usage error'
contains err 'give --all or CUSTOMERs, not both' 'it says so'
run crm-code parse --all 650102001
expect 64 '--all goes with assign only'

run crm-code assign 13312345678
expect 0 'crm-code assign CUSTOMER (by mobile)'
is "$(cat out)" "id,code,name
7,650102003,孙丽" 'prints id,code,name; the serial follows the order of assignment, not the id'
run crm-code assign --all
expect 0 'crm-code assign --all'
is "$(cat out)" "id,code,name
5,650102004,陈静
6,650103002,赵敏
9,110101001,吴刚" 'every customer with a region and no code gets the next serial of its region'
is "$(cat err)" "" 'a customer without a region is not an error for --all'
run crm-code assign --all
expect 0 'assign --all with nothing left to do'
is "$(cat out)" "id,code,name" 'prints the header only'
run crm-code assign 周杰
expect 65 'assign to a customer without a region fails'
is "$(cat err)" "crm-code: customer 8 (周杰) has no region; set one with crm-edit --region
crm-code: 0 coded, 1 not" 'it says the region is missing and how to set it'
is "$(sql 'select code is null from customers where id=8')" "1" 'no code was given'
run crm-code assign nobody
expect 65 'assign to an unknown customer fails'
contains err "customer 'nobody' matches no customer" 'it names the reference'
run crm-code assign 王小明
expect 0 'assign to a customer that has a code changes nothing'
contains err 'customer 1 (王小明) already has code 650102001' 'it says the customer already has a code'
is "$(sql 'select code from customers where id=1')" "650102001" 'the code is unchanged'
is "$(sql "select group_concat(region || '=' || last, ' ') from (select * from region_serials order by region)")" \
    "110101=1 650100=1 650102=4 650103=2" 'region_serials keeps the last serial of each region'

# --- crm-code parse -----------------------------------------------------

run crm-code parse 650102001
expect 0 'parse a code'
is "$(cat out)" "$PARSE_HDR
650102001,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,001,1,王小明" 'region, province, city, county, serial, customer'
run crm-code parse 650100001 110101001 650102009
expect 0 'parse several codes'
is "$(cat out)" "$PARSE_HDR
650100001,650100,新疆维吾尔自治区,乌鲁木齐市,,001,3,张伟
110101001,110101,北京市,市辖区,东城区,001,9,吴刚
650102009,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,009,," \
    'a city-level code has no county; a well-formed unassigned code has empty customer columns'
run crm-code parse 65010200 650102001
expect 65 'parse of a malformed code fails'
is "$(cat err)" "crm-code: code '65010200' has 8 digits, not 9" 'it says what is wrong'
is "$(cat out)" "$PARSE_HDR
650102001,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,001,1,王小明" 'the good codes are still parsed'

# --- crm-code check -----------------------------------------------------

run crm-code check 650102001 650102009 110101001 650000001
expect 0 'check: well-formed codes with known regions exit 0 (assigned or not)'
is "$(cat out)$(cat err)" "" 'and print nothing'
for bad in 65010200 6501020011 65010200a 999999001 650102000; do
	run crm-code check "$bad"
	expect 1 "check $bad exits 1"
done
run crm-code check 65010200 6501020011 65010200a 999999001 650102000 650102001
expect 1 'check with some bad codes exits 1'
is "$(cat err)" "crm-code: code '65010200' has 8 digits, not 9
crm-code: code '6501020011' has 10 digits, not 9
crm-code: code '65010200a' has characters that are not digits
crm-code: code '999999001' has region 999999, which is not in the region table
crm-code: code '650102000' has serial 000 (serials start at 001)" \
    'one line per bad code: length, non-digits, unknown region, serial 000'
run crm-code check
expect 64 'check without codes is a usage error'
run sh -c 'crm-ls --columns code | crm-code check -'
expect 0 'crm-ls --columns code | crm-code check - exits 0'
is "$(cat err)" "" 'no complaint (header and empty codes skipped)'
run sh -c 'printf "code\n650102001\n6501020\n" | crm-code check - 650102002'
expect 1 'check - reads codes from stdin, and a bad one there fails'
is "$(cat err)" "crm-code: code '6501020' has 7 digits, not 9" 'the bad code from stdin is named'

# --- crm-show and crm-ls show the code; --region is a prefix -------------

run crm-show 650102001
expect 0 'crm-show by code'
contains out 'code,650102001' 'crm-show shows the code'
contains out 'name,王小明' 'of the right customer'
run crm-show --format json 4
contains out '"code":"650102002"' 'crm-show --format json has the code'
run crm-ls --columns id,code,name --region 65
expect 0 'crm-ls --region 65'
is "$(cat out)" "id,code,name
1,650102001,王小明
2,650103001,李华
3,650100001,张伟
4,650102002,刘洋
5,650102004,陈静
6,650103002,赵敏
7,650102003,孙丽" 'all Xinjiang by prefix, with codes; not Beijing, not the one without region'
run crm-ls --columns id,code --region 11
is "$(cat out)" "id,code
9,110101001" '--region 11: Beijing only'
run crm-ls --columns id,code --region 650102
is "$(cat out)" "id,code
1,650102001
4,650102002
5,650102004
7,650102003" '--region 650102: that county only'
run crm-ls --columns id,code --search 650103
is "$(cat out)" "id,code
2,650103001
6,650103002" '--search finds customers by code'

# --- serials are never reused -------------------------------------------

run crm-rm --reason 测试 650103002
expect 0 'delete 赵敏 (650103002)'
run crm-rm --erase --reason 隐私 650103001
expect 0 'erase 李华 (650103001)'
run crm-add 钱多 --mobile 13012345678 --region 650103 --address 沙依巴克区友好北路10号
expect 0 'a new customer in 650103'
is "$(cut -d, -f1,2 out | tail -1)" "10,650103003" 'gets 003: the serials of deleted and erased customers are not reused'
run crm-code parse 650103001 650103002
is "$(cut -d, -f1,7 out)" "code,customer_id
650103001,2
650103002,6" 'codes of deleted and erased customers still name them'
run crm-add 钱少 --mobile 13012345679 --region 650103 --address 沙依巴克区友好北路11号 --no-code
crm-rm -q --reason 测试 钱少
run crm-code assign 11
expect 65 'assign to a deleted customer fails'
contains err 'customer 11 (钱少) is deleted' 'it says the customer is deleted'
run crm-code assign --all
is "$(cat out)" "id,code,name" 'assign --all skips deleted customers'

# --- imports with explicit codes ----------------------------------------

cat > imp.csv <<'CSV'
姓名,手机,地区,详细地址,客户编码
乙一,13800000001,650104,新市区北京路1号,650104010
乙二,13800000002,650104,新市区北京路2号,
乙三,13800000003,650104,新市区北京路3号,650102001
乙四,13800000004,650104,新市区北京路4号,65010401
乙五,13800000005,,水磨沟区南湖路5号,650105007
乙六,13800000006,650104,新市区北京路6号,650104000
乙七,13800000007,650104,新市区北京路7号,650104010
CSV
run crm-add --csv imp.csv
expect 65 'an import with bad or used codes exits 65'
is "$(cat out)" "$ADD_HDR
12,650104010,乙一,13800000001,650104,
13,650104011,乙二,13800000002,650104,
14,650105007,乙五,13800000005,650105," \
    'an explicit code is kept, the next row continues after it, a code without region gives the region'
is "$(tail -1 err)" "crm-add: 3 added, 0 duplicates, 4 rejected (imp.rejects.csv)" 'the summary'
is "$(cat imp.rejects.csv)" "姓名,手机,地区,详细地址,客户编码,line,error
乙三,13800000003,650104,新市区北京路3号,650102001,4,duplicate of customer 1 (same code)
乙四,13800000004,650104,新市区北京路4号,65010401,5,\"code '65010401' has 8 digits, not 9\"
乙六,13800000006,650104,新市区北京路6号,650104000,7,code '650104000' has serial 000 (serials start at 001)
乙七,13800000007,650104,新市区北京路7号,650104010,8,duplicate of line 2 (same code)" \
    'a code in use (in the store or earlier in the file) and malformed codes are rejected rows'
is "$(sql "select last from region_serials where region='650105'")" "7" 'the imported code moved its region past it'
run crm-add 丙一 --mobile 13800000011 --region 650105 --address 水磨沟区南湖路11号
is "$(cut -d, -f2 out | tail -1)" "650105008" 'the next code of that region follows the imported one'
is "$(sql "select code from customers where id=1")" "650102001" 'the customer whose code was offered again is untouched'

# --- a code once set never changes --------------------------------------

run crm-edit 1 --code 650102009
expect 65 'crm-edit --code on a coded customer is refused'
is "$(cat err)" "crm-edit: code '650102009' differs from the customer's code 650102001; a code cannot be changed" \
    'it says the code cannot be changed'
is "$(sql 'select code from customers where id=1')" "650102001" 'the code is unchanged'
printf 'id,code,title\n1,650102009,主管\n' > edit.csv
run crm-edit --csv edit.csv
expect 65 'crm-edit --csv with another code is refused'
contains edit.rejects.csv "a code cannot be changed" 'the row is rejected with the reason'
is "$(sql 'select code, title is null from customers where id=1')" "650102001|1" 'nothing of the row was applied'
run crm-edit 周杰 --code 650109005
expect 0 'crm-edit --code gives a code to a customer that has none'
is "$(sql 'select code, region from customers where id=8')" "650109005|650109" 'stored, with the region of the code'
is "$(sql "select last from region_serials where region='650109'")" "5" 'the region moved past the given serial'
run crm-add 丁一 --mobile 13800000021 --region 650109 --address 米东区米东南路1号
is "$(cut -d, -f2 out | tail -1)" "650109006" 'the next code of the region follows it'
run crm-edit 周杰 --code 650109007
expect 65 'and once given, crm-edit cannot change it'
crm-add -q 丁二 --mobile 13800000022 --region 650102 --address 天山区光明路20号 --no-code
run crm-edit 丁二 --code 650102001
expect 65 'crm-edit --code with a code another customer has is refused'
is "$(cat err)" "crm-edit: would duplicate customer 1 (same code)" 'it names the customer that has it'
is "$(sql "select code is null from customers where name='丁二'")" "1" 'no code was set'

run crm-add 王小明 --mobile 13812345678 --code 650102009 --title 经理 --on-duplicate update
expect 65 'crm-add --on-duplicate update with a different code is refused'
is "$(cat err)" "crm-add: code '650102009' differs from the customer's code 650102001; a code cannot be changed" \
    'it says the code cannot be changed'
is "$(sql 'select code, title is null from customers where id=1')" "650102001|1" 'code unchanged and nothing updated'
run crm-add 王小明 --mobile 13812345678 --code 650102001 --title 经理 --on-duplicate update
expect 0 'crm-add --on-duplicate update with the same code updates'
is "$(sql 'select code, title from customers where id=1')" "650102001|经理" 'updated, code kept'
printf 'name,mobile,code,title\n王小明,13812345678,650102008,主任\n' > upd.csv
run crm-add --csv upd.csv --on-duplicate update
expect 65 'an import with --on-duplicate update and a different code rejects the row'
contains upd.rejects.csv "differs from the customer's code 650102001; a code cannot be changed" 'with the reason'
is "$(sql 'select code, title from customers where id=1')" "650102001|经理" 'nothing changed'

sqlite3 -batch "$CRM_DB" "update customers set code='650102009' where id=1" > sqlout 2>&1
ok $(( $? == 0 )) 'a direct SQL UPDATE of a code fails'
contains sqlout 'customer code cannot be changed' 'the store says why'
sqlite3 -batch "$CRM_DB" "update customers set code=NULL where id=1" > sqlout 2>&1
ok $(( $? == 0 )) 'a direct SQL UPDATE that clears a code fails'
contains sqlout 'customer code cannot be changed' 'the store says why'
is "$(sql 'select code from customers where id=1')" "650102001" 'the code is unchanged after both'
sqlite3 -batch "$CRM_DB" "update customers set code='650102001', notes='x' where id=1" > sqlout 2>&1
ok $? 'a direct SQL UPDATE that keeps the code is allowed'
is "$(sql 'select notes from customers where id=1')" "x" 'and applied'

# --- the region table ---------------------------------------------------

run crm-code regions
expect 0 'crm-code regions'
is "$(cat out)" "$(cat "$regions")" 'lists the national table as code,name,parent'
run crm-code regions --under 650100
expect 0 'crm-code regions --under 650100'
is "$(cat out)" "code,name,parent
650100,乌鲁木齐市,650000
650102,天山区,650100
650103,沙依巴克区,650100
650104,新市区,650100
650105,水磨沟区,650100
650106,头屯河区,650100
650107,达坂城区,650100
650109,米东区,650100
650121,乌鲁木齐县,650100" 'the region and everything under it'
run crm-code regions --under 乌鲁木齐市
is "$(cat out)" "$(crm-code regions --under 650100)" '--under takes a name too'
run crm-code regions --under 999999
expect 64 '--under an unknown region is a usage error'
contains err "--under '999999' is not a known region code" 'it says so'
run crm-code regions --load x.csv --under 650100
expect 64 '--load and --under together is a usage error'

# a company's own table (seed: 98 = 新疆, 9806/980601 = 乌鲁木齐)
cat > company.csv <<'CSV'
code,name,parent
98,新疆,
9806,乌鲁木齐,98
980601,乌鲁木齐,9806
980602,昌吉,9806
CSV
nregions=$(sql 'select count(*) from regions')
run crm-code regions --load company.csv
expect 65 'a table lacking regions that codes use is refused'
is "$(cat err)" "crm-code: the table lacks regions that customer codes use: 110101 650100 650102 650103 650104 650105 650109; nothing loaded" \
    'it lists the missing regions'
is "$(sql 'select count(*) from regions')" "$nregions" 'nothing changed'
run crm-code parse 650102001
is "$(tail -1 out)" "650102001,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,001,1,王小明" 'parse still resolves'

# a region used only by a deleted customer's code still counts
crm-add -q 戊一 --mobile 13800000031 --region 650106 --address 头屯河区长春路1号
crm-rm -q --reason 测试 戊一
{
	cat company.csv | tail -n +2
	grep -E '^(110000|110100|110101|650000|650100|650102|650103|650104|650105|650109),' "$regions"
} > body.csv
{ echo code,name,parent; cat body.csv; } > company-nearly.csv
run crm-code regions --load company-nearly.csv
expect 65 'a table lacking only the region of a deleted customer code is refused'
is "$(cat err)" "crm-code: the table lacks regions that customer codes use: 650106; nothing loaded" \
    'deleted customers keep their codes meaning'

printf 'code,name,parent\n9,坏,\n' > bad1.csv
run crm-code regions --load bad1.csv
expect 65 'a table with a 1-digit code is refused'
is "$(cat err)" "crm-code: bad1.csv:2: code '9' is not a region code of 2, 4 or 6 digits" 'it names the line and code'
printf 'code,name,parent\n98,新疆,\n980601,乌鲁木齐,9806\n' > bad2.csv
run crm-code regions --load bad2.csv
expect 65 'a table with an unknown parent is refused'
is "$(cat err)" "crm-code: region 980601 has parent 980600, which is not in the file" 'it names the region and parent'
run crm-code regions --load nosuch.csv
expect 66 'a missing file exits 66'
is "$(sql 'select count(*) from regions')" "$nregions" 'the table is unchanged after the refusals'

# a customer waiting for a code in a region the new table lacks (650107)
crm-add -q 己一 --mobile 13800000041 --region 650107 --address 达坂城区达坂城镇1号 --no-code
{ echo code,name,parent; cat body.csv; grep '^650106,' "$regions"; } > company-full.csv
run crm-code regions --load company-full.csv
expect 0 'a company table with every region that codes use is loaded'
is "$(cat err)" "crm-code: 1 customers have a region that is not in the new table; they get no code until crm-edit --region gives them one
crm-code: 15 regions loaded from company-full.csv" 'it warns about the customer waiting in 650107 and counts the regions'
run crm-code regions --under 980000
is "$(cat out)" "code,name,parent
980000,新疆,
980600,乌鲁木齐,980000
980601,乌鲁木齐,980600
980602,昌吉,980600" 'short codes are padded with zeros to 6 digits, parents too'
is "$(sql 'select count(*) from regions')" "15" 'the new table replaced the national one'
run crm-code parse 650102001 650103002
expect 0 'parse of an old code after the load'
is "$(cat out)" "$PARSE_HDR
650102001,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,001,1,王小明
650103002,650103,新疆维吾尔自治区,乌鲁木齐市,沙依巴克区,002,6,赵敏" 'old codes keep their meaning'
run crm-code check 980601001 650102001
expect 0 'check: codes of the new table and old codes are good'
run crm-code check 650121001
expect 1 'check: a region only in the national table is no longer known'
run crm-add 新经销商 --mobile 13800000051 --region 980601 --address 新华北路100号
expect 0 'crm-add with a region of the company table'
is "$(cut -d, -f2 out | tail -1)" "980601001" 'new codes come from the company table'
run crm-add 别的 --mobile 13800000052 --region 650121 --address 乌鲁木齐县水西沟镇1号
expect 65 'crm-add with a region the new table lacks is rejected'
contains err "region '650121' is not a known region code" 'it says the region is unknown'
run crm-code assign --all
expect 65 'assign --all fails for the customer whose region the table lacks'
is "$(cat err)" "crm-code: 1 customer left without a code: region 650107 is not in the region table: give these customers a known region with crm-edit --region
crm-code: 1 coded, 1 not" 'it names the region, how many it left, and what to do'
run crm-edit 己一 --region 980602
expect 0 'crm-edit --region gives that customer a region of the new table'
run crm-code assign --all
expect 0 'and assign --all gives it a code'
is "$(cat out)" "id,code,name
19,980602001,己一" 'the first code of 980602'
run crm-ls --columns id,code --region 98
is "$(cat out)" "id,code
19,980602001
20,980601001" 'crm-ls --region 98 matches the company table codes by prefix'

# --- 999 is the last serial of a region ---------------------------------

CRM_DB=$trash/full.db
awk 'BEGIN { print "name,mobile,region,address"
	for (i = 1; i <= 999; i++) printf "客户%d,139%08d,650102,天山区解放北路%d号\n", i, i, i }' > full.csv
run crm-add -q --csv full.csv
expect 0 'import 999 customers into 650102'
is "$(sql 'select count(*), min(code), max(code) from customers')" "999|650102001|650102999" \
    'they get 650102001..650102999'
run crm-code parse 650102999
is "$(tail -1 out)" "650102999,650102,新疆维吾尔自治区,乌鲁木齐市,天山区,999,999,客户999" 'the 999th code'
run crm-add 多一个 --mobile 13700000999 --region 650102 --address 天山区解放北路1000号
expect 0 'one more customer in the full region 650102 is still filed'
is "$(cat err)" "crm-add: added without a code: region 650102 has used all 999 serials: load a finer region table with crm-code regions --load" \
    'it says why there is no code and what to do'
is "$(cat out)" "id,code,name,mobile,region,missing
1000,,多一个,13700000999,650102," 'it is printed without a code'
is "$(sql "select count(*), count(code) from customers where name='多一个'")" "1|0" 'stored, without a code'
run crm-code assign --all
expect 65 'crm-code assign --all in a full region exits 65'
is "$(cat err)" "crm-code: 1 customer left without a code: region 650102 has used all 999 serials: load a finer region table with crm-code regions --load
crm-code: 0 coded, 1 not" 'it names the region once, with how many are left'
is "$(cat out)" "id,code,name" 'no code printed'
run crm-code assign 多一个
expect 65 'crm-code assign CUSTOMER in a full region exits 65'
contains err "customer 1000 (多一个): region 650102 has used all 999 serials" 'it names the customer and the region'
is "$(sql 'select code is null from customers where id=1000')" "1" 'no code given'
printf 'name,mobile,region,address\n满一,13700000001,650102,天山区光明路1号\n满二,13700000002,650103,沙依巴克区友好北路1号\n' > over.csv
run crm-add --csv over.csv
expect 0 'an import with a row in the full region exits 0'
is "$(cat err)" "crm-add: 2 added, 1 without a code (region 650102 has used all 999 serials: load a finer region table with crm-code regions --load), 0 duplicates, 0 rejected" \
    'the summary counts the customers without a code and names the full region once'
test ! -e over.rejects.csv
ok $? 'nothing is rejected'
is "$(cut -d, -f2,3 out | tail -2)" ",满一
650103001,满二" 'the row of the full region is added without a code; the other region is not affected'
CRM_DB=$main_db

# --- the new-user story: an old archive under the company's table -------

CRM_DB=$trash/story.db
cat > old.csv <<'CSV'
客户编码,客户名称,手机,地区,详细地址
980601001,乌鲁木齐一号经销商,13500000001,,新华北路1号
980601005,乌鲁木齐五号经销商,13500000005,,新华北路5号
,乌鲁木齐新经销商,13500000006,,新华北路6号
,乌鲁木齐又一经销商,13500000007,,新华北路7号
CSV
run crm-add --csv old.csv
expect 0 'import the old archive with some codes (region empty)'
is "$(sql 'select id, code, region is null from customers order by id')" "1|980601001|1
2|980601005|1
3||1
4||1" 'the old codes are kept as they are'
is "$(sql "select last from region_serials where region='980601'")" "5" \
    'the sequence of 980601 is past the imported codes, before the table is loaded'
printf '客户编码,客户名称,手机,详细地址\n980601005,乌鲁木齐重号经销商,13500000009,新华北路9号\n' > again.csv
run crm-add --csv again.csv
expect 65 'an old code already in use is a rejected row'
contains again.rejects.csv "980601005,乌鲁木齐重号经销商,13500000009,新华北路9号,2,duplicate of customer 2 (same code)" \
    'the rejects file says it duplicates the customer'
run crm-code check 980601001
expect 1 'before the company table, 980601 is an unknown region'
run crm-code regions --load company.csv
expect 0 'load the company table'
is "$(cat err)" "crm-code: 4 regions loaded from company.csv" 'it says how many regions were loaded'
run crm-code parse 980601001 980601005 980601006
is "$(cat out)" "$PARSE_HDR
980601001,980601,新疆,乌鲁木齐,乌鲁木齐,001,1,乌鲁木齐一号经销商
980601005,980601,新疆,乌鲁木齐,乌鲁木齐,005,2,乌鲁木齐五号经销商
980601006,980601,新疆,乌鲁木齐,乌鲁木齐,006,," 'the old codes parse under the company table'
is "$(sql 'select id, region, missing from customers where code is not null order by id')" "1|980601|
2|980601|" 'the customers that came with a code get its region once the table knows it'
run crm-code regions --under 98
expect 0 'crm-code regions --under 98 (a short code as in the company table)'
is "$(cat out)" "code,name,parent
980000,新疆,
980600,乌鲁木齐,980000
980601,乌鲁木齐,980600
980602,昌吉,980600" '--under 98 means 980000'
run crm-code assign 3
expect 65 'a customer without region cannot be coded yet'
run crm-edit 3 --region 980601
expect 0 'set the region of the rest to 980601'
run crm-edit 13500000007 --region 980601
expect 0 'by mobile too'
run crm-code assign --all
expect 0 'assign codes to the rest'
is "$(cat out)" "id,code,name
3,980601006,乌鲁木齐新经销商
4,980601007,乌鲁木齐又一经销商" 'no collision: the next is 980601006'
run crm-add 昌吉经销商 --mobile 13500000008 --region 980602 --address 延安路8号
is "$(cut -d, -f2 out | tail -1)" "980602001" 'another region of the company table starts at 001'
run sh -c 'crm-ls --columns code | crm-code check -'
expect 0 'every code in the archive checks'
is "$(sql 'select count(*) - count(distinct code), count(*) - count(code) from customers')" "0|0" \
    'every customer has a code, none twice'
CRM_DB=$main_db

# --- two writers at once never give the same code -----------------------

# check_codes DESC: codes unique, every customer with a region coded, the
# code's region is the customer's, and per region exactly 001..N.
check_codes() {
	is "$(sql 'select count(code) - count(distinct code) from customers')" "0" "$1: no code twice"
	is "$(sql 'select count(*) from customers where region is not null and code is null')" "0" \
	    "$1: every customer with a region has a code"
	is "$(sql 'select count(*) from customers where substr(code, 1, 6) <> region')" "0" \
	    "$1: each code is of its customer's region"
	is "$(sql "select count(*) from (select region from customers where code is not null group by region
	    having count(*) <> max(cast(substr(code, 7) as integer))
	        or min(cast(substr(code, 7) as integer)) <> 1)")" "0" \
	    "$1: per region the serials are exactly 001..N"
	is "$(sql 'select count(*) from region_serials s join (select region, count(*) n from customers
	    group by region) c using (region) where s.last <> c.n')" "0" \
	    "$1: region_serials holds N for every region"
}

CRM_DB=$trash/conc1.db
"$gen" -s 11 -n 20000 > c1.csv
run crm-add -q --no-code --csv c1.csv
expect 0 'add 20,000 customers with --no-code'
is "$(sql 'select count(*), count(region), count(code) from customers')" "20000|20000|0" 'all with a region, none with a code'
crm-code assign --all > as1.out 2> as1.err & p1=$!
crm-code assign --all > as2.out 2> as2.err & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "$r1/$r2" "0/0" 'two crm-code assign --all at once both succeed'
is "$(cat as1.err as2.err)" "" 'neither complains'
is "$(cat as1.out as2.out | grep -v '^id,code,name$' | wc -l)" "20000" 'together they coded every customer once'
is "$(cat as1.out as2.out | grep -v '^id,code,name$' | cut -d, -f2 | sort | uniq -d | wc -l)" "0" \
    'no code printed twice'
check_codes 'two assigns'

CRM_DB=$trash/conc2.db
"$gen" -r "$regions" -s 12 -n 20000 > c2a.csv
"$gen" -s 13 -n 20000 > c2b0.csv
# the second file: codes assigned by crm-add, plus 50 old codes 652300001..050
awk 'NR == 1 { print $0 ",code"; next } { print $0 "," }
	END { for (i = 1; i <= 50; i++) printf "编码客户%d,199%08d,,,,,,,,,,,,652300%03d\n", i, i, i }' c2b0.csv > c2b.csv
run crm-add -q --no-code --csv c2a.csv
expect 0 'add 20,000 customers over every county with --no-code'
crm-add -q --csv c2b.csv > ad.out 2> ad.err & p1=$!
crm-code assign --all > as.out 2> as.err & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "$r1/$r2" "0/0" 'crm-add --csv (with codes) and crm-code assign --all at once both succeed'
is "$(sql 'select count(*), count(code) from customers')" "40050|40050" 'every customer is in, with a code'
is "$(grep -vc '^id,code,name$' as.out)" "20000" 'crm-code assign coded the 20,000 waiting customers'
is "$(sql "select count(*), min(code), max(code) from customers where region = '652300'")" \
    "50|652300001|652300050" 'the old codes are kept as they are'
check_codes 'crm-add and assign'

is "$(sql 'pragma integrity_check')" "ok" 'the store passes integrity_check'
done_testing
