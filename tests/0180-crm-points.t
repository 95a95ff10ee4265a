#!/bin/sh
# crm-points: the referral credit when a referred customer is added, the
# credits of its net sales at 999.99, 1,000.00 and 2,999.99 by accrue,
# run twice, and redemptions that never take a balance below zero, on
# hand-made customers with every expected row written here (SPEC 3.8,
# seed 003 篇10).
. "$(dirname "$0")/lib.sh"

header='id,customer_id,code,name,date,points,reason,balance'

# sale CUSTOMER DATE AMOUNT REF: one sale
sale() {
	crm-sale add "$1" --date "$2" --product 茶叶 --qty 1 --price "$3" --ref "$4" -q
}

run crm-points
expect 64 'crm-points without a command exits 64'
run crm-points balance
expect 66 'crm-points balance on a missing store exits 66'
run crm-points --help
expect 0 '--help exits 0'
contains out "crm-points redeem CUSTOMER N --reason T" 'and shows the usage'
run crm-points --version
expect 0 '--version exits 0'
run crm-points accrue --reason x
expect 64 '--reason does not go with accrue'

# --- the referral credit

for i in 1 2 3 4; do crm-add "r$i" --mobile "1350000000$i" -q; done
run crm-add n1 --mobile 13500000005 --referred-by 13500000001
expect 0 'crm-add --referred-by'
is "$(sql 'select referred_by from customers where id = 5')" "1" 'keeps the referrer'
run crm-points ls
expect 0 'crm-points ls'
is "$(cat out)" "$header
1,1,,r1,2026-11-28,100,referral of id 5 n1,100" 'the referrer got points.referral (100)'
run crm-add n0 --mobile 13500000099 --referred-by nobody
expect 65 'a referrer that is no customer exits 65'
contains err "referred_by 'nobody' matches no customer" 'naming the field and the value'
run crm-add n0 --mobile 13500000099 --referred-by r1 --dry-run
expect 0 'crm-add --dry-run --referred-by'
is "$(sql 'select count(*) from points')" "1" 'credits nothing: the credit is in the same transaction'
crm-add n2 --mobile 13500000006 --referred-by r2 -q
crm-add n3 --mobile 13500000007 --referred-by r3 -q
printf '姓名,手机,推荐客户\nn4,13500000008,r4\n' > referred.csv
run crm-add --csv referred.csv
expect 0 'an import with the column 推荐客户'
is "$(sql 'select customer_id, points, kind, source from points where id = 4')" "4|100|referral|8" \
    'credits the referrer of each row'
run crm-edit n1 --referred-by n1
expect 65 'a customer that refers itself exits 65'
contains err "referred_by 5 is the customer itself" 'and says so'

# --- accrue: 100 per full 1,000.00 of net sales, once

sale n1 2026-10-01 999.99 INV-1
sale n2 2026-10-01 1000.00 INV-2
sale n3 2026-10-01 3500.00 INV-3
crm-sale return n3 --ref INV-3 --date 2026-10-02 --amount 500.01 -q
sale n4 2026-10-10 1000 INV-4
sale n4 2026-11-10 1000 INV-5
run crm-points accrue --as-of 2026-10-31
expect 0 'crm-points accrue --as-of 2026-10-31'
is "$(cat out)" "$header
5,2,,r2,2026-10-31,100,net sales 1000.00 of id 6 n2,200
6,3,,r3,2026-10-31,200,net sales 2999.99 of id 7 n3,300
7,4,,r4,2026-10-31,100,net sales 1000.00 of id 8 n4,200" \
    '999.99 earns nothing, 1,000.00 earns 100, 2,999.99 (3,500.00 less a return of 500.01) 200, and the sale after --as-of is not counted'
