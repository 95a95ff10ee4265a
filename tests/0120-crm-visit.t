#!/bin/sh
# crm-visit: the visit log, contact plans and follow-up duties (SPEC 3.4,
# seed 000 客户回访).  On small hand-made customer sets, with the expected
# output written here: a duty met and one owed with its due date and
# overdue days, a phone call that does not count for a visit rule, the
# quarter boundary, a grade that changes mid-year, a customer without a
# grade, a changed policy (month and half periods), plans fulfilled inside
# the window and missed outside it, the day report, the import with its
# Chinese headers and duplicates, --by-region routes, and usage errors.
. "$(dirname "$0")/lib.sh"

vheader='id,customer_id,code,name,date,visitor,role,channel,purpose,outcome,cost,plan_id'
dheader='id,code,name,grade,owner,region,rule,done,required,last_date,due_date,overdue_days'

# store NAME: a fresh store for one data set.
store() {
	CRM_DB=$trash/$1.db
	export CRM_DB
}

# five customers: c1 A (天山区), c2 B (北京 朝阳区), c3 no grade (沙依巴克区),
# c4 C (天山区, an address that sorts before c1's), c5 A but blacklisted
customers() {
	crm-add --csv - -q 2>/dev/null <<'EOF'
name,mobile,region,address
c1,13000000001,650102,天山区b路1号
c2,13000000002,110105,朝阳区建国路2号
c3,13000000003,650104,新市区3号
c4,13000000004,650102,天山区a路4号
c5,13000000005,650102,天山区c路5号
EOF
	sql "update customers set grade = 'A' where id in (1, 5); update customers set grade = 'B' where id = 2;
	    update customers set grade = 'C' where id = 4; update customers set status = 'blacklisted' where id = 5"
}

# log CUSTOMER DATE VISITOR ROLE CHANNEL [PURPOSE OUTCOME]
log() {
	crm-visit log "$1" --date "$2" --visitor "$3" --role "$4" --channel "$5" \
	    --purpose "${6:-relationship}" --outcome "${7:-success}" -q
}

# --- 0. a missing store

store missing
run crm-visit due
expect 66 'crm-visit due on a missing store exits 66'
run crm-visit log 13000000001 --visitor 王总 --role gm --channel visit --purpose a --outcome A
expect 66 'crm-visit log on a missing store exits 66'
[ ! -e "$CRM_DB" ]
ok $? 'and neither creates it'

# --- 1. log: the words, with the seed's letters and Chinese forms

store words
customers
run crm-visit log 13000000001 --date 2026-03-10 --visitor 王总 --role 总经理 --channel 拜访 \
    --purpose a --outcome A --cost 100 --notes '年度拜访'
expect 0 'crm-visit log with Chinese words and the seed letters'
is "$(cat out)" "$vheader
1,1,650102001,c1,2026-03-10,王总,gm,visit,first,success,100.00," 'it prints the visit: 总经理 gm, 拜访 visit, a first, A success'
run crm-visit log 13000000002 --date 2026-03-10 --visitor 王总 --role gm --channel 电话 \
    --purpose 处理问题 --outcome 商谈成功 --cost 50
is "$(tail -n 1 out)" "2,2,110105001,c2,2026-03-10,王总,gm,phone,problem,success,50.00," '电话 phone, 处理问题 problem, 商谈成功 success'
run crm-visit log 13000000003 --date 2026-03-10 --visitor 李经理 --role 销售经理 --channel visit \
    --purpose b --outcome C
is "$(tail -n 1 out)" "3,3,650104001,c3,2026-03-10,李经理,manager,visit,problem,revisit,," '销售经理 manager, b problem, C revisit'
run crm-visit log 13000000003 --date 2026-03-11 --visitor 李经理 --role boss --channel visit \
    --purpose b --outcome C
expect 64 'an unknown role is a usage error'
contains err "--role 'boss' is not gm, manager, rep or service" 'it names the words it takes'
run crm-visit log 13000000003 --date 2026-03-11 --visitor 李经理 --role rep --channel visit \
    --purpose x --outcome C
expect 64 'an unknown purpose is a usage error'
run crm-visit log 13000000003 --date 2026-03-11 --visitor 李经理 --role rep --channel visit \
    --purpose a --outcome F
