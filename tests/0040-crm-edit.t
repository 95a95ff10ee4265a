#!/bin/sh
# crm-edit: change fields with validation and history; the code can be
# set once and never changed, also not with SQL; --csv keyed by id, code
# or mobile; --dry-run; deleted customers (SPEC 3.1).
. "$(dirname "$0")/lib.sh"

# history: every history row as actor|command|field|old|new.
history() {
	sql "SELECT actor, command, field, quote(old_value), quote(new_value)
	     FROM customer_history ORDER BY id"
}
nhistory() {
	sql "SELECT count(*) FROM customer_history"
}
header="id,code,name,mobile,region,missing"

# --- a missing store

run crm-edit 1 --owner 张经理
expect 66 'crm-edit on a missing store exits 66'
is "$(cat err)" "crm-edit: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
[ ! -e "$CRM_DB" ]
ok $? 'it does not create the store'

# --- some customers

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm-add 王小明 (customer 1, code 650102001)'
run crm-add 李华 --mobile 13912345678 --email li@example.com --region 650103 \
    --address 沙依巴克区友好北路8号
expect 0 'crm-add 李华 (customer 2, code 650103001)'
run crm-add 赵六 --no-code --mobile 13612345678 --region 650102 --address 天山区和平南路3号
expect 0 'crm-add 赵六 --no-code (customer 3, no code)'
run crm-add 钱七 --no-code --mobile 13512345678 --region 650102 --address 天山区和平南路5号
expect 0 'crm-add 钱七 --no-code (customer 4, no code)'
is "$(sql "SELECT id, quote(code) FROM customers ORDER BY id")" "1|'650102001'
2|'650103001'
3|NULL
4|NULL" 'the four customers and their codes'

# --- change a field: the history keeps old and new value and the actor

run crm-edit 王小明 --email wang@example.com
expect 0 'crm-edit NAME --email'
is "$(cat out)" "$header
1,650102001,王小明,13812345678,650102," 'it prints the customer changed'
is "$(cat err)" "" 'nothing on stderr'
is "$(sql "SELECT email FROM customers WHERE id = 1")" "wang@example.com" 'the e-mail is stored'
is "$(history)" "tester|crm-edit|email|NULL|'wang@example.com'" \
    'history: actor $CRM_ACTOR, field, no old value, the new value'
is "$(sql "SELECT substr(at, 1, 10) FROM customer_history")" "2026-11-28" 'the change is dated today'

run crm-edit 650102001 --mobile '+86 138-1234-0000'
expect 0 'crm-edit CODE --mobile, written with +86, spaces and dashes'
is "$(sql "SELECT mobile FROM customers WHERE id = 1")" "13812340000" 'the mobile is stored normalised'
is "$(history | tail -1)" "tester|crm-edit|mobile|'13812345678'|'13812340000'" \
    'history: the old and the new mobile'

run crm-edit 13812340000 --owner 张经理 --actor alice
expect 0 'crm-edit MOBILE --owner --actor alice'
is "$(history | tail -1)" "alice|crm-edit|owner|NULL|'张经理'" '--actor overrides $CRM_ACTOR in the history'
is "$(sql "SELECT actor, action, rows FROM audit_log WHERE command = 'crm-edit' ORDER BY id DESC LIMIT 1")" \
    "alice|edit|1" 'and in the audit log'

n=$(nhistory)
run crm-edit 1 --owner 张经理
expect 0 'crm-edit with the value the customer already has'
is "$(cat err)" "crm-edit: nothing changed" 'it says nothing changed'
is "$(nhistory)" "$n" 'and adds no history row'

# --- validation applies; a refused edit changes nothing

n=$(nhistory)
run crm-edit 1 --mobile 1381234567
expect 65 'a 10-digit mobile is refused'
is "$(cat err)" "crm-edit: mobile '1381234567' is not an 11-digit mobile number" 'it names the field and the value'
is "$(cat out)" "" 'nothing on stdout'
run crm-edit 1 --owner 李经理 --email not-an-address
expect 65 'a bad e-mail is refused, with a good field beside it'
is "$(cat err)" "crm-edit: email 'not-an-address' is not an e-mail address" 'it names the e-mail'
run crm-edit 1 --birthday 2030-01-01
expect 65 'a birthday in the future is refused'
is "$(cat err)" "crm-edit: birthday '2030-01-01' is not in the past" 'it says why'
run crm-edit 1 --region 999999
expect 65 'an unknown region is refused'
is "$(cat err)" "crm-edit: region '999999' is not a known region code" 'it names the region'
is "$(sql "SELECT mobile, email, owner, quote(birthday), region FROM customers WHERE id = 1")" \
    "13812340000|wang@example.com|张经理|NULL|650102" 'the refused edits changed nothing'
