#!/bin/sh
# crm-owner: owners, the public pool, handovers, fair distribution and the
# monthly sweep, on hand-made customers whose every expected row is
# written here (SPEC 3.8, seed 003 篇2 and 篇10).  Today is 2026-11-28:
# the sweep's 3 months reach back to 2026-08-28, its last calendar month
# is October 2026, and 90 days back is 2026-08-30.
. "$(dirname "$0")/lib.sh"

# store NAME: a fresh store of that name for what follows
store() {
	CRM_DB=$trash/$1.db
	export CRM_DB
}

# add NAME MOBILE [OWNER]: a complete customer of region 650102
add() {
	crm-add "$1" --mobile "$2" --region 650102 --address '新华路1号' \
	    ${3:+--owner "$3"} -q
}

# sale CUSTOMER DATE REP: one sale of 100.00
sale() {
	crm-sale add "$1" --date "$2" --product 茶叶 --qty 1 --price 100 --rep "$3" -q
}

# --- usage and errors

store usage
run crm-owner
expect 64 'crm-owner without a command exits 64'
contains err "give a command" 'and says what to give'
run crm-owner ls
expect 66 'crm-owner ls on a missing store exits 66'
run crm-owner --help
expect 0 '--help exits 0'
contains out "crm-owner sweep [--as-of D] [--apply|--dry-run]" 'and shows the usage'
run crm-owner --version
expect 0 '--version exits 0'
contains out "crm-owner (crm)" 'and names the program'
run crm-owner frobnicate
expect 64 'an unknown command exits 64'
run crm-owner ls --apply
expect 64 '--apply goes with sweep only'
run crm-owner ls --reason x
expect 64 '--reason does not go with ls'

# --- set, release, history, ls

store owners
CRM_TODAY=2026-05-01 add o1 13100000001 A
CRM_TODAY=2026-05-01 add o2 13100000002 A
CRM_TODAY=2026-05-01 add o3 13100000003
run crm-owner set o1 B --reason 'A moved to Kashgar'
expect 0 'crm-owner set'
is "$(sql "select owner, status from customers where id = 1")" "B|active" 'the customer is B’s'
run crm-owner set o1 B
expect 0 'setting the owner it has already'
contains err "nothing changed" 'changes nothing, and says so'
run crm-owner release o2
expect 64 'release without --reason exits 64'
run crm-owner release o2 --reason 'no longer served'
expect 0 'crm-owner release'
is "$(sql "select coalesce(owner, '-'), status from customers where id = 2")" "-|public" \
    'puts the customer in the public pool'
run crm-owner release o2 --reason again
expect 0 'releasing a public customer'
contains err "public pool already" 'changes nothing, and says so'
run crm-owner set o2 C
expect 0 'setting an owner of a public customer'
is "$(sql "select owner, status from customers where id = 2")" "C|active" \
    'makes it active again (SPEC 3.8)'
run crm-owner set o9 C
expect 66 'an unknown customer exits 66'
crm-rm o3 --reason test -q
run crm-owner set 3 C
expect 65 'setting the owner of a deleted customer exits 65'
contains err "set 3: customer 3 is deleted" 'naming it'
CRM_TODAY=2026-06-02 crm-edit o1 --owner D -q
run crm-owner history o1
expect 0 'crm-owner history'
is "$(cat out)" "date,from,to,reason,actor,handover
2026-05-01,,A,added,,
2026-11-28,A,B,A moved to Kashgar,tester,
2026-06-02,B,D,changed by crm-edit,tester," \
    'the owner filed with, crm-owner set with its reason and actor, and crm-edit --owner'
run crm-owner history o2 --format table
expect 0 'crm-owner history --format table'
is "$(cat out)" "date        from  to  reason            actor   handover
2026-05-01        A   added                     
2026-11-28  A         no longer served  tester  
2026-11-28        C   set               tester  " 'a table, the release and the set in order'
run crm-owner ls
expect 0 'crm-owner ls'
is "$(cat out)" "owner,customers,active
C,1,0
D,1,0
(public),0,0" 'owners with their customers, the deleted one left out, then the pool'

# --- distribute: 7 over 3 is 3/2/2, in the order of the ids

store deal
for i in 1 2 3 4 5 6 7; do
	add "p$i" "1320000000$i" X
	crm-owner release "p$i" --reason t -q
