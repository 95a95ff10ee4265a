#!/bin/sh
# crm-add: one customer and bulk import, with every rule of SPEC 3.1.
. "$(dirname "$0")/lib.sh"

# --- one customer -------------------------------------------------------
run crm-add 王小明 --mobile '138 1234 5678' --region 乌鲁木齐市 \
    --address 天山区解放北路12号 --gender 男 --birthday 1980/3/5
expect 0 "add one customer"
is "$(cat out)" "id,code,name,mobile,region,missing
1,650100001,王小明,13812345678,650100," "prints id, code, name, normalised mobile, region"
is "$(sql 'select gender, birthday, kind from customers where id=1')" "M|1980-03-05|person" \
    "gender and birthday stored normalised"
is "$(stat -c %a crm.db)" "600" "the store is created mode 0600"
is "$(sql 'pragma journal_mode')" "wal" "the store is in WAL mode"

run crm-add 王先生 --mobile 13812345679
expect 65 "a salutation is not a full name"
contains err "name '王先生' is a salutation" "the error names the field and value"
run crm-add 王先生 --mobile 13812345679 --allow-salutation
expect 0 "--allow-salutation accepts it"

run crm-add 李四 --mobile 1381234567
expect 65 "a 10-digit mobile is rejected"
contains err "mobile '1381234567' is not an 11-digit mobile number" "the mobile error says what is wrong"
run crm-add 李四 --mobile 12812345678
expect 65 "a mobile must start 13-19"
run crm-add 李四 --phone 12345678
expect 65 "a phone needs an area code"
contains err "phone '12345678' has no area code" "phone error wording"
run crm-add 李四 --phone '0991 1234567' --region 650102 --address 人民路5号
expect 0 "a phone with area code is accepted"
is "$(sql "select phone from customers where name='李四'")" "0991-1234567" "phone stored normalised"
run crm-add 赵五 --email a@b
expect 65 "a@b is not an e-mail address"
run crm-add 赵五 --email Zhao.Wu@Example.com
expect 0 "a good e-mail is accepted"
is "$(sql "select email from customers where name='赵五'")" "zhao.wu@example.com" "e-mail stored lower-case"
run crm-add 钱六 --birthday 2026-02-30
expect 65 "an impossible birthday is rejected"
contains err "birthday '2026-02-30' is not a real date" "impossible date wording"
run crm-add 钱六 --birthday 2027-01-01
expect 65 "a birthday in the future is rejected"
run crm-add 钱六 --gender x
expect 65 "an unknown gender is rejected"
run crm-add 钱六 --region 朝阳区
expect 65 "an ambiguous region name is rejected"
contains err "110105" "the candidates are listed"
run crm-add 钱六 --region 999999
expect 65 "an unknown region code is rejected"
run crm-add '' --mobile 13900000001
expect 65 "a name is required"

# incomplete records are stored, flagged
run crm-add 孙七
expect 0 "a record without contact, address and region is stored"
is "$(sql "select missing, code is null from customers where name='孙七'")" "contact,address,region|1" \
    "flagged incomplete, and without region no code"
run crm-add 周八 --mobile 13900000008 --region 610100 --address 高新路
expect 0 "an address without a number is stored"
is "$(sql "select missing from customers where name='周八'")" "address" "a road alone is incomplete"

# duplicates
run crm-add 王大明 --mobile 13812345678
expect 65 "same mobile is a duplicate"
contains err "duplicate of customer 1 (same mobile)" "the duplicate is named"
run crm-add 王大明 --mobile 13812345678 --on-duplicate skip
expect 0 "--on-duplicate skip skips"
contains err "skipped" "skipping is said"
run crm-add 王小明 --mobile 13812345678 --title 经理 --on-duplicate update
expect 0 "--on-duplicate update fills fields"
is "$(sql 'select title, code from customers where id=1')" "经理|650100001" "updated, code kept"
run crm-add 赵五 --email ZHAO.WU@example.com --mobile 13900000005
expect 65 "same e-mail (any case) is a duplicate"
run crm-add 张三 --company 天山商贸有限公司 --kind person
run crm-add 张三 --company 天山商贸有限公司 --kind person
expect 65 "same name and company is a duplicate"
run crm-add 张三 --company 别的公司 --kind person
expect 0 "same name, other company is not"
run crm-add --on-duplicate maybe 张三
expect 64 "a bad --on-duplicate value is a usage error"
contains err "Try 'crm-add --help'." "with the hint"

# codes: serials per region in order
run crm-add 吴九 --mobile 13900000009 --region 650100 --address 人民路1号
is "$(cut -d, -f2 out | tail -1)" "650100002" "the next serial of the region"
run crm-add 郑十 --mobile 13900000010 --region 650100 --address 人民路2号 --no-code
is "$(sql "select code is null from customers where name='郑十'")" "1" "--no-code defers the code"

