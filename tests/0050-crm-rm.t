#!/bin/sh
# crm-rm: delete with a reason (kept in the archive, hidden from lists),
# and --erase, which must leave no personal data in the store file
# (SPEC 3.1, 客户隐私保护).
. "$(dirname "$0")/lib.sh"

# in_store TEXT: how many lines of crm.db and crm.db-wal hold TEXT.
in_store() {
	cat "$CRM_DB" "$CRM_DB-wal" 2>/dev/null | grep -c -a -F -- "$1"
}

# --- a missing store

run crm-rm --reason 测试 1
expect 66 'crm-rm on a missing store exits 66'
is "$(cat err)" "crm-rm: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
[ ! -e "$CRM_DB" ]
ok $? 'it does not create the store'

# --- some customers

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm-add 王小明 (1, 650102001)'
run crm-add 李华 --mobile 13912345678 --region 650103 --address 沙依巴克区友好北路8号
expect 0 'crm-add 李华 (2, 650103001)'
run crm-add 张伟 --mobile 13712345678 --region 650102 --address 天山区光明路5号
expect 0 'crm-add 张伟 (3, 650102002)'
run crm-add 刘洋 --mobile 13612345678 --region 650102 --address 天山区和平南路3号
expect 0 'crm-add 刘洋 (4, 650102003)'
run crm-add 陈静 --mobile 13512345678 --region 650102 --address 天山区和平南路5号
expect 0 'crm-add 陈静 (5, 650102004)'

# --- the reason is required

run crm-rm 650102001
expect 64 'crm-rm without --reason is a usage error'
is "$(cat err)" "crm-rm: --reason is required (删除必须写明原因)
Try 'crm-rm --help'." 'it asks for the reason and gives the hint'
run crm-rm --reason '' 650102001
expect 64 'an empty --reason is refused too'
contains err "Try 'crm-rm --help'." 'with the hint'
run crm-rm 650102001 --reason
expect 64 '--reason without its argument is a usage error'
run crm-rm --reason 重复录入
expect 64 'crm-rm without a CUSTOMER is a usage error'
is "$(cat err)" "crm-rm: give the CUSTOMER to remove
Try 'crm-rm --help'." 'it says what is missing'
is "$(sql "SELECT count(*) FROM customers WHERE status = 'deleted'")" 0 'nothing was deleted'

# --- delete

run crm-rm --reason 重复录入 650102001
expect 0 'crm-rm --reason TEXT CODE'
is "$(cat out)" "" 'nothing on stdout'
is "$(cat err)" "crm-rm: 1 deleted" 'it says how many were deleted'
is "$(sql "SELECT status, deleted_reason, deleted_by, substr(deleted_at, 1, 10) FROM customers WHERE id = 1")" \
    "deleted|重复录入|tester|2026-11-28" 'the store keeps status, reason, actor and date'
is "$(sql "SELECT name, mobile, code FROM customers WHERE id = 1")" "王小明|13812345678|650102001" \
    'the record is kept in the archive'
is "$(sql "SELECT actor, command, field, old_value, new_value FROM customer_history WHERE customer_id = 1")" \
    "tester|crm-rm|status|active|deleted" 'the history has the status change'
is "$(sql "SELECT actor, action, rows, detail FROM audit_log WHERE command = 'crm-rm'")" \
    "tester|delete|1|重复录入" 'the audit log has the deletion and its reason'

run crm-ls --columns id,name,status
expect 0 'crm-ls'
is "$(cat out)" "id,name,status
2,李华,active
3,张伟,active
4,刘洋,active
5,陈静,active" 'crm-ls hides the deleted customer'
run crm-ls --columns id,name,status --status deleted
expect 0 'crm-ls --status deleted'
is "$(cat out)" "id,name,status
1,王小明,deleted" 'shows only it'
run crm-ls --columns id,status --status all
expect 0 'crm-ls --status all'
is "$(cat out)" "id,status
1,deleted
2,active
3,active
4,active
5,active" 'shows it among the others'
run crm-show 650102001
expect 0 'crm-show by code still finds the deleted customer'
contains out "status,deleted" 'as deleted'

run crm-rm --reason 再次删除 --actor bob 650102001
expect 65 'deleting a deleted customer again exits 65'
is "$(cat err)" "crm-rm: customer 1 is already deleted; nothing removed" 'it says so'
is "$(sql "SELECT deleted_reason, deleted_by FROM customers WHERE id = 1")" "重复录入|tester" \
    'the first reason and actor stay'

run crm-rm --reason 客户注销 --actor bob 650103001
expect 0 'crm-rm --actor bob'
is "$(sql "SELECT status, deleted_reason, deleted_by FROM customers WHERE id = 2")" "deleted|客户注销|bob" \
    '--actor overrides $CRM_ACTOR'

# --- nothing is removed when one customer cannot be

run crm-rm --reason 测试 张伟 nobody
expect 66 'an unknown customer among several exits 66'
is "$(cat err)" "crm-rm: customer 'nobody' matches no customer; nothing removed" 'it names the unknown one'
run crm-rm --reason 测试 13712345678 99
expect 66 'an unknown id among several exits 66'
run crm-rm --reason 测试 3 650102001
expect 65 'an already deleted customer among several exits 65'
is "$(sql "SELECT status FROM customers WHERE id = 3")" "active" 'the other customer was not removed'
run crm-rm --reason 测试 3 3
expect 65 'the same customer twice exits 65'
is "$(sql "SELECT status FROM customers WHERE id = 3")" "active" 'and removes nothing'

