#!/bin/sh
# crm-report: the analysis tables (SPEC 3.5) on a small hand-made set,
# with every expected table written here: region at the three levels
# (a customer above the level counts under its own region, a thirds case
# whose shares still sum to 1), grades, top (sales, growth, margin) and
# profile (gender, the age bands at their edges, region, spend, industry);
# the filters, and the usage errors.
. "$(dirname "$0")/lib.sh"

# Five customers and one deleted; ages at 2026-11-28: c1 46, c2 17 (one
# day short of 18), c3 44, c5 60 to the day.
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,region,gender,birthday,industry
c1,13000000001,650102,M,1980-11-28,批发零售
c2,13000000002,650103,F,2008-11-29,批发零售
c3,13000000003,110105,M,1981-11-29,
c4,13000000004,,,,餐饮
c5,13000000005,650100,F,1966-11-28,
c6,13000000006,110105,M,,
CSV
cat >sales.csv <<'CSV'
customer,date,product,qty,amount,cost,ref
13000000001,2025-06-01,P,1,150,,A0
13000000002,2025-06-01,P,1,600,,B0
13000000001,2026-03-01,P,1,300,200,A1
13000000002,2026-03-01,P,1,300,,B1
13000000003,2026-03-01,P,1,300,,C1
13000000005,2026-03-01,P,1,100,,E1
13000000005,2026-03-05,P,-1,-100,,E1
13000000006,2026-03-01,P,1,1000,,F1
CSV
crm-sale import sales.csv -q 2>/dev/null
crm-rm 13000000006 --reason 'test' -q 2>/dev/null
sql "update customers set grade = 'A' where id = 1; update customers set grade = 'B' where id in (2, 3);
    update customers set grade = 'C' where id = 5"

# --- region

run crm-report region
expect 0 'crm-report region (the current year, 2026)'
is "$(cat out)" "region,name,customers,customer_share,sales,sales_share
110000,北京市,1,0.2000,300.00,0.3333
650000,新疆维吾尔自治区,3,0.6000,600.00,0.6667
unknown,,1,0.2000,0.00,0.0000
total,,5,1.0000,900.00,1.0000" \
    'per province; the deleted c6 and 2025 are left out; 600/900 takes the basis point left'
run crm-report region --level city
is "$(cat out)" "region,name,customers,customer_share,sales,sales_share
110100,市辖区,1,0.2000,300.00,0.3333
650100,乌鲁木齐市,3,0.6000,600.00,0.6667
unknown,,1,0.2000,0.00,0.0000
total,,5,1.0000,900.00,1.0000" 'per city: c5, filed under the city itself, counts there'
run crm-report region --level county
is "$(cat out)" "region,name,customers,customer_share,sales,sales_share
110105,朝阳区,1,0.2000,300.00,0.3334
650100,乌鲁木齐市,1,0.2000,0.00,0.0000
650102,天山区,1,0.2000,300.00,0.3333
650103,沙依巴克区,1,0.2000,300.00,0.3333
unknown,,1,0.2000,0.00,0.0000
total,,5,1.0000,900.00,1.0000" \
    'per county: a customer above the level counts under its own region; thirds sum to 1 (the first takes the point)'
run crm-report region --region 65
is "$(tail -n 1 out)" "total,,3,1.0000,600.00,1.0000" '--region 65: Xinjiang only'
run crm-report region --period 2025
is "$(cat out)" "region,name,customers,customer_share,sales,sales_share
110000,北京市,1,0.2000,0.00,0.0000
650000,新疆维吾尔自治区,3,0.6000,750.00,1.0000
unknown,,1,0.2000,0.00,0.0000
total,,5,1.0000,750.00,1.0000" '--period 2025'
run crm-report region --level state
expect 64 'an unknown --level is a usage error'
run crm-report grades --level city
expect 64 '--level does not go with grades'

# --- grades

run crm-report grades
expect 0 'crm-report grades'
is "$(cat out)" "grade,customers,customer_share,sales,sales_share
A,1,0.2000,300.00,0.3333
B,2,0.4000,600.00,0.6667
C,1,0.2000,0.00,0.0000
none,1,0.2000,0.00,0.0000
total,5,1.0000,900.00,1.0000" 'per grade of the primary scheme, in order, none, then total'
run crm-report grades --grade B
is "$(tail -n 1 out)" "total,2,1.0000,600.00,1.0000" '--grade B'
run crm-report grades --scheme vip
is "$(cat out)" "grade,customers,customer_share,sales,sales_share
none,5,1.0000,900.00,1.0000
total,5,1.0000,900.00,1.0000" '--scheme vip before any vip grading: all none'
run crm-report grades --scheme xyz
expect 64 'an unknown --scheme is a usage error'