is "$(cat err)" "crm-points: 3 credits, 400 points, for sales up to 2026-10-31" 'a summary on stderr'
run crm-points accrue --as-of 2026-10-31
expect 0 'accrue run twice'
is "$(cat out)" "$header" 'the second run credits nothing'
contains err "0 credits, 0 points" 'and says so'
run crm-points accrue
expect 0 'accrue after more sales'
is "$(cat out)" "$header
8,4,,r4,2026-11-28,100,net sales 2000.00 of id 8 n4,300" 'credits only the difference'
run crm-points accrue
is "$(cat out)" "$header" 'and once'
sale n1 2026-11-02 0.01 INV-6
run crm-points accrue
is "$(cut -d, -f2,6 out | tail -n 1)" "1,100" 'one fen more makes 1,000.00 and 100 points'
crm-sale return n2 --ref INV-2 --date 2026-11-03 --amount 0.01 -q
run crm-points accrue
is "$(cat out)" "$header" 'a return after a credit credits nothing and takes nothing back'
run crm-points balance
expect 0 'crm-points balance'
is "$(cat out)" "customer_id,code,name,balance
1,,r1,200
2,,r2,200
3,,r3,300
4,,r4,300" 'every balance is the sum of the ledger'
is "$(sql 'select sum(points) from points where customer_id = 3')" "300" 'as the sqlite3 shell sums it'

# --- redeem and add

run crm-points redeem r3 301 --reason 礼品
expect 65 'a redemption beyond the balance exits 65'
contains err "redeem r3: customer 3 has 300 points: 301 cannot be redeemed" 'and says why'
is "$(crm-points balance r3 | tail -n 1)" "3,,r3,300" 'the balance is unchanged'
run crm-points redeem r3 300 --reason 礼品
expect 0 'redeeming the whole balance'
is "$(cat out)" "$header
10,3,,r3,2026-11-28,-300,礼品,0" 'prints the row, the balance 0'
run crm-points redeem r3 1 --reason 礼品
expect 65 'a redemption from a balance of 0 exits 65'
run crm-points redeem r3 1
expect 64 'redeem without --reason exits 64'
run crm-points add r1 50 --reason 生日
expect 0 'crm-points add'
is "$(cut -d, -f6,8 out | tail -n 1)" "50,250" 'adds to the balance'
for bad in 0 -5 1.5 x; do
	run crm-points add --reason t -- r1 "$bad"
	expect 65 "points '$bad' exits 65"
done
contains err "points 'x' is not a whole number from 1 to 1000000000" 'naming the value'
run crm-points ls r3
is "$(cat out)" "$header
3,3,,r3,2026-11-28,100,referral of id 7 n3,100
6,3,,r3,2026-10-31,200,net sales 2999.99 of id 7 n3,300
10,3,,r3,2026-11-28,-300,礼品,0" 'ls CUSTOMER: its rows with the balance after each'
run crm-points balance n1
is "$(cat out)" "customer_id,code,name,balance
5,,n1,0" 'balance of a customer without points: 0'
run crm-points ls nobody
expect 66 'an unknown customer exits 66'

# --- a referrer given later, and the policies

crm-add n5 --mobile 13500000010 -q
crm-edit n5 --referred-by r2 -q
is "$(sql 'select customer_id, points from points where kind = '"'referral'"' and source = 9')" "2|100" \
    'crm-edit --referred-by credits the referral'
crm-edit n5 --referred-by r3 -q
is "$(sql 'select count(*) from points where kind = '"'referral'"' and source = 9')" "1" \
    'once per referred customer'
crm-config points.referral 0
crm-add n6 --mobile 13500000011 --referred-by r1 -q
is "$(sql 'select count(*) from points where source = 11')" "0" 'points.referral 0 credits nothing'
crm-config points.per_sales 50/500
sale n6 2026-11-05 1200 INV-7
run crm-points accrue
is "$(cut -d, -f2,6 out | tail -n 1)" "1,100" 'points.per_sales 50/500: 1,200.00 earns 100'
run crm-config points.per_sales 50
expect 64 'a rate without an amount is refused'
run crm-show r1 --format csv
contains out "points,350" 'crm-show shows the balance'

done_testing