# custom fields
run crm-add 冯一 --set 微信=feng1 --set title=主管
expect 0 "--set sets a field or a custom field"
is "$(sql "select title, json_extract(custom, '$.微信') from customers where name='冯一'")" \
    "主管|feng1" "custom field stored"

# --- bulk import --------------------------------------------------------
cat > in.csv <<'CSV'
姓名,手机,地区,详细地址,微信
陈一,13700000001,650102,解放路1号,c1
陈二,13700000002,650102,解放路2号,
陈先生,13700000003,650102,解放路3号,
陈四,1370000000,650102,解放路4号,
陈五,13700000001,650102,解放路5号,
陈六,13700000006,650102
陈七,13700000007,650102,解放路7号,c7
CSV
run crm-add --csv in.csv
expect 65 "an import with rejected rows exits 65"
is "$(tail -1 err)" "crm-add: 3 added, 0 duplicates, 4 rejected (in.rejects.csv)" "the summary line"
contains err "keeping unknown columns as custom fields: 微信" "unknown columns are named once"
is "$(grep -c 微信 err)" "1" "named once only"
is "$(cat in.rejects.csv)" "姓名,手机,地区,详细地址,微信,line,error
陈先生,13700000003,650102,解放路3号,,4,\"name '陈先生' is a salutation, not a full name (give the full name, or use --allow-salutation)\"
陈四,1370000000,650102,解放路4号,,5,mobile '1370000000' is not an 11-digit mobile number
陈五,13700000001,650102,解放路5号,,6,duplicate of line 2 (same mobile)
陈六,13700000006,650102,,,7,\"the row has 3 fields, the header 5\"" \
    "rejects: original columns plus line,error"
is "$(sql "select count(*) from customers where name like '陈%'")" "3" "the good rows are in"
is "$(sql "select json_extract(custom, '$.微信') from customers where name='陈七'")" "c7" \
    "an unknown column is a custom field"

# fix the rejects file and import it as it is
sed -e 's/^陈先生/陈三/' -e 's/1370000000,/13700000004,/' -e 's/^陈五,13700000001/陈五,13700000005/' \
    -e 's/^陈六,13700000006,650102,,/陈六,13700000006,650102,解放路6号,/' in.rejects.csv > fixed.csv
cp in.rejects.csv fixed.rejects.csv
run crm-add --csv fixed.csv
expect 0 "the fixed rejects file imports as it is"
test ! -e fixed.rejects.csv
ok $? "a stale rejects file of an earlier run is removed when nothing is rejected"
test -e in.rejects.csv
ok $? "other rejects files stay"
is "$(tail -1 err)" "crm-add: 4 added, 0 duplicates, 0 rejected" "all four added"
lacks err "微信, line" "the rejects file's line,error columns are not custom fields"
is "$(sql "select count(*) from customers where json_extract(custom, '$.line') is not null")" "0" \
    "no line or error stored with the customers"
printf 'name,mobile\n褚一,13700000101,extra,more\n' > extra.csv
run crm-add --csv extra.csv
is "$(tail -1 extra.rejects.csv)" "褚一,13700000101,2,\"the row has 4 fields, the header 2\",extra,more" \
    "extra fields of a ragged row follow line,error: aligned and nothing lost"

# duplicates in a bulk import, each policy
cat > dup.csv <<'CSV'
name,mobile,title
陈一,13700000001,组长
新人,13700000099,
CSV
run crm-add --csv dup.csv --on-duplicate skip
expect 0 "skip: duplicates are not errors"
is "$(tail -1 err)" "crm-add: 1 added, 1 duplicates, 0 rejected" "skip summary"
run crm-add --csv dup.csv --on-duplicate update
expect 0 "update"
is "$(tail -1 err)" "crm-add: 0 added, 1 updated, 1 unchanged, 0 duplicates, 0 rejected" "update summary counts changed and unchanged rows"
is "$(sql "select title from customers where name='陈一'")" "组长" "the duplicate was updated"
run crm-add --csv dup.csv
expect 65 "reject is the default"
crm-rm --reason test 新人 2>/dev/null
printf 'id,name,title\n%s,新人,经理\n' "$(sql "select id from customers where name='新人'")" > deleted.csv
run crm-add --csv deleted.csv --on-duplicate update
expect 65 "--on-duplicate update does not change a deleted customer"
contains deleted.rejects.csv "is deleted" "the rejects file says why"
run crm-add --csv dup.csv --map 'X=nosuchfield'
expect 64 "--map naming an unknown field is a usage error even without that header"

# --all-or-nothing, --dry-run
before=$(sql 'select count(*) from customers')
printf 'name,mobile\n甲乙,13600000001\n王女士,13600000002\n' > aon.csv
run crm-add --csv aon.csv --all-or-nothing
expect 65 "--all-or-nothing with a rejected row"
contains err "nothing imported" "says nothing was imported"
is "$(sql 'select count(*) from customers')" "$before" "nothing was committed"
is "$(cat out)" "" "no customers printed when nothing was committed"
printf 'name,mobile\n甲乙,13600000001\n' > dry.csv
run crm-add --csv dry.csv --dry-run
expect 0 "--dry-run validates"
contains err "dry run, nothing written" "says it wrote nothing"
is "$(sql 'select count(*) from customers')" "$before" "--dry-run writes nothing"

