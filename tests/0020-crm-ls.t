#!/bin/sh
# crm-ls: list customers with filters, columns, sorting and the four
# output formats; the formula guard on CSV output; the audit of every
# export; and the round trip through crm-add --on-duplicate update
# (SPEC 2 output conventions, 3.1).
. "$(dirname "$0")/lib.sh"

header='id,code,kind,name,gender,birthday,mobile,phone,email,company,title,industry,region,address,source,owner,parent,status,grade,notes,created_at,updated_at'

# ids: the id column of ./out (the lines that start a row), space separated.
ids() {
	grep -E '^[0-9]+,' out | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//'
}

# --- a read-only command never creates the store

run crm-ls
expect 66 'crm-ls on a missing store exits 66'
is "$(cat err)" "crm-ls: no store at '$CRM_DB' (add customers first, or set CRM_DB or --db)" \
    'it says which store is missing'
is "$(cat out)" "" 'it prints nothing on stdout'
[ ! -e "$CRM_DB" ]
ok $? 'it does not create the store'
run crm-ls -d "$trash/none/crm.db" --region 65
expect 66 'crm-ls --db on a missing path exits 66'
[ ! -e "$trash/none" ]
ok $? 'it does not create the directory either'

# --- the first customer; an empty result is the header only

run crm-add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号 \
    --owner 张伟 --industry 零售
expect 0 'crm-add 王小明 (1, 650102001) creates the store'
run crm-ls --owner 无此人
expect 0 'a filter that matches nothing exits 0'
is "$(cat out)" "$header" 'and prints the header line only'
is "$(cat err)" "" 'nothing on stderr'
run crm-ls
expect 0 'crm-ls with one customer'
is "$(head -1 out)" "$header" 'the default header: every field, in order'
is "$(tail -n +2 out | cut -d, -f1-20)" \
    "1,650102001,person,王小明,,,13812345678,,,,,零售,650102,天山区解放北路12号,,张伟,,active,," \
    'the row holds every field'
is "$(tail -n +2 out | cut -d, -f21- | sed 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/T/g')" \
    "2026-11-28 T,2026-11-28 T" 'created_at and updated_at are today ($CRM_TODAY) with a time'

# --- more customers, from CSV and the command line

cat >more.csv <<'EOF'
name,mobile,phone,region,address,owner,industry,company,微信,notes
李华,13912345678,,乌鲁木齐市,新市区北京南路5号,张伟,批发,新疆天山商贸有限公司,lihua88,"=HYPERLINK(""x"")"
赵敏,13712345678,,610100,雁塔区科技路8号,刘洋,零售,,,@SUM(1)
陈刚,,010-12345678,110105,朝阳区建国路88号,刘洋,制造,,zc88,-5
孙丽,,,,,张伟,餐饮,,,
周杰,13512345678,,650103,乌鲁木齐市,王芳,零售,,,
钱多多,18912345678,,610113,雁塔区长安南路1号,王芳,金融,西安长安贸易有限公司,qdd,-12.50
EOF
run crm-add --csv more.csv
expect 0 'crm-add --csv more.csv (2-7)'
is "$(cat out)" 'id,code,name,mobile,region,missing
2,650100001,李华,13912345678,650100,
3,610100001,赵敏,13712345678,610100,
4,110105001,陈刚,,110105,
5,,孙丽,,,"contact,address,region"
6,650103001,周杰,13512345678,650103,address
7,610113001,钱多多,18912345678,610113,' 'six customers added, two of them incomplete'
run crm-add 天山集团 --kind company --phone 0991-1234567 --region 650102 \
    --address 天山区中山路100号 --owner 张伟 --industry 批发 \
    --notes "$(printf '一行\t二行\n三行')"
expect 0 'crm-add 天山集团 (8, 650102002)'
run crm-add 天山集团昌吉分公司 --kind company --parent 天山集团 --phone 0994-7654321 \
    --region 652301 --address 昌吉市延安北路1号 --owner 张伟 --industry 批发
expect 0 'crm-add 天山集团昌吉分公司 (9, 652301001) with --parent 天山集团'
is "$(cat out)" 'id,code,name,mobile,region,missing
9,652301001,天山集团昌吉分公司,,652301,' 'it is customer 9'