is "$(nhistory)" "$n" 'and wrote no history'
run crm-edit 1 --parent 1
expect 65 'a customer cannot be its own parent'
is "$(sql "SELECT quote(parent) FROM customers WHERE id = 1")" "NULL" 'the parent stays empty'
run crm-edit 2 --parent 650102001
expect 0 'another customer can be the parent'
is "$(sql "SELECT parent FROM customers WHERE id = 2")" "1" 'the parent is stored as the id'
run crm-edit 1 --birthday 1985/3/5 --gender 女
expect 0 'a birthday in another accepted form and a gender are accepted'
is "$(sql "SELECT birthday, gender FROM customers WHERE id = 1")" "1985-03-05|F" 'stored normalised'

# --- an edit must not make a duplicate

run crm-edit 1 --mobile 13912345678
expect 65 "taking another customer's mobile is refused"
is "$(cat err)" "crm-edit: would duplicate customer 2 (same mobile)" 'it names that customer'
run crm-edit 1 --email li@example.com
expect 65 "taking another customer's e-mail is refused"
is "$(cat err)" "crm-edit: would duplicate customer 2 (same email)" 'it names that customer'
is "$(sql "SELECT mobile, email FROM customers WHERE id = 1")" "13812340000|wang@example.com" \
    'mobile and e-mail are unchanged'

# --- the code cannot be changed, by crm-edit or by SQL

run crm-edit 1 --code 650102999
expect 65 'crm-edit --code on a customer with a code is refused'
is "$(cat err)" "crm-edit: code '650102999' differs from the customer's code 650102001; a code cannot be changed" \
    'it says a code cannot be changed'
run crm-edit 1 --set code=650102999
expect 65 'crm-edit --set code=... is refused the same way'
sqlite3 -batch "$CRM_DB" "UPDATE customers SET code = '650102999' WHERE id = 1" >out 2>err
[ $? -ne 0 ]
ok $? 'an UPDATE of the code in the sqlite3 shell fails'
contains err "customer code cannot be changed" 'the store itself says why'
sqlite3 -batch "$CRM_DB" "UPDATE customers SET code = NULL WHERE id = 1" >out 2>err
[ $? -ne 0 ]
ok $? 'an UPDATE clearing the code fails too'
is "$(sql "SELECT code FROM customers WHERE id = 1")" "650102001" 'the code is unchanged'

run crm-edit 4 --code 12345
expect 65 'a malformed code is refused'
is "$(cat err)" "crm-edit: code '12345' has 5 digits, not 9" 'it says what a code is'
run crm-edit 4 --code 650102001
expect 65 "another customer's code is refused"
is "$(cat err)" "crm-edit: would duplicate customer 1 (same code)" 'it names that customer'
run crm-edit 赵六 --code 650102002
expect 0 'a customer without a code can be given one'
is "$(cat out)" "$header
3,650102002,赵六,13612345678,650102," 'it prints the customer with the code'
is "$(history | tail -1)" "tester|crm-edit|code|NULL|'650102002'" 'history: the code was set'
run crm-edit 3 --code 650102005
expect 65 'but only once'
is "$(cat err)" "crm-edit: code '650102005' differs from the customer's code 650102002; a code cannot be changed" \
    'it says a code cannot be changed'
is "$(sql "SELECT code FROM customers WHERE id = 3")" "650102002" 'the code set first stays'

# --- a name accepted with --allow-salutation

run crm-edit 4 --name 钱先生
expect 65 'renaming a person to a salutation is refused'
is "$(cat err)" "crm-edit: name '钱先生' is a salutation, not a full name (give the full name, or use --allow-salutation)" \
    'it says why and how to override'
run crm-edit 4 --name 钱先生 --allow-salutation
expect 0 '--allow-salutation accepts it'
is "$(sql "SELECT name FROM customers WHERE id = 4")" "钱先生" 'the name is changed'

run crm-edit 4 --owner 张经理
expect 0 'a later edit of another field does not need --allow-salutation again'
is "$(sql "SELECT owner FROM customers WHERE id = 4")" "张经理" 'the owner is changed'

# --- custom fields

