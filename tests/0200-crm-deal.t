#!/bin/sh
# crm-deal: opportunities through the stages (销售机会跟踪表), every move
# kept; the default probabilities of deal.probability and a deal's own;
# won and lost closed unless --reopen; and crm-report funnel (销售漏斗)
# over a hand-made set of 10 deals with a known history, every figure
# of the expected table written here (SPEC 3.9).
. "$(dirname "$0")/lib.sh"

header='id,customer_id,code,name,title,amount,stage,probability,expected,owner'

crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,owner
c1,13000000001,王
c2,13000000002,李
c3,13000000003,
CSV

# add CUSTOMER DATE STAGE AMOUNT [options]: the new deal's id
add() {
	c=$1 d=$2 st=$3 a=$4
	shift 4
	crm-deal add "$c" --title "deal on $d" --amount "$a" --stage "$st" \
	    --expected 2026-12-31 --date "$d" "$@" 2>/dev/null | tail -n 1 | cut -d, -f1
}
move() {
	crm-deal move "$@" -q 2>/dev/null
}

# --- add

run crm-deal add c1 --title 'ERP 系统' --amount '¥120,000.50' --stage lead --expected 2026-12-31 \
    --date 2026-10-01
expect 0 'crm-deal add'
is "$(cat out)" "$header
1,1,,c1,ERP 系统,120000.50,lead,10,2026-12-31,王" \
    'prints the deal as ls does: the lead probability 10, the customer owner as owner'
is "$(sql "select opened, own_probability is null from deals where id = 1")" "2026-10-01|1" \
    'opened on --date, no probability of its own'
is "$(sql "select date, coalesce(from_stage, '-'), to_stage, probability, actor from deal_moves")" \
    "2026-10-01|-|lead|10|tester" 'the opening is the first move, with the actor'
run crm-deal add c2 --title x --amount 10 --stage 谈判 --expected 2026-12-31 --owner 赵 \
    --probability 30%
expect 0 'a Chinese stage, an owner and a probability of its own'
is "$(tail -n 1 out)" "2,2,,c2,x,10.00,negotiation,30,2026-12-31,赵" 'negotiation at 30, owned by 赵'
is "$(sql "select opened from deals where id = 2")" "2026-11-28" '--date defaults to today'
run crm-deal add c3 --title x --amount 0 --stage lead --expected 2026-11-28
expect 0 'an amount of 0 and a deal expected the day it opens are accepted'
is "$(tail -n 1 out | cut -d, -f6,10)" "0.00," 'a customer without an owner: no owner'

for bad in '--amount -5 --expected 2026-12-31' '--amount abc --expected 2026-12-31' \
    '--amount 5 --expected 2026-12-31 --probability 101' \
    '--amount 5 --expected 2026-12-31 --probability -1' \
    '--amount 5 --expected 2026-12-31 --probability x' '--amount 5 --expected 2026-02-30' \
    '--amount 5 --expected 2026-11-27' '--amount 5 --expected 2026-12-31 --date 2026-13-01'; do
	run crm-deal add c1 --title x --stage lead $bad
	expect 65 "add $bad is a data error"
done
run crm-deal add c1 --title x --amount -5 --stage lead --expected 2026-12-31
is "$(cat err)" "crm-deal: amount '-5' is not an amount in yuan" 'the message names the field and the value'
run crm-deal add c1 --title x --amount 5 --stage lead --expected 2026-12-31 --probability 101
is "$(cat err)" "crm-deal: probability '101' is not a percent from 0 to 100" 'names the probability'
run crm-deal add c1 --title x --amount 5 --stage lead --expected 2026-11-27
is "$(cat err)" "crm-deal: add c1: expected 2026-11-27 is before the deal was opened (2026-11-28)" \
    'an expected close before the opening is refused'
run crm-deal add c1 --title x --amount 5 --stage won2 --expected 2026-12-31
expect 64 'an unknown stage is a usage error'
is "$(cat err)" "crm-deal: --stage 'won2' is not lead, qualified, proposal, negotiation, won or lost
Try 'crm-deal --help'." 'naming the stages'
run crm-deal add c1 --title x --amount 5 --stage lead
expect 64 'add without --expected is a usage error'
run crm-deal add nobody --title x --amount 5 --stage lead --expected 2026-12-31
expect 66 'an unknown customer exits 66'
is "$(sql "select count(*) from deals")" 3 'the refused adds stored nothing'