run crm-ls
expect 0 'crm-ls lists everyone'
is "$(head -1 out)" "$header,微信" 'the custom field 微信 is a column after the fields'
is "$(ids)" "1 2 3 4 5 6 7 8 9" 'ordered by id, one line per customer'
is "$(grep '^3,' out | cut -d, -f1,4,12,13,16,18)" "3,赵敏,零售,610100,刘洋,active" \
    'a row from the CSV import'
is "$(grep '^7,' out | awk -F, '{ print $1, $4, $10, $NF }')" "7 钱多多 西安长安贸易有限公司 qdd" \
    'the custom field is the last column'
is "$(grep '^9,' out | cut -d, -f1,3,17)" "9,company,8" 'the parent column holds the parent id'

# --- --region: a code prefix or a region name

run crm-ls --region 65
expect 0 '--region 65'
is "$(ids)" "1 2 6 8 9" 'lists all of Xinjiang (65*), and not the customer without a region'
run crm-ls --region 6101
expect 0 '--region 6101'
is "$(ids)" "3 7" 'lists only Xi'"'"'an (6101*)'
run crm-ls --region 乌鲁木齐市
expect 0 '--region 乌鲁木齐市 (a name)'
is "$(ids)" "1 2 6 8" 'lists Urumqi and its districts (6501*), not 昌吉 (6523)'
run crm-ls --region 650100
expect 0 '--region 650100'
is "$(ids)" "1 2 6 8" 'a city code covers its districts too'
run crm-ls --region 天山区
expect 0 '--region 天山区'
is "$(ids)" "1 8" 'a district name lists that district only'
run crm-ls --region 110105
expect 0 '--region 110105'
is "$(ids)" "4" 'a Beijing district code'
run crm-ls --region 朝阳区
expect 64 '--region with an ambiguous name is a usage error'
is "$(cat err)" "crm-ls: --region '朝阳区' names several regions: 110105 (北京市), 220104 (长春市); give the code
Try 'crm-ls --help'." 'it lists the candidates'
is "$(cat out)" "" 'and lists nothing'
run crm-ls --region 火星
expect 64 '--region with an unknown name is a usage error'
contains err "'火星' is not a known region name or code" 'it says so'
run crm-ls --region 999999
expect 64 '--region with an unknown 6-digit code is a usage error'

# --- --owner, --industry, --grade

run crm-ls --owner 张伟
expect 0 '--owner 张伟'
is "$(ids)" "1 2 5 8 9" 'lists 张伟'"'"'s customers'
run crm-ls --owner 张
expect 0 '--owner with part of a name'
is "$(cat out)" "$header,微信" 'matches nobody: the owner must be exact'
run crm-ls --industry 零售
expect 0 '--industry 零售'
is "$(ids)" "1 3 6" 'lists the retailers'
run crm-ls --industry 零
expect 0 '--industry with part of an industry'
is "$(ids)" "" 'matches nobody'
sql "UPDATE customers SET grade = 'A' WHERE id = 3"
run crm-ls --grade A
expect 0 '--grade A'
is "$(ids)" "3" 'lists the grade-A customer'
run crm-ls --grade B
expect 0 '--grade B'
is "$(ids)" "" 'lists nobody'

# --- --search: name, company, mobile, code

run crm-ls --search 小明
expect 0 '--search in the name'
is "$(ids)" "1" 'finds 王小明'
run crm-ls --search 天山商贸
expect 0 '--search in the company'
is "$(ids)" "2" 'finds 李华 by the company'
run crm-ls --search 1371234
expect 0 '--search in the mobile'
is "$(ids)" "3" 'finds 赵敏 by part of the mobile'
run crm-ls --search 610113
expect 0 '--search in the code'
is "$(ids)" "7" 'finds 钱多多 by the code'
run crm-ls --search 天山
expect 0 '--search matching names and a company'
is "$(ids)" "2 8 9" 'finds every customer with it in the name or company'
run crm-ls --search 建国路
expect 0 '--search for text only in an address'
is "$(ids)" "" 'finds nothing: the address is not searched'
run crm-ls --search %
expect 0 '--search %'
is "$(ids)" "" 'is a literal text, not a wildcard'

# --- --where FIELD=VALUE, also on custom fields

