#!/bin/sh
# crm-sale: the sales ledger (SPEC 3.3).  add (amount = qty x price within
# a fen, qty rules, date forms, the rep and due date by default), return
# (of what is left of one sale), pay, void (kept, out of every sum), ls
# with its filters and periods, target and targets (net sales, achieved
# with 4 decimals, grade targets), import (Chinese headers, returns as
# negative rows, duplicates, rejects, --dry-run, --all-or-nothing,
# GB18030, --map, -v), the audit log, and the output options.  Every
# expected value is written here by hand.
. "$(dirname "$0")/lib.sh"

header='id,customer_id,code,name,date,kind,product,qty,unit_price,amount,cost,ref,rep,due_date'
theader='customer_id,code,name,period,start,end,target,sales,achieved'

# rows: ./out without its header line.
rows() {
	tail -n +2 out
}

# nsales: how many rows the ledger holds (voided or not).
nsales() {
	sql "select count(*) from sales"
}

# naudit: how many audit rows crm-sale wrote.
naudit() {
	sql "select count(*) from audit_log where command = 'crm-sale'"
}

# --- 0. a read-only command on a missing store

run crm-sale ls
expect 66 'crm-sale ls on a missing store exits 66'
is "$(cat err)" "crm-sale: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it names the missing store'
[ ! -e "$CRM_DB" ]
ok $? 'and does not create it'
run crm-sale targets
expect 66 'crm-sale targets on a missing store exits 66'

# --- 1. the customers

mkcustomers() {
	crm-add 王小明 --mobile 13812345678 --region 650102 --owner 张伟 -q &&
	crm-add 新疆天山商贸有限公司 --kind company --phone 0991-1234567 --region 650102 --owner 张伟 -q &&
	crm-add 李华 --mobile 13912345678 --region 610100 --owner 刘洋 -q &&
	crm-add 赵敏 --mobile 13712345678 --region 650102 --owner 刘洋 -q &&
	crm-add 赵敏 --mobile 13612345678 --region 650103 --owner 王芳 -q
}
mkcustomers
ok $? 'five customers'
is "$(sql "select id, code, name, owner from customers order by id")" \
    '1|650102001|王小明|张伟
2|650102002|新疆天山商贸有限公司|张伟
3|610100001|李华|刘洋
4|650102003|赵敏|刘洋
5|650103001|赵敏|王芳' 'ids 1-5, codes, two of them named 赵敏'
run crm-sale ls
expect 0 'crm-sale ls on an empty ledger'
is "$(cat out)" "$header" 'prints the header only'

# --- 2. add: the row, amounts in yuan and in fen, date forms

run crm-sale add 650102001 --product 茶叶 --qty 10 --price 25.50 --date 2026-03-05 --ref INV-001
expect 0 'add by code: 10 x 25.50 on 2026-03-05'
is "$(cat out)" "$header
1,1,650102001,王小明,2026-03-05,sale,茶叶,10,25.50,255.00,,INV-001,张伟,2026-04-04" \
    'prints the row: amount 255.00, rep the owner, due in 30 days'
is "$(sql "select qty, unit_price, amount, cost, due_date, sale_id, created_by from sales where id = 1")" \
    '10|2550|25500||2026-04-04||tester' 'stored in fen: unit_price 2550, amount 25500'
is "$(cat err)" "" 'nothing on stderr'

run crm-sale add 13812345678 --product 红茶 --qty 2.500 --price 10 --date 2026/3/6
expect 0 'add by mobile, --qty 2.500, --date 2026/3/6'
is "$(rows)" '2,1,650102001,王小明,2026-03-06,sale,红茶,2.5,10.00,25.00,,,张伟,2026-04-05' \
    'qty 2.5, amount 25.00, date 2026-03-06'
run crm-sale add 1 --product 红茶 --qty 1,000 --price 0.5 --date 20260307
expect 0 'add by id, --qty 1,000, --date 20260307'
is "$(rows)" '3,1,650102001,王小明,2026-03-07,sale,红茶,1000,0.50,500.00,,,张伟,2026-04-06' \
    'qty 1000, amount 500.00'
run crm-sale add 王小明 --product 红茶 --qty 1 --price 100 --amount 100.01 --date 2026年3月8日
expect 0 'add by name, --amount 100.01 one fen over 1 x 100, --date 2026年3月8日'
is "$(rows)" '4,1,650102001,王小明,2026-03-08,sale,红茶,1,100.00,100.01,,,张伟,2026-04-07' \
    'the given amount is kept'
run crm-sale add 1 --product 红茶 --qty 1 --price 100 --amount 99.99 --cost 60 --date 2026-03-09
expect 0 '--amount 99.99, one fen under, with --cost 60'
is "$(rows)" '5,1,650102001,王小明,2026-03-09,sale,红茶,1,100.00,99.99,60.00,,张伟,2026-04-08' \
    'amount 99.99, cost 60.00'
is "$(sql "select amount, cost from sales where id = 5")" '9999|6000' 'stored as 9999 and 6000 fen'
run crm-sale add 1 --product 红茶 --qty 2.675 --price 1 --date 2026-03-10
expect 0 '--qty 2.675 --price 1'
is "$(rows)" '6,1,650102001,王小明,2026-03-10,sale,红茶,2.675,1.00,2.68,,,张伟,2026-04-09' \
    '2.675 yuan is rounded to 2.68'

before=$(nsales)
run crm-sale add 1 --product 红茶 --qty 1 --price 100 --amount 100.02
expect 65 '--amount 100.02, two fen over 1 x 100, is a data error'
is "$(cat err)" 'crm-sale: add 1: amount 100.02 is not qty x unit_price (100.00)' \
    'the message names the amount and qty x unit_price'