# --- move

run crm-deal move 1 --stage proposal --date 2026-10-05
expect 0 'move lead -> proposal, skipping qualified'
is "$(cat out)" "$header
1,1,,c1,ERP 系统,120000.50,proposal,50,2026-12-31,王" 'prints the deal at its new stage and probability'
run crm-deal move 1 --stage proposal --date 2026-10-06
expect 65 'moving to the stage it is at is refused'
is "$(cat err)" "crm-deal: move 1: deal 1 is at proposal already" 'says so'
run crm-deal move 1 --stage negotiation --date 2026-10-04
expect 65 'a move dated before the last move is refused'
is "$(cat err)" "crm-deal: move 1: date 2026-10-04 is before the deal's last move (2026-10-05)" 'says so'
run crm-deal move 1 --stage qualified --date 2026-10-05
expect 0 'a move on the same day as the last, and back a stage, is accepted'
run crm-deal move 1 --stage won --date 2026-10-09
expect 0 'move to won'
is "$(cut -d, -f7,8 out | tail -n 1)" "won,100" 'won at 100'
run crm-deal move 1 --stage negotiation --date 2026-10-10
expect 65 're-moving a won deal is refused'
is "$(cat err)" "crm-deal: move 1: deal 1 is won, which closes it: give --reopen to move it again" \
    'a clear message naming --reopen'
run crm-deal move 1 --stage negotiation --date 2026-10-10 --reopen
expect 0 'allowed with --reopen'
is "$(cut -d, -f7,8 out | tail -n 1)" "negotiation,75" 'open again at negotiation, 75'
run crm-deal move 1 --stage won --reopen
expect 65 '--reopen of a deal that is open is refused'
is "$(cat err)" "crm-deal: move 1: deal 1 is negotiation, not closed: --reopen goes with a deal that is won or lost" 'says so'
run crm-deal move 1 --stage lost
expect 0 'move to lost, dated today'
run crm-deal move 1 --stage lead
expect 65 'a lost deal is closed too'
run crm-deal history 1
expect 0 'crm-deal history'
is "$(cat out)" "date,from,to,probability,actor
2026-10-01,,lead,10,tester
2026-10-05,lead,proposal,50,tester
2026-10-05,proposal,qualified,25,tester
2026-10-09,qualified,won,100,tester
2026-10-10,won,negotiation,75,tester
2026-11-28,negotiation,lost,0,tester" 'every move kept with its date, from, to, probability and actor'
run crm-deal move 2 --stage won
expect 0 'a deal with its own probability moves'
is "$(cut -d, -f7,8 out | tail -n 1)" "won,30" 'and keeps its own probability'
run crm-deal move 99 --stage won
expect 66 'no such deal exits 66'
is "$(cat err)" "crm-deal: move 99: there is no deal 99" 'says so'
run crm-deal move x --stage won
expect 64 'an ID that is no number is a usage error'
run crm-deal move 3 --stage nope
expect 64 'an unknown stage is a usage error'
run crm-deal move 3 --stage won --date 2026-11-31
expect 65 'an impossible date is a data error'
run crm-deal history 99
expect 66 'history of no such deal exits 66'

# --- deal.probability

run crm-config deal.probability 'lead=5,qualified=25,proposal=50,negotiation=75,won=100,lost=0'
expect 0 'deal.probability is set'
is "$(add c3 2026-11-28 lead 1)" 4 'a new deal'
is "$(sql "select probability from deals where id = 4")" 5 'takes the new lead probability'
for bad in 'lead=5' 'lead=5,qualified=25,proposal=50,negotiation=75,won=100,lost=0,lead=1' \
    'lead=5,qualified=25,proposal=50,negotiation=75,won=101,lost=0' \
    'lead=5,qualified=25,proposal=50,negotiation=75,won=100,closed=0' 'lead=a'; do
	run crm-config deal.probability "$bad"
	expect 64 "deal.probability '$bad' is refused"
