#!/bin/sh
# crm-show: one customer by code, mobile, id or exact name (SPEC 2,
# customer references), as fields or JSON, and its change history.
. "$(dirname "$0")/lib.sh"

# json PATH: the value at PATH in ./out, read by SQLite's JSON functions.
json() {
	sqlite3 -batch :memory: "SELECT json_extract(readfile('out'), '$1')"
}
json_type() {
	sqlite3 -batch :memory: "SELECT json_type(readfile('out'), '$1')"
}
# field NAME: the value of one field in crm-show's field,value listing.
field() {
	sed -n "s/^$1,//p" out
}

# --- a read-only command never creates the store

run crm-show 1
expect 66 'crm-show on a missing store exits 66'
is "$(cat err)" "crm-show: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
is "$(cat out)" "" 'it prints nothing on stdout'
[ ! -e "$CRM_DB" ]
ok $? 'it does not create the store'
run crm-show -d "$trash/none/crm.db" 王小明
expect 66 'crm-show --db on a missing path exits 66'
[ ! -e "$trash/none" ]
ok $? 'it does not create the directory either'

# --- some customers

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号 \
    --email wang@example.com --gender 男 --birthday 1985-03-05 --set 会员卡=VIP001
expect 0 'crm-add 王小明'
run crm-add 李华 --mobile 13912345678 --region 650103 --address 沙依巴克区友好北路8号
expect 0 'crm-add 李华 (the first)'
run crm-add 李华 --mobile 13712345678 --region 650102 --address 天山区光明路5号 \
    --company 新疆天山商贸有限公司
expect 0 'crm-add 李华 (the second, same name, other company)'
is "$(cat out)" "id,code,name,mobile,region,missing
3,650102002,李华,13712345678,650102," 'the second 李华 is customer 3, code 650102002'
[ -e "$CRM_DB" ]
ok $? 'the first write created the store'

# --- by code

run crm-show --format csv 650102001
expect 0 'crm-show CODE'
is "$(grep -v '^created_at,\|^updated_at,' out)" "field,value
id,1
code,650102001
kind,person
name,王小明
gender,M
birthday,1985-03-05
mobile,13812345678
phone,
email,wang@example.com
company,
title,
industry,
region,650102 天山区
address,天山区解放北路12号
source,
owner,
parent,
status,active
grade,
missing,
notes,
foreign,
referred_by,
会员卡,VIP001
owed,\"service_quarterly: 0 of 1, due 2026-12-31\"
credit,\"receivable 0.00, 0.00 past due, limit 0.00, terms 30 days\"
points,0" 'it shows every field, the region name, the custom field, the visit owed (visit.policy) and the credit'
is "$(field created_at | cut -c1-11)" "2026-11-28 " 'created_at is today ($CRM_TODAY)'
is "$(cat err)" "" 'nothing on stderr'
run crm-show 650102009
expect 66 'crm-show with a code no customer has exits 66'
is "$(cat err)" "crm-show: customer '650102009' matches no customer" 'it names the reference'
is "$(cat out)" "" 'and prints nothing on stdout'

# --- by mobile

run crm-show 13912345678
expect 0 'crm-show MOBILE'
is "$(field id) $(field code) $(field name)" "2 650103001 李华" 'the mobile finds customer 2'
run crm-show 13800000000
expect 66 'crm-show with a mobile no customer has exits 66'
is "$(cat err)" "crm-show: customer '13800000000' matches no customer" 'it names the mobile'

# --- by id

run crm-show 3
expect 0 'crm-show ID'
is "$(field id) $(field code) $(field company)" "3 650102002 新疆天山商贸有限公司" 'the id finds customer 3'
run crm-show 99
expect 66 'crm-show with an id no customer has exits 66'
is "$(cat err)" "crm-show: customer '99' matches no customer" 'it names the id'

# --- by exact name

run crm-show 王小明
expect 0 'crm-show NAME'
is "$(field id)" "1" 'the exact name finds customer 1'
run crm-show 王小
expect 66 'a part of a name is no reference'
is "$(cat err)" "crm-show: customer '王小' matches no customer" 'it says nothing matches'
run crm-show 李华
expect 66 'a name two customers share is refused'
is "$(cat err)" "crm-show: customer '李华' names 2 customers: id 2 code 650103001, id 3 code 650102002 新疆天山商贸有限公司; give the code, mobile or id" \
    'the error lists both candidates with code and company'
is "$(cat out)" "" 'and shows neither customer'

# --- usage

run crm-show
expect 64 'crm-show without a CUSTOMER is a usage error'
is "$(cat err)" "crm-show: give one CUSTOMER
Try 'crm-show --help'." 'it says what is missing and where to look'
run crm-show 1 2
expect 64 'crm-show with two customers is a usage error'
run crm-show --format xml 1
expect 64 'an unknown --format is a usage error'
is "$(cat err)" "crm-show: unknown format 'xml' (csv, tsv, json, table or xlsx)
Try 'crm-show --help'." 'it names the bad format and the choices'