run crm-edit 1 --set 会员卡=VIP001 --set 爱好=登山
expect 0 'crm-edit --set KEY=VALUE twice'
run crm-ls --columns id,name,会员卡,爱好
expect 0 'crm-ls --columns with the custom fields'
is "$(cat out)" "id,name,会员卡,爱好
1,王小明,VIP001,登山
2,李华,,
3,赵六,,
4,钱先生,," 'crm-ls shows them'
run crm-edit 1 --set 会员卡=VIP002
expect 0 'crm-edit --set changes one custom field'
run crm-ls --columns id,会员卡,爱好 --where 会员卡=VIP002
expect 0 'crm-ls --where on the custom field'
is "$(cat out)" "id,会员卡,爱好
1,VIP002,登山" 'the new value, the other custom field kept'
is "$(history | tail -1)" "tester|crm-edit|会员卡|'VIP001'|'VIP002'" 'history: old and new custom value'
run crm-edit 1 --set owner=李经理
expect 0 'crm-edit --set with a field name sets the field'
is "$(sql "SELECT owner FROM customers WHERE id = 1")" "李经理" 'the owner is changed'
run crm-edit 1 --set status=deleted
expect 64 '--set cannot set the status (crm-rm deletes, with a reason)'
is "$(cat err)" "crm-edit: --set: 'status' cannot be set
Try 'crm-edit --help'." 'it names the field'
run crm-edit 1 --set 会员卡
expect 64 '--set without = is a usage error'
is "$(cat err)" "crm-edit: --set '会员卡' is not KEY=VALUE
Try 'crm-edit --help'." 'it shows the expected form'
is "$(sql "SELECT status, json_extract(custom, '$.会员卡') FROM customers WHERE id = 1")" "active|VIP002" \
    'the refused --set changed nothing'

# --- usage and references

run crm-edit 1
expect 64 'crm-edit without a field is a usage error'
is "$(cat err)" "crm-edit: nothing to change: give a field option such as --mobile
Try 'crm-edit --help'." 'it says what to give'
run crm-edit --owner 张经理
expect 64 'crm-edit without a CUSTOMER is a usage error'
run crm-edit 99 --owner 张经理
expect 66 'crm-edit of an unknown customer exits 66'
is "$(cat err)" "crm-edit: customer '99' matches no customer" 'it names the reference'
run crm-add 李华 --mobile 13312345678 --region 650103 --address 沙依巴克区光明路5号 --company 新疆天山商贸有限公司
expect 0 'a second 李华 (customer 5)'
run crm-edit 李华 --owner 张经理
expect 66 'crm-edit of a shared name is refused'
is "$(cat err)" "crm-edit: customer '李华' names 2 customers: id 2 code 650103001, id 5 code 650103002 新疆天山商贸有限公司; give the code, mobile or id" \
    'it lists the candidates'
is "$(sql "SELECT quote(owner) FROM customers WHERE id IN (2, 5) ORDER BY id")" "NULL
NULL" 'neither 李华 was changed'

# --- --dry-run

n=$(nhistory)
run crm-edit 1 --owner 试运行 --dry-run
expect 0 'crm-edit --dry-run of a valid change'
is "$(sql "SELECT owner FROM customers WHERE id = 1")" "李经理" 'the store is unchanged'
is "$(nhistory)" "$n" 'no history row'
run crm-edit 1 --mobile 123 --dry-run
expect 65 'crm-edit --dry-run still validates'

# --- --csv, keyed by id, code or mobile

cat >edits.csv <<'EOF'
id,code,mobile,email,owner,会员卡
1,,,,王经理,
,650103001,,hua@example.com,,
,,136-1234-5678,,赵经理,VIP100
99,,,,甲,
,650102999,,,乙,
,,13700000000,,丙,
EOF
run crm-edit --csv edits.csv
expect 65 'crm-edit --csv with rows that match no customer exits 65'
is "$(cat out)" "$header
1,650102001,王小明,13812340000,650102,
2,650103001,李华,13912345678,650103,
3,650102002,赵六,13612345678,650102," 'it prints the customers updated'
is "$(cat err)" "crm-edit: keeping unknown columns as custom fields: 会员卡
crm-edit: 3 updated, 0 unchanged, 3 rejected (edits.rejects.csv)" 'the summary names the rejects file'
is "$(cat edits.rejects.csv)" "id,code,mobile,email,owner,会员卡,line,error
99,,,,甲,,5,id '99' matches no customer
,650102999,,,乙,,6,code '650102999' matches no customer
,,13700000000,,丙,,7,mobile '13700000000' matches no customer" \
    'the rows matching no customer are in the rejects file with line and error'
is "$(sql "SELECT id, owner, email, mobile FROM customers WHERE id IN (1, 2, 3) ORDER BY id")" \
    "1|王经理|wang@example.com|13812340000
2||hua@example.com|13912345678
3|赵经理||13612345678" 'by id, by code, by mobile; empty cells left the fields as they were'
is "$(sql "SELECT json_extract(custom, '$.会员卡') FROM customers WHERE id = 3")" "VIP100" \
    'a custom column is set'
