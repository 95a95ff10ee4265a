#!/bin/sh
# crm-grade: customer grading over the sales ledger (SPEC 3.3).  Each
# scheme on a small hand-made data set whose expected grade for every
# customer is written here, computed by hand: abc at n = 10 and n = 7
# (⌈⌉ rounding), ties going up, no sales and net sales <= 0; pareto's
# crossing customer; value; ae at exactly 0.90 and by a grade's target;
# activity's precedence at the 90- and 180-day boundaries; rfm scores on
# a 5-customer set; vip with one thin month.  Then --apply, the approval
# of moves into and out of A, pending/approve/reject, the history in
# crm-show, crm-ls --grade, the config keys, and the usage errors.
. "$(dirname "$0")/lib.sh"

header='id,code,name,metric,share,cum_share,old_grade,new_grade,change'

# store NAME: a fresh store for one data set.
store() {
	CRM_DB=$trash/$1.db
	export CRM_DB
}

# customers N: customers c01..cNN with mobiles 130000000NN.
customers() {
	i=1
	{
		echo 'name,mobile'
		while [ $i -le "$1" ]; do
			printf 'c%02d,130000000%02d\n' $i $i
			i=$((i + 1))
		done
	} | crm-add --csv - -q 2>/dev/null
}

# sales: lines "N DATE QTY AMOUNT [REF]" on stdin (N the customer's
# number) imported into the ledger; every row must be added.
sales() {
	awk 'BEGIN { print "customer,date,product,qty,amount,ref" }
	    { printf "130000000%02d,%s,P,%s,%s,%s\n", $1, $2, $3, $4, $5 }' > sales.csv
	crm-sale import sales.csv -q 2>sales.err
	[ $? -eq 0 ] || sed 's/^/# import: /' sales.err
}

# grades: the id,new_grade (and change) columns of ./out, one line.
grades() {
	tail -n +2 out | cut -d, -f1,8 | tr '\n' ' '
}

# --- 0. a store that does not exist

store missing
run crm-grade
expect 66 'crm-grade on a missing store exits 66'
[ ! -e "$CRM_DB" ]
ok $? 'and does not create it'
for cmd in '--apply' 'approve --all --approver 经理' 'reject --all --reason x' 'pending'; do
	run crm-grade $cmd
	expect 66 "crm-grade $cmd on a missing store exits 66"
done
[ ! -e "$CRM_DB" ]
ok $? 'and none of them creates it'

# --- 1. abc at n = 10: ⌈10·20/100⌉ = 2 A, ⌈10·70/100⌉ = 7 A or B

store abc10
customers 10
sales <<'EOF'
1 2026-03-01 1 100
2 2026-03-02 1 200
3 2026-03-03 1 300
4 2026-03-04 1 400
5 2026-03-05 1 500
6 2026-03-06 1 600
7 2026-03-07 1 700
8 2026-03-08 1 800
9 2026-03-09 1 900
10 2026-03-10 1 1000
EOF
run crm-grade --period 2026
expect 0 'crm-grade --period 2026 (a dry run)'
is "$(cat out)" "$header
10,,c10,1000.00,0.1818,0.1818,,A,new
9,,c09,900.00,0.1636,0.3455,,A,new
8,,c08,800.00,0.1455,0.4909,,B,new
7,,c07,700.00,0.1273,0.6182,,B,new
6,,c06,600.00,0.1091,0.7273,,B,new
5,,c05,500.00,0.0909,0.8182,,B,new
4,,c04,400.00,0.0727,0.8909,,B,new
3,,c03,300.00,0.0545,0.9455,,C,new
2,,c02,200.00,0.0364,0.9818,,C,new
1,,c01,100.00,0.0182,1.0000,,C,new" 'n = 10: 2 A, 5 B, 3 C in rank order, shares of 5500.00'
is "$(cat err)" "crm-grade: 10 customers graded by abc over 2026: 10 changes, 0 pending approval (dry run: nothing written; --apply writes)" \
    'the summary on stderr says it was a dry run'
is "$(sql 'select count(*) from grades') $(sql 'select count(*) from customers where grade is not null')" "0 0" \
    'a dry run writes no grade'

run crm-grade --period 2026 --scheme abc --format json
expect 0 '--format json'
contains out '"metric":"1000.00","share":0.1818,"cum_share":0.1818' 'json: shares are numbers, the metric text'