# --- top

run crm-report top
expect 0 'crm-report top'
is "$(cat out)" "ranking,rank,id,code,name,value
sales,1,1,650102001,c1,300.00
sales,1,2,650103001,c2,300.00
sales,1,3,110105001,c3,300.00
sales,4,5,650100001,c5,0.00
growth,1,1,650102001,c1,1.0000
growth,2,2,650103001,c2,-0.5000
margin,1,1,650102001,c1,0.3333" \
    'sales (ties share a rank), growth against 2025 (c3 had none), margin where a cost is recorded'
run crm-report top --top 2
is "$(cut -d, -f1,3 out | tr '\n' ' ')" "ranking,id sales,1 sales,2 growth,1 growth,2 margin,1 " '--top 2'
run crm-report top --top 0
expect 64 '--top 0 is a usage error'

# --- profile

run crm-report profile
expect 0 'crm-report profile'
is "$(cat out)" "dimension,category,customers,share
gender,M,2,0.4000
gender,F,2,0.4000
gender,unknown,1,0.2000
age,<18,1,0.2000
age,18-45,1,0.2000
age,45-60,1,0.2000
age,>60,1,0.2000
age,unknown,1,0.2000
region,110000,1,0.2000
region,650000,3,0.6000
region,unknown,1,0.2000
spend,high,3,0.6000
spend,mid,0,0.0000
spend,low,2,0.4000
industry,批发零售,2,0.4000
industry,餐饮,1,0.2000
industry,unknown,2,0.4000" \
    'profile: 17 is <18, 44 is 18-45, 46 45-60, 60 >60; three tied at the top are all high; net 0 is low'
run crm-report profile --as-of 2026-11-27
is "$(grep '^age,' out | tr '\n' ' ')" "age,<18,1,0.2000 age,18-45,1,0.2000 age,45-60,2,0.4000 age,>60,0,0.0000 age,unknown,1,0.2000 " \
    'as of 2026-11-27: c1 is 45 (45-60) and c5 59 (45-60)'
run crm-report profile --as-of 2026-11-29
is "$(grep '^age,' out | tr '\n' ' ')" "age,<18,0,0.0000 age,18-45,1,0.2000 age,45-60,2,0.4000 age,>60,1,0.2000 age,unknown,1,0.2000 " \
    'as of 2026-11-29: c2 is 18 (18-45) and c3 45 (45-60)'

# --- sales: the customer x product pivot (c1 buys 50.00 of Q too)

printf 'customer,date,product,qty,amount\n13000000001,2026-04-01,Q,1,50\n' >q.csv
crm-sale import q.csv -q 2>/dev/null
run crm-report sales
expect 0 'crm-report sales'
is "$(cat out)" "id,code,name,P,Q,total
1,650102001,c1,300.00,50.00,350.00
2,650103001,c2,300.00,0.00,300.00
3,110105001,c3,300.00,0.00,300.00
5,650100001,c5,0.00,0.00,0.00
total,,,900.00,50.00,950.00" 'products by their total, a row per customer with sales, the totals agree'
run crm-report sales --products 1
is "$(cat out)" "id,code,name,P,other,total
1,650102001,c1,300.00,50.00,350.00
2,650103001,c2,300.00,0.00,300.00
3,110105001,c3,300.00,0.00,300.00
5,650100001,c5,0.00,0.00,0.00
total,,,900.00,50.00,950.00" '--products 1: the rest as other'
run crm-report sales --period 2024
is "$(cat out)" "id,code,name,total
total,,,0.00" 'a period without sales: the header and a zero total'
crm-sale void "$(sql "select id from sales where product = 'Q'")" --reason test 2>/dev/null

# --- problems: falling against 2025, past due at 2026-11-28 (every sale
# is: due 30 days after it, nothing paid), open complaints