run crm-ls --where industry=批发
expect 0 '--where industry=批发'
is "$(ids)" "2 8 9" 'lists the wholesalers'
run crm-ls --where 微信=qdd
expect 0 '--where on a custom field'
is "$(ids)" "7" 'lists the customer with that 微信'
run crm-ls --where 微信=q
expect 0 '--where on a custom field with part of a value'
is "$(ids)" "" 'matches nobody: the value must be exact'
run crm-ls --where industry=批发 --where owner=张伟 --where region=650102
expect 0 'several --where'
is "$(ids)" "8" 'all must hold'
run crm-ls --where industry
expect 64 '--where without = is a usage error'
is "$(cat err)" "crm-ls: --where 'industry' is not FIELD=VALUE
Try 'crm-ls --help'." 'it says what it wants'
run crm-ls --where =批发
expect 64 '--where without a field is a usage error'
set --
i=0
while [ $i -lt 200 ]; do
	set -- "$@" --where "微信=x$i"
	i=$((i + 1))
done
run crm-ls "$@"
[ "$rc" -eq 0 ] || [ "$rc" -eq 64 ]
ok $? 'two hundred --where options do not crash crm-ls (exit 0 or 64, got '"$rc"')'
set --

# --- --parent CUSTOMER

run crm-ls --parent 天山集团
expect 0 '--parent by name'
is "$(ids)" "9" 'lists the subsidiary'
run crm-ls --parent 650102002
expect 0 '--parent by code'
is "$(ids)" "9" 'lists the subsidiary'
run crm-ls --parent 王小明
expect 0 '--parent of a customer with no subsidiaries'
is "$(ids)" "" 'lists nobody'
run crm-ls --parent 无此人
[ "$rc" -ne 0 ]
ok $? '--parent with an unknown customer fails'
is "$(cat err)" "crm-ls: --parent '无此人' matches no customer" 'it names the reference'
is "$(cat out)" "" 'and lists nothing'

# --- --incomplete

run crm-ls --incomplete
expect 0 '--incomplete'
is "$(head -1 out)" "$header,missing,微信" 'it adds a missing column'
is "$(ids)" "5 6" 'it lists only the incomplete customers'
run crm-ls --incomplete --columns id,name,missing
expect 0 '--incomplete --columns id,name,missing'
is "$(cat out)" 'id,name,missing
5,孙丽,"contact,address,region"
6,周杰,address' 'it says what each one lacks'
run crm-edit 周杰 --address 新市区北京路2号
expect 0 'crm-edit 周杰 --address (now complete)'
run crm-ls --incomplete --columns id,missing
expect 0 '--incomplete again'
is "$(cat out)" 'id,missing
5,"contact,address,region"' 'a completed customer is no longer listed'

# --- --status: deleted customers are hidden unless asked for

run crm-rm 陈刚 --reason x
expect 0 'crm-rm 陈刚 --reason x'
run crm-ls
expect 0 'crm-ls after a deletion'
is "$(ids)" "1 2 3 5 6 7 8 9" 'the deleted customer is hidden'
run crm-ls --status deleted --columns id,name,status
expect 0 '--status deleted'
is "$(cat out)" 'id,name,status
4,陈刚,deleted' 'lists the deleted customer only'
run crm-ls --status all
expect 0 '--status all'
is "$(ids)" "1 2 3 4 5 6 7 8 9" 'lists everyone'
run crm-ls --status active --owner 刘洋
expect 0 '--status active'
is "$(ids)" "3" 'lists active customers only'
run crm-ls --status bogus
expect 64 '--status with an unknown status is a usage error'
contains err "Try 'crm-ls --help'." 'with the hint'

# --- --columns, --sort, --limit

run crm-ls --columns id,name,微信
expect 0 '--columns id,name,微信'
is "$(cat out)" 'id,name,微信
1,王小明,
2,李华,lihua88
3,赵敏,
5,孙丽,
6,周杰,
7,钱多多,qdd
8,天山集团,
9,天山集团昌吉分公司,' 'only those columns, the custom one included'
run crm-ls --columns ''
expect 64 '--columns with no column is a usage error'
contains err "Try 'crm-ls --help'." 'with the hint'
run crm-ls --columns id,,name
expect 64 '--columns with an empty column name is a usage error'