done
is "$(crm-config deal.probability)" "lead=5,qualified=25,proposal=50,negotiation=75,won=100,lost=0" \
    'the refused values were not stored'
crm-config --unset deal.probability 2>/dev/null

# --- ls

run crm-deal ls
expect 0 'crm-deal ls'
is "$(cat out)" "$header
1,1,,c1,ERP 系统,120000.50,lost,0,2026-12-31,王
2,2,,c2,x,10.00,won,30,2026-12-31,赵
3,3,,c3,x,0.00,lead,10,2026-11-28,
4,3,,c3,deal on 2026-11-28,1.00,lead,5,2026-12-31," 'every deal by id'
run crm-deal ls --open
is "$(cut -d, -f1 out | tr '\n' ' ')" "id 3 4 " '--open: not won or lost'
run crm-deal ls --stage won
is "$(cut -d, -f1 out | tr '\n' ' ')" "id 2 " '--stage won'
run crm-deal ls --owner 王
is "$(cut -d, -f1 out | tr '\n' ' ')" "id 1 " '--owner'
run crm-deal ls --customer c3
is "$(cut -d, -f1 out | tr '\n' ' ')" "id 3 4 " '--customer'
run crm-deal ls --stage open
expect 64 'ls --stage of no stage is a usage error'
run crm-deal ls --reopen
expect 64 '--reopen does not go with ls'

# --- crm-show: open deals

run crm-show c3
is "$(grep '^deal,' out)" 'deal,"3 x 0.00, lead 10%, expected 2026-11-28"
deal,"4 deal on 2026-11-28 1.00, lead 5%, expected 2026-12-31"' 'crm-show lists the open deals'
run crm-show c1
lacks out 'deal,' 'and not a closed one'

# --- the funnel: 10 deals opened in 2026-Q4 with a known history, and
# one opened in September.  Per deal: its moves, its stage now, and the
# furthest stage of lead..won it reached (what counts as reached):
#  d1  c1  10000.05 lead                                   lead 10%   lead
#  d2  c1  20000    lead > qualified                       qualified  qualified
#  d3  c2  30000    lead > qualified > proposal            proposal   proposal
#  d4  c2  40000    lead > proposal (skips qualified)      proposal   proposal
#  d5  c1  50000    qualified > negotiation, its own 60%   negotiation 60% negotiation
#  d6  c3  60000    lead > qualified > proposal > negotiation > won    won
#  d7  c2  70000    proposal > lost                        lost       proposal
#  d8  c1  80000    lead > won                             won        won
#  d9  c3  90000    negotiation > won > reopened negotiation  negotiation 75%  won
#  d10 c2  100000   lead > lost                            lost       lead
#  d11 c1  5000     2026-09-15 lead > won: outside the period
#
# now at:  lead d1: 10000.05, weighted 1000.005 -> 1000.01 (half up)
#          qualified d2: 20000, 5000; proposal d3 d4: 70000, 15000 + 20000
#          negotiation d5 d9: 140000, 30000 + 67500; won d6 d8: 140000,
#          140000; lost d7 d10: 170000, 0
# reached: lead 10, qualified 8, proposal 7 (d3 d4 d5 d6 d7 d8 d9),
#          negotiation 4 (d5 d6 d8 d9), won 3 (d6 d8 d9)
# conversion: 8/10, 7/8 = 0.875, 4/7 = 0.571428..., 3/4