run crm-sale add 1 --product 红茶 --qty 1 --price 100 --amount 99.98
expect 65 '--amount 99.98, two fen under, is a data error too'
is "$(cat err)" 'crm-sale: add 1: amount 99.98 is not qty x unit_price (100.00)' 'same message'
run crm-sale add 1 --product 红茶 --qty 0 --price 1
expect 65 '--qty 0 is refused'
is "$(cat err)" "crm-sale: qty '0' must be more than 0" 'it says qty must be more than 0'
run crm-sale add 1 --product 红茶 --qty -1 --price 1
expect 65 '--qty -1 is refused'
is "$(cat err)" "crm-sale: qty '-1' must be more than 0" 'same message'
run crm-sale add 1 --product 红茶 --qty 1.2345 --price 1
expect 65 '--qty 1.2345 (4 decimals) is refused'
is "$(cat err)" "crm-sale: qty '1.2345' is not a quantity (a number with at most 3 decimals)" \
    'it says at most 3 decimals'
run crm-sale add 1 --product 红茶 --qty 1 --price 1 --date 2026-02-30
expect 65 '--date 2026-02-30 is a data error'
is "$(cat err)" "crm-sale: date '2026-02-30' is not a real day" 'not a real day'
run crm-sale add 1 --product 红茶 --qty 1 --price 1 --date 昨天
expect 65 '--date 昨天 is a data error'
is "$(cat err)" "crm-sale: date '昨天' is not a date (2026-03-05)" 'not a date'
run crm-sale add 1 --product 红茶 --qty 1 --price abc
expect 65 '--price abc is a data error'
is "$(cat err)" "crm-sale: price 'abc' is not an amount in yuan (1234.50)" 'not an amount'
run crm-sale add 1 --product 红茶 --price 1
expect 64 'add without --qty is a usage error'
is "$(head -1 err)" 'crm-sale: add needs --qty' 'it says --qty is needed'
run crm-sale add 1 --product 红茶 --qty 1
expect 64 'add with neither --price nor --amount is a usage error'
is "$(head -1 err)" 'crm-sale: add needs --price (or --amount)' 'it says --price is needed'
run crm-sale add 1 --product 红茶 --qty 1 --price 1 --due 2026-12-01 --terms 5
expect 64 '--due with --terms is a usage error'
is "$(head -1 err)" 'crm-sale: give --due or --terms, not both' 'it says one of them'
run crm-sale add 1 --product 红茶 --qty 1 --price 1 --reason x
expect 64 '--reason does not go with add'
run crm-sale add 无此人 --product 红茶 --qty 1 --price 1
expect 66 'an unknown customer exits 66'
is "$(cat err)" "crm-sale: customer '无此人' matches no customer" 'it names the customer'
run crm-sale add 王小 --product 红茶 --qty 1 --price 1
expect 66 'part of a name is no customer reference'
run crm-sale add 赵敏 --product 红茶 --qty 1 --price 1
expect 66 'a name two customers share is refused'
is "$(cat err)" "crm-sale: customer '赵敏' names 2 customers: id 4 code 650102003, id 5 code 650103001; give the code, mobile or id" \
    'it lists both candidates'
is "$(nsales)" "$before" 'no refused add wrote a row'

# rounding to the fen: qty x price is exact in decimal, a half fen goes up
run crm-sale add 5 --product 丝 --qty 1.005 --price 1 --date 2026-02-01 -q
expect 0 '--qty 1.005 --price 1 (customer 5, id 7)'
is "$(sql "select amount from sales where id = 7")" 101 '1.005 x 1.00 = 1.005 yuan is rounded to 1.01 (101 fen)'
run crm-sale add 5 --product 丝 --qty 1.015 --price 1 --date 2026-02-01 -q
expect 0 '--qty 1.015 --price 1 (id 8)'
is "$(sql "select amount from sales where id = 8")" 102 '1.015 x 1.00 = 1.015 yuan is rounded to 1.02 (102 fen)'
run crm-sale add 5 --product 丝 --qty 1.115 --price 1 --date 2026-02-01 -q
expect 0 '--qty 1.115 --price 1 (id 9)'
is "$(sql "select amount from sales where id = 9")" 112 '1.115 yuan is rounded to 1.12 (112 fen)'

# --- 3. the date by default, the rep, the due date

run crm-sale add 3 --product 白茶 --qty 1 --price 8
expect 0 'add without --date (id 10)'
is "$(rows)" '10,3,610100001,李华,2026-11-28,sale,白茶,1,8.00,8.00,,,刘洋,2026-12-28' \
    'dated today (CRM_TODAY), due 30 days later, rep the owner 刘洋'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --as-of 2026-05-01
expect 0 'add --as-of 2026-05-01 (id 11)'
is "$(rows)" '11,3,610100001,李华,2026-05-01,sale,白茶,1,8.00,8.00,,,刘洋,2026-05-31' \
    'dated the --as-of day'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-05-01 --terms 10
