#!/bin/sh
# crm, the front command (SPEC 2), and the options every program shares:
# --help, --version, and the answer to an unknown option.
. "$(dirname "$0")/lib.sh"

programs="crm-add crm-alert crm-code crm-complaint crm-config crm-credit crm-edit crm-event crm-expense crm-grade crm-ls crm-owner crm-points crm-report crm-rm crm-sale crm-show crm-visit"

# --- --help, --version and unknown options; none of them needs a store

for p in $programs; do
	run $p --help
	expect 0 "$p --help exits 0"
	is "$(head -1 out | cut -d' ' -f1-2)" "usage: $p" "$p --help prints its usage on stdout"
	is "$(cat err)" "" "$p --help prints nothing on stderr"
	cp out help.out
	run $p -h
	expect 0 "$p -h exits 0"
	cmp -s out help.out
	ok $? "$p -h prints the same usage"

	run $p --version
	expect 0 "$p --version exits 0"
	is "$(cat out)" "$p (crm) 0.1.0" "$p --version names program, package and version"
	is "$(cat err)" "" "$p --version prints nothing on stderr"
	run $p -V
	expect 0 "$p -V exits 0"
	is "$(cat out)" "$p (crm) 0.1.0" "$p -V prints the version"

	run $p --no-such-option
	expect 64 "$p --no-such-option exits 64"
	is "$(cat err)" "$p: unrecognized option '--no-such-option'
Try '$p --help'." "$p names the option and gives the hint"
	is "$(cat out)" "" "$p prints nothing on stdout"
	run $p -Z
	expect 64 "$p -Z exits 64"
	is "$(tail -1 err)" "Try '$p --help'." "$p -Z gives the hint"
done
[ ! -e "$CRM_DB" ]
ok $? '--help, --version and bad options did not create the store'

# a bad value of a known option is a usage error too
for p in crm-add crm-alert crm-complaint crm-config crm-credit crm-edit crm-event crm-expense crm-grade crm-ls crm-owner crm-points crm-report crm-sale crm-show crm-visit; do
	run $p --format xml
	expect 64 "$p --format xml exits 64"
	is "$(cat err)" "$p: unknown format 'xml' (csv, tsv, json, table or xlsx)
Try '$p --help'." "$p names the bad value and gives the hint"
done
run crm-ls --limit ten
expect 64 'crm-ls --limit ten exits 64'
is "$(cat err)" "crm-ls: --limit 'ten' is not a non-negative number
Try 'crm-ls --help'." 'it names the bad value'
run crm-add 王小明 --on-duplicate merge
expect 64 'crm-add --on-duplicate merge exits 64'
is "$(cat err)" "crm-add: --on-duplicate 'merge' is not reject, skip or update
Try 'crm-add --help'." 'it names the bad value and the choices'
run crm-rm --reason
expect 64 'crm-rm --reason without its argument exits 64'
is "$(cat err)" "crm-rm: option '--reason' requires an argument
Try 'crm-rm --help'." 'it names the option'

# --- crm itself

run crm --version
expect 0 'crm --version exits 0'
is "$(cat out)" "crm (crm) 0.1.0" 'crm --version prints what the other programs print'
run crm -V
expect 0 'crm -V exits 0'
is "$(cat out)" "crm (crm) 0.1.0" 'crm -V prints the version'
run crm --help
expect 0 'crm --help exits 0'
is "$(head -1 out)" "usage: crm [--version] [--help] COMMAND [ARGS...]" 'crm --help prints the usage on stdout'
is "$(cat err)" "" 'and nothing on stderr'
run crm
expect 64 'crm without a command exits 64'
is "$(head -1 err)" "usage: crm [--version] [--help] COMMAND [ARGS...]" 'with the usage on stderr'
is "$(cat out)" "" 'and nothing on stdout'
run crm --frob
expect 64 'crm --frob exits 64'
is "$(cat err)" "crm: unknown option '--frob'
Try 'crm --help'." 'it names the option'

run crm help
expect 0 'crm help exits 0'
is "$(cat err)" "" 'crm help prints nothing on stderr'
is "$(sed -n 's/^   \([a-z][a-z]*\)  .*/\1/p' out | tr '\n' ' ')" "add alert code complaint config credit deal edit event expense grade ls owner points report rm sale show survey visit " \
    'crm help lists every program'
is "$(grep -c '^   show  *one customer on one screen, or as JSON$' out)" 1 'each with a one-line summary'
is "$(grep -c '^   visit  *visits, contact plans, who must be visited or called (客户拜访)$' out)" 1 \
    'crm-visit among them, with its summary'
for c in $(sed -n 's/^   \([a-z][a-z]*\)  .*/\1/p' out); do
	[ -x "$top/cmd/crm-$c" ]
	ok $? "crm help lists crm-$c, which exists"
done

run crm frob
expect 64 'crm frob (no such command) exits 64'
is "$(head -1 err)" "crm: 'frob' is not a crm command; see 'crm help'" 'it says frob is not a crm command'
is "$(tail -1 err)" "Try 'crm --help'." 'with the hint'

# --- crm COMMAND runs crm-COMMAND

run crm add 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm add NAME ... exits 0'
cp out crm-add-via-crm.out
run crm-add -d "$trash/direct.db" 王小明 --mobile 13812345678 --region 650102 --address 天山区解放北路12号
expect 0 'crm-add NAME ... on another store exits 0'
is "$(cat crm-add-via-crm.out)" "$(cat out)" 'crm add prints what crm-add prints'
is "$(cat out)" "id,code,name,mobile,region,missing
1,650102001,王小明,13812345678,650102," 'which is the customer added'
is "$(sql "SELECT name, mobile, code FROM customers")" "王小明|13812345678|650102001" \
    'crm add wrote to the store'

run crm add 王先生 --mobile 13912345678
expect 65 'crm add passes on the exit status of crm-add'
is "$(cat err)" "crm-add: name '王先生' is a salutation, not a full name (give the full name, or use --allow-salutation)" \
    'and its messages, under its own name'
run crm add --version
expect 0 'crm add --version'
is "$(cat out)" "crm-add (crm) 0.1.0" 'is crm-add --version'
run crm show --help
expect 0 'crm show --help'
is "$(head -1 out | cut -d' ' -f1-2)" "usage: crm-show" 'is crm-show --help'

run crm show --format json 650102001
expect 0 'crm show CODE'
cp out show-via-crm.out
run crm-show --format json 650102001
cmp -s out show-via-crm.out
ok $? 'crm show prints what crm-show prints'
run crm ls --columns id,name
expect 0 'crm ls'
is "$(cat out)" "id,name
1,王小明" 'crm ls lists the customers'

# a program not beside crm is looked up on PATH, as git does
mkdir bin
cat >bin/crm-hello <<'EOF'
#!/bin/sh
echo "hello $1|$2"
exit 3
EOF
chmod +x bin/crm-hello
saved_path=$PATH
PATH=$trash/bin:$PATH
run crm hello a 'b c'
PATH=$saved_path
expect 3 'crm hello runs crm-hello from PATH and passes on its status'
is "$(cat out)" "hello a|b c" 'with the arguments as given'

done_testing