done
add u1 13200000008
add u2 13200000009 X
crm-add v1 --mobile 13200000010 --region 650203 --address '新华路1号' -q
crm-owner release u2 --reason t -q
run crm-owner distribute
expect 64 'distribute without --to exits 64'
run crm-owner distribute --to A,,B
expect 64 'an empty name in --to exits 64'
run crm-owner distribute --to A,B,A
expect 64 'a name given twice exits 64'
run crm-owner distribute --to A,B,C --region 65x
expect 64 'a --region that is no code exits 64'
run crm-owner distribute --to A,B,C --region 650102
expect 0 'crm-owner distribute --to A,B,C'
is "$(cat out)" "customer_id,code,name,owner
1,650102001,p1,A
2,650102002,p2,B
3,650102003,p3,C
4,650102004,p4,A
5,650102005,p5,B
6,650102006,p6,C
7,650102007,p7,A
9,650102009,u2,B" 'the pool of region 650102 dealt in turn, in id order'
is "$(cat err)" "crm-owner: 8 customers dealt out to 3" 'a summary on stderr'
is "$(sql "select owner, count(*) from customers where id <= 7 group by owner")" "A|3
B|2
C|2" '7 customers over 3 people: 3, 2 and 2'
is "$(sql "select count(*) from customers where status = 'public'")" "0" 'the pool is empty'
is "$(sql "select date, from_owner is null, to_owner, reason, actor from owner_history where customer_id = 4 order by id desc limit 1")" \
    "2026-11-28|1|A|distribute|tester" 'each deal is in the owner history'
run crm-owner distribute --to D,E --unowned
expect 0 'crm-owner distribute --unowned'
is "$(cat out)" "customer_id,code,name,owner
8,650102008,u1,D
10,650203001,v1,E" 'deals the customers who never had an owner'
run crm-owner distribute --to D,E
expect 0 'distribute with nothing to deal'
is "$(cat out)" "customer_id,code,name,owner" 'prints the header'

# --- handover: pending keeps the customers with A, reject leaves them,
# approve moves them; the sales stay credited to A

store handover
add h1 13300000001 A
add h2 13300000002 A
add h3 13300000003 A
add h4 13300000004 B
sale h1 2026-10-05 A
sale h2 2026-10-06 A
sale h2 2026-10-07 A
run crm-owner handover --from A --to B --type sideways
expect 64 'a --type that is not same-post or other-post exits 64'
run crm-owner handover --from A --to A --type same-post
expect 64 'a handover to oneself exits 64'
run crm-owner handover --from A --type same-post
expect 64 'a handover without --to exits 64'
run crm-owner handover --from Z --to B --type same-post
expect 65 'a handover of a rep without customers exits 65'
contains err "Z has no customers to hand over" 'and says so'
is "$(sql 'select count(*) from handovers')" "0" 'and files nothing'
run crm-owner handover --from A --to B --type 同岗位
expect 0 'crm-owner handover without an approver'
is "$(cat out)" "handover,customer_id,code,name,from,to
H2611001,1,650102001,h1,A,B
H2611001,2,650102002,h2,A,B
H2611001,3,650102003,h3,A,B" 'prints its number and its rows'
contains err "pending approval" 'says it waits for approval'
is "$(crm-ls --owner A --columns id | tr '\n' ' ')" "id 1 2 3 " 'pending: the customers stay with A'
run crm-owner handover --from A --to C --type same-post
expect 65 'a second handover of A while one is pending exits 65'
contains err "handover H2611001 of A's customers waits for approval" 'naming the pending one'
run crm-owner reject H2611001
expect 64 'reject without --reason exits 64'
run crm-owner reject H2611001 --reason '写错了接收人'
expect 0 'crm-owner reject'
is "$(crm-ls --owner A --columns id | tr '\n' ' ')" "id 1 2 3 " 'rejected: the customers stay with A'
run crm-owner approve H2611001 --approver 经理
expect 65 'approving a rejected handover exits 65'
contains err "handover H2611001 is rejected: only a pending one can be approved" 'and says why'
run crm-owner approve H2611099 --approver 经理
expect 66 'approving a handover that does not exist exits 66'
crm-owner handover --from A --to B --type other-post -q 2>/dev/null
run crm-owner approve H2611002
expect 64 'approve without --approver exits 64'
run crm-owner approve H2611002 --approver 经理
expect 0 'crm-owner approve'
is "$(cat out)" "handover,customer_id,code,name,from,to
H2611002,1,650102001,h1,A,B
H2611002,2,650102002,h2,A,B
H2611002,3,650102003,h3,A,B" 'prints the rows it moved'
is "$(crm-ls --owner B --columns id | tr '\n' ' ')" "id 1 2 3 4 " 'approved: the customers are B’s'
is "$(crm-ls --owner A --columns id | tr '\n' ' ')" "id " 'and none is A’s'
is "$(crm-sale ls --customer h2 | cut -d, -f1,13 | tr '\n' ' ')" "id,rep 2,A 3,A " \
    'the sales stay credited to A (只交接客户档案,不转移消费记录和金额)'
