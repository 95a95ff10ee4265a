#!/bin/sh
# crm-sale import of an input large against the archive (SPEC 3.3, 4):
# the customers are then found in arrays read once from the store, and
# the duplicate key is looked up only where a row can match.  Both must
# answer exactly as the row-by-row look-ups do: codes (also a deleted
# customer's), mobiles (never a deleted customer's), names and ids, a
# customer met again later in the file, a customer the ledger held rows
# of, from a file and from a pipe.  Every expected value is written here
# by hand.
. "$(dirname "$0")/lib.sh"

# 1,200 customers, code 650102001.. over regions 650102..650103 (999 a
# region), mobile 1390000NNNN, named 客户N.
many_customers 1200
ok $? '1,200 customers'
is "$(sql "select count(*), count(code), min(code), max(code) from customers")" \
    '1200|1200|650102001|650103201' 'all coded'
is "$(sql "select id, code, mobile from customers where id in (1, 999, 1000, 1200) order by id")" \
    '1|650102001|13900000001
999|650102999|13900000999
1000|650103001|13900001000
1200|650103201|13900001200' 'ids, codes and mobiles as expected'
run crm-rm 650102005 --reason test -q
expect 0 'customer 5 deleted'
crm-edit 650102001 --owner 张伟 -q && crm-edit 650103201 --owner 刘洋 -q &&
    crm-edit 13900000300 --owner 张伟 -q
ok $? 'customers 1 and 300 owned by 张伟, 1200 by 刘洋'

# 300 rows: customers 1..150 by code, 151..300 by mobile, one sale each;
# then the special rows.
{
	echo 'customer,date,product,qty,unit_price,ref'
	awk 'BEGIN { for (i = 1; i <= 150; i++) printf "650102%03d,2026-03-01,茶,1,10.00,A%d\n", i, i
	    for (i = 151; i <= 300; i++) printf "139%08d,2026-03-02,茶,2,10.00,B%d\n", i, i }'
	echo '650102005,2026-03-03,茶,1,1.00,C1'
	echo '13900000005,2026-03-03,茶,1,1.00,C2'
	echo '客户7,2026-03-04,茶,3,10.00,C3'
	echo '1200,2026-03-05,茶,4,10.00,C4'
	echo '650199001,2026-03-05,茶,1,10.00,C5'
	echo '13999999999,2026-03-05,茶,1,10.00,C6'
	echo '650102001,2026-03-06,茶,1,10.00,A1'
	echo '650102001,2026-03-06,茶,1,10.00,A1x'
	echo '650102002,2026-03-06,茶,1,10.00,A2'
} >sales.csv
run crm-sale import sales.csv
expect 65 'an import with rejected rows exits 65'
is "$(tail -n 1 err)" 'crm-sale: 304 added, 2 duplicates, 3 rejected (sales.rejects.csv)' \
    'the summary counts them'
is "$(cat sales.rejects.csv)" "customer,date,product,qty,unit_price,ref,line,error
13900000005,2026-03-03,茶,1,1.00,C2,303,customer '13900000005' matches no customer
650199001,2026-03-05,茶,1,10.00,C5,306,customer '650199001' matches no customer
13999999999,2026-03-05,茶,1,10.00,C6,307,customer '13999999999' matches no customer" \
    "a deleted customer's mobile and unknown code and mobile match no customer"
is "$(sql "select customer_id, amount, ref from sales where ref in ('A1', 'A150', 'B151', 'B300', 'C1', 'C3', 'C4', 'A1x') order by id")" \
    '1|1000|A1
150|1000|A150
151|2000|B151
300|2000|B300
5|100|C1
7|3000|C3
1200|4000|C4
1|1000|A1x' "codes (a deleted customer's too), mobiles, a name and an id find their customers"
is "$(sql "select customer_id, coalesce(rep, '-') from sales where ref in ('A1', 'A2', 'B300', 'C4') order by id")" \
    '1|张伟
2|-
300|张伟
1200|刘洋' "a sale's rep is its customer's owner"
is "$(sql "select ref, count(*) from sales where ref in ('A1', 'A2') group by ref")" 'A1|1
A2|1' \
    'customer 1 met again later in the file: its repeated row is a duplicate; so is customer 2'"'"'s'

# the same rows again, from a pipe (the input's size not known): every
# row a duplicate or rejected as before, nothing added
run sh -c 'crm-sale import - <sales.csv'
expect 65 'the same rows from a pipe'
is "$(tail -n 1 err)" 'crm-sale: 0 added, 306 duplicates, 3 rejected (rows on stderr)' \
    'nothing added: the ledger held rows of every customer'
is "$(sql "select count(*) from sales")" 304 'the ledger holds 304 rows'

# a new ref of a customer the ledger held rows of is added; a repeated
# row of a customer new to the ledger is a duplicate
{
	echo 'customer,date,product,qty,unit_price,ref'
	echo '650102003,2026-04-01,茶,1,10.00,A3'
	echo '650102003,2026-04-01,茶,1,10.00,D3'
	echo '650103100,2026-04-01,茶,1,10.00,D1099'
	echo '650103100,2026-04-01,茶,1,10.00,D1099'
	echo '650103100,2026-04-01,茶,2,10.00,D1099'
} >more.csv
awk 'BEGIN { print "customer,date,product,qty,unit_price,ref"
    for (i = 1001; i <= 1199; i++) printf "139%08d,2026-04-02,茶,1,10.00,E%d\n", i, i }' >>more.csv.tail
tail -n +2 more.csv.tail >>more.csv
run crm-sale import more.csv
expect 0 'an import of new and repeated rows (duplicates are no error)'
is "$(tail -n 1 err)" 'crm-sale: 202 added, 2 duplicates, 0 rejected' \
    'A3 of customer 3 and the repeated D1099 row are duplicates'
is "$(sql "select customer_id, qty, ref from sales where ref in ('D3', 'D1099') order by id")" \
    '3|1|D3
1099|1|D1099
1099|2|D1099' 'D3 is added, and D1099 with another qty'
is "$(sql "pragma integrity_check")" ok 'the store is sound'

done_testing