crm-config grade.abc.split 10/30/60 2>/dev/null
run crm-grade --period 2026
is "$(grades)" "10,A 9,B 8,B 7,B 6,C 5,C 4,C 3,C 2,C 1,C " \
    'grade.abc.split 10/30/60: 1 A, 3 B, 6 C'
crm-config --unset grade.abc.split 2>/dev/null || crm-config grade.abc.split 20/50/30

# --- 2. abc at n = 7: ⌈1.4⌉ = 2 A, ⌈4.9⌉ = 5 A or B

store abc7
customers 7
sales <<'EOF'
1 2026-03-01 1 100
2 2026-03-02 1 200
3 2026-03-03 1 300
4 2026-03-04 1 400
5 2026-03-05 1 500
6 2026-03-06 1 600
7 2026-03-07 1 700
EOF
run crm-grade --period 2026
is "$(grades)" "7,A 6,A 5,B 4,B 3,B 2,C 1,C " 'n = 7: 2 A, 3 B, 2 C (⌈⌉ rounding)'

# --- 3. ties go up, at the A/B and the B/C boundary

store ties
customers 10
sales <<'EOF'
1 2026-03-01 1 1000
2 2026-03-02 1 900
3 2026-03-03 1 900
4 2026-03-04 1 600
5 2026-03-05 1 500
6 2026-03-06 1 400
7 2026-03-07 1 300
8 2026-03-08 1 300
9 2026-03-09 1 200
10 2026-03-10 1 100
EOF
run crm-grade --period 2026
is "$(grades)" "1,A 2,A 3,A 4,B 5,B 6,B 7,B 8,B 9,C 10,C " \
    'the 3rd equals the 2nd (A) and the 8th the 7th (B): both go up'

# --- 4. no sales, net sales 0 and below after returns; payments and
# voided rows count for nothing

store zero
customers 10
sales <<'EOF'
5 2025-12-15 1 300 INV5
6 2026-04-01 1 100 INV6
6 2026-04-02 -1 -100 INV6
7 2026-04-03 1 500
8 2026-04-04 1 400
9 2026-04-05 1 300
10 2026-04-06 1 200
5 2026-02-01 -1 -300 INV5
EOF
crm-sale pay 13000000001 5000 --date 2026-05-01 -q 2>/dev/null
crm-sale add 13000000002 --date 2026-05-02 --product P --qty 1 --price 9000 -q 2>/dev/null
id=$(sql "select id from sales where amount = 900000")
crm-sale void "$id" --reason mistake 2>/dev/null
run crm-grade --period 2026
is "$(cat out)" "$header
7,,c07,500.00,0.3571,0.3571,,A,new
8,,c08,400.00,0.2857,0.6429,,A,new
9,,c09,300.00,0.2143,0.8571,,B,new
10,,c10,200.00,0.1429,1.0000,,B,new
1,,c01,0.00,0.0000,1.0000,,C,new
2,,c02,0.00,0.0000,1.0000,,C,new
3,,c03,0.00,0.0000,1.0000,,C,new
4,,c04,0.00,0.0000,1.0000,,C,new
6,,c06,0.00,0.0000,1.0000,,C,new
5,,c05,-300.00,0.0000,1.0000,,C,new" \
    'n = 10 with 4 positive: 2 A, 2 B; no sales, net 0 and net -300 (a return of a 2025 sale) are C'
run crm-grade --period 2026 --scheme value
# shares before: c07 0, c08 500/1400 = 0.357, c09 0.643, c10 0.857
is "$(grades)" "7,strategic 8,strategic 9,important 10,general 1,potential 2,potential 3,potential 4,potential 6,general 5,potential " \
    'value: a sale returned in full is general, no sale in the period potential'

crm-add --csv - -q 2>/dev/null <<'EOF'
name,mobile
黑名单,13000000011
已删除,13000000012
EOF
printf '11 2026-06-01 1 99999\n12 2026-06-01 1 99999\n' | sales
# (the blacklist is crm-credit's; here the status is set by hand)
sql "update customers set status = 'blacklisted' where id = 11"
crm-rm 13000000012 --reason test -q 2>/dev/null
run crm-grade --period 2026
is "$(tail -n +2 out | wc -l | tr -d ' ')" "10" 'blacklisted and deleted customers are not graded'

# --- 5. pareto: A while the share before is below 0.80, B below 0.95

