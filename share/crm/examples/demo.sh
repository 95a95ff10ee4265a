#!/bin/sh
# demo.sh — what `make demo` runs: import the example archive into a fresh
# store under ./demo and show what an admin looks at afterwards.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
PATH=$top/cmd:$PATH
export CRM_DB="$top/demo/crm.db" CRM_ACTOR=demo
rm -rf "$top/demo" && mkdir -p "$top/demo" || exit 1
cp "$top/share/crm/examples/customers.csv" "$top/demo/customers.csv"
# the ERP's export of a year of sales, in GB18030 as such systems write it
iconv -f UTF-8 -t GB18030 "$top/share/crm/examples/sales.csv" >"$top/demo/sales.csv" || exit 1
cd "$top/demo" || exit 1

say() { printf '\n== %s\n' "$*"; }

say "crm-add --csv customers.csv    (300 customers exported from Excel)"
crm-add -q --csv customers.csv
status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 65 ] || exit "$status"

say "rejected rows, to fix and import again (demo/customers.rejects.csv)"
if [ -f customers.rejects.csv ]; then
	cut -d, -f1,2,15- customers.rejects.csv | sed 's/^/   /'
fi

say "incomplete records (stored, flagged): crm-ls --incomplete"
crm-ls --incomplete --columns id,code,name,mobile,phone,address,missing --format table

say "customers in Xinjiang (region prefix 65), first 10: crm-ls --region 65"
crm-ls --region 65 --columns code,name,company,mobile,owner --limit 10 --format table

say "customers per owner: crm-ls | sort | uniq -c"
crm-ls --columns owner --format csv | tail -n +2 | sort | uniq -c | sort -rn | head -8

say "one customer: crm-show $(crm-ls --columns code --limit 1 | tail -1)"
crm-show --format table "$(crm-ls --columns code --limit 1 | tail -1)"

say "a year of sales from the ERP (GB18030): crm-sale import --encoding gb18030 sales.csv"
crm-sale import --encoding gb18030 sales.csv
status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 65 ] || exit "$status"
echo "   (the rejected rows are sales of customers the archive rejected above)"

say "the same export again adds nothing"
crm-sale import -q --encoding gb18030 sales.csv
[ $? -le 65 ] || exit 1

# a customer who returned something
code=$(crm-sale ls --kind return --format csv | sed -n 2p | cut -d, -f3)
say "one customer's ledger: crm-sale ls --customer $code"

crm-sale ls --customer "$code" --format table | head -8

# grading (客户分级): the example ledger runs from 2025-12-01 to 2026-11-29,
# so the runs name their day instead of taking today's
say "grade A/B/C by net sales at mid-year: crm-grade --apply --as-of 2026-06-30"
crm-grade --apply --as-of 2026-06-30 >/dev/null || exit $?

say "end of November, a dry run: moves into and out of A wait for the manager"
crm-grade --as-of 2026-11-30 --format table >grades.txt 2>grades.err || exit $?
{ head -1 grades.txt; grep ' pending$' grades.txt | head -3; } | cut -c1-120
cat grades.err

say "the monthly run, the manager approving: crm-grade --apply --approver 经理"
crm-grade --apply --as-of 2026-11-30 --approver 经理 >/dev/null || exit $?
crm-ls --columns grade --format csv | tail -n +2 | sort | uniq -c

code=$(grep ' pending$' grades.txt | sed -n 1p | awk '{print $2}')
say "one customer's grade and its history: crm-show $code"
crm-show --format table "$code" | grep '^grade'

# visits (客户拜访): the runs name their day, as grading does
say "visits and calls: crm-visit log, and a day's records from Excel: crm-visit import"
crm-visit log -q 610100002 --date 2026-11-23 --visitor 陈刚 --role 经理 --channel 拜访 \
    --purpose 初次拜访 --outcome 有希望 --cost 85.50 --next 2026-12-20 || exit $?
crm-visit log -q 650100002 --date 2026-11-24 --visitor 马晓东 --role manager \
    --channel visit --purpose c --outcome A || exit $?
cat >visits.csv <<'EOF'
客户,拜访日期,拜访人,角色,方式,目的,结果,费用,备注,下次拜访
610100003,2026/11/27,陈刚,经理,拜访,处理问题,商谈成功,,退货已处理,
610100004,2026/11/27,陈刚,经理,拜访,处理问题,继续观察,60,包装破损，待厂家答复,2026-12-10
610100006,2026/11/27,陈刚,经理,拜访,建立关系,有希望,,,
610100001,2026/11/27,客服小刘,客服,电话,c,A,,,
EOF
crm-visit import visits.csv || exit $?
echo "   the day report (拜访日报表): crm-visit report --day 2026-11-27"
crm-visit report --day 2026-11-27 | cut -d, -f1-3,12-14 | sed 's/^/   /'

say "who must still be visited or called (seed 000 回访), in routes: crm-visit due --by-region"
crm-visit due --by-region --as-of 2026-11-30 --format csv >due.csv || exit $?
echo "   $(($(wc -l <due.csv) - 1)) duties owed as of 2026-11-30; the first:"
cut -d, -f2,3,5,7,11-13 due.csv | head -4 | sed 's/^/   /'
echo "   duties per route (the city, or the municipality for its districts):"
tail -n +2 due.csv | cut -d, -f13 | uniq -c | sed 's/^/   /'

# credit (信用管理): the ledger's payments settle the oldest sales first
say "what is owed, by days past due: crm-credit aging --as-of 2026-11-30"
crm-credit aging --as-of 2026-11-30 --format table >aging.txt || exit $?
head -4 aging.txt | sed 's/^/   /'
tail -1 aging.txt | sed 's/^/   /'

