#!/bin/sh
# crm-credit: limits, terms, group credit, check, aging and the blacklist
# (SPEC 3.6, seed 000).  On a hand-made ledger as of 2026-11-28, with
# every expected figure written here: payments settle the oldest sales
# first, a return reduces its own sale, the buckets at their edges, a
# group limit over a parent chain, and the rule of 90 days.
. "$(dirname "$0")/lib.sh"

# P heads a group: S1 is its subsidiary, S2 S1's; X and Y stand alone.
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile
P,13000000001
CSV
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,parent
S1,13000000002,1
CSV
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,parent
S2,13000000003,2
X,13000000004,
Y,13000000005,
CSV

sale() { # CUSTOMER DATE AMOUNT REF
	crm-sale add "$1" --date "$2" --product P --qty 1 --price "$3" --ref "$4" -q 2>/dev/null
}

# --- set, and the due date from the customer's own terms

run crm-credit set 13000000004 --limit 1000 --terms 10
expect 0 'crm-credit set --limit --terms'
sale 13000000004 2026-07-01 300 X1
is "$(sql "select due_date from sales where ref = 'X1'")" "2026-07-11" 'a sale is due after the customer'"'"'s own 10 days'
sale 13000000004 2026-09-20 200 X2
sale 13000000004 2026-10-25 100 X3
sale 13000000004 2026-11-20 50 X4
crm-sale pay 13000000004 350 --date 2026-11-01 -q 2>/dev/null
crm-sale return 13000000004 --ref X3 --amount 40 --date 2026-10-30 -q 2>/dev/null
sale 13000000005 2026-05-01 100 Y1
is "$(sql "select due_date from sales where ref = 'Y1'")" "2026-05-31" 'without terms of its own, credit.terms_days (30)'
sale 13000000002 2026-11-25 200 S1
sale 13000000003 2026-11-26 250 S2
run crm-credit set 13000000001 --group --limit 500
expect 0 'crm-credit set --group'
run crm-credit set 13000000001 --group --limit 500 --terms 5
expect 64 '--group with --terms is a usage error'
run crm-credit set 13000000001 --limit abc
expect 65 'a limit that is no amount is a data error'
run crm-credit set 13999999999 --limit 1
expect 66 'an unknown customer exits 66'

# --- aging: X owes 300 + 200 + 100 + 50 - 350 - 40 = 260; the payment
# settles X1 (due 07-11) and 50 of X2 (due 09-30: 59 days); X3 (due 11-04:
# 24 days) is 60 after its return; X4 (due 11-30) is not due

run crm-credit aging
expect 0 'crm-credit aging'
is "$(cat out)" "id,code,name,receivable,not_due,d1_30,d31_60,d61_90,over_90
2,,S1,200.00,200.00,0.00,0.00,0.00,0.00
3,,S2,250.00,250.00,0.00,0.00,0.00,0.00
4,,X,260.00,50.00,60.00,150.00,0.00,0.00
5,,Y,100.00,0.00,0.00,0.00,0.00,100.00
total,,,810.00,500.00,60.00,150.00,0.00,100.00" \
    'FIFO aging: oldest first, a return on its own sale, P who owes nothing left out'
run crm-credit aging --as-of 2026-09-30
is "$(grep '^4,' out)" "4,,X,500.00,200.00,0.00,0.00,300.00,0.00" \
    'as of 2026-09-30: X2, due that day, is not due; X1 is 81 days past due'
run crm-credit aging --as-of 2026-10-09
is "$(grep '^4,' out)" "4,,X,500.00,0.00,200.00,0.00,300.00,0.00" \
    'as of 2026-10-09: X1 is 90 days past due (61-90), X2 9 (1-30)'
run crm-credit aging --as-of 2026-10-10
is "$(grep '^4,' out)" "4,,X,500.00,0.00,200.00,0.00,0.00,300.00" 'a day later X1 is 91 days: over 90'

