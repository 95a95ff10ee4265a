#!/bin/sh
# crm-alert, crm-expense, crm-event: the five early warnings of seed 001
# (SPEC 3.6) on a hand-made set as of 2026-11-28, with each expected row
# written here: receivable over the limit, progress behind the target's
# pace and behind last year, expenses over the budget, churn at 90 days
# and at twice the median gap, an event of the last 30 days (and one just
# outside); --new, --exit-status, --owner, --kind; the expense approvals.
. "$(dirname "$0")/lib.sh"

crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile
c1,13000000001
c2,13000000002
c3,13000000003
c4,13000000004
c5,13000000005
c6,13000000006
CSV
sale() { # CUSTOMER DATE AMOUNT
	crm-sale add "1300000000$1" --date "$2" --product P --qty 1 --price "$3" -q 2>/dev/null
}
sale 1 2026-11-01 500
sale 2 2026-08-31 300
sale 3 2025-03-01 1000
sale 3 2026-03-01 700
sale 4 2025-08-30 1000
sale 4 2026-08-30 900
for d in 2026-10-01 2026-10-11 2026-10-21 2026-10-31; do sale 5 $d 10; done
for d in 2026-11-01 2026-11-11 2026-11-21; do sale 6 $d 10; done
crm-credit set 13000000002 --limit 1000 2>/dev/null
for i in 3 4 5 6; do crm-credit set 1300000000$i --limit 100000 2>/dev/null; done
crm-sale target 13000000002 --period 2026 --amount 1200 -q 2>/dev/null

# --- events and expenses

run crm-event add 13000000006 --kind 破产 --date 2026-10-29 --note '破产清算'
expect 0 'crm-event add'
is "$(cat out)" "id,customer_id,code,name,date,kind,note
1,6,,c6,2026-10-29,bankruptcy,破产清算" 'it prints the event'
crm-event add 13000000005 --kind accident --date 2026-10-28 --note '仓库失火' -q 2>/dev/null
run crm-event add 13000000005 --kind flood --note x
expect 64 'an unknown kind is a usage error'
run crm-show 13000000006 --format csv
contains out 'event,2026-10-29 bankruptcy: 破产清算' 'crm-show: the recent events'
run crm-event ls --since 2026-10-29
is "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" "1 " 'crm-event ls --since'

run crm-expense budget 13000000002 --period 2026 --amount 100
expect 0 'crm-expense budget'
crm-expense add 13000000002 --kind travel --amount 60 --date 2026-05-01 -q 2>/dev/null
crm-expense add 13000000002 --kind 其他 --amount 50 --date 2026-06-01 -q 2>/dev/null
run crm-expense add 13000000001 --kind entertainment --amount 1500 --date 2026-11-02
expect 65 'entertainment over expense.approval_over without a request is refused'
contains err 'over expense.approval_over (1000.00): give --request' 'and says what to do'
run crm-expense add 13000000001 --kind entertainment --amount 1000 --date 2026-11-02
expect 0 'at 1000.00 it needs none'
run crm-expense request 13000000001 --kind 招待 --amount 2000 --date 2026-11-03 --purpose '年会宴请'
expect 0 'crm-expense request'
is "$(cat out)" "id,customer_id,code,name,date,kind,amount,purpose,status
1,1,,c1,2026-11-03,entertainment,2000.00,年会宴请,pending" 'the request, pending'
run crm-expense add 13000000001 --kind entertainment --amount 1500 --date 2026-11-05 --request 1
expect 65 'a pending request does not serve'
run crm-expense approve 1 --approver 经理
expect 0 'crm-expense approve'
run crm-expense approve 1 --approver 经理
expect 65 'approving it twice is refused'
run crm-expense add 13000000002 --kind entertainment --amount 1500 --date 2026-11-05 --request 1
expect 65 'a request serves its own customer only'
run crm-expense add 13000000001 --kind gift --amount 1500 --date 2026-11-05 --request 1
expect 65 'and its own kind'
run crm-expense add 13000000001 --kind entertainment --amount 2000.01 --date 2026-11-05 --request 1
expect 65 'and never more than it asked'
run crm-expense add 13000000001 --kind entertainment --amount 1500 --date 2026-11-05 --request 1
expect 0 'an approved request serves'
is "$(tail -n 1 out)" "4,1,,c1,2026-11-05,entertainment,1500.00,1," 'the expense names its request'
run crm-expense add 13000000001 --kind entertainment --amount 100 --date 2026-11-06 --request 1
expect 65 'one expense only'
contains err 'request 1 serves expense 4 already' 'and says which'
crm-expense request 13000000001 --kind gift --amount 3000 --date 2026-11-03 --purpose '春节礼品' -q 2>/dev/null
run crm-expense reject 2 --approver 经理
expect 64 'reject without --reason is a usage error'
run crm-expense reject 2 --approver 经理 --reason '超标'
expect 0 'crm-expense reject'
run crm-expense requests --status rejected
is "$(tail -n +2 out | cut -d, -f1,9)" "2,rejected" 'requests --status'
run crm-expense ls --customer 13000000002 --period 2026
is "$(tail -n +2 out | cut -d, -f6,7 | tr '\n' ' ')" "travel,60.00 other,50.00 " 'crm-expense ls'