run crm-ls --columns name --sort name
expect 0 '--sort name'
tail -n +2 out >sorted
crm-ls --columns name | tail -n +2 | LC_ALL=C sort >want
is "$(cat sorted)" "$(cat want)" 'the names in order'
is "$(head -1 sorted)" "周杰" 'not in id order'
run crm-ls --columns id,name --sort -id
expect 0 '--sort -id'
is "$(ids)" "9 8 7 6 5 3 2 1" 'descending'
run crm-ls --columns id,微信 --sort -微信
expect 0 '--sort -微信 (a custom field, descending)'
is "$(ids | cut -d' ' -f1,2)" "7 2" 'by the custom field'

run crm-ls --limit 2
expect 0 '--limit 2'
is "$(ids)" "1 2" 'two rows'
run crm-ls --limit 2 --sort -id
expect 0 '--limit 2 --sort -id'
is "$(ids)" "9 8" 'the last two'
run crm-ls --limit 0
expect 0 '--limit 0'
is "$(cat out)" "$header,微信" 'the header only'
run crm-ls --limit abc
expect 64 '--limit abc is a usage error'
is "$(cat err)" "crm-ls: --limit 'abc' is not a non-negative number
Try 'crm-ls --help'." 'it says why'
run crm-ls --limit -1
expect 64 '--limit -1 is a usage error'

# --- formats

run crm-ls --format csv --columns id,name --limit 1
expect 0 '--format csv'
is "$(cat out)" 'id,name
1,王小明' 'CSV'
run crm-ls --format json
expect 0 '--format json'
python3 -m json.tool out >/dev/null 2>&1
ok $? 'the output is valid JSON'
run crm-ls --format json --columns id,code,mobile,parent,微信,notes --where id=9
is "$(cat out)" '[
{"id":9,"code":"652301001","mobile":null,"parent":8,"微信":null,"notes":null}
]' 'ids are numbers, codes and mobiles strings, empty values null'
run crm-ls --format json --columns id,notes --where id=8
python3 -c 'import json,sys; r=json.load(open("out")); sys.exit(r != [{"id": 8, "notes": "一行\t二行\n三行"}])'
ok $? 'a tab and a newline in JSON are escaped and read back'
run crm-ls --format json --owner 无此人
expect 0 '--format json with no rows'
is "$(cat out)" "[]" 'is an empty array'

run crm-ls --format tsv --columns id,name,notes --where id=8
expect 0 '--format tsv'
is "$(cat out)" "$(printf 'id\tname\tnotes\n8\t天山集团\t一行\\t二行\\n三行')" \
    'TSV escapes the tab and the newline in a value'
is "$(wc -l <out)" "2" 'one line per row'

run crm-ls --format table --columns id,name,owner,region --region 6101
expect 0 '--format table'
is "$(cat out)" 'id  name    owner  region
 3  赵敏    刘洋   610100
 7  钱多多  王芳   610113' 'columns aligned by display width (CJK characters are two wide)'
run crm-ls --format table --columns id,name,company,owner,region --region 65
expect 0 '--format table over more rows'
python3 - out <<'EOF'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
starts = set()
for line in open(sys.argv[1], encoding="utf-8").read().splitlines():
    last = line.split(" ")[-1]
    starts.add(width(line) - width(last))
sys.exit(len(starts) != 1)
EOF
ok $? 'the last column starts at the same display column on every line'
is "$(wc -l <out)" "6" 'a header and five rows'
run crm-ls --format xml
expect 64 'an unknown --format is a usage error'
is "$(cat err)" "crm-ls: unknown format 'xml' (csv, tsv, json, table or xlsx)
Try 'crm-ls --help'." 'it lists the formats'
is "$(cat out)" "" 'and prints nothing'

# --- formula injection guard

run crm-ls --columns id,notes --where id=2
is "$(cat out)" 'id,notes
2,"'"'"'=HYPERLINK(""x"")"' 'a cell starting with = gets a leading apostrophe'
run crm-ls --columns id,notes --where id=3
is "$(cat out)" "id,notes
3,'@SUM(1)" 'a cell starting with @ gets a leading apostrophe'
run crm-ls --columns id,notes --status all --where notes=-5
is "$(cat out)" 'id,notes
4,-5' 'a negative number is left alone'
run crm-ls --columns id,notes --where id=7
is "$(cat out)" 'id,notes
7,-12.50' 'a negative amount is left alone'
run crm-ls --raw --columns id,notes --where owner=刘洋 --status all
expect 0 '--raw'
is "$(cat out)" 'id,notes
3,@SUM(1)
4,-5' 'with --raw, no apostrophe'
run crm-ls --raw --columns id,notes --where id=2
is "$(cat out)" 'id,notes
2,"=HYPERLINK(""x"")"' 'with --raw, = is written as it is'