crm-sale add h2 --date 2026-11-28 --product 茶叶 --qty 1 --price 100 -q
is "$(sql "select rep from sales where customer_id = 2 and date = '2026-11-28'")" "B" \
    'a new sale is B’s by default'
run crm-owner history h1
is "$(cat out)" "date,from,to,reason,actor,handover
2026-11-28,,A,added,,
2026-11-28,A,B,handover (other-post),tester,H2611002" \
    'the owner history names the handover, its type and the actor'
run crm-owner handover --from B --to C --type same-post --approver 经理
expect 0 'crm-owner handover with an approver'
contains err "approved and moved" 'is approved at once'
is "$(crm-ls --owner C --columns id | tr '\n' ' ')" "id 1 2 3 4 " 'and the customers are C’s'
run crm-owner handovers
expect 0 'crm-owner handovers'
is "$(cat out)" "handover,date,from,to,type,customers,status,approver
H2611001,2026-11-28,A,B,same-post,3,rejected,
H2611002,2026-11-28,A,B,other-post,3,approved,经理
H2611003,2026-11-28,B,C,same-post,4,approved,经理" 'lists every handover'
run crm-owner handovers --status pending
is "$(cat out)" "handover,date,from,to,type,customers,status,approver" '--status pending: none'
run crm-owner handovers --status open
expect 64 'a --status that is no state exits 64'
# the story: the manager hands over, the monthly sweep runs, and the new
# rep's customers stay theirs although A served them last month
run crm-owner sweep --apply
expect 0 'the monthly sweep after the handover'
is "$(cat out)" "customer_id,code,name,action,old_owner,new_owner,reason" \
    'frees none of the customers handed over: their owner has them since today'
is "$(crm-ls --owner C --columns name | tr '\n' ' ')" "name h1 h2 h3 h4 " \
    'the new rep sees the list in crm-ls --owner'
run crm-show h1 --format csv
contains out 'owner_history,"2026-11-28 A -> B: handover (other-post), by tester, H2611002"' \
    'crm-show shows the owner history'

# --- sweep, at each boundary

store sweep
CRM_TODAY=2026-05-01 add k01 13400000001 A       # sale 2026-08-28: exactly 3 months
CRM_TODAY=2026-05-01 add k02 13400000002 A       # sale 2026-08-27: a day more
CRM_TODAY=2026-05-01 add k03 13400000003 A       # no sale, owner since 2026-05-01
CRM_TODAY=2026-05-01 add k04 13400000004 B       # A's since 2026-08-28
CRM_TODAY=2026-05-01 add k05 13400000005 B       # A's since 2026-08-27
CRM_TODAY=2026-05-01 add k06 13400000006 A       # October: A, X, Y
CRM_TODAY=2026-05-01 add k07 13400000007 A       # October: X, X, A
CRM_TODAY=2026-05-01 add k08 13400000008 A       # October: X, A, A
CRM_TODAY=2026-05-01 add k09 13400000009 A       # public; October: X, X
CRM_TODAY=2026-05-01 add k10 13400000010 A       # public; October: X, X, Y, Y
CRM_TODAY=2026-05-01 add k11 13400000011 A       # public; October: X
CRM_TODAY=2026-08-31 crm-add k12 --mobile 13400000012 -q   # incomplete, 89 days
CRM_TODAY=2026-08-30 crm-add k13 --mobile 13400000013 -q   # incomplete, 90 days
CRM_TODAY=2026-08-29 crm-add k14 --mobile 13400000014 --owner A -q   # 91 days
sale k01 2026-08-28 A
sale k02 2026-08-27 A
CRM_TODAY=2026-08-28 crm-owner set k04 A -q
CRM_TODAY=2026-08-27 crm-owner set k05 A -q
sale k06 2026-10-02 A; sale k06 2026-10-03 X; sale k06 2026-10-04 Y
sale k07 2026-10-02 X; sale k07 2026-10-03 X; sale k07 2026-10-04 A
sale k08 2026-10-02 X; sale k08 2026-10-03 A; sale k08 2026-10-04 A
for k in k09 k10 k11; do CRM_TODAY=2026-09-01 crm-owner release $k --reason t -q; done
sale k09 2026-10-02 X; sale k09 2026-10-20 X
sale k10 2026-10-02 X; sale k10 2026-10-03 X; sale k10 2026-10-04 Y; sale k10 2026-10-05 Y
sale k11 2026-10-02 X
sale k11 2026-11-02 X
sql "select id, coalesce(owner, '-'), status from customers order by id" > before
sql "select count(*) from owner_history" > before-history
sweep="customer_id,code,name,action,old_owner,new_owner,reason
2,650102002,k02,to_public,A,,no sale in 3 months since 2026-08-27
3,650102003,k03,to_public,A,,no sale in 3 months since 2026-05-01
5,650102005,k05,to_public,A,,no sale in 3 months since 2026-08-27
6,650102006,k06,to_public,A,,2 of 3 sales in 2026-10 served by others
7,650102007,k07,to_public,A,,2 of 3 sales in 2026-10 served by others
7,650102007,k07,assign,,X,2 sales in 2026-10 served by X
9,650102009,k09,assign,,X,2 sales in 2026-10 served by X
14,,k14,remove,A,,incomplete after 90 days"
run crm-owner sweep
expect 0 'crm-owner sweep (a dry run)'
is "$(cat out)" "$sweep" 'each boundary: 3 months to the day, the day the owner got it, 2 of 3 sales by others (1 of 3 stays), served twice (a tie stays public), incomplete at 91 days (89 and 90 stay)'
is "$(cat err)" "crm-owner: sweep at 2026-11-28: 5 to the public pool, 2 assigned, 1 removed (dry run: nothing written; --apply writes)" \
    'the summary says it was a dry run'
