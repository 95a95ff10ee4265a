#!/bin/sh
# The CSV layer as an admin meets it through crm-add --csv: quoting, BOM,
# CRLF, GB18030, invalid UTF-8, empty files, ragged rows, unclosed quotes,
# NUL bytes, huge fields and many columns.  Bad input never crashes and
# never half-writes.
. "$(dirname "$0")/lib.sh"

count() { sql "select count(*) from customers"; }

# quoted commas, quotes, newlines, empty quoted fields; bytes kept as given
printf 'name,company,address,notes\n"王,小明","天山""商贸""有限公司","解放路1号\n2楼","  two spaces  "\n李四,"",x,""\n' > q.csv
run crm-add --csv q.csv
expect 0 "quoted commas, quotes and newlines import"
is "$(sql "select name from customers where id=1")" "王,小明" "a quoted comma stays in the field"
is "$(sql "select company from customers where id=1")" '天山"商贸"有限公司' "doubled quotes become one"
is "$(sql "select address from customers where id=1")" "解放路1号
2楼" "a quoted newline stays in the field"
is "$(sql "select '[' || notes || ']' from customers where id=1")" "[  two spaces  ]" "spaces are kept byte for byte"
is "$(sql "select company is null from customers where id=2")" "1" "an empty quoted field is empty"

# BOM and CRLF
printf '\357\273\277name,mobile\r\n赵一,13900000011\r\n赵二,13900000012\r\n' > bom.csv
run crm-add --csv bom.csv
expect 0 "a BOM and CRLF line ends"
is "$(sql "select mobile from customers where name='赵二'")" "13900000012" "no CR left in the last field"
is "$(sql "select count(*) from customers where name like '%﻿%'")" "0" "no BOM left in the first field"

# line numbers count physical lines, also inside quotes
printf 'name,mobile,address\n钱一,13900000021,"a\nb\nc"\n钱二,139,x\n' > lines.csv
run crm-add --csv lines.csv
expect 65 "a bad row after a multi-line field"
contains lines.rejects.csv "钱二,139,x,5," "the rejected row names its physical line 5"

# GB18030 / GBK exports
printf 'name,mobile,address\n孙一,13900000031,人民路1号\n' | iconv -f utf-8 -t gb18030 > gb.csv
run crm-add --csv gb.csv
expect 65 "GB18030 without --encoding is an error"
contains err "gb.csv:2: field 1 is not valid UTF-8" "names file, line and field"
contains err "--encoding gb18030" "suggests --encoding gb18030"
is "$(sql "select count(*) from customers where name like '孙%'")" "0" "nothing imported, no mojibake"
run crm-add --csv gb.csv --encoding gb18030
expect 0 "--encoding gb18030 converts"
is "$(sql "select address from customers where name='孙一'")" "人民路1号" "converted text is right"
printf 'name,mobile\n孙二,12\n' | iconv -f utf-8 -t gbk > gbk.csv
run crm-add --csv gbk.csv --encoding gbk
expect 65 "a bad row in a GBK file"
is "$(iconv -f gbk -t utf-8 gbk.rejects.csv | head -1)" "name,mobile,line,error" \
    "the rejects file is written back in the input's encoding"
run crm-add --csv gb.csv --encoding klingon
expect 64 "an unknown encoding is a usage error"

# invalid UTF-8 in the middle of a file: nothing of it is committed
printf 'name,mobile\n周一,13900000041\n周\377二,13900000042\n' > bad.csv
before=$(count)
run crm-add --csv bad.csv
expect 65 "invalid UTF-8 stops the import"
contains err "bad.csv:3:" "at its line"
contains err "nothing imported" "and says nothing was imported"
is "$(count)" "$before" "the good row before it was not committed"

# empty file, header only, blank lines
: > empty.csv
run crm-add --csv empty.csv
expect 65 "an empty file is an error"
contains err "empty.csv: empty file (a header row is required)" "says so"
printf 'name,mobile\n' > header.csv
run crm-add --csv header.csv
expect 0 "a header only adds nothing"
is "$(tail -1 err)" "crm-add: 0 added, 0 duplicates, 0 rejected" "summary for a header only"
printf 'name,mobile\n\n吴一,13900000051\n\n' > blank.csv
run crm-add --csv blank.csv
expect 0 "blank lines are skipped"
is "$(tail -1 err)" "crm-add: 1 added, 0 duplicates, 0 rejected" "one row added"

# ragged rows are rejected with their line
printf 'name,mobile,address\n郑一,13900000061\n郑二,13900000062,解放路2号,extra\n郑三,13900000063,解放路3号\n' > ragged.csv
run crm-add --csv ragged.csv
expect 65 "ragged rows"
contains ragged.rejects.csv "郑一,13900000061,,2,\"the row has 2 fields, the header 3\"" "too few fields"
contains ragged.rejects.csv "3,\"the row has 4 fields, the header 3\"" "too many fields"
is "$(sql "select count(*) from customers where name='郑三'")" "1" "the good row is in"

# a quote never closed: an error naming the line where it opened
printf 'name,mobile\n冯一,13900000071\n"冯二,13900000072\n冯三,13900000073\n冯四,13900000074\n' > open.csv
before=$(count)
run crm-add --csv open.csv
expect 65 "an unclosed quote is an error"
contains err "open.csv:3: a quoted field starting here is never closed" "names the line where it opened"
is "$(count)" "$before" "no row was merged or committed"

# NUL bytes, a huge field, many columns
printf 'name,mobile\n陈\000一,13900000081\n' > nul.csv
run crm-add --csv nul.csv
expect 65 "a NUL byte is an error"
contains err "nul.csv:2: field 1 holds a NUL byte" "names line and field"
awk 'BEGIN { printf "name,notes\n褚一,\""; for (i = 0; i < 5000000; i++) printf "x"; printf "\"\n" }' > huge.csv
run crm-add --csv huge.csv
expect 65 "a field of 5 MB is refused, not a crash"
contains err "huge.csv:2: a field longer than 4 MiB" "says where"
awk 'BEGIN { printf "name"; for (i = 1; i < 10000; i++) printf ",c%d", i; printf "\n卫一"; for (i = 1; i < 10000; i++) printf ",v%d", i; printf "\n" }' > wide.csv
run crm-add -q --csv wide.csv
expect 0 "10,000 columns import"
is "$(sql "select json_extract(custom, '$.c9999') from customers where name='卫一'")" "v9999" \
    "the last custom column is kept"

# a UTF-16 file (Excel "Unicode text")
printf '\377\376n\000a\000' > u16.csv
run crm-add --csv u16.csv
expect 65 "UTF-16 is recognised"
contains err "UTF-16" "and named"

# a missing file
run crm-add --csv nonexistent.csv
expect 66 "a missing input file exits 66"
contains err "cannot open 'nonexistent.csv'" "names it"

# into an empty archive rows that look like duplicates are checked after
# the others; the rejects file still lists every row in input order
printf 'name,mobile\n蒋一,13900000091\n蒋二,13900000091\n蒋三,123\n蒋四,13900000091\n蒋五,456\n' > order.csv
run crm-add --db order.db --csv order.csv
expect 65 "duplicates and bad rows into an empty archive"
is "$(cut -d, -f3 order.rejects.csv | tr '\n' ' ')" "line 3 4 5 6 " "the rejects file is in input order"
contains order.rejects.csv "蒋二,13900000091,3,duplicate of line 2 (same mobile)" "the duplicate names its first line"
is "$(ls | grep -c 'order.rejects.csv.tmp')" "0" "no temporary file is left"

is "$(sql 'pragma integrity_check')" "ok" "the store is intact after all that"
done_testing