run crm-report problems
expect 0 'crm-report problems'
is "$(cat out)" "id,code,name,owner,mobile,sales,previous_sales,change_pct,overdue,open_complaints,problems
1,650102001,c1,,130****0001,300.00,150.00,100.00,450.00,0,overdue
2,650103001,c2,,130****0002,300.00,600.00,-50.00,900.00,0,falling;overdue
3,110105001,c3,,130****0003,300.00,0.00,,300.00,0,overdue" \
    'c2 fell by half; all three owe past due; c5 (returned) and c4 (no sales) have no problem; mobiles masked'
crm-complaint open 13000000004 --channel phone --category service --description x -q 2>/dev/null
run crm-report problems --unmask
is "$(tail -n 1 out)" "4,,c4,,13000000004,0.00,0.00,,0.00,1,complaints" '--unmask; an open complaint is a problem'
is "$(sql "select action from audit_log where command = 'crm-report' order by id desc limit 1")" "export-unmasked" \
    'an unmasked run is audited as such'

# --- evaluate: the four customers with a sale in 2026 (n = 4); a score
# is 100 x the others worse or tied / 3, no value the worst (0)
#   growth: c1 +100% (3 worse), c2 -50% (2 worse: c3 and c5 had no 2025
#     sales, so no growth: 0)
#   credit: 100 - days past due (c1, c2, c3 more than 100 days: 0; c5 owes nothing)
#   margin: c1 alone has costs (100), the others none (0)
#   frequency: one sale day each, all tied: 100; no complaints, all tied: 100
#   score = (25 growth + 20 credit + 25 margin + 20 frequency + 10 complaints) / 100
#     c1 (2500 + 0 + 2500 + 2000 + 1000) / 100 = 80.00
#     c2 (25 x 66.67 + 2000 + 1000) / 100 = 46.6675, 46.67
#     c3 (2000 + 1000) / 100 = 30.00; c5 (2000 + 2000 + 1000) / 100 = 50.00

run crm-report evaluate
expect 0 'crm-report evaluate'
is "$(cat out)" "id,code,name,growth,credit,margin,frequency,complaints,score,recommendation
1,650102001,c1,100.00,0.00,100.00,100.00,100.00,80.00,develop
2,650103001,c2,66.67,0.00,0.00,100.00,100.00,46.67,maintain
3,110105001,c3,0.00,0.00,0.00,100.00,100.00,30.00,terminate
5,650100001,c5,0.00,100.00,0.00,100.00,100.00,50.00,maintain" \
    'the scores (ties share the better one), the weighted mean and the recommendation of each'
crm-config report.evaluate.cut 45/15 2>/dev/null
run crm-report evaluate
is "$(cut -d, -f1,10 out | tail -n +2 | tr '\n' ' ')" "1,develop 2,develop 3,maintain 5,develop " 'report.evaluate.cut 45/15'
crm-config report.evaluate.weights growth=0,credit=0,margin=0,frequency=0,complaints=1 2>/dev/null
run crm-report evaluate
is "$(cut -d, -f1,9 out | tail -n +2 | tr '\n' ' ')" "1,100.00 2,100.00 3,100.00 5,100.00 " 'other weights: complaints alone, all tied'
run crm-config report.evaluate.weights growth=1,credit=1
expect 64 'weights must name every score'
run crm-config report.evaluate.cut 500/40
expect 64 'a cut over 100 is refused: scores end at 100'
crm-config --unset report.evaluate.weights 2>/dev/null
crm-config --unset report.evaluate.cut 2>/dev/null