# --- help and bad options

run crm-ls --help
expect 0 'crm-ls --help'
contains out 'usage: crm-ls' 'prints the usage on stdout'
run crm-ls --colour
expect 64 'an unknown option is a usage error'
contains err "Try 'crm-ls --help'." 'with the hint'
run crm-ls 王小明
expect 64 'an argument is a usage error'

# --- every export is audited

n=$(sql "SELECT count(*) FROM audit_log WHERE command = 'crm-ls'")
run crm-ls --owner 张伟
expect 0 'crm-ls --owner 张伟'
is "$(sql "SELECT action, rows, actor FROM audit_log WHERE command = 'crm-ls' ORDER BY id DESC LIMIT 1")" \
    "export|5|tester" 'the audit log has the export, its row count and the actor'
run crm-ls --actor 审计员 --owner 无此人
is "$(sql "SELECT action, rows, actor FROM audit_log WHERE command = 'crm-ls' ORDER BY id DESC LIMIT 1")" \
    "export|0|审计员" 'an empty export is audited too, with --actor'
run crm-ls --limit abc
is "$(sql "SELECT count(*) FROM audit_log WHERE command = 'crm-ls'")" "$((n + 2))" \
    'a usage error exports and audits nothing'

# an export cut short is in the log too: it is logged before its first row
# with rows -1, and the count goes in after the last (SPEC 2, privacy)
CRM_DB=$trash/cut.db
many_customers 3000
{ crm-ls; echo $? > ls.status; } | head -n 2 > head.out
is "$(cat ls.status)" 141 'crm-ls | head -n 2: crm-ls ends on the closed pipe (SIGPIPE)'
is "$(wc -l < head.out | tr -d ' ')" 2 'head got its two lines'
is "$(sql "SELECT count(*) FROM audit_log WHERE command = 'crm-ls'")" 1 \
    'the export that was cut short is in the audit log'
is "$(sql "SELECT action, rows, actor, detail FROM audit_log WHERE command = 'crm-ls'")" \
    'export|-1|tester|crm-ls' 'as an export with rows -1: it never finished'
run crm-ls
expect 0 'the whole list'
is "$(sql "SELECT action, rows FROM audit_log WHERE command = 'crm-ls' ORDER BY id DESC LIMIT 1")" \
    'export|3000' 'a finished export has its count'
printf 'customer,date,product,qty,unit_price\n' > sales.csv
awk 'BEGIN { for (i = 1; i <= 3000; i++) printf "139%08d,2026-10-01,货品%d,1,10\n", i, i }' >> sales.csv
crm-sale import -q sales.csv 2>/dev/null
{ crm-sale ls; echo $? > ls.status; } | head -n 1 > /dev/null
is "$(cat ls.status)/$(sql "SELECT action, rows FROM audit_log WHERE command = 'crm-sale' ORDER BY id DESC LIMIT 1")" \
    '141/export|-1' 'crm-sale ls | head: cut short, and logged so'
run crm-sale ls
is "$(sql "SELECT action, rows FROM audit_log WHERE command = 'crm-sale' ORDER BY id DESC LIMIT 1")" \
    'export|3000' 'crm-sale ls whole: its count'

# --- the round trip, on a store of its own