# --- the warnings

run crm-alert --as-of 2026-11-28
expect 0 'crm-alert'
is "$(cat out)" "kind,customer_id,code,name,owner,metric,threshold,detail
receivable,1,,c1,,500.00,0.00,\"owes 500.00, over the credit limit 0.00 (no limit set: cash only)\"
progress,2,,c2,,300.00,873.21,\"net sales 300.00 of the target for 2026, 332 of its 365 days gone\"
progress,3,,c3,,700.00,800.00,1000.00 the same days last year; 700.00 since January 1
expense,2,,c2,,110.00,100.00,expenses 110.00 over the budget 100.00 for 2026
churn,3,,c3,,272,90,\"last sale 2026-03-01, 272 days ago (alert.churn_days)\"
churn,4,,c4,,90,90,\"last sale 2026-08-30, 90 days ago (alert.churn_days)\"
churn,5,,c5,,28,20,\"last sale 2026-10-31, 28 days ago (more than twice its median gap between sales)\"
event,6,,c6,,30,30,bankruptcy on 2026-10-29: 破产清算" \
    'receivable without a limit; 300 behind 1200 x 332/365 x 0.8; 700 behind 0.8 x 1000; 110 over 100; churn at 90 days (c2 at 89 is not) and past twice a 10-day gap (c6 at 7 is not); the event 30 days ago (c5'"'"'s 31 is not)'
crm-sale add 13000000002 --date 2026-11-27 --product P --qty 1 --price 573.21 -q 2>/dev/null
run crm-alert --kind progress
is "$(tail -n +2 out | cut -d, -f2 | tr '\n' ' ')" "3 " 'c2 at 873.21, the pace exactly, is no longer behind'
crm-sale void "$(sql "select max(id) from sales where customer_id = 2")" --reason test 2>/dev/null
run crm-alert --kind churn --as-of 2026-11-30
is "$(grep '^churn,2,' out | cut -d, -f6,7)" "91,90" 'c2 at 91 days churns (at 89 it did not)'
crm-expense budget 13000000001 --period 2026 --amount 100000 2>/dev/null
run crm-alert --kind expense
is "$(tail -n +2 out | cut -d, -f2 | tr '\n' ' ')" "2 " 'c1 spends 3,500.00 of a 100,000.00 budget: no warning'
run crm-alert --kind churn,event --exit-status
expect 1 '--exit-status: 1 when a warning was raised'
is "$(tail -n +2 out | cut -d, -f1 | sort -u | tr '\n' ' ')" "churn event " '--kind takes a list'
run crm-alert --kind event --as-of 2026-12-31 --exit-status
expect 0 '--exit-status: 0 when none'
is "$(cat out)" "kind,customer_id,code,name,owner,metric,threshold,detail" 'and the header alone'
run crm-alert --kind flood
expect 64 'an unknown kind is a usage error'
crm-edit 13000000002 --set owner=小王 -q 2>/dev/null
run crm-alert --owner 小王
is "$(tail -n +2 out | cut -d, -f1,2,5 | tr '\n' ' ')" "progress,2,小王 expense,2,小王 " '--owner'
crm-alert --kind progress --as-of 2026-11-28 >/dev/null 2>&1
is "$(sql 'select count(*) from alert_seen')" "0" 'a run without --new records nothing'

# --- --new: only what the previous --new run did not raise

run crm-alert --new
is "$(tail -n +2 out | wc -l | tr -d ' ')" "8" 'the first --new run raises all 8'
run crm-alert --new
is "$(tail -n +2 out | wc -l | tr -d ' ')" "0" 'the next raises nothing new'
crm-event add 13000000001 --kind theft --date 2026-11-27 --note '车辆被盗' -q 2>/dev/null
crm-sale pay 13000000001 500 --date 2026-11-28 -q 2>/dev/null
run crm-alert --new
is "$(tail -n +2 out | cut -d, -f1,2 | tr '\n' ' ')" "event,1 " 'the new event only; the paid receivable is gone'
crm-sale add 13000000001 --date 2026-11-28 --product P --qty 1 --price 10 -q 2>/dev/null
run crm-alert --new --kind receivable
is "$(tail -n +2 out | cut -d, -f1,2 | tr '\n' ' ')" "receivable,1 " 'a warning gone and back is new again'
run crm-alert --new
is "$(tail -n +2 out | wc -l | tr -d ' ')" "0" 'a --new run of some kinds keeps the others'"'"' record'

# --- usage

run crm-expense
expect 64 'crm-expense without a command'
run crm-event
expect 64 'crm-event without a command'
for p in crm-alert crm-expense crm-event; do
	run $p --help
	expect 0 "$p --help"
done

done_testing