store pareto
customers 4
sales <<'EOF'
1 2026-03-01 1 50
2 2026-03-02 1 30
3 2026-03-03 1 15
4 2026-03-04 1 5
EOF
run crm-grade --period 2026 --scheme pareto
is "$(cat out)" "$header
1,,c01,50.00,0.5000,0.5000,,A,new
2,,c02,30.00,0.3000,0.8000,,A,new
3,,c03,15.00,0.1500,0.9500,,B,new
4,,c04,5.00,0.0500,1.0000,,C,new" \
    'pareto: the customer that crosses 0.80 is A; one that starts at 0.80 is B, at 0.95 C'
run crm-grade --period 2026 --scheme value
is "$(grades)" "1,strategic 2,important 3,general 4,general " \
    'value (50/80): starting at 0.50 is important, at 0.80 general'
crm-config grade.pareto.cut 50/80 2>/dev/null
run crm-grade --period 2026 --scheme pareto
is "$(grades)" "1,A 2,B 3,C 4,C " 'grade.pareto.cut 50/80'

# --- 6. ae: achieved = net / target, A >= 0.90, B >= 0.80, C >= 0.70,
# D >= 0.60, else E; a grade's target for a customer without its own

store ae
customers 9
# grade B from an earlier grading, set by hand
sql "update customers set grade = 'B' where id in (8, 9)"
sales <<'EOF'
1 2026-03-01 1 900
2 2026-03-01 1 899
3 2026-03-01 1 800
4 2026-03-01 1 799
5 2026-03-01 1 600
6 2026-03-01 1 599
7 2026-03-01 1 5000
8 2026-03-01 1 1900
9 2026-03-01 1 500
EOF
for i in 1 2 3 4 5 6 9; do
	crm-sale target 1300000000$i --period 2026 --amount 1000 -q 2>/dev/null
done
crm-sale target --grade B --period 2026 --amount 2000 -q 2>/dev/null
crm-sale target 13000000007 --period 2026-Q1 --amount 1000 -q 2>/dev/null
run crm-grade --period 2026 --scheme ae
expect 0 'crm-grade --scheme ae'
is "$(cat out)" "$header
8,,c08,0.9500,,,,A,new
1,,c01,0.9000,,,,A,new
2,,c02,0.8990,,,,B,new
3,,c03,0.8000,,,,B,new
4,,c04,0.7990,,,,C,new
5,,c05,0.6000,,,,D,new
6,,c06,0.5990,,,,E,new
9,,c09,0.5000,,,,E,new
7,,c07,,,,,," \
    'ae: exactly 0.90 is A, 0.899 B; the grade B target for c08, its own for c09; no target for the period: empty; old grades are the scheme'"'"'s own'

crm-grade --period 2026 --scheme ae --apply -q
printf '2 2026-04-01 1 100\n' | sales
run crm-grade --period 2026 --scheme ae
is "$(tail -n +2 out | cut -d, -f1,4,7,8,9 | head -3 | tr '\n' ' ')" "2,0.9990,B,A,pending 8,0.9500,A,A,same 1,0.9000,A,A,same " \
    'ae: c02 reaches 0.999 and rises from B into A: pending'
run crm-grade --period 2026 --scheme ae --apply
is "$(sql "select grade from grades where customer_id = 2 and scheme = 'ae'") $(sql "select new_grade from grade_pending where customer_id = 2")" \
    "B A" 'applied without an approver, it waits'

# --- 7. activity at the as-of date 2026-11-28 (window 2026-Q1..Q4)

store activity
customers 10
sales <<'EOF'
2 2026-08-31 1 100
3 2026-08-30 1 100
4 2026-06-01 1 100
5 2026-06-02 1 100
6 2026-02-10 1 100
6 2026-05-10 1 100
6 2026-10-10 1 100
7 2025-12-20 1 100
7 2026-05-10 1 100
7 2026-10-10 1 100
EOF
run crm-grade --scheme activity --as-of 2026-11-28
expect 0 'crm-grade --scheme activity'
is "$(cat out)" "$header
1,,c01,,,,,potential,new
2,,c02,89,,,,new,new
3,,c03,90,,,,general,new
4,,c04,180,,,,churned,new
5,,c05,179,,,,general,new
6,,c06,49,,,,loyal,new
7,,c07,49,,,,general,new
8,,c08,,,,,potential,new
9,,c09,,,,,potential,new
10,,c10,,,,,potential,new" \
    'activity: first sale 89 days ago new, 90 not; last sale 180 days ago churned, 179 not; 3 of 4 quarters loyal, 2 not'