run crm-add 张伟 --mobile 13412345678 --region 650103 --address 沙依巴克区光明路7号 --company 某某公司
expect 0 'a second 张伟 (6, 650103002)'
run crm-rm --reason 测试 张伟
expect 66 'a name two customers share is refused'
is "$(cat err)" "crm-rm: customer '张伟' names 2 customers: id 3 code 650102002, id 6 code 650103002 某某公司; give the code, mobile or id; nothing removed" \
    'it lists the candidates'
is "$(sql "SELECT count(*) FROM customers WHERE status = 'deleted'")" 2 'nothing more was deleted'

run crm-rm -q --reason 批量清理 3 6
expect 0 'crm-rm -q with two customers'
is "$(cat out)$(cat err)" "" '-q prints nothing'
is "$(sql "SELECT id FROM customers WHERE deleted_reason = '批量清理' ORDER BY id")" "3
6" 'both are deleted'

# --- the status before the deletion is kept in the history

sqlite3 -batch "$CRM_DB" "UPDATE customers SET status = 'blacklisted' WHERE id = 4"
run crm-rm --reason 信用黑名单客户 4
expect 0 'crm-rm of a blacklisted customer'
is "$(sql "SELECT old_value, new_value FROM customer_history WHERE customer_id = 4 AND field = 'status'")" \
    "blacklisted|deleted" 'the history has the real old status'

# --- --erase: nothing personal is left in the file

run crm-add 测试擦除甲 --mobile 13511112222 --phone 0991-7654321 --email erase.me@example.org \
    --birthday 1980-05-06 --region 650102 --address 天山区擦除路99号 --notes 擦除备注QQ \
    --set 暗号=擦除暗号XYZ
expect 0 'crm-add 测试擦除甲 with distinctive personal data (7, 650102005)'
run crm-edit 测试擦除甲 --name 测试擦除乙 --mobile 13511113333 --email erase.two@example.org \
    --address 天山区擦除路100号 --set 暗号=擦除暗号ABC
expect 0 'crm-edit it once, so the history holds old and new values'
is "$(sql "SELECT count(*) FROM customer_history WHERE customer_id = 7 AND old_value IS NOT NULL")" 5 \
    'the history holds five old values'

secrets="测试擦除甲 测试擦除乙 13511112222 13511113333 0991-7654321 erase.me@example.org
erase.two@example.org 1980-05-06 擦除路99号 擦除路100号 擦除备注QQ 擦除暗号XYZ 擦除暗号ABC"
for s in $secrets; do
	[ "$(in_store "$s")" -gt 0 ]
	ok $? "before the erase, the store file holds $s"
done

run crm-rm --erase --reason 客户要求删除个人信息 650102005
expect 0 'crm-rm --erase CODE'
is "$(cat err)" "crm-rm: 1 erased" 'it says how many were erased'
for s in $secrets; do
	is "$(in_store "$s")" 0 "after the erase, neither crm.db nor crm.db-wal holds $s"
done
is "$(sql "SELECT code, region, status, deleted_reason FROM customers WHERE id = 7")" \
    "650102005|650102|deleted|客户要求删除个人信息" 'the code and region stay, with the reason'
is "$(sql "SELECT quote(coalesce(gender, birthday, mobile, phone, email, address, notes, custom))
           FROM customers WHERE id = 7")" "NULL" 'every personal field is empty'
is "$(sql "SELECT name FROM customers WHERE id = 7")" "(erased)" 'the name is overwritten'
is "$(sql "SELECT count(*) FROM customer_history WHERE customer_id = 7 AND field IN ('name', 'mobile', 'email', 'address', '暗号')")" \
    5 'the history still says which fields were changed'
is "$(sql "SELECT count(*) FROM customer_history WHERE customer_id = 7 AND field IN ('name', 'mobile', 'email', 'address', '暗号')
           AND (old_value IS NOT NULL OR new_value IS NOT NULL)")" 0 'but not their values'
run crm-show 13511113333
expect 66 'the erased mobile no longer finds anyone'
run crm-show --format json 650102005
expect 0 'crm-show of the erased customer by code'
is "$(sqlite3 -batch :memory: "SELECT json_extract(readfile('out'), '\$.name'), json_extract(readfile('out'), '\$.region_name')")" \
    "(erased)|天山区" 'shows the erased name and the region'
is "$(sql "SELECT name, mobile FROM customers WHERE id = 5")" "陈静|13512345678" 'the other customers are untouched'
is "$(sql "PRAGMA integrity_check")" "ok" 'PRAGMA integrity_check is ok'

run crm-rm --erase --reason 客户要求删除个人信息 650102001
expect 0 'crm-rm --erase of a customer deleted before'
is "$(sql "SELECT name, quote(mobile), deleted_reason FROM customers WHERE id = 1")" "(erased)|NULL|重复录入" \
    'erases it and keeps the first reason'
is "$(in_store 13812345678)" 0 'its mobile is gone from the file'
run crm-rm --erase 650102005
expect 64 'crm-rm --erase without --reason is a usage error'
run crm-rm --erase --reason 测试 5 nobody
expect 66 'crm-rm --erase with an unknown customer exits 66'
is "$(sql "SELECT name FROM customers WHERE id = 5")" "陈静" 'and erases nothing'

done_testing