expect 64 'an outcome F is a usage error'
run crm-visit log 13000000003 --date 2026-03-11 --visitor 李经理 --role rep --channel visit
expect 64 'log without --purpose and --outcome is a usage error'
run crm-visit log 13000000003 --date 2026-03-11 --visitor 李经理 --role rep --channel visit \
    --purpose a --outcome A --cost abc
expect 65 'a cost that is no amount is a data error'
run crm-visit log 13999999999 --date 2026-03-11 --visitor 李经理 --role rep --channel visit \
    --purpose a --outcome A
expect 66 'an unknown customer exits 66'
is "$(sql 'select count(*) from visits')" "3" 'none of the refused visits is stored'

# --- 2. report --day (拜访日报表)

run crm-visit report --day 2026-03-10
expect 0 'crm-visit report --day'
is "$(cat out)" "visitor,date,visits,first,problem,relationship,success,hopeful,revisit,hopeless,observe,problems_handled,problems_open,cost
李经理,2026-03-10,1,0,1,0,0,0,1,0,0,0,1,0.00
王总,2026-03-10,2,1,1,0,2,0,0,0,0,1,0,150.00" \
    'per visitor: visits, purposes, outcomes, problems handled and open, the costs'
run crm-visit report --day 2026-03-10 --visitor 王总
is "$(tail -n +2 out | cut -d, -f1)" "王总" '--visitor: only that visitor'
run crm-visit report --day 2026-03-12
is "$(cat out | wc -l | tr -d ' ')" "1" 'a day without visits: the header alone'
run crm-visit report
expect 64 'report without --day is a usage error'

run crm-visit ls --channel phone
is "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" "2 " 'ls --channel phone'
run crm-visit ls --customer 13000000003 --period 2026-03
is "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" "3 " 'ls --customer --period'
run crm-visit ls --visitor 王总
is "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" "1 2 " 'ls --visitor'

# --- 3. due under the default policy, as of 2026-11-28
#   gm_yearly A gm visit 1/year; manager_yearly AB manager visit 2/year;
#   service_quarterly * service phone 1/quarter

store due
customers
log 13000000001 2026-03-10 王总 gm visit
log 13000000001 2026-05-01 李经理 manager visit
log 13000000001 2026-10-05 小张 service phone
log 13000000002 2026-04-01 李经理 manager phone
log 13000000002 2026-09-30 小张 service phone
log 13000000003 2026-10-01 小张 service phone
log 13000000005 2026-01-05 李经理 manager visit
run crm-visit due
expect 0 'crm-visit due'
is "$(cat out)" "$dheader
2,110105001,c2,B,,110105,manager_yearly,0,2,,2026-06-30,151
1,650102001,c1,A,,650102,manager_yearly,1,2,2026-05-01,2026-12-31,0
2,110105001,c2,B,,110105,service_quarterly,0,1,2026-09-30,2026-12-31,0
4,650102002,c4,C,,650102,service_quarterly,0,1,,2026-12-31,0" \
    'owed: c2 (B) by the manager since June 30 (a phone call is no visit), its Q3 call not in Q4; c1 the second manager visit; c4 the call; c1 gm and service met, c3 (no grade) its call; c5 blacklisted'

run crm-visit due --format json
contains out '"done":1,"required":2,"last_date":"2026-05-01","due_date":"2026-12-31","overdue_days":0' 'json: the counts are numbers'

# the quarter boundary: c2's call of September 30 counts for Q3, not Q4
run crm-visit due --rule service_quarterly --as-of 2026-09-30
is "$(tail -n +2 out | cut -d, -f1,10,11,12 | tr '\n' ' ')" "1,,2026-09-30,0 3,,2026-09-30,0 4,,2026-09-30,0 " \
    'as of 2026-09-30: c2 has its Q3 call; c1, c3 (whose call is on 10-01) and c4 owe theirs, due that day, not yet overdue'
run crm-visit due --rule service_quarterly --as-of 2026-10-01
is "$(tail -n +2 out | cut -d, -f1,8,10,11 | tr '\n' ' ')" "1,0,,2026-12-31 2,0,2026-09-30,2026-12-31 4,0,,2026-12-31 " \
    'as of 2026-10-01: a new quarter, c3 has called that day, the others owe'