# the bucket edges on X2 (due 2026-09-30, 200.00 then, nothing paid yet
# by 2026-10-31): 30 days is 1-30, 31 is 31-60, 60 is 31-60, 61 is 61-90
for pair in 2026-10-30:d1_30 2026-10-31:d31_60 2026-11-29:d31_60 2026-11-30:d61_90; do
	day=${pair%:*} want=${pair#*:}
	crm-credit aging --as-of "$day" >edge.csv 2>/dev/null
	got=$(awk -F, -v want="$want" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
	    $1 == 4 { print $col[want] }' edge.csv)
	case $day in
	2026-10-3*) expected=200.00 ;;   # before the payment of 11-01
	*) expected=150.00 ;;            # after it, 50 of X2 is paid
	esac
	is "$got" "$expected" "as of $day X2 is in $want"
done

# --- ls

run crm-credit ls
expect 0 'crm-credit ls'
is "$(cat out)" "id,code,name,limit,terms,receivable,overdue,available,group_id,group_limit,group_receivable,status
1,,P,0.00,30,0.00,0.00,0.00,1,500.00,450.00,active
2,,S1,0.00,30,200.00,0.00,-200.00,1,500.00,450.00,active
3,,S2,0.00,30,250.00,0.00,-250.00,1,500.00,450.00,active
4,,X,1000.00,10,260.00,210.00,740.00,,,,active
5,,Y,0.00,30,100.00,100.00,-100.00,,,,active" \
    'limits (default 0), terms, receivable, overdue, available, and the group of the whole chain'

run crm-credit ls --as-of 2026-09-30
is "$(grep '^4,' out | cut -d, -f6,7)" "500.00,300.00" 'ls --as-of: receivable and overdue as of that day'

# --- check

run crm-credit check 13000000004 740
expect 0 'X may take 740.00 more (1000.00 - 260.00)'
is "$(cat out)" "customer_id,code,name,amount,receivable,limit,group_receivable,group_limit,result,reason
4,,X,740.00,260.00,1000.00,,,ok," 'the check row'
run crm-credit check 13000000004 740.01
expect 1 'but not a fen more'
is "$(tail -n 1 out | cut -d, -f9-)" "refused,\"receivable would be 1000.01, over the limit 1000.00\"" 'the reason names the limit'
run crm-credit check 13000000003 40
expect 1 'S2 without a limit of its own: the default 0 is cash only'
crm-credit set 13000000003 --limit 1000 2>/dev/null
run crm-credit check 13000000003 50
expect 0 'S2 with a limit: 450.00 + 50.00 stays within the group limit 500.00'
is "$(tail -n 1 out)" "3,,S2,50.00,250.00,1000.00,450.00,500.00,ok," 'with the group receivable'
run crm-credit check 13000000003 50.01
expect 1 'a fen over the group limit of P, two levels up'
contains out "the group of customer 1 would owe 500.01, over its group limit 500.00" 'the reason names the group'
crm-credit set 13000000002 --group --limit 300 2>/dev/null
run crm-credit check 13000000003 1
expect 1 'S1 heads a group of its own now: S1 200 + S2 250 is over 300'
contains out "the group of customer 2 would owe 451.00, over its group limit 300.00" 'the nearer group is named'
run crm-credit check 13000000004 abc
expect 65 'an amount that is no amount is a data error'
run crm-credit check 13000000004
expect 64 'check without AMOUNT is a usage error'

# --- the blacklist: more than 90 days past due

