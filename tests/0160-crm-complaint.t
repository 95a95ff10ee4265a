#!/bin/sh
# crm-complaint: cases numbered by year, month and serial; the lifecycle
# with its refused steps; deadlines of 15 and 20 days at their boundary
# days; a concurrent open; the month running out of numbers; import;
# and stats for a hand-made October with every figure written here
# (SPEC 3.7, seed 003 篇5).
. "$(dirname "$0")/lib.sh"

header='number,customer_id,code,name,opened,channel,category,severity,status,assignee,deadline,closed,days_open,overdue'

store() {
	CRM_DB=$trash/$1.db
	export CRM_DB
	crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile
c1,13000000001
c2,13000000002
CSV
}

# open CUSTOMER DATE [options]: the case number
open_case() {
	c=$1 d=$2
	shift 2
	crm-complaint open "$c" --date "$d" --channel phone --category quality \
	    --description 'broken' "$@" 2>/dev/null | tail -n 1 | cut -d, -f1
}

# --- numbering

store numbers
run crm-complaint open 13000000001 --date 2026-11-01 --channel 电话 --category 质量 \
    --description '包装破损' --product 红枣 --order-ref SO-1 --qty 100 --defect-qty 3 \
    --request '换货' --severity urgent
expect 0 'crm-complaint open'
is "$(cat out)" "$header
2611001,1,,c1,2026-11-01,phone,quality,urgent,open,,2026-11-16,,27,yes" \
    'the first case of November 2026 is 2611001, due in 15 days; as it stands today (2026-11-28)'
is "$(open_case 13000000001 2026-11-02)" "2611002" 'the second'
is "$(open_case 13000000002 2026-11-03 --foreign)" "2611003" 'the third case of the month'
is "$(open_case 13000000001 2026-12-01)" "2612001" 'a new month starts at 001'
is "$(open_case 13000000001 2026-11-30)" "2611004" 'a case opened later but dated in November goes on with November'
run crm-complaint open 13000000001 --channel fax --category quality --description x
expect 64 'an unknown channel is a usage error'
run crm-complaint open 13000000001 --channel phone --category quality
expect 64 'open without --description is a usage error'
run crm-complaint open 13999999999 --channel phone --category quality --description x
expect 66 'an unknown customer exits 66'

# two processes open cases at once: never the same number
(for i in 1 2 3 4 5 6 7 8 9 10; do open_case 13000000001 2026-11-15; done) >a.txt &
(for i in 1 2 3 4 5 6 7 8 9 10; do open_case 13000000002 2026-11-15; done) >b.txt &
wait
is "$(cat a.txt b.txt | sort -u | wc -l | tr -d ' ')" "20" 'two concurrent openers get 20 different numbers'
is "$(sql "select count(*), count(distinct number) from complaints")" "25|25" 'and all 25 cases are stored'

# --- the lifecycle

run crm-complaint close 2611001
expect 65 'closing an open case is refused'
is "$(cat err)" "crm-complaint: close 2611001: case 2611001 is open: close goes with a case that is resolved" \
    'the message names the state'
run crm-complaint resolve 2611002 --resolution x --date 2026-11-03
run crm-complaint reopen 2611002 --reason y --date 2026-11-02
expect 65 'a step dated before the case'"'"'s last one is refused'
contains err "reopen 2026-11-02 is before the case's last step (2026-11-03)" 'naming that step'"'"'s date'
run crm-complaint open 13000000001 --channel phone --category quality --description x --qty 5 --defect-qty 8
expect 65 'more defects than the qty is refused'
run crm-complaint open 13000000001 --channel phone --category quality --description x --defect-qty -1
expect 65 'a negative defect qty is refused'
run crm-complaint assign 2611001 --to 张三 --date 2026-11-02
expect 0 'assign'
run crm-complaint note 2611001 '已联系客户' --date 2026-11-03
expect 0 'note'
run crm-complaint resolve 2611001 --resolution '补发3件' --responsible 品质部 --loss 150 --date 2026-11-05
expect 0 'resolve'
run crm-complaint resolve 2611001 --resolution again
expect 65 'resolving a resolved case is refused'
run crm-complaint close 2611001 --satisfaction 4 --date 2026-11-06
expect 0 'close'
run crm-complaint resolve 2611001 --resolution again
expect 65 'resolving a closed case is refused'
contains err 'case 2611001 is closed' 'naming its state'
run crm-complaint void 2611001 --reason x
expect 65 'voiding a closed case is refused'
run crm-complaint reopen 2611001 --reason '客户再次投诉' --date 2026-11-10
expect 0 'reopen'
is "$(sql "select status, closed, loss from complaints where number = '2611001'")" "open||" 'a reopened case is open, its close and loss cleared'
crm-complaint resolve 2611001 --resolution '退款' --responsible 品质部 --loss 200 --date 2026-11-12 2>/dev/null
crm-complaint close 2611001 --date 2026-11-13 2>/dev/null
run crm-complaint show 2611001
expect 0 'crm-complaint show'
is "$(grep '^history,' out | cut -d, -f2 | tr '\n' '|')" \
    "2026-11-01 open tester: 包装破损|2026-11-02 assign tester: 张三|2026-11-03 note tester: 已联系客户|2026-11-05 resolve tester: 补发3件|2026-11-06 close tester|2026-11-10 reopen tester: 客户再次投诉|2026-11-12 resolve tester: 退款|2026-11-13 close tester|" \
    'every step is dated and kept'