# --strict, --map, -q
run crm-add --csv in.csv --strict
expect 65 "--strict refuses unknown columns"
contains err "unknown columns (--strict): 微信" "names them"
printf 'Kunde,Handy\n马一,13500000001\n' > map.csv
run crm-add --csv map.csv
expect 65 "a file without a name column is refused"
contains err "no name column" "says so"
run crm-add --csv map.csv --map 'Kunde=name,Handy=mobile'
expect 0 "--map maps other headers"
is "$(sql "select mobile from customers where name='马一'")" "13500000001" "mapped columns land in their fields"
printf 'name\n马二\n' > q.csv
run crm-add -q --csv q.csv
expect 0 "-q"
is "$(cat out)" "" "-q prints no customers"

# stdin: rejects go to stderr
printf 'name,mobile\n马三,123\n' | crm-add --csv - >out 2>err
rc=$?
expect 65 "import from stdin"
contains err "马三,123,2,mobile '123' is not an 11-digit mobile number" "rejects on stderr for stdin"

# audit log
is "$(sql "select action from audit_log where command='crm-add' order by id desc limit 1")" "import" \
    "imports are in the audit log"
is "$(sql "select actor from audit_log order by id desc limit 1")" "tester" "with the actor"

# the store's default place: $XDG_DATA_HOME/crm/crm.db, else ~/.local/share
mkdir xdg
(unset CRM_DB; XDG_DATA_HOME=$PWD/xdg crm-add 徐一 >/dev/null 2>&1)
is "$(stat -c %a xdg/crm 2>/dev/null)/$(stat -c %a xdg/crm/crm.db 2>/dev/null)" "700/600" \
    "without CRM_DB the store is \$XDG_DATA_HOME/crm/crm.db, directory 0700, file 0600"
(unset CRM_DB; crm-add 徐二 >/dev/null 2>&1)
is "$(stat -c %a .local/share/crm/crm.db 2>/dev/null)" "600" "else ~/.local/share/crm/crm.db"
(unset CRM_DB; crm-add --db other.db 徐三 >/dev/null 2>&1)
is "$(sqlite3 other.db "select name from customers")" "徐三" "--db overrides"

# progress on a terminal, nothing otherwise
"$top/tests/bench/gencust" -r "$top/share/crm/regions.csv" -n 20000 > many.csv
if command -v script >/dev/null; then
	CRM_DB=$PWD/p.db script -qec "crm-add --csv many.csv --format csv" /dev/null > tty.out 2>&1
	contains tty.out "crm-add: 16,384 rows" "a progress line when stderr is a terminal"
fi
CRM_DB=$PWD/p2.db crm-add -q --csv many.csv > /dev/null 2> notty.err
lacks notty.err "rows (" "no progress line when stderr is not a terminal"
is "$(cat notty.err)" "crm-add: 20,000 added, 0 duplicates, 0 rejected" "only the summary"

# --- an import leaves the mobile and e-mail look-ups to the unique
# indexes; what it finds must be the same

CRM_DB=$trash/late.db
export CRM_DB
run crm-add 甲一 --mobile 13600000001 --region 650102
expect 0 'a customer with a mobile'
run crm-add 乙二 --email yi@example.com --region 650102
expect 0 'another with an e-mail'
cat >late.csv <<'EOF2'
name,mobile,email,region
丙三,13600000001,yi@example.com,650102
丁四,13600000001,,650102
戊五,13600000005,,650102
己六,,yi@example.com,650102
EOF2
run crm-add --csv late.csv --rejects late.rej
expect 65 'an import of two rows that duplicate and one that matches both'
is "$(cut -d, -f5- late.rej)" "line,error
2,\"matches different customers (mobile 1, email 2)\"
3,duplicate of customer 1 (same mobile)
5,duplicate of customer 2 (same email)" 'each found as the look-ups before the insert found them'
is "$(sql "select code from customers where name = '戊五'")" "650102003" \
    'the duplicates took no serial: the new customer has the next one'
run crm-add --csv late.csv --on-duplicate update --rejects late2.rej
expect 65 '--on-duplicate update'
contains err "0 added, 2 updated, 1 unchanged, 0 duplicates, 1 rejected" \
    'the duplicates are updated (two take the new names), the double match rejected'
is "$(sql "select name from customers order by id" | tr '\n' ' ')" "丁四 己六 戊五 " \
    'the rows matched by mobile and by e-mail updated the customers they name'
is "$(sql "select count(*) from customers")" "3" 'no customer added twice'
unset CRM_DB

done_testing