sql "select id, coalesce(owner, '-'), status from customers order by id" > after
is "$(cmp -s before after; echo $?)$(sql "select count(*) from owner_history")" "0$(cat before-history)" \
    'the dry run writes nothing'
run crm-owner sweep --dry-run --apply
expect 64 '--dry-run and --apply together exit 64'
run crm-owner sweep --as-of 2026-11-31
expect 65 'an impossible --as-of exits 65'
run crm-owner sweep --as-of 2026-12-01
is "$(cut -d, -f1,4 out | tr '\n' ' ')" "customer_id,action 1,to_public 2,to_public 3,to_public 4,to_public 5,to_public 12,remove 13,remove 14,remove " \
    '--as-of: on 2026-12-01 the 3 months start 2026-09-01, the month is November, and 89 days are 92'
sqlite3 "$CRM_DB" ".backup $trash/share.db"
CRM_DB=$trash/share.db crm-config owner.other_rep_share 0.7
run env CRM_DB="$trash/share.db" crm-owner sweep
is "$(grep -c 'served by others' out)" "0" 'owner.other_rep_share 0.7: 2 of 3 keeps the owner'
CRM_DB=$trash/share.db crm-config owner.pool_months 4
run env CRM_DB="$trash/share.db" crm-owner sweep
is "$(grep -c 'no sale in 4 months since' out)" "1" 'owner.pool_months 4: only k03 is 4 months without a sale'
run crm-owner sweep --apply
expect 0 'crm-owner sweep --apply'
is "$(cat out)" "$sweep" 'prints what it does'
is "$(sql "select id, coalesce(owner, '-'), status from customers where id in (1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14) order by id")" "1|A|active
2|-|public
6|-|public
7|X|active
8|A|active
9|X|active
10|-|public
11|-|public
12|-|active
13|-|active
14|A|deleted" 'freed, assigned, kept, removed'
is "$(sql "select deleted_reason, deleted_by from customers where id = 14")" \
    "incomplete after 90 days|tester" 'removed as crm-rm does, with the reason'
is "$(crm-owner history k07 | tail -n 2)" "2026-11-28,A,,2 of 3 sales in 2026-10 served by others,tester,
2026-11-28,,X,2 sales in 2026-10 served by X,tester," 'each move is in the history with its reason and actor'
run crm-owner sweep --apply
expect 0 'a second crm-owner sweep --apply'
is "$(cat out)" "customer_id,code,name,action,old_owner,new_owner,reason" 'does nothing'
contains err "0 to the public pool, 0 assigned, 0 removed" 'and says so'
run crm-owner ls
is "$(cat out)" "owner,customers,active
A,3,2
X,2,2
(none),2,0
(public),6,3" 'crm-owner ls: active counts a sale in the last 3 months'

done_testing