contains out 'loss,200.00' 'the last resolution'"'"'s loss'
run crm-complaint void 2611002 --reason '重复登记' --date 2026-11-04
expect 0 'void a resolved case'
run crm-complaint assign 2611002 --to 张三
expect 65 'a void case takes no step'
run crm-complaint close 2699001
expect 66 'an unknown case exits 66'
run crm-complaint assign 2611004 --to 李四 --date 2026-11-30
expect 0 'assign 2611004'
run crm-complaint resolve 2611004 --resolution x --date 2026-11-20
expect 65 'a step dated before the opening is refused'
is "$(sql "select count(*), status from complaints where number = '2611002'")" "1|void" 'a voided case keeps its number'

# --- deadlines: 15 days, 20 for a foreign customer; overdue the day after

# the customer's foreign field: crm-add --foreign yes, crm-edit, and import
run crm-add 外商 --mobile 13000000007 --foreign yes
expect 0 'crm-add --foreign yes'
is "$(sql "select \"foreign\" from customers where mobile = '13000000007'")" "yes" 'the customer is foreign'
num=$(open_case 13000000007 2026-11-05)
is "$(sql "select deadline from complaints where number = '$num'")" "2026-11-25" \
    'a case of a foreign customer has 20 days without --foreign'
run crm-add 内商 --mobile 13000000008 --foreign maybe
expect 65 'a foreign that is not yes or no is refused'
contains err "foreign 'maybe' is not yes or no" 'naming the field'
crm-edit 13000000007 --set foreign=no -q 2>/dev/null
is "$(sql "select coalesce(\"foreign\", 'no') from customers where mobile = '13000000007'")" "no" 'crm-edit sets it back'
run crm-ls --where foreign=yes --columns id
expect 0 'crm-ls --where on the field named like an SQL word'


run crm-complaint ls --status open --as-of 2026-11-16
is "$(grep '^2611003,' out | cut -d, -f11,13,14)" "2026-11-23,13,no" 'the foreign case of 11-03 is due 11-23'
run crm-complaint ls --as-of 2026-11-23
is "$(grep '^2611003,' out | cut -d, -f14)" "no" 'on its deadline it is not overdue'
run crm-complaint ls --as-of 2026-11-24
is "$(grep '^2611003,' out | cut -d, -f13,14)" "21,yes" 'the day after, it is'
run crm-complaint ls --as-of 2026-12-15
is "$(grep '^2611004,' out | cut -d, -f11,14)" "2026-12-15,no" 'a domestic case opened 11-30 is due 12-15, not overdue on it'
run crm-complaint ls --as-of 2026-12-16
is "$(grep '^2611004,' out | cut -d, -f14)" "yes" 'and overdue the day after'
run crm-complaint ls --open --overdue --as-of 2026-11-30
is "$(tail -n +2 out | cut -d, -f1 | head -1)" "2611003" '--open --overdue'
run crm-complaint ls --as-of 2026-11-30
is "$(grep '^2611001,' out | cut -d, -f9,11,12,13,14)" "closed,2026-11-16,2026-11-13,12,no" \
    'closed on 11-13 before its deadline 11-16: 12 days, not overdue'
run crm-show 13000000002 --format csv
contains out 'complaint,"2611003 quality open, opened 2026-11-03, due 2026-11-23, overdue"' 'crm-show: the open complaints, overdue at 2026-11-28'
run crm-complaint ls --assignee 李四 --as-of 2026-11-30
is "$(tail -n +2 out | cut -d, -f1)" "2611004" '--assignee'
run crm-complaint ls --status gone
expect 64 'an unknown --status is a usage error'

# --- a month out of numbers

store full
crm-config complaint.serial_digits 2 2>/dev/null
{
	echo '客户,日期,渠道,类别,问题描述'
	i=1
	while [ $i -le 100 ]; do
		echo "13000000001,2026-10-05,电话,服务,case $i"
		i=$((i + 1))
	done
} >cases.csv
run crm-complaint import cases.csv -q
expect 65 'the 100th case of a month with 2 digits is rejected'
is "$(sql "select min(number), max(number), count(*) from complaints")" "261001|261099|99" \
    'the seed'"'"'s form: 261001 to 261099'
