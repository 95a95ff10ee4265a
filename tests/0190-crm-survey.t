#!/bin/sh
# crm-survey: satisfaction surveys (客户满意度调查) added, imported with
# the nothing-lost rules and listed; scores outside 1-5 refused; a
# complaint's closing score is not a survey; and crm-report
# satisfaction with its averages per month, grade, owner and channel
# pinned here on hand-made surveys (SPEC 3.9).
. "$(dirname "$0")/lib.sh"

header='id,customer_id,code,name,date,score,channel,comments'

crm-add --csv - -q 2>/dev/null <<'CSV'
name,mobile,owner
c1,13000000001,王
c2,13000000002,李
c3,13000000003,
CSV
sql "update customers set grade = 'A' where id = 1; update customers set grade = 'B' where id = 2"

# --- add

run crm-survey add c1 --date 2026-10-03 --score 5 --channel phone --comments '服务很好'
expect 0 'crm-survey add'
is "$(cat out)" "$header
1,1,,c1,2026-10-03,5,phone,服务很好" 'prints the survey as ls does'
run crm-survey add 13000000001 --date 2026/10/20 --score 4 --channel 拜访
expect 0 'a mobile as the customer, a Chinese channel'
is "$(tail -n 1 out)" "2,1,,c1,2026-10-20,4,visit," 'visit, no comments'
run crm-survey add c1 --score 1 -q
expect 0 'score 1 is accepted, the date defaults to today'
is "$(sql "select date, score, channel is null, created_by from surveys where id = 3")" \
    "2026-11-28|1|1|tester" 'stored with the actor'
sql "delete from surveys where id = 3"
for bad in 0 6 4.5 -1 abc ''; do
	run crm-survey add c1 --date 2026-10-03 --score "$bad"
	expect 65 "score '$bad' is refused"
done
run crm-survey add c1 --date 2026-10-03 --score 6
is "$(cat err)" "crm-survey: score '6' is not a score from 1 to 5" 'the message names the field and the value'
run crm-survey add c1 --date 2026-10-03 --score 0
is "$(cat err)" "crm-survey: score '0' is not a score from 1 to 5" 'and 0 too'
run crm-survey add c1 --date 2026-10-03 --score 3 --channel fax
expect 64 'an unknown channel is a usage error'
is "$(cat err)" "crm-survey: --channel 'fax' is not phone, visit, online or letter
Try 'crm-survey --help'." 'naming the channels'
run crm-survey add c1 --date 2026-02-30 --score 3
expect 65 'an impossible date is a data error'
run crm-survey add c1 --date 2026-10-03
expect 64 'add without --score is a usage error'
run crm-survey add nobody --score 3
expect 66 'an unknown customer exits 66'
run crm-survey add c1 --score 3 --period 2026
expect 64 '--period does not go with add'
is "$(sql "select count(*) from surveys")" 2 'the refused adds stored nothing'

# --- import

cat >surveys.csv <<'CSV'
客户,日期,评分,渠道,备注
13000000001,2026-11-02,4,电话,
13000000002,2026年10月5日,3,网络,"slow, but fine"
13000000002,2026-11-10,2,phone,
13000000002,2026-11-15,5,,
c3,2026-11-20,1,信函,太慢
c3,2026-09-30,4,phone,
c1,2026-11-03,0,phone,
c1,2026-11-03,6,phone,
c1,2026-11-03,3,fax,
nobody,2026-11-03,3,,
c1,2026-11-31,3,,
c1,2026-11-03,,,
CSV
run crm-survey import surveys.csv
expect 65 'crm-survey import with rejected rows exits 65'
is "$(cat err)" "crm-survey: 6 added, 0 duplicates, 6 rejected (surveys.rejects.csv)" 'the summary'
is "$(cat surveys.rejects.csv)" "客户,日期,评分,渠道,备注,line,error
c1,2026-11-03,0,phone,,8,score '0' is not a score from 1 to 5
c1,2026-11-03,6,phone,,9,score '6' is not a score from 1 to 5
c1,2026-11-03,3,fax,,10,\"channel 'fax' is not phone, visit, online or letter\"
nobody,2026-11-03,3,,,11,customer 'nobody' matches no customer
c1,2026-11-31,3,,,12,date '2026-11-31' is not a real day
c1,2026-11-03,,,,13,score is required" \
    'the rejects: the original columns with line and error, naming the field'
is "$(sed -n 3p out)" "4,2,,c2,2026-10-05,3,online,\"slow, but fine\"" 'the rows added are listed'
run crm-survey import surveys.csv
expect 65 'importing the same file again'
is "$(cat err)" "crm-survey: 0 added, 6 duplicates, 6 rejected (surveys.rejects.csv)" 'adds nothing: the rows are duplicates'
printf 'customer,date,满意度,意见\nc1,2026-11-04,3,ok\nc1,2026-11-04,7,no\n' >all.csv
run crm-survey import all.csv --all-or-nothing
expect 65 '--all-or-nothing with a rejected row'
is "$(sql "select count(*) from surveys where date = '2026-11-04'")" 0 'commits nothing'
run crm-survey import all.csv --dry-run
expect 65 '--dry-run'
is "$(sql "select count(*) from surveys where date = '2026-11-04'")" 0 'writes nothing'
printf 'customer,date,score\n' >empty.csv
run crm-survey import empty.csv
expect 0 'a header only'
printf 'customer,date\nc1,2026-11-04\n' >noscore.csv
run crm-survey import noscore.csv
expect 65 'a file without the score column is refused'
contains err 'score' 'naming the column'