expect 0 '--terms 10 (id 12)'
is "$(rows | cut -d, -f1,5,14)" '12,2026-05-01,2026-05-11' 'due 10 days after the sale'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-05-01 --due 2026-06-15
expect 0 '--due 2026-06-15 (id 13)'
is "$(rows | cut -d, -f1,5,14)" '13,2026-05-01,2026-06-15' 'due on the day given'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-05-02 --rep 小李 --ref L-1
expect 0 '--rep 小李 --ref L-1 (id 14)'
is "$(rows | cut -d, -f1,12,13)" '14,L-1,小李' 'the rep given'
run crm-edit 3 --owner 王芳
expect 0 'crm-edit 3 --owner 王芳: a handover'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-05-03
expect 0 'a sale after the handover (id 15)'
is "$(rows | cut -d, -f1,13)" '15,王芳' 'goes to the new owner'
is "$(sql "select id || ':' || rep from sales where customer_id = 3 order by id" | tr '\n' ' ')" \
    '10:刘洋 11:刘洋 12:刘洋 13:刘洋 14:小李 15:王芳 ' 'the earlier sales stay with 刘洋 (and 小李)'
run crm-config credit.terms_days 45
expect 0 'crm-config credit.terms_days 45'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-01-31
expect 0 'a sale on 2026-01-31 (id 16)'
is "$(rows | cut -d, -f1,5,14)" '16,2026-01-31,2026-03-17' 'due 45 days later, 2026-03-17'
run crm-config --unset credit.terms_days
expect 0 'crm-config --unset credit.terms_days'
run crm-sale add 3 --product 白茶 --qty 1 --price 8 --date 2026-01-31
expect 0 'the same sale again (id 17)'
is "$(rows | cut -d, -f1,5,14)" '17,2026-01-31,2026-03-02' 'due 30 days later again, 2026-03-02'

# --- 4. return

run crm-sale return 1 --ref INV-001 --qty 4 --date 2026-03-12
expect 0 'return 4 of the 10 of INV-001 (id 18)'
is "$(cat out)" "$header
18,1,650102001,王小明,2026-03-12,return,茶叶,-4,25.50,-102.00,,INV-001,张伟," \
    'a negative qty and amount (4 x 25.50), the sale product, price and rep, no due date'
is "$(sql "select qty, unit_price, amount, sale_id, due_date is null from sales where id = 18")" \
    '-4|2550|-10200|1|1' 'stored -4, -10200 fen, sale_id 1, due_date NULL'
run crm-sale return 1 --ref INV-001 --qty 7
expect 65 'returning 7 of the 6 left is refused'
is "$(cat err)" 'crm-sale: return 1: qty 7 is more than the 6 left of the sale (10 sold, 4 returned)' \
    'it says how many are left'
run crm-sale return 1 --ref INV-001 --amount 153.01
expect 65 'returning 153.01 of the 153.00 left is refused'
is "$(cat err)" 'crm-sale: return 1: amount 153.01 is more than the 153.00 left of the sale' \
    'it says how much is left'
run crm-sale return 1 --ref INV-001 --qty 6 --date 2026-03-13
expect 0 'returning the 6 left is accepted (id 19)'
is "$(rows)" '19,1,650102001,王小明,2026-03-13,return,茶叶,-6,25.50,-153.00,,INV-001,张伟,' \
    '-6, -153.00'
run crm-sale return 1 --ref INV-001
expect 65 'then a return of all that is left is refused'
is "$(cat err)" "crm-sale: return 1: the sale with ref 'INV-001' is returned already" \
    'returned already'
run crm-sale return 1 --ref INV-001 --qty 1
expect 65 'and so is a return of 1 more'
is "$(cat err)" 'crm-sale: return 1: qty 1 is more than the 0 left of the sale (10 sold, 10 returned)' \
    'none left'
run crm-sale return 2 --ref INV-001
expect 65 "another customer's ref is not found"
is "$(cat err)" "crm-sale: return 2: no sale with ref 'INV-001' for this customer" 'no sale with that ref'
run crm-sale return 1 --qty 1
expect 64 'return without --ref is a usage error'
is "$(head -1 err)" 'crm-sale: return needs --ref, the invoice of the sale' 'it says --ref is needed'
run crm-sale return 1 --ref INV-001 --rep 张伟
expect 64 '--rep does not go with return'

run crm-sale add 2 --product A --qty 2 --price 50 --ref INV-9 --date 2026-04-01 -q
expect 0 'customer 2: A, 2 x 50 under INV-9 (id 20)'
run crm-sale add 2 --product B --qty 3 --price 10 --ref INV-9 --date 2026-04-01 -q
expect 0 'and B, 3 x 10 under the same INV-9 (id 21)'
run crm-sale return 2 --ref INV-9
expect 65 'a return of INV-9 without --product is refused'
is "$(cat err)" "crm-sale: return 2: ref 'INV-9' has 2 sales (A, B): give the product" \
    'the message names the products'
run crm-sale return 2 --ref INV-9 --product C
expect 65 'a product not under INV-9 is not found'
is "$(cat err)" "crm-sale: return 2: no sale of 'C' with ref 'INV-9' for this customer" 'no sale of C'
run crm-sale return 2 --ref INV-9 --product B --amount 10.50 --date 2026-11-02
expect 0 'return 10.50 of B, by amount (id 22)'
is "$(rows)" '22,2,650102002,新疆天山商贸有限公司,2026-11-02,return,B,,10.00,-10.50,,INV-9,张伟,' \
    'amount -10.50, no qty'
run crm-sale return 2 --ref INV-9 --product B --amount 19.51
expect 65 'more than the 19.50 left of B is refused'
run crm-sale return 2 --ref INV-9 --product A --qty 0
expect 65 'a return of qty 0 is refused'
run crm-sale return 2 --ref INV-9 --product A --date 2026-11-03
expect 0 'return all of A (id 23)'
is "$(rows)" '23,2,650102002,新疆天山商贸有限公司,2026-11-03,return,A,-2,50.00,-100.00,,INV-9,张伟,' \
    'all that is left: -2, -100.00'