contains cases.rejects.csv 'complaint.serial_digits = 2: raise it for more' 'the error names the key'

# --- import: nothing lost

store import
cat >notes.csv <<'CSV'
客户,日期,渠道,类别,问题描述,产品,订单号,数量,不良数量,客户要求,紧急程度
13000000001,2026-10-02,电话,质量,瓶盖漏,核桃,SO-7,50,2,退货,紧急
13000000002,2026-10-03,网络,交货,晚到三天,,,,,,
13000000009,2026-10-03,电话,质量,x,,,,,,
13000000002,2026-10-04,传真,质量,x,,,,,,
13000000001,2026-10-04,电话,质量,x,,,abc,,,
CSV
run crm-complaint import notes.csv
expect 65 'an import with rejected rows exits 65'
is "$(tail -n 1 err)" "crm-complaint: 2 added, 3 rejected (notes.rejects.csv)" 'the summary'
is "$(tail -n +2 out | cut -d, -f1,5,7,8 | tr '\n' ' ')" "2610001,2026-10-02,quality,urgent 2610002,2026-10-03,delivery,normal " \
    'it prints the cases opened'
is "$(cut -d, -f12- notes.rejects.csv | tail -n +2 | tr '\n' '|')" \
    "4,customer '13000000009' matches no customer|5,\"channel '传真' is not phone, letter, visit or online\"|6,qty 'abc' is not a quantity (a number with at most 3 decimals)|" \
    'each rejected row with its line and error'

# --- stats: a hand-made October
#   A quality  X  opened 10-01, resolved by 品质部 (loss 300), closed 10-11: 10 days
#   B service  -  opened 10-05, 客服部, closed 10-25: 20 days, late (deadline 10-20)
#   C quality  X  opened 10-20, open at the end (deadline 11-04)
#   D delivery Y  opened 09-20, 物流部 (loss 100), closed 10-03: 13 days
#   E price    Y  opened 09-10, open: past its deadline 09-25

store stats
A=$(crm-complaint open 13000000001 --date 2026-10-01 --channel phone --category quality --product X --description a 2>/dev/null | tail -n 1 | cut -d, -f1)
crm-complaint resolve "$A" --resolution r --responsible 品质部 --loss 300 --date 2026-10-10 2>/dev/null
crm-complaint close "$A" --date 2026-10-11 2>/dev/null
B=$(crm-complaint open 13000000002 --date 2026-10-05 --channel letter --category service --description b 2>/dev/null | tail -n 1 | cut -d, -f1)
crm-complaint resolve "$B" --resolution r --responsible 客服部 --date 2026-10-24 2>/dev/null
crm-complaint close "$B" --date 2026-10-25 2>/dev/null
crm-complaint open 13000000001 --date 2026-10-20 --channel visit --category quality --product X --description c -q 2>/dev/null
D=$(crm-complaint open 13000000002 --date 2026-09-20 --channel online --category delivery --product Y --description d 2>/dev/null | tail -n 1 | cut -d, -f1)
crm-complaint resolve "$D" --resolution r --responsible 物流部 --loss 100 --date 2026-10-02 2>/dev/null
crm-complaint close "$D" --date 2026-10-03 2>/dev/null
crm-complaint open 13000000001 --date 2026-09-10 --channel phone --category price --product Y --description e -q 2>/dev/null
crm-complaint open 13000000001 --date 2026-11-02 --channel phone --category price --product Y --description f -q 2>/dev/null
run crm-complaint stats --period 2026-10
expect 0 'crm-complaint stats --period 2026-10'
is "$(cat out)" "dimension,key,cases,closed,overdue,avg_days_to_close,loss
category,delivery,0,1,0,13.00,100.00
category,price,0,0,1,,0.00
category,quality,2,1,0,10.00,300.00
category,service,1,1,1,20.00,0.00
responsible,none,1,0,1,,0.00
responsible,品质部,1,1,0,10.00,300.00
responsible,客服部,1,1,1,20.00,0.00
responsible,物流部,0,1,0,13.00,100.00
product,X,2,1,0,10.00,300.00
product,Y,0,1,1,13.00,100.00
product,none,1,1,1,20.00,0.00
total,,3,3,2,14.33,400.00" \
    'opened in October 3, closed 3, overdue 2 (B late, E open past), average (10 + 20 + 13) / 3, loss 400'
crm-complaint stats --period 2026-10 >stats.csv 2>/dev/null
run crm-report complaints --period 2026-10
expect 0 'crm-report complaints'
cmp -s out stats.csv
ok $? 'it is the table of crm-complaint stats'
run crm-complaint stats
expect 64 'stats needs --period'

# --- usage

run crm-complaint
expect 64 'no command'
run crm-complaint frobnicate
expect 64 'an unknown command'
run crm-complaint --help
expect 0 '--help'
run crm-complaint --version
expect 0 '--version'

done_testing