CRM_DB=$trash/rt.db
cat >rt.csv <<'EOF'
name,kind,gender,birthday,mobile,phone,email,company,title,industry,region,address,source,owner,parent,notes,微信
新疆天山商贸有限公司,company,,,,0991-1234567,info@tianshan.example,,,批发,650102,天山区解放北路12号,展会,张伟,,"大客户, 年度合同",
王小明,,男,1985-03-05,13812345678,,wang@example.com,新疆天山商贸有限公司,经理,批发,650102,"天山区光明路5号
3单元402室",推荐,张伟,新疆天山商贸有限公司,,wxm001
李华,,女,1990年7月1日,139 1234 5678,,,"西安""长安""贸易, 有限公司",,零售,610100,雁塔区科技路8号,网络,刘洋,,"=HYPERLINK(""http://x"")",=lihua
赵敏,,F,,+86 137-1234-5678,,,,,零售,乌鲁木齐市,新市区北京南路5号,,刘洋,,@SUM(1),
陈刚,,M,,,010-12345678,chen@example.com,,,制造,110105,朝阳区建国路88号,,刘洋,,-5,
孙丽,,,,13612345678,,,,,,,,,张伟,,无地区的客户,
周杰,,,,13512345678,,,,,餐饮,650103,西安市,,,,+1 不是数字,
吴芳,,,,13412345678,,,,,餐饮,650104,新市区河北东路1号,,张伟,,'不是公式,zz
郑强,,,,13312345678,,zheng@example.com,,,,610100,,,刘洋,,	制表符开头,
钱多多,,,,18912345678,,,,,金融,650100,乌鲁木齐市高新区长春路3号,,张伟,,"a	b",
EOF
run crm-add --csv rt.csv
expect 0 'crm-add --csv rt.csv: ten varied customers'
is "$(tail -n +2 out | cut -d, -f1,2)" '1,650102001
2,650102002
3,610100001
4,650100001
5,110105001
6,
7,650103001
8,650104001
9,610100002
10,650100002' 'all added, one without a code'
run crm-ls
expect 0 'crm-ls > a.csv'
cp out a.csv
is "$(grep -c '^[0-9][0-9]*,' a.csv)" "10" 'ten customers listed'
contains a.csv '"天山区光明路5号' 'the address with a newline is quoted'
contains a.csv ',"'"'"'=HYPERLINK(""http://x"")",' 'the = notes is guarded'
contains a.csv ",'=lihua" 'the = custom field is guarded'
is "$(sql "SELECT action, rows FROM audit_log WHERE command = 'crm-ls' ORDER BY id DESC LIMIT 1")" \
    "export|10" 'the export of ten rows is audited'

run crm-add --csv a.csv --on-duplicate update
expect 0 'crm-add --csv a.csv --on-duplicate update'
is "$(cat err)" "crm-add: keeping unknown columns as custom fields: 微信
crm-add: 0 added, 0 updated, 10 unchanged, 0 duplicates, 0 rejected" \
    'every customer is unchanged'
is "$(cat out)" "id,code,name,mobile,region,missing" 'nothing listed as added or updated'
is "$(sql "SELECT count(*) FROM customer_history")" "0" 'no history was written'
run crm-ls
cp out b.csv
cmp a.csv b.csv >/dev/null
ok $? 'the listing after the re-import is the same, byte for byte'
run crm-ls --raw --columns notes,微信 --where id=3
is "$(cat out)" 'notes,微信
"=HYPERLINK(""http://x"")",=lihua' 'the guard apostrophes were not imported'
run crm-ls --raw --columns id,notes --where id=9
is "$(cat out)" "$(printf 'id,notes\n9,\t制表符开头')" 'nor the one before a tab'
run crm-ls --columns id,notes --where id=8
is "$(cat out)" "id,notes
8,'不是公式" 'an apostrophe of the data itself is kept'

run crm-ls --columns id,updated_at
cp out before
sed '/^6,,person,孙丽,/s/,张伟,/,王芳,/' a.csv >c.csv
cmp a.csv c.csv >/dev/null
[ $? -eq 1 ]
ok $? 'sed changed the owner of 孙丽 (the customer without a code) in a copy'
sleep 1
run crm-add --csv c.csv --on-duplicate update
expect 0 're-import the changed file'
is "$(tail -1 err)" "crm-add: 0 added, 1 updated, 9 unchanged, 0 duplicates, 0 rejected" \
    'one customer updated, nine unchanged'
is "$(cat out)" 'id,code,name,mobile,region,missing
6,,孙丽,13612345678,,"address,region"' 'it lists the updated customer'
run crm-ls --columns id,name,owner --where id=6
is "$(cat out)" 'id,name,owner
6,孙丽,王芳' 'the listing shows the change'
run crm-ls --columns id,updated_at
diff before out | sed -n 's/^[<>] \([0-9]*\),.*/\1/p' | sort -u >changed
is "$(cat changed)" "6" 'only that customer'"'"'s updated_at changed'
run crm-ls
sed "/^6,,/s/,\([^,]*\),[^,]*,\$/,\1,\1,/" out >d.csv
cmp c.csv d.csv >/dev/null
ok $? 'apart from updated_at, the listing is the edited file'

done_testing