say "more than 90 days past due (seed 000 信用黑名单), a dry run: crm-credit blacklist"
crm-credit blacklist --as-of 2026-11-30 --format csv >blacklist.csv || exit $?
head -4 blacklist.csv | sed 's/^/   /'
echo "   $(($(wc -l <blacklist.csv) - 1)) customers would be added; --apply adds them"

# early warnings (预警管理): a major event, an entertainment over
# expense.approval_over that needs an approved request first, then the
# warnings as a cron job would mail them
code=$(crm-ls --columns code --limit 1 | tail -1)
say "a major event (客户重大变故): crm-event add $code --kind 破产"
crm-event add "$code" --kind 破产 --date 2026-11-20 --note '破产重整，暂停供货' --format table ||
    exit $?

say "a dinner over 1000.00 needs an approved request (客户招待申请表): request, approve, add"
crm-expense request -q "$code" --kind 招待 --amount 2400 --date 2026-11-25 \
    --purpose '年终答谢宴' || exit $?
id=$(crm-expense requests --status pending --format csv | sed -n 2p | cut -d, -f1)
crm-expense approve -q "$id" --approver 经理 || exit $?
crm-expense add "$code" --kind 招待 --amount 2280 --date 2026-11-26 --request "$id" \
    --note '年终答谢宴' --format table || exit $?

say "the warnings of churn and events (seed 001 预警): crm-alert --kind churn,event | head"
crm-alert --kind churn,event --as-of 2026-11-30 >alerts.csv || exit $?
head -4 alerts.csv | sed 's/^/   /'
echo "   ... $(grep -c '^churn,' alerts.csv) customers stopped buying; the events:"
grep '^event,' alerts.csv | sed 's/^/   /'
echo "   every morning: 0 7 * * * crm-alert --exit-status > alerts.csv || mail -s alerts boss < alerts.csv"

# complaints (客诉处理, seed 003): numbered by month, closed within 15 days
code2=$(crm-ls --columns code --limit 2 | sed -n 3p)
say "two complaints (客户投诉): crm-complaint open, then one worked to closed"
crm-complaint open -q "$code" --channel 电话 --category 质量 --description '红枣发霉' \
    --product 红枣 --qty 50 --defect-qty 6 --request 退货 --date 2026-11-02 || exit $?
crm-complaint open -q "$code2" --channel 来访 --category 交货 --description '少发两箱' \
    --date 2026-11-25 || exit $?
crm-complaint assign 2611002 --to 王强 --date 2026-11-25 || exit $?
crm-complaint resolve 2611002 --resolution '补发两箱' --responsible 物流部 --loss 120 \
    --date 2026-11-27 || exit $?
crm-complaint close 2611002 --satisfaction 5 --date 2026-11-28 || exit $?
crm-complaint show 2611002 --format csv | grep '^history,' | sed 's/^history,/   /'

say "the cases not closed, with their deadlines: crm-complaint ls --open"
crm-complaint ls --open --as-of 2026-11-30 --format csv | cut -d, -f1,4,5,7,9,11,13,14 |
    sed 's/^/   /'

say "customers with problems (问题客户对策表): crm-report problems | head -5"
crm-report problems --as-of 2026-11-30 --format csv | head -5 |
    cut -d, -f2,3,6-11 | sed 's/^/   /'

# reports (客户关系管理表格): the ledger's year is 2026
say "customers and sales per province (客户区域分析表): crm-report region --chart sales"
COLUMNS=80 crm-report region --period 2026 --chart sales --format table || exit $?

say "customers and sales per grade (客户分级表): crm-report grades"
crm-report grades --period 2026 --format table || exit $?

# owners and the public pool (seed 003 篇2): the monthly sweep, a dry run
say "the monthly sweep to and from the public pool, a dry run: crm-owner sweep"
echo "   (the archive was filed today: the three months count from the day an"
echo "   owner got a customer, so the first sweep to free anyone is in three months)"
crm-owner sweep --format csv >sweep.csv || exit $?
say "customers per owner, and the pool: crm-owner ls"
crm-owner ls --format table | sed 's/^/   /'

# satisfaction and the funnel (seeds 002, 004)
say "a satisfaction survey and the deals of a quarter: crm-survey add, crm-deal add/move"
code=$(crm-ls --columns code --limit 1 | tail -1)
crm-survey add "$code" --date 2026-11-20 --score 4 --channel phone -q || exit $?
crm-deal add "$code" --title 年度供货合同 --amount 120000 --stage lead \
    --expected 2026-12-31 --date 2026-10-08 -q || exit $?
crm-deal add "$code" --title 春节礼盒 --amount 48000 --stage qualified \
    --expected 2026-12-15 --date 2026-10-12 -q || exit $?
crm-deal move 1 --stage proposal --date 2026-10-20 -q || exit $?
crm-deal move 1 --stage won --date 2026-11-30 -q || exit $?
crm-deal move 2 --stage negotiation --date 2026-11-05 -q || exit $?
say "the sales funnel (销售漏斗): crm-report funnel --period 2026-Q4"
crm-report funnel --period 2026-Q4 --format table | sed 's/^/   /' || exit $?

say "for the managers in Excel: crm-ls --region 65 --bom -o xj.csv; crm-ls -o customers.xlsx"
crm-ls --region 65 --bom -o xj.csv || exit $?
crm-ls -o customers.xlsx || exit $?
ls -l xj.csv customers.xlsx | sed 's/^/   /'

printf '\nThe store is demo/crm.db; try: CRM_DB=demo/crm.db cmd/crm-ls --search 王\n'