is "$(sql "SELECT json_extract(custom, '$.会员卡') FROM customers WHERE id = 1")" "VIP002" \
    'an empty custom cell leaves the custom field as it was'
is "$(history | tail -4)" "tester|crm-edit|owner|'李经理'|'王经理'
tester|crm-edit|email|'li@example.com'|'hua@example.com'
tester|crm-edit|owner|NULL|'赵经理'
tester|crm-edit|会员卡|NULL|'VIP100'" 'every change of the import is in the history'

cat >bad.csv <<'EOF'
id,code,mobile,email
1,,,not-an-address
1,,13912345678,
1,650102999,,
3,,,zhao@example.com
EOF
run crm-edit --csv bad.csv --rejects bad-rows.csv
expect 65 'crm-edit --csv with invalid rows exits 65'
is "$(cat bad-rows.csv)" "id,code,mobile,email,line,error
1,,,not-an-address,2,email 'not-an-address' is not an e-mail address
1,,13912345678,,3,would duplicate customer 2 (same mobile)
1,650102999,,,4,code '650102999' differs from the customer's code 650102001; a code cannot be changed" \
    'validation, duplicates and code changes are rejected with line and error'
is "$(cat err)" "crm-edit: 1 updated, 0 unchanged, 3 rejected (bad-rows.csv)" 'the summary counts them'
is "$(sql "SELECT code, mobile, email FROM customers WHERE id = 1")" "650102001|13812340000|wang@example.com" \
    'the rejected rows changed nothing'
is "$(sql "SELECT email FROM customers WHERE id = 3")" "zhao@example.com" 'the good row was applied'

printf 'id,owner\n1,试运行\n' >dry.csv
n=$(nhistory)
run crm-edit --csv --dry-run dry.csv
expect 0 'crm-edit --csv --dry-run'
is "$(cat err)" "crm-edit: 1 updated, 0 unchanged, 0 rejected; dry run, nothing written" 'it reports what it would do'
is "$(sql "SELECT owner FROM customers WHERE id = 1")" "王经理" 'and writes nothing'
is "$(nhistory)" "$n" 'not even history'

printf 'name,owner\n王小明,试运行\n' >nokey.csv
run crm-edit --csv nokey.csv
expect 65 'crm-edit --csv without an id, code or mobile column is refused'
is "$(cat err)" "crm-edit: nokey.csv:1: no id, code or mobile column to find customers by; nothing imported" \
    'it says which columns it needs'
run crm-edit --csv dry.csv --owner 张经理
expect 64 'crm-edit --csv with field options is a usage error'

# --- deleted customers cannot be edited

run crm-rm --reason 客户注销 650103001
expect 0 'crm-rm customer 2'
run crm-edit 650103001 --owner 张经理
expect 65 'crm-edit of a deleted customer is refused'
is "$(cat err)" "crm-edit: customer 2 is deleted" 'it says the customer is deleted'
printf 'code,owner\n650103001,张经理\n' >deleted.csv
run crm-edit --csv deleted.csv
expect 65 'crm-edit --csv of a deleted customer is rejected'
is "$(sed 1d deleted.rejects.csv)" "650103001,张经理,2,customer 2 is deleted" 'the rejects file says why'
is "$(sql "SELECT quote(owner), status FROM customers WHERE id = 2")" "NULL|deleted" 'the deleted customer is unchanged'

# --- a code set by hand uses up its serial

run crm-add 孙八 --mobile 13412345678 --region 650102 --address 天山区和平南路7号
expect 0 'crm-add in the region after a code was set by hand'
is "$(cat out)" "$header
6,650102003,孙八,13412345678,650102," 'it gets the next serial, not the one set by hand'

# clearing a field with an empty value, and --dry-run shows the result
crm-add 清空测试 --mobile 13511112222 --owner 张三丰 >/dev/null 2>&1
run crm-edit 清空测试 --owner ''
expect 0 "an empty value clears a field"
is "$(sql "select owner is null from customers where name='清空测试'")" "1" "the owner is cleared"
is "$(sql "select old_value || '>' || coalesce(new_value, 'NULL') from customer_history where field='owner' order by id desc limit 1")" \
    "张三丰>NULL" "the clearing is in the history"
run crm-edit 清空测试 --mobile 13511113333 --dry-run
expect 0 "--dry-run"
contains out "13511113333" "--dry-run shows the record as it would be"
is "$(sql "select mobile from customers where name='清空测试'")" "13511112222" "--dry-run changes nothing"
run crm-edit 清空测试 --mobile 13511113333 --rejects x.csv
expect 64 "--rejects goes with --csv"

done_testing