is "$(sql "select sale_id from sales where id in (22, 23) order by id" | tr '\n' ' ')" '21 20 ' \
    'each return points at its sale'
run crm-sale return 3 --ref L-1 --date 2026-05-04
expect 0 "return of 李华's L-1 after the handover (id 24)"
is "$(rows | cut -d, -f1,6,10,13)" '24,return,-8.00,小李' "credited to the sale's rep 小李, not the owner"

# --- 5. pay

run crm-sale pay 1 1234.5 --date 2026-03-20 --ref R-1
expect 0 'pay 1 1234.5 (id 25)'
is "$(cat out)" "$header
25,1,650102001,王小明,2026-03-20,payment,,,,-1234.50,,R-1,," 'a payment row, amount -1234.50'
is "$(sql "select amount, qty is null, sale_id is null from sales where id = 25")" '-123450|1|1' \
    'stored as -123450 fen'
run crm-sale pay 1 1,234.50 --date 2026-03-21
expect 0 'pay 1 1,234.50 (id 26)'
is "$(rows | cut -d, -f1,5,10)" '26,2026-03-21,-1234.50' 'the same amount'
run crm-sale pay 1 ¥1234.50
expect 0 'pay 1 ¥1234.50 (id 27)'
is "$(rows | cut -d, -f1,5,10)" '27,2026-11-28,-1234.50' 'the same amount, dated today'
before=$(nsales)
run crm-sale pay 1 12x
expect 65 'pay 1 12x is a data error'
is "$(cat err)" "crm-sale: amount '12x' is not an amount in yuan (1234.50)" 'not an amount'
run crm-sale pay 1 0
expect 65 'pay 1 0 is a data error'
is "$(cat err)" 'crm-sale: payment 1: a payment needs an amount more than 0' 'more than 0'
run crm-sale pay 1
expect 64 'pay without an amount is a usage error'
is "$(nsales)" "$before" 'no refused payment wrote a row'

# --- 6. void

run crm-sale void 1 --reason 录错了
expect 65 'voiding a sale with two live returns is refused'
is "$(cat err)" 'crm-sale: void 1: sale 1 has 2 returns: void them first' 'void them first'
run crm-sale void 19 --reason 录错了
expect 0 'void return 19'
is "$(cat out)" "" 'prints nothing'
run crm-sale void 1 --reason 录错了
expect 65 'sale 1 still has one return'
is "$(cat err)" 'crm-sale: void 1: sale 1 has 1 return: void it first' 'void it first'
run crm-sale void 18 --reason 录错了
expect 0 'void return 18'
run crm-sale void 1 --reason 录错了
expect 0 'now sale 1 can be voided'
is "$(sql "select id, voided_by, void_reason, voided_at like '2026-11-28%' from sales where voided_at is not null order by id")" \
    '1|tester|录错了|1
18|tester|录错了|1
19|tester|录错了|1' 'the rows stay, with the actor, the reason and when'
run crm-sale void 1 --reason 又错了
expect 65 'voiding twice is refused'
contains err 'crm-sale: void 1: ledger row 1 is voided already (2026-11-28' 'voided already'
run crm-sale void 999 --reason x
expect 66 'no such row exits 66'
is "$(cat err)" 'crm-sale: void 999: there is no ledger row 999' 'no ledger row 999'
run crm-sale void 2
expect 64 'void without --reason is a usage error'
is "$(head -1 err)" 'crm-sale: void needs --reason' 'it says --reason is needed'
run crm-sale return 1 --ref INV-001 --qty 1
expect 65 'a voided sale has nothing to return'
is "$(cat err)" "crm-sale: return 1: no sale with ref 'INV-001' for this customer" 'it is not found'

# --- 7. ls

run crm-sale ls --customer 1
expect 0 'ls --customer 1'
is "$(cat out)" "$header
2,1,650102001,王小明,2026-03-06,sale,红茶,2.5,10.00,25.00,,,张伟,2026-04-05
3,1,650102001,王小明,2026-03-07,sale,红茶,1000,0.50,500.00,,,张伟,2026-04-06
4,1,650102001,王小明,2026-03-08,sale,红茶,1,100.00,100.01,,,张伟,2026-04-07
5,1,650102001,王小明,2026-03-09,sale,红茶,1,100.00,99.99,60.00,,张伟,2026-04-08
6,1,650102001,王小明,2026-03-10,sale,红茶,2.675,1.00,2.68,,,张伟,2026-04-09
25,1,650102001,王小明,2026-03-20,payment,,,,-1234.50,,R-1,,
26,1,650102001,王小明,2026-03-21,payment,,,,-1234.50,,,,
27,1,650102001,王小明,2026-11-28,payment,,,,-1234.50,,,," \
    'the rows not voided, by date'
