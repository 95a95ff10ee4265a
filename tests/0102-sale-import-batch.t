#!/bin/sh
# crm-sale import writes its rows many to a statement (lib/ledger.c, the
# batch).  What it writes must be what a row-by-row import writes: ids
# in input order, a return finding a sale still waiting to be written, a
# duplicate of a row waiting, a return too many refused, and -v (written
# row by row) leaving the same ledger.  Expected ids are written by hand.
. "$(dirname "$0")/lib.sh"

many_customers 3
ok $? 'three customers'

# data row r (file line r + 1):
#   1..69    sales S1..S69             ids 1..69
#   70       a return of S65           id 70, sale_id 65
#   71..150  sales S70..S149           ids 71..150
#   151      S80 again                 a duplicate
#   152      a return of 2 more of S65 refused: nothing left of it
#   153      a payment P1              id 151
#   154      an unknown customer       refused
#   155      sale S150                 id 152
awk 'BEGIN { print "customer,date,product,qty,unit_price,amount,ref,kind"
    for (k = 1; k <= 69; k++) printf "650102001,2026-05-01,茶,1,10.00,,S%d,sale\n", k
    print "650102001,2026-05-02,茶,1,,,S65,return"
    for (k = 70; k <= 149; k++) printf "650102001,2026-05-01,茶,1,10.00,,S%d,sale\n", k
    print "650102001,2026-05-01,茶,1,10.00,,S80,sale"
    print "650102001,2026-05-03,茶,2,,,S65,return"
    print "650102001,2026-05-04,,,,100.00,P1,payment"
    print "650199999,2026-05-04,茶,1,10.00,,X1,sale"
    print "13900000002,2026-05-05,茶,2,10.00,,S150,sale" }' >sales.csv
is "$(wc -l <sales.csv | tr -d ' ')" 156 'the file has a header and 155 rows'

run crm-sale import sales.csv
expect 65 'an import with refused rows exits 65'
is "$(tail -n 1 err)" 'crm-sale: 152 added, 1 duplicates, 2 rejected (sales.rejects.csv)' \
    'the summary counts every row'
is "$(cut -d, -f7- sales.rejects.csv)" "ref,kind,line,error
S65,return,153,\"qty 2 is more than the 0 left of the sale (1 sold, 1 returned)\"
X1,sale,155,customer '650199999' matches no customer" \
    'the second return of S65 and the unknown customer are refused, with their lines'
is "$(sql "select count(*), min(id), max(id) from sales")" '152|1|152' \
    'ids 1..152, none skipped'
is "$(sql "select id, customer_id, kind, coalesce(sale_id, '-'), coalesce(qty, '-'), amount, ref from sales
           where id in (1, 65, 69, 70, 71, 81, 150, 151, 152) order by id")" \
    '1|1|sale|-|1|1000|S1
65|1|sale|-|1|1000|S65
69|1|sale|-|1|1000|S69
70|1|return|65|-1|-1000|S65
71|1|sale|-|1|1000|S70
81|1|sale|-|1|1000|S80
150|1|sale|-|1|1000|S149
151|1|payment|-|-|-10000|P1
152|2|sale|-|2|2000|S150' \
    'each row has the id of its place in the file, the return its sale'
is "$(sql "select count(*) from sales where ref = 'S80'")" 1 'S80 is in the ledger once'
is "$(sql "pragma foreign_keys = on; pragma foreign_key_check")" '' \
    'every customer and sale a row names exists'
is "$(sql "pragma integrity_check")" ok 'the store is sound'

# the same file again: every row a duplicate or refused
run crm-sale import sales.csv
expect 65 'the same file again'
is "$(tail -n 1 err)" 'crm-sale: 0 added, 153 duplicates, 2 rejected (sales.rejects.csv)' \
    'nothing added'

# -v writes row by row: the same ledger, and the listing has the ids
cp "$CRM_DB" batch.db
rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
many_customers 3
run crm-sale import -v sales.csv
expect 65 'crm-sale import -v'
is "$(cut -d, -f1 out | sed -n '2p;71p;153p' | paste -s -d' ' -)" '1 70 152' \
    'the listing shows the ids as written'
dump="select id, customer_id, date, kind, coalesce(product, ''), coalesce(qty, ''),
      coalesce(unit_price, ''), amount, coalesce(ref, ''), coalesce(rep, ''),
      coalesce(due_date, ''), coalesce(sale_id, '') from sales order by id"
is "$(sql "$dump")" "$(sqlite3 -batch batch.db "$dump")" \
    'the ledger written row by row is the same as the batched one'

# a dry run writes nothing and counts the same
rm -f "$CRM_DB" "$CRM_DB-wal" "$CRM_DB-shm"
many_customers 3
run crm-sale import --dry-run sales.csv
expect 65 'a dry run'
is "$(tail -n 1 err)" 'crm-sale: 152 added, 1 duplicates, 2 rejected (sales.rejects.csv); dry run, nothing written' \
    'a dry run counts as the import does'
is "$(sql "select count(*) from sales")" 0 'and writes nothing'

# after the import, the program's own checks are back: crm-sale add of
# a return for a sale that does not exist is refused
run crm-sale import sales.csv
run crm-sale add 650102003 --date 2026-05-06 --product 茶 --qty 1 --price 5.00
expect 0 'a sale added by hand after an import'
is "$(sql "select max(id), customer_id from sales where id = (select max(id) from sales)")" '153|3' \
    'it takes the next id'

done_testing