run crm-visit due --rule service_quarterly --as-of 2026-07-01
is "$(tail -n +2 out | cut -d, -f1,12 | tr '\n' ' ')" "1,0 2,0 3,0 4,0 " \
    'as of 2026-07-01: a visit after the as-of date does not count'
run crm-visit due --rule manager_yearly --as-of 2027-01-10
is "$(tail -n +2 out | cut -d, -f1,8,10,11,12 | tr '\n' ' ')" "1,0,2026-05-01,2027-06-30,0 2,0,,2027-06-30,0 " \
    'a new year starts from 0; last_date is the latest such visit ever'

# --rule and --owner
run crm-visit due --rule gm_yearly,manager_yearly
is "$(tail -n +2 out | cut -d, -f1,7 | tr '\n' ' ')" "2,manager_yearly 1,manager_yearly " '--rule takes a list'
run crm-visit due --rule nosuch
expect 64 'an unknown --rule is a usage error'
crm-edit 13000000004 --set owner=小王 -q 2>/dev/null
run crm-visit due --owner 小王
is "$(tail -n +2 out | cut -d, -f1,5,7 | tr '\n' ' ')" "4,小王,service_quarterly " '--owner'

# --by-region: routes by region code, then address, with the city
run crm-visit due --by-region
expect 0 'crm-visit due --by-region'
is "$(tail -n +2 out | cut -d, -f1,6,7,13 | tr '\n' ' ')" \
    "2,110105,manager_yearly,北京市 2,110105,service_quarterly,北京市 4,650102,service_quarterly,乌鲁木齐市 1,650102,manager_yearly,乌鲁木齐市 " \
    'by region (110105 before 650102), then address (a路 before b路); the route is the city, 北京市 for its 市辖区'
is "$(head -n 1 out)" "$dheader,route" 'the route column comes last'

# routes for Chongqing's counties (县) and a county-level city that a
# region runs itself (自治区直辖县级行政区划): the province's name
crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,region,address
c6,13000000006,500229,城口县6号
c7,13000000007,659001,石河子市7号
CSV
run crm-visit due --by-region --rule service_quarterly
is "$(tail -n +2 out | cut -d, -f1,6,13 | tr '\n' ' ')" \
    "2,110105,北京市 6,500229,重庆市 4,650102,乌鲁木齐市 7,659001,新疆维吾尔自治区 " \
    'the route of 城口县 is 重庆市, of 石河子市 新疆维吾尔自治区'
crm-rm 13000000006 --reason test -q 2>/dev/null
crm-rm 13000000007 --reason test -q 2>/dev/null

# a grade that changes mid-year: c4 becomes A in November; its gm visit
# of February, when it was C, counts for the year
log 13000000004 2026-02-01 王总 gm visit
sql "update customers set grade = 'A' where id = 4"
run crm-visit due --rule gm_yearly,manager_yearly
is "$(tail -n +2 out | cut -d, -f1,4,7,8,11,12 | tr '\n' ' ')" \
    "2,B,manager_yearly,0,2026-06-30,151 4,A,manager_yearly,0,2026-06-30,151 1,A,manager_yearly,1,2026-12-31,0 " \
    'c4, now A, owes the manager since June 30; its gm visit of the year counts'

# crm-show: the last visits and what is owed
run crm-show 13000000001 --format csv
contains out 'visit,2026-10-05 小张 (service) phone relationship success' 'crm-show: the last visits, newest first'
contains out 'owed,"manager_yearly: 1 of 2, due 2026-12-31"' 'and what is owed'
run crm-show 13000000002 --format csv
contains out 'owed,"manager_yearly: 0 of 2, due 2026-06-30, 151 days overdue"' 'with the days overdue'

# --- 4. a changed policy: month and half periods, all customers

crm-config visit.policy 'rep_monthly:*:rep:phone:2/month;half:AB:manager:visit:3/half' 2>/dev/null
log 13000000001 2026-11-10 小李 rep phone
run crm-visit due
is "$(tail -n +2 out | cut -d, -f1,7,8,9,11,12 | tr '\n' ' ')" \
    "1,half,0,3,2026-08-31,89 2,half,0,3,2026-08-31,89 4,half,0,3,2026-08-31,89 2,rep_monthly,0,2,2026-11-15,13 3,rep_monthly,0,2,2026-11-15,13 4,rep_monthly,0,2,2026-11-15,13 1,rep_monthly,1,2,2026-11-30,0 " \
    '2 a month: the 15th and the 30th; 3 a half: August 31 for the first of July-December'