run crm-sale ls --customer 李华
expect 0 'ls --customer 李华 (by name)'
is "$(rows | cut -d, -f1,5)" '16,2026-01-31
17,2026-01-31
11,2026-05-01
12,2026-05-01
13,2026-05-01
14,2026-05-02
15,2026-05-03
24,2026-05-04
10,2026-11-28' 'by date, then id (16 and 17 before 11)'
run crm-sale ls --customer 赵敏
expect 66 'ls --customer of a shared name exits 66'
run crm-sale ls --kind return
expect 0 'ls --kind return'
is "$(rows | cut -d, -f1)" '24
22
23' 'the live returns (18 and 19 are voided)'
run crm-sale ls --kind payment --period 2026-03
expect 0 'ls --kind payment --period 2026-03'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '25 26 ' 'the payments of March'
run crm-sale ls --product 红茶 --period 2026-03-01..2026-03-08
expect 0 'ls --product 红茶 --period 2026-03-01..2026-03-08'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '2 3 4 ' 'from 03-01 to 03-08, both days included'
run crm-sale ls --period 2026-Q1
expect 0 'ls --period 2026-Q1'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '16 17 7 8 9 2 3 4 5 6 25 26 ' 'January to March'
run crm-sale ls --rep 小李
expect 0 'ls --rep 小李'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '14 24 ' 'the sale and its return'
run crm-sale add 4 --product 丝 --qty 1 --price 1 --date 2025-11-28 -q
expect 0 'customer 4: a sale on 2025-11-28 (id 28)'
run crm-sale add 4 --product 丝 --qty 1 --price 1 --date 2025-11-29 -q
expect 0 'and on 2025-11-29 (id 29)'
run crm-sale ls --customer 4 --period 12m
expect 0 'ls --period 12m'
is "$(rows | cut -d, -f1,5)" '29,2025-11-29' '12 months ending today: from 2025-11-29'
run crm-sale ls --customer 4 --period 12m --as-of 2026-11-27
expect 0 'ls --period 12m --as-of 2026-11-27'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '28 29 ' 'from 2025-11-28'
run crm-sale ls --customer 4 --period 2025
expect 0 'ls --period 2025'
is "$(rows | cut -d, -f1 | tr '\n' ' ')" '28 29 ' 'the year 2025'
run crm-sale ls --customer 4 --period 2026
expect 0 'ls --period 2026'
is "$(cat out)" "$header" 'nothing in 2026: the header only'
run crm-sale ls --kind refund
expect 64 'a bad --kind is a usage error'
is "$(head -1 err)" "crm-sale: --kind 'refund' is not sale, return or payment" 'it says the kinds'
run crm-sale ls --period 2026-Q5
expect 64 'a bad --period is a usage error'
is "$(head -1 err)" "crm-sale: --period '2026-Q5' has no such quarter (Q1 to Q4)" 'it says why'
run crm-sale ls --period 2026-03-31..2026-03-01
expect 64 'a period that ends before it starts is a usage error'
run crm-sale ls extra
expect 64 'an argument to ls is a usage error'

# --- 8. target, targets

run crm-sale add 4 --product 丝 --qty 1 --price 800 --ref T-1 --date 2026-04-10 -q
expect 0 'customer 4: 800.00 on 2026-04-10 (id 30)'
run crm-sale return 4 --ref T-1 --amount 21.99 --date 2026-04-20 -q
expect 0 'a return of 21.99 (id 31)'
run crm-sale pay 4 500 --date 2026-05-01 -q
expect 0 'a payment of 500 in Q2 (id 32)'
run crm-sale add 4 --product 丝 --qty 1 --price 300 --date 2026-05-02 -q
expect 0 'a sale of 300 in Q2 (id 33) ...'
run crm-sale void 33 --reason 重复
expect 0 '... voided'
run crm-sale add 4 --product 丝 --qty 1 --price 50 --date 2026-07-01 -q
expect 0 'a sale of 50 on 2026-07-01, after Q2 (id 34)'
run crm-sale target 4 --period 2026-Q2 --amount 1000
expect 0 'target 4 --period 2026-Q2 --amount 1000'
is "$(cat out)" "$theader
4,650102003,赵敏,2026-Q2,2026-04-01,2026-06-30,1000.00,778.01,0.7780" \
    'net sales 800 - 21.99 = 778.01 (not the payment, not the voided sale): 0.7780'
run crm-sale target 4 --period 2026-Q2 --amount 2000
expect 0 'a second target for the same period'
is "$(rows)" '4,650102003,赵敏,2026-Q2,2026-04-01,2026-06-30,2000.00,778.01,0.3890' \
    'replaces the first: 778.01/2000 = 0.3890'
is "$(sql "select count(*), amount, set_by from sales_targets where customer_id = 4")" '1|200000|tester' \
    'one target row, 200000 fen'

sql "update customers set grade = 'A' where id in (4, 5)"
run crm-sale add 5 --product 丝 --qty 1 --price 2 --date 2026-06-30 -q
expect 0 'customer 5: 2.00 on 2026-06-30 (id 35)'
run crm-sale add 5 --product 丝 --qty 1 --price 7 --date 2026-07-01 -q
expect 0 'and 7.00 on 2026-07-01 (id 36)'
run crm-sale target --grade A --period 2026-Q2 --amount 3
expect 0 'target --grade A --period 2026-Q2 --amount 3'
is "$(rows)" '5,650103001,赵敏,2026-Q2,2026-04-01,2026-06-30,3.00,2.00,0.6667' \
    'applies to customer 5 (4 has its own): 2/3 = 0.6667'
run crm-sale target --grade A --period 2026-Q3 --amount 100
expect 0 'target --grade A --period 2026-Q3 --amount 100'
is "$(rows)" '4,650102003,赵敏,2026-Q3,2026-07-01,2026-09-30,100.00,50.00,0.5000
5,650103001,赵敏,2026-Q3,2026-07-01,2026-09-30,100.00,7.00,0.0700' \
    'applies to 4 too: its own target is for another period'