CRM_DB=$trash/funnel.db
export CRM_DB
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,owner
c1,13000000001,王
c2,13000000002,李
c3,13000000003,
CSV
d=$(add c1 2026-10-01 lead 10000.05)
d=$(add c1 2026-10-01 lead 20000); move "$d" --stage qualified --date 2026-10-05
d=$(add c2 2026-10-02 lead 30000); move "$d" --stage qualified --date 2026-10-03
move "$d" --stage proposal --date 2026-10-10
d=$(add c2 2026-10-02 lead 40000); move "$d" --stage proposal --date 2026-10-08
d=$(add c1 2026-10-03 qualified 50000 --probability 60); move "$d" --stage negotiation --date 2026-10-12
d=$(add c3 2026-10-04 lead 60000)
for s in qualified proposal negotiation won; do move "$d" --stage $s --date 2026-10-20; done
d=$(add c2 2026-10-05 proposal 70000); move "$d" --stage lost --date 2026-10-15
d=$(add c1 2026-11-01 lead 80000); move "$d" --stage won --date 2026-11-02
d=$(add c3 2026-11-15 negotiation 90000); move "$d" --stage won --date 2026-11-20
move "$d" --stage negotiation --date 2026-11-25 --reopen
d=$(add c2 2026-12-01 lead 100000); move "$d" --stage lost --date 2026-12-03
d=$(add c1 2026-09-15 lead 5000); move "$d" --stage won --date 2026-10-01
is "$d" 11 'eleven deals'
is "$(sql "select count(*) from deal_moves")" 26 'with 26 moves, the openings included'

run crm-report funnel --period 2026-Q4
expect 0 'crm-report funnel --period 2026-Q4'
is "$(cat out)" "stage,deals,amount,weighted_amount,conversion
lead,1,10000.05,1000.01,0.8000
qualified,1,20000.00,5000.00,0.8750
proposal,2,70000.00,35000.00,0.5714
negotiation,2,140000.00,97500.00,0.7500
won,2,140000.00,140000.00,
lost,2,170000.00,0.00," 'the funnel: now at each stage, weighted, and the conversions from the history'
run crm-report funnel --period 2026-09
is "$(cat out)" "stage,deals,amount,weighted_amount,conversion
lead,0,0.00,0.00,1.0000
qualified,0,0.00,0.00,1.0000
proposal,0,0.00,0.00,1.0000
negotiation,0,0.00,0.00,1.0000
won,1,5000.00,5000.00,
lost,0,0.00,0.00," 'September: d11 skipped to won, which counts as reaching every stage'
run crm-report funnel
is "$(sed -n 6p out)" "won,3,145000.00,145000.00," 'the default period is the year: d11 counts'
run crm-report funnel --period 2026-Q4 --owner 王
is "$(cat out)" "stage,deals,amount,weighted_amount,conversion
lead,1,10000.05,1000.01,0.7500
qualified,1,20000.00,5000.00,0.6667
proposal,0,0.00,0.00,1.0000
negotiation,1,50000.00,30000.00,0.5000
won,1,80000.00,80000.00,
lost,0,0.00,0.00," "--owner 王: d1 d2 d5 d8 (reached 4, 3, 2, 2, 1)"
run crm-report funnel --period 2025
is "$(cat out)" "stage,deals,amount,weighted_amount,conversion
lead,0,0.00,0.00,
qualified,0,0.00,0.00,
proposal,0,0.00,0.00,
negotiation,0,0.00,0.00,
won,0,0.00,0.00,
lost,0,0.00,0.00," 'no deals: every stage at 0, no conversion'
run crm-report funnel --period 2026-Q4 --format table --chart amount
expect 0 'crm-report funnel --chart amount'
contains out 'negotiation  ' 'the chart labels the stages'
is "$(grep -c '█' out)" 6 'a bar for each stage, every one has an amount'
run crm-report funnel --period 2026-Q4 --chart stage
expect 64 '--chart of a text column is a usage error'
run crm-report funnel --by month
expect 64 'funnel takes no --by'
run crm-report funnel --period 2026-Q4 --format xlsx -o funnel.xlsx --chart amount
expect 0 'crm-report funnel as an Excel workbook with a chart'
is "$(head -c 2 funnel.xlsx)" "PK" 'a workbook'
run crm-report funnel --period 2026-Q4 --format json
is "$(sqlite3 -batch :memory: "SELECT json_extract(value, '\$.weighted_amount') FROM json_each(readfile('out'))
    WHERE json_extract(value, '\$.stage') = 'negotiation'")" 97500.0 'json: money as numbers'
run crm-report --list
contains out 'funnel       销售漏斗' 'crm-report --list names the funnel'

is "$(sqlite3 -batch "$CRM_DB" 'PRAGMA integrity_check')" ok 'the store is sound'

done_testing