run crm-config visit.policy 'bad:A:gm:visit:1/week'
expect 64 'a policy with an unknown period is refused'
contains err 'is not year, half, quarter or month' 'and says so'
run crm-config visit.policy 'x:A:boss:visit:1/year'
expect 64 'a policy with an unknown role is refused'
is "$(head -n 1 err)" "crm-config: visit.policy 'x:A:boss:visit:1/year' has a bad rule x: role 'boss' is not gm, manager, rep or service" \
    'the message names the rule and the word'
run crm-config visit.policy 'x:ab:gm:visit:1/year'
expect 64 'grades in small letters are refused (they would match nobody)'
run crm-config visit.policy 'x:A:gm:visit:1/year;x:B:gm:visit:1/year'
expect 64 'a rule given twice is refused'
crm-config --unset visit.policy 2>/dev/null

# --- 5. plans: fulfilled inside the window (7 days), missed outside it

store plans
customers
run crm-visit plan 13000000001 --date 2026-11-24 --visitor 王总 --purpose c --channel 拜访
expect 0 'crm-visit plan'
is "$(cat out)" "id,customer_id,code,name,date,visitor,purpose,channel,status,visit_id
1,1,650102001,c1,2026-11-24,王总,relationship,visit,open," 'the plan, open (its window ends 12-01)'
log 13000000001 2026-11-27 王总 gm visit
is "$(sql 'select plan_id from visits')" "1" 'a visit 3 days after the plan fulfils it'
crm-visit plan 13000000002 --date 2026-10-01 --visitor 李经理 -q 2>/dev/null
log 13000000002 2026-10-09 李经理 manager visit
crm-visit plan 13000000003 --date 2026-11-25 --visitor 李经理 -q 2>/dev/null
crm-visit plan 13000000004 --date 2026-11-10 --visitor 李经理 -q 2>/dev/null
log 13000000004 2026-11-03 王总 gm visit
log 13000000004 2026-11-03 李经理 manager visit
run crm-visit plans
expect 0 'crm-visit plans'
is "$(tail -n +2 out | cut -d, -f1,5,6,9,10 | tr '\n' ' ')" \
    "2,2026-10-01,李经理,missed, 4,2026-11-10,李经理,done,4 1,2026-11-24,王总,done,1 3,2026-11-25,李经理,open, " \
    'plans: 8 days after is outside the window (missed); 7 days before counts, by the same visitor only; a plan still in its window is open'
run crm-visit plans --status missed
is "$(tail -n +2 out | cut -d, -f1 | tr '\n' ' ')" "2 " 'plans --status missed'
run crm-visit plans --as-of 2026-10-08
is "$(tail -n +2 out | cut -d, -f1,9 | head -1)" "2,open" 'as of 2026-10-08 the plan of 10-01 is still open'
run crm-visit plans --status gone
expect 64 'an unknown --status is a usage error'
crm-visit log 13000000003 --date 2026-11-28 --visitor 李经理 --role manager --channel visit \
    --purpose c --outcome B --next 2026-12-15 -q 2>/dev/null
is "$(sql "select date, visitor, channel from visit_plans where customer_id = 3 order by id" | tr '\n' ' ')" \
    "2026-11-25|李经理| 2026-12-15|李经理|visit " '--next plans the next visit by the same visitor; this visit fulfils the plan of 11-25'
run crm-visit plans --customer 13000000003
is "$(tail -n +2 out | cut -d, -f9 | tr '\n' ' ')" "done open " 'the two plans of c3'
run crm-visit log 13000000003 --date 2026-11-28 --visitor 李经理 --role manager --channel visit \
    --purpose c --outcome B --next 2026-11-01
expect 64 '--next before the visit is a usage error'
crm-visit log 13000000001 --date 2026-11-28 --visitor 赵 --role rep --channel visit \
    --purpose c --outcome B --next 2026-12-02 -q 2>/dev/null
is "$(sql "select p.date, (select count(*) from visits v where v.plan_id = p.id) from visit_plans p where p.visitor = '赵'")" \
    "2026-12-02|0" 'a visit does not fulfil the plan its own --next makes, even inside the window'