run crm-sale add 3 --product 白茶 --qty 1 --price 1 --date 2026-10-15 -q
expect 0 'customer 3: 1.00 in October (id 37)'
run crm-sale target 610100001 --period 2026-10 --amount 3
expect 0 'target 610100001 --period 2026-10 --amount 3'
is "$(rows)" '3,610100001,李华,2026-10,2026-10-01,2026-10-31,3.00,1.00,0.3333' '1/3 = 0.3333'
run crm-sale target 2 --period 2026-04 --amount 4160
expect 0 'target 2 --period 2026-04 --amount 4160'
is "$(rows)" '2,650102002,新疆天山商贸有限公司,2026-04,2026-04-01,2026-04-30,4160.00,130.00,0.0313' \
    '130/4160 = 0.03125: the half goes up, 0.0313'
run crm-sale target 2 --period 2026-11 --amount 100
expect 0 'target 2 --period 2026-11 --amount 100'
is "$(rows)" '2,650102002,新疆天山商贸有限公司,2026-11,2026-11-01,2026-11-30,100.00,-110.50,-1.1050' \
    'only the returns of November: -110.50, -1.1050'
run crm-sale target 1 --period 12m --amount 1000
expect 0 'target 1 --period 12m'
is "$(rows)" '1,650102001,王小明,2025-11-29..2026-11-28,2025-11-29,2026-11-28,1000.00,727.68,0.7277' \
    'kept as its dates; net sales 25 + 500 + 100.01 + 99.99 + 2.68'
run crm-sale targets --period 2026-Q2
expect 0 'targets --period 2026-Q2'
is "$(cat out)" "$theader
4,650102003,赵敏,2026-Q2,2026-04-01,2026-06-30,2000.00,778.01,0.3890
5,650103001,赵敏,2026-Q2,2026-04-01,2026-06-30,3.00,2.00,0.6667" 'the own target and the grade target'
run crm-sale targets
expect 0 'targets'
is "$(rows | cut -d, -f1,4)" '1,2025-11-29..2026-11-28
2,2026-04
4,2026-Q2
5,2026-Q2
4,2026-Q3
5,2026-Q3
3,2026-10
2,2026-11' 'every target, by start, end, customer'
run crm-sale target 4 --period 2026-Q2 --amount 0
expect 65 'a target of 0 is a data error'
run crm-sale target 4 --period 2026-Q2
expect 64 'a target without --amount is a usage error'
run crm-sale target --period 2026-Q2 --amount 5
expect 64 'a target without a customer or --grade is a usage error'
run crm-sale target 4 --period someday --amount 5
expect 64 'a bad --period is a usage error'
run crm-sale target 无此人 --period 2026 --amount 5
expect 66 'a target of an unknown customer exits 66'

# --- 9. the audit log, and a refused command leaves it alone

is "$(sql "select action, count(*) from audit_log where command = 'crm-sale' and action <> 'export' group by action order by action" | tr '\n' ' ')" \
    'payment|4 return|6 sale|27 target|8 void|4 ' \
    'a row per command that wrote: 27 sales, 6 returns, 4 payments, 4 voids, 8 targets'
is "$(sql "select count(*) from audit_log where command = 'crm-sale' and action = 'export' and detail = 'crm-sale ls'")" \
    12 'and each of the 12 ls runs that listed is an export'
is "$(sql "select distinct actor || ',' || rows || ',' || detail from audit_log where command = 'crm-sale' and action = 'sale'")" \
    'tester,1,sales' 'the actor, one row, the sales table'
a0=$(naudit) n0=$(nsales)
run crm-sale add 1 --product 红茶 --qty 1 --price 1 --amount 5
expect 65 'a refused add ...'
run crm-sale return 1 --ref NONE
expect 65 'a refused return ...'
run crm-sale void 1 --reason again
expect 65 'a refused void ...'
is "$(naudit) $(nsales)" "$a0 $n0" '... write neither the audit log nor the ledger'

# --- 10. output options

run crm-sale ls --customer 2 -o c2.csv
expect 0 'ls -o c2.csv'
is "$(cat out)" "" 'nothing on stdout'
is "$(cat c2.csv)" "$header
20,2,650102002,新疆天山商贸有限公司,2026-04-01,sale,A,2,50.00,100.00,,INV-9,张伟,2026-05-01
21,2,650102002,新疆天山商贸有限公司,2026-04-01,sale,B,3,10.00,30.00,,INV-9,张伟,2026-05-01
22,2,650102002,新疆天山商贸有限公司,2026-11-02,return,B,,10.00,-10.50,,INV-9,张伟,
23,2,650102002,新疆天山商贸有限公司,2026-11-03,return,A,-2,50.00,-100.00,,INV-9,张伟," \
    'the file holds the rows, negative amounts not guarded'
run crm-sale ls --customer 2 --kind return --format json
expect 0 'ls --format json'
is "$(cat out)" '[
{"id":22,"customer_id":2,"code":"650102002","name":"新疆天山商贸有限公司","date":"2026-11-02","kind":"return","product":"B","qty":null,"unit_price":10.00,"amount":-10.50,"cost":null,"ref":"INV-9","rep":"张伟","due_date":null},
{"id":23,"customer_id":2,"code":"650102002","name":"新疆天山商贸有限公司","date":"2026-11-03","kind":"return","product":"A","qty":-2,"unit_price":50.00,"amount":-100.00,"cost":null,"ref":"INV-9","rep":"张伟","due_date":null}
]' 'numbers as numbers, empty as null'
run crm-sale ls --customer 2 --kind return --format table
expect 0 'ls --format table'
is "$(head -1 out | tr -s ' ')" 'id customer_id code name date kind product qty unit_price amount cost ref rep due_date' \
    'a header of aligned columns'
is "$(sed -n 3p out | tr -s ' ')" '23 2 650102002 新疆天山商贸有限公司 2026-11-03 return A -2 50.00 -100.00 INV-9 张伟 ' \
    'and the rows'