run crm-credit blacklist
expect 0 'crm-credit blacklist (a dry run)'
is "$(cat out)" "id,code,name,overdue_amount,days_past_due,action
5,,Y,100.00,181,add" 'Y is 181 days past due (due 05-31): add; X (59 days) is not'
is "$(sql "select status from customers where id = 5")" "active" 'a dry run changes nothing'
run crm-credit blacklist --as-of 2026-08-29
is "$(tail -n +2 out)" "" 'as of 2026-08-29 Y is 90 days past due: not yet'
run crm-credit blacklist --as-of 2026-08-30
is "$(tail -n +2 out | cut -d, -f5,6)" "91,add" 'as of 2026-08-30, 91 days: add'
run crm-credit blacklist --apply
expect 0 'crm-credit blacklist --apply'
is "$(sql "select status from customers where id = 5")" "blacklisted" 'Y is blacklisted'
run crm-credit check 13000000005 0
expect 1 'a blacklisted customer fails check'
contains out 'blacklisted since' 'naming the blacklist entry'
run crm-show 13000000005 --format csv
contains out 'credit,"receivable 100.00, 100.00 past due, limit 0.00, terms 30 days"' 'crm-show: the credit'
contains out 'blacklisted,' 'and the blacklist entry'
grep '^blacklisted,' out | grep -q 'past due for 181 days (over 90)'
ok $? 'with the rule'"'"'s reason'
run crm-grade --period 2026
is "$(grep -c ',Y,' out)" "0" 'and is not graded'
run crm-credit blacklist
is "$(tail -n +2 out | cut -d, -f1,6)" "5,keep" 'listed already: keep'
crm-sale pay 13000000005 100 --date 2026-11-28 -q 2>/dev/null
run crm-credit blacklist
is "$(tail -n +2 out | cut -d, -f1,4,6)" "5,0.00,lift" 'paid: the rule lifts it'
crm-credit blacklist --apply -q 2>/dev/null
is "$(sql "select status from customers where id = 5")" "active" 'and --apply takes it off, to the status it had'

run crm-credit blacklist --add 13000000004 --reason '拖欠货款' --until 2026-12-31
expect 0 'blacklist --add by hand'
run crm-credit blacklist --list
is "$(tail -n +2 out | cut -d, -f1,3,5,6,7)" "4,X,2026-12-31,拖欠货款,manual" 'the list: until, reason, source'
run crm-credit check 13000000004 1
expect 1 'X fails check'
run crm-credit check 13000000004 1 --as-of 2027-01-01
expect 0 'after its until date X passes again'
run crm-credit blacklist
is "$(tail -n +2 out)" "" 'the rule does not lift a manual entry'
crm-credit blacklist --add 13000000005 --reason '暂停' --until 2026-12-31 2>/dev/null
run crm-credit blacklist --as-of 2027-01-01
is "$(tail -n +2 out | cut -d, -f1,5,6 | tr '\n' ' ')" "4,93,add 5,0,lift " \
    'once their until date has passed: Y, who owes nothing, is lifted; X, 93 days late by then, goes on by the rule'
crm-credit blacklist --remove 13000000005 --reason ok 2>/dev/null
run crm-credit blacklist --add 13000000004 --reason x --until 2026-11-27
expect 65 'an until date before today is refused'
run crm-credit blacklist --add 13000000004 --reason x --apply
expect 64 '--apply with --add is a usage error'
run crm-credit blacklist --remove 13000000004 --reason '已结清'
expect 0 'blacklist --remove'
is "$(sql "select status from customers where id = 4") $(sql "select count(*) from credit_blacklist")" "active 0" 'X is off the list'
run crm-credit blacklist --remove 13000000004 --reason again
expect 65 'removing one not on the list exits 65'
run crm-credit blacklist --add 13000000004
expect 64 '--add without --reason is a usage error'

# --- crm-report aging: the same table as a report, with its filters

crm-credit aging >aging.csv 2>/dev/null
run crm-report aging
expect 0 'crm-report aging'
cmp -s out aging.csv
ok $? 'it is the table of crm-credit aging'
crm-edit 13000000004 --set owner=小王 -q 2>/dev/null
run crm-report aging --owner 小王
is "$(cat out)" "id,code,name,receivable,not_due,d1_30,d31_60,d61_90,over_90
4,,X,260.00,50.00,60.00,150.00,0.00,0.00
total,,,260.00,50.00,60.00,150.00,0.00,0.00" '--owner: only that owner'"'"'s customers, and their total'

# --- usage

run crm-credit
expect 64 'no command is a usage error'
run crm-credit frobnicate
expect 64 'an unknown command is a usage error'
run crm-credit ls --limit 5
expect 64 'an option that does not go with the command'
run crm-credit --help
expect 0 '--help'
run crm-credit --version
expect 0 '--version'

done_testing
