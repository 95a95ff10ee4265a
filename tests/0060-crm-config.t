#!/bin/sh
# crm-config: policies kept in the store, like git config (SPEC 2); the
# salutation list is a real policy of crm-add and crm-edit (SPEC 3.1).
. "$(dirname "$0")/lib.sh"

salutations="先生,女士,小姐,太太,夫人,老板,总,经理,主任,老师,师傅,科长,处长,局长,厂长,董事长,总监,老总"

# --- reading a missing store

run crm-config customer.incomplete_days
expect 66 'crm-config KEY on a missing store exits 66'
is "$(cat err)" "crm-config: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
is "$(cat out)" "" 'it prints no value'
run crm-config --list
expect 66 'crm-config --list on a missing store exits 66'
[ ! -e "$CRM_DB" ]
ok $? 'reading does not create the store'

# --- setting is a write: it creates the store, 0600 in a 0700 directory

run crm-config -d "$trash/other/crm.db" customer.incomplete_days 60
expect 0 'crm-config --db NEW KEY VALUE creates the store'
is "$(stat -c %a "$trash/other/crm.db") $(stat -c %a "$trash/other")" "600 700" \
    'the store is 0600, its directory 0700'

# --- defaults, set, get, unset

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm-add creates the main store'
run crm-config customer.incomplete_days
expect 0 'crm-config KEY never set'
is "$(cat out)" "90" 'prints the default'
is "$(cat err)" "" 'nothing on stderr'
run crm-config customer.salutations
expect 0 'crm-config customer.salutations'
is "$(cat out)" "$salutations" 'prints the default list'
is "$(sql "SELECT count(*) FROM config")" 0 'reading stored nothing'

run crm-config customer.incomplete_days 60
expect 0 'crm-config KEY VALUE'
is "$(cat out)$(cat err)" "" 'prints nothing'
run crm-config customer.incomplete_days
expect 0 'crm-config KEY after setting it'
is "$(cat out)" "60" 'prints the value set'
is "$(sql "SELECT key, value FROM config")" "customer.incomplete_days|60" 'the value is in the store'
is "$(sql "SELECT actor, action, detail FROM audit_log WHERE command = 'crm-config'")" \
    "tester|config-set|customer.incomplete_days" 'the change is in the audit log'
run crm-config -d "$trash/other/crm.db" customer.salutations
expect 0 'crm-config of the other store'
is "$(cat out)" "$salutations" 'each store has its own policies'

run crm-config --list
expect 0 'crm-config --list'
is "$(head -1 out)" "key,value,default,description" 'the header'
is "$(grep '^customer.incomplete_days,' out)" \
    "customer.incomplete_days,60,90,days after which a still incomplete record is removed (seed 003)" \
    'a set key: its value, default and description'
is "$(grep -c '^customer.salutations,"先生,女士' out)" 1 'the key never set is listed too'
run crm-config --list --format json
expect 0 'crm-config --list --format json'
is "$(sqlite3 -batch :memory: "SELECT json_extract(value, '\$.value') || '|' || json_extract(value, '\$.default')
      FROM json_each(readfile('out')) WHERE json_extract(value, '\$.key') = 'customer.incomplete_days'")" \
    "60|90" 'valid JSON with value and default'

run crm-config --unset customer.incomplete_days
expect 0 'crm-config --unset KEY'
is "$(cat err)" "" 'nothing on stderr'
run crm-config customer.incomplete_days
expect 0 'crm-config KEY after --unset'
is "$(cat out)" "90" 'the default again'
is "$(sql "SELECT count(*) FROM config")" 0 'the value is gone from the store'
run crm-config --list
expect 0 'crm-config --list after --unset'
is "$(grep '^customer.incomplete_days,' out | cut -d, -f1-3)" "customer.incomplete_days,90,90" \
    'lists the default as the value'
run crm-config --unset customer.incomplete_days
expect 0 'crm-config --unset of a key not set'
is "$(cat err)" "crm-config: 'customer.incomplete_days' was not set; it keeps its default" 'says so'

# --- errors

run crm-config customer.nosuch
expect 64 'crm-config of an unknown key exits 64'
is "$(cat err)" "crm-config: unknown key 'customer.nosuch' (crm-config --list shows the keys)
Try 'crm-config --help'." 'it names the key and where to find the keys'
run crm-config customer.nosuch 5
expect 64 'setting an unknown key exits 64'
run crm-config --unset customer.nosuch
expect 64 'unsetting an unknown key exits 64'
is "$(sql "SELECT count(*) FROM config")" 0 'nothing was stored'
run crm-config customer.incomplete_days abc
expect 64 'a number of days that is not a number is a bad value'
contains err "Try 'crm-config --help'." 'with the hint'
run crm-config customer.incomplete_days
is "$(cat out)" "90" 'the bad value was not stored'
run crm-config
expect 64 'crm-config without KEY is a usage error'
is "$(cat err)" "crm-config: give KEY, or KEY VALUE
Try 'crm-config --help'." 'it says what to give'
run crm-config customer.incomplete_days 30 40
expect 64 'crm-config with three arguments is a usage error'
run crm-config --list customer.incomplete_days
expect 64 'crm-config --list KEY is a usage error'
is "$(cat err)" "crm-config: --list takes no KEY
Try 'crm-config --help'." 'it says why'

# --- the salutation list is the policy crm-add and crm-edit apply

run crm-add 张总 --mobile 13300000001 --region 650102 --address 天山区中山路1号
expect 65 'with the default list, 张总 is refused'
is "$(cat err)" "crm-add: name '张总' is a salutation, not a full name (give the full name, or use --allow-salutation)" \
    'as a salutation'
run crm-config customer.salutations 先生
expect 0 'crm-config customer.salutations 先生'
run crm-add 张总 --mobile 13300000001 --region 650102 --address 天山区中山路1号
expect 0 'now 张总 is accepted'
is "$(cat out)" "id,code,name,mobile,region,missing
2,650102002,张总,13300000001,650102," 'and added'
run crm-add 王先生 --mobile 13300000002 --region 650102 --address 天山区中山路2号
expect 65 'but 王先生 is still refused'
is "$(cat err)" "crm-add: name '王先生' is a salutation, not a full name (give the full name, or use --allow-salutation)" \
    'as a salutation'
run crm-edit 张总 --name 张先生
expect 65 'crm-edit applies the same list'
run crm-edit 张总 --name 张经理
expect 0 'a title no longer in the list is accepted by crm-edit'
is "$(sql "SELECT name FROM customers WHERE id = 2")" "张经理" 'the name is changed'
run crm-config --unset customer.salutations
expect 0 'crm-config --unset customer.salutations'
run crm-add 刘总 --mobile 13300000003 --region 650102 --address 天山区中山路3号
expect 65 'with the default list back, 刘总 is refused again'
is "$(sql "SELECT count(*) FROM customers")" 2 'only the customers accepted were added'

done_testing