run crm-sale ls --customer 2 --format xlsx -o c2.xlsx
expect 0 'ls --format xlsx -o c2.xlsx'
is "$(od -An -c -N2 c2.xlsx | tr -d ' ')" 'PK' 'a zip file'
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
is "$("$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(ws.max_row, ws["A1"].value, ws["J2"].value, ws["J5"].value)' c2.xlsx 2>&1)" '5 id 100 -100' \
    'openpyxl reads the header and the amounts as numbers'
run crm-sale pay 2 10 --date 2026-11-04 --format json
expect 0 'pay --format json (id 38)'
is "$(cat out)" '[
{"id":38,"customer_id":2,"code":"650102002","name":"新疆天山商贸有限公司","date":"2026-11-04","kind":"payment","product":null,"qty":null,"unit_price":null,"amount":-10.00,"cost":null,"ref":null,"rep":null,"due_date":null}
]' 'the recorded row in JSON'

# --- 11. import, in a store of its own

CRM_DB=$trash/import.db
export CRM_DB
mkcustomers
ok $? 'the same five customers in import.db'

cat >sales.csv <<'EOF'
customer,date,product,qty,unit_price,amount,cost,ref,kind,due_date,rep
650102001,2026-06-01,绿茶,10,20,200,150,S-100,,,
650102001,2026-06-02,绿茶,-2,,-40,,S-100,,,
13912345678,2026-06-03,红茶,5,30,,,S-101,sale,2026-07-01,小李
3,2026-06-04,,,,500,,R-200,payment,,
无此人,2026-06-05,绿茶,1,1,1,,S-102,,,
1,2026-06-31,绿茶,1,1,1,,S-103,,,
1,2026-06-06,绿茶,1,1,5,,S-104,,,
1,2026-06-07,绿茶,1,1,1,,,,,
1,2026-06-07,绿茶,1,1,1,,S-105,bogus,,
EOF
run crm-sale import sales.csv -v
expect 65 'import sales.csv: some rows rejected, exit 65'
is "$(cat err)" 'crm-sale: 5 added, 0 duplicates, 4 rejected (sales.rejects.csv)' 'the summary on stderr'
is "$(cat out)" "$header
1,1,650102001,王小明,2026-06-01,sale,绿茶,10,20.00,200.00,150.00,S-100,张伟,2026-07-01
2,1,650102001,王小明,2026-06-02,return,绿茶,-2,20.00,-40.00,,S-100,张伟,
3,3,610100001,李华,2026-06-03,sale,红茶,5,30.00,150.00,,S-101,小李,2026-07-01
4,3,610100001,李华,2026-06-04,payment,,,,-500.00,,R-200,,
5,1,650102001,王小明,2026-06-07,sale,绿茶,1,1.00,1.00,,,张伟,2026-07-07" \
    '-v lists the rows added: a sale, a negative row as its return, a sale with due date and rep, a payment'
is "$(sql "select sale_id from sales where id = 2")" 1 'the negative row returns the sale with its ref'
is "$(cat sales.rejects.csv)" "customer,date,product,qty,unit_price,amount,cost,ref,kind,due_date,rep,line,error
无此人,2026-06-05,绿茶,1,1,1,,S-102,,,,6,customer '无此人' matches no customer
1,2026-06-31,绿茶,1,1,1,,S-103,,,,7,date '2026-06-31' is not a real day
1,2026-06-06,绿茶,1,1,5,,S-104,,,,8,amount 5.00 is not qty x unit_price (1.00)
1,2026-06-07,绿茶,1,1,1,,S-105,bogus,,,10,\"kind 'bogus' is not sale, return or payment\"" \
    'the rejects: the original columns, then line and error'
run crm-sale import sales.csv -v
expect 65 'the same file again'
is "$(cat err)" 'crm-sale: 1 added, 4 duplicates, 4 rejected (sales.rejects.csv)' \
    'the rows with a ref are duplicates; the one without a ref is added again'
is "$(rows)" '6,1,650102001,王小明,2026-06-07,sale,绿茶,1,1.00,1.00,,,张伟,2026-07-07' 'that one'
run crm-sale import sales.csv --on-duplicate reject
expect 65 '--on-duplicate reject'
is "$(cat err)" 'crm-sale: 1 added, 0 duplicates, 8 rejected (sales.rejects.csv)' 'duplicates become rejections'
is "$(sed -n 2p sales.rejects.csv)" '650102001,2026-06-01,绿茶,10,20,200,150,S-100,,,,2,"duplicate of ledger row 1 (same customer, ref, kind, product, qty and amount)"' \
    'the rejects say which row they duplicate'
is "$(sql "select count(*), sum(amount) from sales")" '7|-18700' 'seven rows in the ledger, summing to -187.00'
run crm-sale import sales.csv --on-duplicate twice
expect 64 'a bad --on-duplicate is a usage error'
run crm-sale import none.csv
expect 66 'a missing file exits 66'

