#!/bin/sh
# crm-add: landlines by the national numbering plan (SPEC 3.1), through the
# real program.  (Periods, SPEC 2, are unit-tested in tests/unit.c: no
# program takes --period yet.)
. "$(dirname "$0")/lib.sh"

phone() {
	sql "select phone from customers where name='$1'"
}

# a marked area code is taken as written
run crm-add 王小明 --phone 060-12345678
expect 65 "060-12345678: 060 is not a three-digit area code"
contains err "phone '060-12345678' has area code 060, which is not in the national numbering plan" \
    "the error names the field, the value and the area code"
lacks err "0601" "it is not re-split as 0601-2345678"
is "$(sql 'select count(*) from customers')" "0" "nothing is stored"
run crm-add 王小明 --phone '(026)12345678'
expect 65 "(026)12345678: 026 is not an area code"
contains err "phone '(026)12345678' has area code 026" "the bracketed area code is named"
run crm-add 王小明 --phone 09912-345678
expect 65 "a five-digit area code is rejected"
contains err "an area code has 3 or 4 digits" "and says how long one is"

run crm-add 王一 --phone 0991-1234567
expect 0 "0991-1234567 is accepted"
is "$(phone 王一)" "0991-1234567" "and stored as written"
run crm-add 王二 --phone '(010)12345678'
expect 0 "(010)12345678 is accepted"
is "$(phone 王二)" "010-12345678" "stored as 010-12345678"
run crm-add 王三 --phone '0755 12345678'
expect 0 "0755 12345678 is accepted"
is "$(phone 王三)" "0755-12345678" "stored as 0755-12345678"
run crm-add 王四 --phone 0755-1234567转8001
expect 0 "an extension after 转 is accepted"
is "$(phone 王四)" "0755-1234567-8001" "stored as AREA-NUMBER-EXT"

# an unmarked number is split by the plan
run crm-add 李一 --phone 01012345678
expect 0 "01012345678 is accepted"
is "$(phone 李一)" "010-12345678" "split as 010-12345678"
run crm-add 李二 --phone 02112345678
expect 0 "02112345678 is accepted"
is "$(phone 李二)" "021-12345678" "split as 021-12345678"
run crm-add 李三 --phone 07551234567
expect 0 "07551234567 is accepted"
is "$(phone 李三)" "0755-1234567" "split as 0755-1234567"
run crm-add 李四 --phone 01112345678
expect 65 "01112345678: 011 is not an area code"
contains err "phone '01112345678' does not start with an area code of the national numbering plan" \
    "the error says what is wrong"
run crm-add 李四 --phone 02612345678
expect 65 "02612345678: neither 026 nor 0261 is an area code"

# +86, mobiles, local numbers
run crm-add 赵一 --phone '+86 10 12345678'
expect 0 "+86 10 12345678 is accepted"
is "$(phone 赵一)" "010-12345678" "+86 stands for the leading 0"
run crm-add 赵二 --phone 13812345678
expect 65 "a mobile in the phone field is rejected"
contains err "phone '13812345678' is a mobile number; put it in the mobile column" "with the mobile hint"
run crm-add 赵二 --phone 010-01234567
expect 65 "a local number starting with 0 is rejected"
contains err "has a number starting with 0 after area code 010" "and the error says so"
run crm-add 赵二 --phone 010-123456789
expect 65 "a 9-digit local number is rejected"
contains err "has a 9-digit number after area code 010 (it must have 7 or 8 digits)" "naming its length"

# the same rule in a bulk import: the rejected row names line, field and value
cat > in.csv <<'CSV'
name,phone
孙一,060-12345678
孙二,02912345678
CSV
run crm-add --csv in.csv
expect 65 "an import with a bad phone exits 65"
contains err "crm-add: 1 added, 0 duplicates, 1 rejected (in.rejects.csv)" "the summary counts it"
contains in.rejects.csv "孙一,060-12345678,2,\"phone '060-12345678' has area code 060" \
    "the rejects file names the line, the field and the value"
is "$(phone 孙二)" "029-12345678" "the good row is stored split by the plan"

done_testing