run crm-visit log 13000000001 --date 2026-02-30 --visitor 赵 --role rep --channel visit \
    --purpose c --outcome B
expect 65 'a --date that is no real day is a data error'
contains err "date '2026-02-30' is not a real day" 'and says so'

# --- 6. import: Chinese headers, letters, rejects, duplicates

store import
customers
cat >visits.csv <<'EOF'
客户,拜访日期,拜访人,角色,方式,目的,结果,费用,备注
13000000001,2026-03-10,王总,总经理,拜访,a,A,120.50,年度拜访
13000000002,2026-03-11,李经理,经理,电话,b,C,,
13000000003,2026-03-12,李经理,老板,拜访,a,A,,
13000000009,2026-03-12,李经理,经理,拜访,a,A,,
13000000004,2026-13-01,李经理,经理,拜访,a,A,,
EOF
run crm-visit import visits.csv
expect 65 'crm-visit import with rejected rows exits 65'
is "$(cat err)" "crm-visit: 2 added, 0 duplicates, 3 rejected (visits.rejects.csv)" 'the summary'
is "$(cat visits.rejects.csv)" "客户,拜访日期,拜访人,角色,方式,目的,结果,费用,备注,line,error
13000000003,2026-03-12,李经理,老板,拜访,a,A,,,4,\"role '老板' is not gm, manager, rep or service (总经理, 经理, 业务员, 客服)\"
13000000009,2026-03-12,李经理,经理,拜访,a,A,,,5,customer '13000000009' matches no customer
13000000004,2026-13-01,李经理,经理,拜访,a,A,,,6,date '2026-13-01' is not a real day" \
    'each rejected row with its line and error'
is "$(sql 'select customer_id, date, role, channel, purpose, outcome, cost from visits order by id' | tr '\n' ' ')" \
    "1|2026-03-10|gm|visit|first|success|12050 2|2026-03-11|manager|phone|problem|revisit| " 'the rows added'
run crm-visit import visits.csv
is "$(cat err)" "crm-visit: 0 added, 2 duplicates, 3 rejected (visits.rejects.csv)" 're-importing adds nothing'
run crm-visit import visits.csv --on-duplicate reject
contains visits.rejects.csv 'duplicate of visit 1 (same customer, date, visitor and channel)' '--on-duplicate reject names the visit'
run crm-visit import visits.csv --on-duplicate keep
expect 64 'an unknown --on-duplicate is a usage error'

# --- 7. crm-report visits, on the store of section 3 (as of 2026-11-28:
# the year 2026)

CRM_DB=$trash/due.db
run crm-report visits
expect 0 'crm-report visits'
is "$(cat out)" "group,visits,customers,cost
小张,3,3,0.00
小李,1,1,0.00
李经理,3,3,0.00
王总,2,2,0.00
total,9,5,0.00" 'per visitor (the default), then the total; c5, blacklisted, counts too'
run crm-report visits --by channel --period 2026-Q4
is "$(cat out)" "group,visits,customers,cost
phone,3,2,0.00
total,3,2,0.00" '--by channel over 2026-Q4: c1 twice, c3 once'
run crm-report visits --by owner
is "$(cut -d, -f1,2 out | tr '\n' ' ')" "group,visits (none),8 小王,1 total,9 " 'customers without an owner group as (none)'
run crm-report visits --by role --region 11
is "$(cut -d, -f1,2 out | tr '\n' ' ')" "group,visits manager,1 service,1 total,2 " '--region 11: only Beijing'
run crm-report visits --by role --period 2025
is "$(cat out)" "group,visits,customers,cost
total,0,0,0.00" 'a period without visits: a zero total row'
run crm-report visits --by nothing
expect 64 'an unknown --by is a usage error'
run crm-report nosuch
expect 64 'an unknown report is a usage error'

# --- 8. usage

run crm-visit
expect 64 'no command is a usage error'
run crm-visit frobnicate
expect 64 'an unknown command is a usage error'
run crm-visit due --visitor x
expect 64 'an option that does not go with the command is a usage error'
run crm-visit ls --by-region
expect 64 '--by-region goes with due only'
run crm-visit --help
expect 0 '--help'
contains out 'usage: crm-visit log' 'shows the usage'
run crm-visit --version
expect 0 '--version'

done_testing