store activity2
customers 2
sales <<'EOF'
1 2026-02-01 1 100
1 2026-05-01 1 100
1 2026-07-04 1 100
2 2026-10-05 1 100
2 2026-11-10 1 100
EOF
run crm-grade --scheme activity --as-of 2026-12-31
is "$(grades)" "1,churned 2,new " \
    'churned comes before loyal (3 quarters, last sale 180 days before 2026-12-31)'
run crm-grade --scheme activity --as-of 2026-07-03
is "$(grades)" "1,general 2,potential " \
    'a sale after the as-of date does not count: c02 has bought nothing by then'
crm-config grade.activity.churn_days 200 2>/dev/null
run crm-grade --scheme activity --as-of 2026-12-31
is "$(grades)" "1,loyal 2,new " 'grade.activity.churn_days 200: c01 is loyal'

# --- 8. rfm on 5 customers (and one without a sale), as of 2026-11-28:
#   last        F  M        R (r)  F (r)  M (r)
#   c01 11-20   3  1500     4 (4)  4 (4)  4 (4)
#   c02 11-20   1   100     4 (4)  1 (1)  1 (1)
#   c03 07-01   2  4000     2 (2)  3 (3)  5 (5)
#   c04 03-01   1   300     1 (1)  1 (1)  2 (2)
#   c05 10-18   4   800     3 (3)  5 (5)  3 (3)
# score = 1 + ⌊5·(r−1)/5⌋

store rfm
customers 6
sales <<'EOF'
1 2026-09-01 1 500
1 2026-10-01 1 500
1 2026-11-20 1 500
2 2026-11-20 1 100
3 2026-06-01 1 2000
3 2026-07-01 1 2000
4 2026-03-01 1 300
5 2026-10-15 1 200
5 2026-10-16 1 200
5 2026-10-17 1 200
5 2026-10-18 1 200
5 2026-10-18 1 0.01
EOF
run crm-grade --scheme rfm --period 2026
expect 0 'crm-grade --scheme rfm'
is "$(cat out)" "$header
1,,c01,444,,,,loyal,new
2,,c02,411,,,,promising,new
5,,c05,353,,,,loyal,new
3,,c03,235,,,,at_risk,new
4,,c04,112,,,,hibernating,new
6,,c06,,,,,inactive,new" \
    'rfm: the scores and segments of 5 customers; two sales on one day are one day; no sale: inactive'

# --- 9. vip: the fewest sale days in a whole month of the period

store vip
customers 5
sales <<'EOF'
1 2026-01-05 1 10
1 2026-01-06 1 10
1 2026-02-05 1 10
1 2026-02-06 1 10
1 2026-03-05 1 10
1 2026-03-06 1 10
2 2026-01-05 1 10
2 2026-01-06 1 10
2 2026-01-07 1 10
2 2026-02-05 1 10
2 2026-03-05 1 10
2 2026-03-06 1 10
3 2026-01-05 1 10
3 2026-01-05 1 10
3 2026-02-05 1 10
3 2026-02-05 1 10
3 2026-03-05 1 10
3 2026-03-05 1 10
EOF
run crm-grade --scheme vip --period 2026-Q1
expect 0 'crm-grade --scheme vip --period 2026-Q1'
is "$(cat out)" "$header
1,,c01,2,,,,vip,new
2,,c02,1,,,,regular,new
3,,c03,1,,,,regular,new
4,,c04,0,,,,regular,new
5,,c05,0,,,,regular,new" \
    'vip: 2 days every month is vip; one thin month (1 day in February) is regular; two sales on one day are one day'
# 12m ending 2026-11-20: December 2025 to October 2026, November not whole
for m in 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10; do
	echo "5 $m-10 1 10"
	echo "5 $m-11 1 10"
done | sales
run crm-grade --scheme vip --as-of 2026-11-20
is "$(grades)" "1,regular 2,regular 3,regular 4,regular 5,vip " \
    '12m to 2026-11-20: 2 days in every month December to October is vip, without a sale in November'
crm-config grade.vip.per_month 3 2>/dev/null
run crm-grade --scheme vip --as-of 2026-11-20
is "$(grades)" "1,regular 2,regular 3,regular 4,regular 5,regular " 'grade.vip.per_month 3'
run crm-grade --scheme vip --period 2026-11-05..2026-11-20
expect 64 'a period without a whole month is a usage error for vip'
contains err "no whole calendar month" 'it says why'

# --- 10. --apply, the approval of moves into and out of A, the history