# growth a hair apart is not a tie, and ties share the better score: in
# another store, d1 grows by 0.01 on 10,000.00 (0.000001), d2 and d3 not
# at all, d4 halves.  growth: d1 3 others worse or tied (100), d2 and d3
# 2 (66.67), d4 0; credit 0 (2025 unpaid), margin 0, frequency and
# complaints all tied (100): d1 (2500 + 2000 + 1000) / 100 = 55.00,
# d2 and d3 (25 x 66.67 + 3000) / 100 = 46.67, d4 30.00
(
	CRM_DB=$trash/evaluate.db
	export CRM_DB
	crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile
d1,13100000001
d2,13100000002
d3,13100000003
d4,13100000004
CSV
	crm-sale import - -q 2>/dev/null <<'CSV'
customer,date,product,qty,amount
13100000001,2025-11-20,P,1,10000.00
13100000002,2025-11-20,P,1,10000.00
13100000003,2025-11-20,P,1,100.00
13100000004,2025-11-20,P,1,100.00
13100000001,2026-11-20,P,1,10000.01
13100000002,2026-11-20,P,1,10000.00
13100000003,2026-11-20,P,1,100.00
13100000004,2026-11-20,P,1,50.00
CSV
	crm-report evaluate
) >out 2>err
is "$(cat out)" "id,code,name,growth,credit,margin,frequency,complaints,score,recommendation
1,,d1,100.00,0.00,0.00,100.00,100.00,55.00,maintain
2,,d2,66.67,0.00,0.00,100.00,100.00,46.67,maintain
3,,d3,66.67,0.00,0.00,100.00,100.00,46.67,maintain
4,,d4,0.00,0.00,0.00,100.00,100.00,30.00,terminate" \
    'growth of 0.000001 beats 0, and the two at 0 share the better score'

# --- --chart on a terminal, seen as a user sees it: in tmux, 80 wide

cat >chart.sh <<SH
#!/bin/sh
CRM_DB=$CRM_DB CRM_TODAY=$CRM_TODAY PATH=$PATH LANG=C.UTF-8 LC_ALL=C.UTF-8
export CRM_DB CRM_TODAY PATH LANG LC_ALL
unset COLUMNS
crm-report region --level county --chart sales
echo done >$trash/chart.done
sleep 30
SH
chmod +x chart.sh
rm -f chart.done
tmux -L crmtest new-session -d -s chart -x 80 -y 30 "$trash/chart.sh"
i=0
while [ ! -e chart.done ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
tmux -L crmtest capture-pane -p -t chart >pane.txt
tmux -L crmtest kill-server 2>/dev/null
contains pane.txt "region   name        customers  customer_share  sales   sales_share" 'in tmux the table comes first, in columns'
# the bars: 300.00 is the most, so its bar fills 80 - 17 - 6 - 4 = 53 cells
bar=$(printf '█%.0s' $(seq 1 53))
contains pane.txt "110105 朝阳区      $bar 300.00" 'a full bar for the largest value, the label padded by display width'
contains pane.txt "650100 乌鲁木齐市  0.00" 'no bar for zero'
contains pane.txt "650103 沙依巴克区  $bar 300.00" 'labels of CJK names line up'
[ "$(grep -c '^unknown' pane.txt)" = 2 ] && ! grep -q '^total .*█' pane.txt
ok $? 'the unknown row is charted, the total row is not'
[ "$(wc -L <pane.txt)" -le 80 ]
ok $? 'no line is wider than the terminal (display width)'
COLUMNS=40 crm-report region --format table --chart customers >narrow.txt 2>&1
contains narrow.txt "650000 新疆维  ███" '$COLUMNS=40: a label takes at most a third, cut at a character'
[ "$(grep '█' narrow.txt | wc -L)" -le 40 ]
ok $? 'and the bars fit in the width'

# --- output, audit, usage

run crm-report region --format json
contains out '{"region":"650000","name":"新疆维吾尔自治区","customers":3,"customer_share":0.6000,"sales":600.00,"sales_share":0.6667}' \
    'json: numbers as numbers'
run crm-report region --format xlsx -o region.xlsx --chart sales
expect 0 'xlsx with a chart'
/usr/bin/python3 -c "import openpyxl,sys; ws=openpyxl.load_workbook('region.xlsx')['crm-report']; print(ws['E3'].value, len(ws._charts))" >xl.out 2>&1
is "$(cat xl.out)" "600 1" 'the workbook holds the sales as numbers, and a chart'
run crm-report region --chart name
expect 64 '--chart of a text column is a usage error'
is "$(sql "select count(*) from audit_log where command = 'crm-report'")" "25" 'each of the 25 runs that printed a report is in the audit log'
run crm-report
expect 64 'no report is a usage error'
run crm-report nosuch
expect 64 'an unknown report is a usage error'
run crm-report --list
expect 0 'crm-report --list'
is "$(cut -d' ' -f1 out | tr '\n' ' ')" "region sales grades top profile problems evaluate aging complaints visits satisfaction funnel " 'it names the reports'
run crm-report region --period 2026-13
expect 64 'a bad period is a usage error'
run crm-report region --region 6x
expect 64 'a bad --region is a usage error'

done_testing