# --- JSON

run crm-show --format json 王小明
expect 0 'crm-show --format json'
is "$(sqlite3 -batch :memory: "SELECT json_valid(readfile('out'))")" 1 'the output is valid JSON'
is "$(json_type '$')" object 'it is one object'
is "$(json_type '$.id') $(json '$.id')" "integer 1" 'id is a number'
is "$(json '$.code')|$(json '$.name')|$(json '$.mobile')|$(json '$.email')" \
    "650102001|王小明|13812345678|wang@example.com" 'it holds code, name, mobile and e-mail'
is "$(json '$.gender')|$(json '$.birthday')|$(json '$.status')" "M|1985-03-05|active" \
    'gender normalised, birthday and status'
is "$(json '$.region')|$(json '$.region_name')|$(json '$.address')" "650102|天山区|天山区解放北路12号" \
    'region code, region_name and address'
is "$(json_type '$.phone')" null 'an empty field is null'
is "$(json_type '$.custom') $(json '$.custom.会员卡')" "object VIP001" 'custom fields are an object'
is "$(json_type '$.history') $(sqlite3 -batch :memory: \
    "SELECT json_array_length(readfile('out'), '\$.history')")" \
    "array 0" 'history is an empty array before any change'

run crm-add 赵六 --no-code --mobile 13612345678 --notes 'says "hi"
second line	tab \ backslash'
expect 0 'crm-add 赵六, without region, with awkward notes'
run crm-show --format json 13612345678
expect 0 'crm-show --format json of a customer without region'
is "$(sqlite3 -batch :memory: "SELECT json_valid(readfile('out'))")" 1 'quotes, newline, tab and backslash keep it valid JSON'
is "$(json '$.notes')" 'says "hi"
second line	tab \ backslash' 'the notes come back byte for byte'
is "$(json_type '$.region_name') $(json_type '$.code')" "null null" 'no region: region_name and code are null'
is "$(json '$.custom')" "{}" 'no custom fields: an empty object'

# --- CSV output is safe to open in a spreadsheet

run crm-edit 4 --set '公式==SUM(A1:A9)'
expect 0 'crm-edit sets a custom field that starts with ='
run crm-show 4
expect 0 'crm-show 4'
is "$(field 公式)" "'=SUM(A1:A9)" 'a cell starting with = is written with a leading quote'
run crm-show --raw 4
expect 0 'crm-show --raw 4'
is "$(field 公式)" "=SUM(A1:A9)" '--raw writes it as it is'

# --- history

run crm-show --history 650102001
expect 0 'crm-show --history before any change'
is "$(cat out)" "at,actor,command,field,old_value,new_value" 'no changes: the header only'
run crm-edit 650102001 --mobile 13812340000 --address 天山区解放南路1号
expect 0 'crm-edit changes mobile and address'
run crm-edit 650102001 --set 会员卡=VIP002 --actor alice
expect 0 'crm-edit --actor alice changes a custom field'
run crm-show --history 650102001
expect 0 'crm-show --history after the edits'
is "$(cut -d, -f2- out)" "actor,command,field,old_value,new_value
tester,crm-edit,mobile,13812345678,13812340000
tester,crm-edit,address,天山区解放北路12号,天山区解放南路1号
alice,crm-edit,会员卡,VIP001,VIP002" 'each change: actor, command, field, old and new value'
is "$(sed 1d out | cut -c1-11 | sort -u)" "2026-11-28 " 'each change is dated today'
run crm-show --history 13812345678
expect 66 'the old mobile no longer finds the customer'
run crm-show --history 13812340000
expect 0 'the new mobile does'

run crm-show --format json 1
expect 0 'crm-show --format json after the edits'
is "$(sqlite3 -batch :memory: "SELECT json_array_length(readfile('out'), '\$.history')")" 3 \
    'the JSON history holds the three changes'
is "$(json '$.history[0].actor')|$(json '$.history[0].field')|$(json '$.history[0].old_value')|$(json '$.history[0].new_value')" \
    "tester|mobile|13812345678|13812340000" 'the first: tester changed the mobile'
is "$(json '$.history[2].actor')|$(json '$.history[2].field')|$(json '$.history[2].new_value')" \
    "alice|会员卡|VIP002" 'the last: alice changed the custom field'
is "$(json '$.mobile')|$(json '$.custom.会员卡')" "13812340000|VIP002" 'the fields show the new values'

# --- deleted customers do not make a name ambiguous

run crm-rm --reason 重复录入 650103001
expect 0 'crm-rm the first 李华'
run crm-show 李华
expect 0 'now 李华 names one customer that is not deleted'
is "$(field id)" "3" 'it is customer 3'
run crm-show 650103001
expect 0 'the deleted customer is still shown by its code'
is "$(field status)" "deleted" 'with status deleted'

done_testing