store apply
customers 10
sales <<'EOF'
1 2026-03-01 1 100
2 2026-03-02 1 200
3 2026-03-03 1 300
4 2026-03-04 1 400
5 2026-03-05 1 500
6 2026-03-06 1 600
7 2026-03-07 1 700
8 2026-03-08 1 800
9 2026-03-09 1 900
10 2026-03-10 1 1000
EOF
run crm-grade --period 2026 --apply
expect 0 'crm-grade --apply'
is "$(sql "select id, grade from customers order by id" | tr '\n' ' ')" \
    "1|C 2|C 3|C 4|B 5|B 6|B 7|B 8|B 9|A 10|A " 'a first grade applies at once, A included'
is "$(sql "select count(*) from grade_history where event = 'graded' and old_grade is null")" "10" \
    'a history row per new grade'
is "$(sql "select scheme, grade, metric, period from grades where customer_id = 10")" "abc|A|1000.00|2026" \
    'the grade is kept per scheme with its metric and period'
run crm-grade --period 2026 --apply
is "$(tail -n +2 out | cut -d, -f9 | sort -u)" "same" 'graded again: every change is same'
is "$(sql "select count(*) from grade_history")" "10" 'and no history is added'

# c01 rises to the top, c09 falls out of A
printf '1 2026-06-01 1 5000\n' | sales
run crm-grade --period 2026
is "$(tail -n +2 out | cut -d, -f1,7,8,9 | head -3 | tr '\n' ' ')" "1,C,A,pending 10,A,A,same 9,A,B,pending " \
    'dry run: the moves into and out of A show as pending'
is "$(sql "select count(*) from grade_pending")" "0" 'and a dry run keeps none'
run crm-grade --period 2026 --apply
expect 0 '--apply without --approver'
is "$(tail -n 1 err)" "crm-grade: 10 customers graded by abc over 2026: 1 change, 2 pending approval" \
    'the summary counts the pending changes'
is "$(sql "select id, grade from customers where id in (1, 4, 9) order by id" | tr '\n' ' ')" "1|C 4|C 9|A " \
    'the A moves wait (c01 stays C, c09 stays A); c04 falls from B to C at once'
run crm-grade pending
expect 0 'crm-grade pending'
is "$(cat out)" "id,code,name,scheme,period,old_grade,new_grade,since
1,,c01,abc,2026,C,A,$(sql "select since from grade_pending where customer_id = 1")
9,,c09,abc,2026,A,B,$(sql "select since from grade_pending where customer_id = 9")" \
    'pending lists both'
run crm-ls --grade A --columns id
is "$(tail -n +2 out | tr '\n' ' ')" "9 10 " 'crm-ls --grade A: the grades in force'

run crm-grade approve 13000000001
expect 64 'approve without --approver is a usage error'
run crm-grade --period 2026 --apply --approver ''
expect 64 'an empty --approver is a usage error'
is "$(sql "select count(*) from grade_pending")" "2" 'and changes nothing'
run crm-grade approve 13000000003 --approver 经理
expect 65 'approving a customer with nothing pending exits 65'
contains err "no grade change waits for approval" 'and says so'
run crm-grade approve 13000000001 --approver 经理
expect 0 'crm-grade approve CUSTOMER --approver'
is "$(sql "select grade from customers where id = 1")" "A" 'c01 is A now'
is "$(sql "select old_grade, new_grade, event, approver from grade_history where customer_id = 1 order by id desc limit 1")" \
    "C|A|approved|经理" 'the history names the approver'
run crm-grade reject 13000000009
expect 64 'reject without --reason is a usage error'
run crm-grade reject 13000000009 --reason '大客户, 保留'
expect 0 'crm-grade reject CUSTOMER --reason'
is "$(sql "select grade from customers where id = 9") $(sql "select count(*) from grade_pending")" "A 0" \
    'c09 stays A and nothing waits'
is "$(sql "select event, reason from grade_history where customer_id = 9 order by id desc limit 1")" \
    "rejected|大客户, 保留" 'the rejection is kept with its reason'

# the manager approves in the run itself
run crm-grade --period 2026 --apply --approver 经理
is "$(sql "select grade from customers where id = 9")" "B" 'with --approver, c09 moves out of A'
is "$(sql "select event, approver from grade_history where customer_id = 9 order by id desc limit 1")" \
    "approved|经理" 'recorded as approved'

# a later --apply replaces a pending change with the new result
printf '2 2026-07-01 1 9000\n' | sales
crm-grade --period 2026 --apply -q
is "$(sql "select customer_id, old_grade, new_grade from grade_pending order by customer_id" | tr '\n' ' ')" \
    "2|C|A 10|A|B " 'c02 rises into A and c10 falls out of it: both pending'