# --- ls

run crm-survey ls
expect 0 'crm-survey ls'
is "$(cat out)" "$header
8,3,,c3,2026-09-30,4,phone,
1,1,,c1,2026-10-03,5,phone,服务很好
4,2,,c2,2026-10-05,3,online,\"slow, but fine\"
2,1,,c1,2026-10-20,4,visit,
3,1,,c1,2026-11-02,4,phone,
5,2,,c2,2026-11-10,2,phone,
6,2,,c2,2026-11-15,5,,
7,3,,c3,2026-11-20,1,letter,太慢" 'by date'
run crm-survey ls --customer c2 --period 2026-11
is "$(cut -d, -f1 out | tr '\n' ' ')" "id 5 6 " '--customer and --period'
run crm-survey ls --period 2026-13
expect 64 'a bad period is a usage error'

# --- a complaint's closing score is not a survey

n=$(crm-complaint open c3 --date 2026-11-05 --channel phone --category service \
    --description slow 2>/dev/null | tail -n 1 | cut -d, -f1)
crm-complaint resolve "$n" --resolution fixed --date 2026-11-06 2>/dev/null
crm-complaint close "$n" --satisfaction 1 --date 2026-11-07 2>/dev/null
is "$(sql "select satisfaction from complaints")" 1 'the complaint was closed with satisfaction 1'
is "$(sql "select count(*) from surveys")" 8 'and no survey was added'

# --- crm-show: the last survey

run crm-show c2
is "$(grep '^survey,' out)" "survey,5 of 5 on 2026-11-15" 'crm-show gives the last survey score'
run crm-show c3 --format json
is "$(sqlite3 -batch :memory: "SELECT json_extract(readfile('out'), '\$.last_survey[0].score')")" 1 \
    'and in JSON'

# --- crm-report satisfaction over 2026-Q4 (the September survey left out):
#  c1 (A, 王): 10-03 5 phone, 10-20 4 visit, 11-02 4 phone
#  c2 (B, 李): 10-05 3 online, 11-10 2 phone, 11-15 5 none
#  c3 (none):  11-20 1 letter
# month:   2026-10 5 4 3 = 12/3 = 4.00; 2026-11 4 2 5 1 = 12/4 = 3.00
# grade:   A 13/3 = 4.333 -> 4.33; B 10/3 = 3.333 -> 3.33; (none) 1
# total:   24/7 = 3.4285... -> 3.43

run crm-report satisfaction --period 2026-Q4
expect 0 'crm-report satisfaction'
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
2026-10,3,4.00,0,0,1,1,1
2026-11,4,3.00,1,1,0,1,1
total,7,3.43,1,1,1,2,2" 'per month (the default), then the total'
run crm-report satisfaction --period 2026-Q4 --by grade
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
A,3,4.33,0,0,0,2,1
B,3,3.33,0,1,1,0,1
(none),1,1.00,1,0,0,0,0
total,7,3.43,1,1,1,2,2" 'per grade, ungraded last'
run crm-report satisfaction --period 2026-Q4 --by owner
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
李,3,3.33,0,1,1,0,1
王,3,4.33,0,0,0,2,1
(none),1,1.00,1,0,0,0,0
total,7,3.43,1,1,1,2,2" 'per owner'
run crm-report satisfaction --period 2026-Q4 --by channel
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
letter,1,1.00,1,0,0,0,0
online,1,3.00,0,0,1,0,0
phone,3,3.67,0,1,0,1,1
visit,1,4.00,0,0,0,1,0
(none),1,5.00,0,0,0,0,1
total,7,3.43,1,1,1,2,2" 'per channel: phone 11/3 = 3.67'
run crm-report satisfaction --period 2026 --grade A
is "$(tail -n 1 out)" "total,3,4.33,0,0,0,2,1" '--grade A'
run crm-report satisfaction --period 2026-09-01..2026-10-31 --by month
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
2026-09,1,4.00,0,0,0,1,0
2026-10,3,4.00,0,0,1,1,1
total,4,4.00,0,0,1,2,1" 'a period over September and October'
run crm-report satisfaction --period 2025
is "$(cat out)" "group,surveys,average,score_1,score_2,score_3,score_4,score_5
total,0,,0,0,0,0,0" 'no surveys: the header and a zero total'
sql "insert into surveys(customer_id, date, score, created_at, created_by)
    values (1, '2027-01-05', 4, 'x', 'x'), (1, '2027-01-06', 4, 'x', 'x'),
    (1, '2027-01-07', 4, 'x', 'x'), (1, '2027-01-08', 4, 'x', 'x'),
    (1, '2027-01-09', 4, 'x', 'x'), (1, '2027-01-10', 4, 'x', 'x'),
    (1, '2027-01-11', 4, 'x', 'x'), (1, '2027-01-12', 1, 'x', 'x')"
run crm-report satisfaction --period 2027-01
is "$(tail -n 1 out)" "total,8,3.63,1,0,0,7,0" '29/8 = 3.625 rounds half up to 3.63'
run crm-report satisfaction --by visitor
expect 64 'a --by of another report is a usage error'
run crm-report satisfaction --period 2026-Q4 --format table --chart average
expect 0 '--chart average'
contains out '2026-11' 'the chart labels the groups'

done_testing