# Chinese headers, 类型 in Chinese, in GB18030
cat >cn.csv <<'EOF'
客户编码,销售日期,产品名称,数量,单价,销售额,成本,发票号,类型,到期日,业务员
650102002,2026-07-01,普洱,4,12.5,50,,C-1,销售,,
650102002,2026-07-02,普洱,-1,,,,C-1,,,
650102002,2026-07-03,,,,20,,C-R,回款,,
EOF
iconv -f UTF-8 -t GB18030 cn.csv >cn-gb.csv
n0=$(nsales)
run crm-sale import cn-gb.csv
expect 65 'a GB18030 file without --encoding is refused'
contains err 'use --encoding gb18030; nothing imported' 'it suggests --encoding gb18030'
is "$(nsales)" "$n0" 'and imports nothing'
run crm-sale import cn-gb.csv --encoding gb18030 -v
expect 0 'import --encoding gb18030 with Chinese headers'
is "$(cat err)" 'crm-sale: 3 added, 0 duplicates, 0 rejected' 'three rows added'
is "$(rows)" '8,2,650102002,新疆天山商贸有限公司,2026-07-01,sale,普洱,4,12.50,50.00,,C-1,张伟,2026-07-31
9,2,650102002,新疆天山商贸有限公司,2026-07-02,return,普洱,-1,12.50,-12.50,,C-1,张伟,
10,2,650102002,新疆天山商贸有限公司,2026-07-03,payment,,,,-20.00,,C-R,,' \
    '销售 a sale, a negative 数量 a return of 1 x 12.50, 回款 a payment'
run crm-sale import cn-gb.csv --encoding gb18030
expect 0 'the GB18030 file again'
is "$(cat err)" 'crm-sale: 0 added, 3 duplicates, 0 rejected' 'adds nothing'

cat >cn2a.csv <<'EOF'
客户,日期,商品,数量,单价,金额,单号,接待人
610100001,2026-08-01,白茶,2,3,6,K-1,小王
EOF
run crm-sale import cn2a.csv -v
expect 0 'the other Chinese headers: 客户 日期 商品 金额 单号 接待人'
is "$(rows)" '11,3,610100001,李华,2026-08-01,sale,白茶,2,3.00,6.00,,K-1,小王,2026-08-31' 'read as their fields'
printf '客户名称,销售日期,产品,数量,单价,成本,发票号,类型,到期日,业务员\n李华,2026-08-02,白茶,1,3,1,K-2,sale,2026-09-30,小王\n' >cn3.csv
run crm-sale import cn3.csv -v
expect 0 '客户名称 产品 成本 到期日 业务员'
is "$(rows)" '12,3,610100001,李华,2026-08-02,sale,白茶,1,3.00,3.00,1.00,K-2,小王,2026-09-30' 'read as their fields'

# --map
cat >m.csv <<'EOF'
买家,Day,Item,Q,P,Doc
610100001,2026-08-03,白茶,2,3,M-1
EOF
run crm-sale import m.csv --map '买家=customer,Day=date,Item=product,Q=qty,P=unit_price,Doc=ref' -v
expect 0 'import --map'
is "$(rows)" '13,3,610100001,李华,2026-08-03,sale,白茶,2,3.00,6.00,,M-1,刘洋,2026-09-02' \
    'the mapped headers are read'

# --dry-run and --all-or-nothing, one transaction
printf 'customer,date,product,qty,unit_price,ref\n610100001,2026-10-03,白茶,1,3,D-1\n1,2026-10-04,白茶,1,3,\nnobody,2026-10-05,白茶,1,3,D-2\n' >aon.csv
n0=$(nsales) s0=$(sql "select group_concat(id || ':' || amount) from sales")
run crm-sale import aon.csv --dry-run
expect 65 'import --dry-run of a file with a bad row'
is "$(cat err)" 'crm-sale: 2 added, 0 duplicates, 1 rejected (aon.rejects.csv); dry run, nothing written' \
    'it reports, and says nothing is written'
is "$(nsales)" "$n0" 'the ledger is unchanged'
run crm-sale import aon.csv --all-or-nothing
expect 65 'import --all-or-nothing of a file with a bad row'
is "$(cat err)" 'crm-sale: 2 added, 0 duplicates, 1 rejected (aon.rejects.csv); --all-or-nothing: nothing imported' \
    'it says nothing is imported'
is "$(sql "select group_concat(id || ':' || amount) from sales")" "$s0" 'the ledger is unchanged'
is "$(cat aon.rejects.csv)" "customer,date,product,qty,unit_price,ref,line,error
nobody,2026-10-05,白茶,1,3,D-2,4,customer 'nobody' matches no customer" 'the rejects file names the bad row'
sed '$d' aon.csv >good.csv
run crm-sale import - --all-or-nothing -v <good.csv
expect 0 'the good rows from stdin with --all-or-nothing'
is "$(rows | cut -d, -f1,2,5,12)" '14,3,2026-10-03,D-1
15,1,2026-10-04,' 'are added'
is "$(sql "select count(*) from audit_log where command = 'crm-sale' and action = 'import'")" 9 \
    'each import that committed wrote an audit row (not the dry run nor the one that committed nothing)'

# --- 12. qty: commas only as thousands separators (last: a row it wrongly
# adds shifts no id above)

run crm-sale add 1 --product 红茶 --qty 1,2 --price 1 -q
expect 65 '--qty 1,2 is not a quantity'
contains err "qty '1,2' is not a quantity" 'and says so'
run crm-sale add 1 --product 红茶 --qty ,5 --price 1 -q
expect 65 '--qty ,5 is not a quantity'
run crm-sale add 1 --product 红茶 --qty 1.2,34 --price 1 -q
expect 65 '--qty 1.2,34 is not a quantity (no comma after the point)'
run crm-sale add 1 --product 红茶 --qty 12,345,678 --price 1 -q
expect 0 '--qty 12,345,678 is a quantity'

run crm-sale add 1 --product 红茶 --qty 1,234.5 --price 1
expect 0 '--qty 1,234.5 is a quantity'
is "$(rows | cut -d, -f8,10)" '1234.5,1234.50' 'qty 1234.5, amount 1234.50'

done_testing