printf '10 2026-07-02 1 20000\n' | sales
crm-grade --period 2026 --apply -q
is "$(sql "select customer_id, old_grade, new_grade from grade_pending order by customer_id" | tr '\n' ' ')" \
    "1|A|B 2|C|A " "c10 tops the list again (21000, c02 9200, c01 5100): its fall is dropped, c01 falls out of A"
run crm-grade approve --all --approver 经理
expect 0 'approve --all'
is "$(sql "select id, grade from customers where id in (1, 2, 10) order by id" | tr '\n' ' ')$(sql "select count(*) from grade_pending")" \
    "1|B 2|A 10|A 0" 'c01 is B, c02 and c10 A, and nothing waits'

run crm-show 13000000009 --format csv
expect 0 'crm-show of a graded customer'
contains out 'grade.abc,B  900.00  over 2026' 'it shows the grade with its metric and period'
contains out 'grade_history,' 'and the grade history'
contains out 'abc A -> B rejected' 'with the rejection'
contains out 'abc A -> B approved by 经理' 'and the approval'
run crm-show 13000000009 --format json
contains out '"grades":[{"scheme":"abc","grade":"B","metric":"900.00","period":"2026"' 'json: the grades'
contains out '"grade_history":[{' 'json: the grade history'
run crm-show 13000000009 --history
contains out 'grade,A,B' 'crm-show --history has the change of the grade field'

# other schemes are kept apart; crm-ls --grade scheme:grade
crm-grade --scheme vip --period 2026-03 --apply -q
is "$(sql "select count(*) from grades where scheme = 'vip'") $(sql "select grade from customers where id = 9")" "10 B" \
    'a vip run keeps its grades apart and leaves customers.grade alone'
run crm-ls --grade vip:regular --columns id
is "$(tail -n +2 out | wc -l | tr -d ' ')" "10" 'crm-ls --grade vip:regular'
run crm-ls --grade rfm:champions --columns id
is "$(tail -n +2 out | wc -l | tr -d ' ')" "0" 'crm-ls --grade rfm:champions: none graded by rfm'
run crm-ls --grade bogus:A
expect 64 'crm-ls --grade with an unknown scheme is a usage error'
crm-config grade.primary vip 2>/dev/null
crm-grade --scheme vip --period 2026-03 --apply -q
is "$(sql "select grade from customers where id = 9")" "regular" \
    'grade.primary vip: a vip run sets customers.grade'
is "$(sql "select count(*) from audit_log where command = 'crm-grade' and action = 'grade'")" "8" \
    'every --apply is in the audit log'

# --- 11. config keys are checked

run crm-config grade.abc.split 20/50/20
expect 64 'a split that does not add up to 100 is refused'
contains err 'add up to 100' 'and says so'
run crm-config grade.pareto.cut 95/80
expect 64 'falling pareto cuts are refused'
run crm-config grade.ae.cut 60/70/80/90
expect 64 'rising ae cuts are refused'
run crm-config grade.ae.cut 90/80/70
expect 64 'three ae cuts are refused'
run crm-config grade.primary xyz
expect 64 'an unknown primary scheme is refused'
run crm-config grade.ae.cut 110/100/90/80
expect 0 'ae cuts above 100 are fine (a target can be beaten)'
run crm-config grade.vip.per_month 0
expect 64 'vip per month 0 is refused'

# --- 12. usage

run crm-grade --scheme xyz
expect 64 'an unknown scheme is a usage error'
run crm-grade --apply --dry-run
expect 64 '--apply with --dry-run is a usage error'
run crm-grade --period 2026-13
expect 64 'a bad period is a usage error'
run crm-grade --as-of 2026-02-30
expect 64 'a bad --as-of is a usage error'
run crm-grade frobnicate
expect 64 'an unknown command is a usage error'
run crm-grade --help
expect 0 '--help'
contains out 'usage: crm-grade' 'shows the usage'
run crm-grade --version
expect 0 '--version'

# --- 13. progress on a terminal, none in a pipe

store progress
customers 3
printf '1 2026-03-01 1 100\n' | sales
script -qec "crm-grade --period 2026 >/dev/null" /dev/null >tty.out 2>&1
contains tty.out 'of 3 customers graded' 'on a terminal, a progress line'
run crm-grade --period 2026
[ "$(grep -c 'customers graded (' err)" = 0 ]
ok $? 'in a pipe, no progress line'

done_testing
