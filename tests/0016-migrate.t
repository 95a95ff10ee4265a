#!/bin/sh
# A store made by the released crm (schema version 1, tests/data/store-v1.sql,
# dumped from a store that crm-add, crm-edit, crm-rm and crm-config of
# version 0.1.0 made) is migrated on first use: nothing is lost, codes,
# serials and history stay, and the code's uniqueness is a named index.
. "$(dirname "$0")/lib.sh"

sqlite3 -batch crm.db < "$top/tests/data/store-v1.sql"
is "$(sql 'pragma user_version')" "1" 'the fixture is a version 1 store'
before=$(sql 'select id, code, name, status, parent, custom, missing from customers order by id')

run crm-ls --status all --columns id,code,name
expect 0 'crm-ls opens the old store'
is "$(sql 'pragma user_version')" "$schema" "and migrates it to version $schema"
is "$(sql "select group_concat(name, ' ') from (select name from sqlite_master where type = 'table' and name like 'sales%' order by name)")" \
    "sales sales_targets" 'with the sales ledger and targets (version 3)'
is "$(sql 'select id, code, name, status, parent, custom, missing from customers order by id')" "$before" \
    'every customer is as it was, field by field'
is "$(sql 'select count(*) from customer_history')" "2" 'the history is kept'
is "$(sql "select value from config where key = 'customer.incomplete_days'")" "60" 'the configuration is kept'
is "$(sql 'select region || "=" || last from region_serials order by 1' | tr '\n' ' ')" "650102=2 650103=2 " \
    'the serials are kept'
is "$(sql "select count(*) from sqlite_master where type = 'index' and name = 'customers_code'")" "1" \
    'the code is unique through the named index customers_code'
sql "select sql from sqlite_master where name = 'customers'" | grep -q UNIQUE
ok $((! $?)) 'and no longer through a column constraint'
is "$(sql 'pragma integrity_check')" "ok" 'the store is intact'
is "$(sql 'pragma foreign_key_check')" "" 'every reference still holds'

run crm-add 新客户 --mobile 13500000001 --region 650102 --address 天山区解放北路20号
expect 0 'a new customer in 650102'
is "$(cut -d, -f2 out | tail -1)" "650102003" 'gets the next serial, not the deleted customer'"'"'s'
sqlite3 -batch crm.db "update customers set code = '650102009' where id = 2" > sqlout 2>&1
contains sqlout 'customer code cannot be changed' 'the store still refuses to change a code'
sqlite3 -batch crm.db "insert into customers(code, name, created_at, updated_at) values ('650102002', 'x', 'now', 'now')" > sqlout 2>&1
contains sqlout 'UNIQUE constraint failed: customers.code' 'and refuses a second customer with a code'
run crm-show 子公司
expect 0 'crm-show reads a migrated customer'
contains out 'parent,3' 'with its parent'

done_testing
