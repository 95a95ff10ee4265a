#!/bin/sh
# make install: the programs, libcrm with its header and crm.pc for
# pkg-config, the man pages, and the bash completion for crm and every
# crm-*, whose words come from the programs' own option tables.
. "$(dirname "$0")/lib.sh"

dest=$trash/dest
usr=$dest/usr/local
# install-files copies what is built without building (no rebuild with
# other flags under the running test suite)
make -s -C "$top" install-files DESTDIR="$dest" >make.out 2>&1
ok $? 'make install-files DESTDIR=...'
for f in bin/crm bin/crm-ls bin/crm-add lib/libcrm.so.0 include/crm.h \
    lib/pkgconfig/crm.pc share/bash-completion/completions/crm \
    share/man/man1/crm-ls.1 share/man/man1/crm-visit.1 share/man/man7/crm.7 \
    share/man/man5/crm-store.5 bin/crm-visit \
    share/crm/regions.csv; do
	test -e "$usr/$f"
	ok $? "installs $f"
done
is "$(readlink "$usr/share/bash-completion/completions/crm-ls")" "crm" \
    'crm-ls completes with the crm script (a link, one per program)'
n=0
for p in "$top"/cmd/crm-*.c; do
	p=$(basename "$p" .c)
	test -L "$usr/share/bash-completion/completions/$p" && n=$((n + 1))
done
is "$n" "$(ls "$top"/cmd/crm-*.c | wc -l | tr -d ' ')" 'a completion link for every crm-* program'

# the installed programs find the installed libcrm
run "$usr/bin/crm-ls" --version
expect 0 'the installed crm-ls runs'
is "$(cat out)" "crm-ls (crm) 0.1.0" 'and names its version'

# pkg-config, and a program that links libcrm through it
export PKG_CONFIG_PATH="$usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
is "$(pkg-config --modversion crm)" "0.1.0" 'pkg-config knows crm'
is "$(echo $(pkg-config --cflags crm))" "-I$usr/include" 'the header directory'
is "$(echo $(pkg-config --libs crm))" "-L$usr/lib -lcrm" 'and the library'
cat >use.c <<'CEOF'
#include <crm.h>
#include <stdio.h>

int
main(void)
{
	struct crm_date d;

	if (crm_date_parse("2026年3月5日", &d) != 0)
		return 1;
	printf("%04d-%02d-%02d %s\n", d.y, d.m, d.d, CRM_VERSION);
	return 0;
}
CEOF
san=
nm -D "$top/lib/libcrm.so" 2>/dev/null | grep -q __asan_init &&
    san='-fsanitize=address,undefined'
# shellcheck disable=SC2046
cc $san -o use use.c $(pkg-config --cflags --libs crm) >cc.out 2>&1
ok $? 'a program builds with $(pkg-config --cflags --libs crm)'
LD_LIBRARY_PATH=$usr/lib ./use >use.out 2>&1
ok $? 'and runs against the installed libcrm'
is "$(cat use.out)" "2026-03-05 0.1.0" 'calling it'
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# the completion, as bash runs it: COMP_WORDS in, COMPREPLY out
complete_words() {
	bash -c '
		. "$1"; shift
		COMP_CWORD=$(( $# - 1 ))
		COMP_WORDS=("$@")
		_crm
		printf "%s\n" "${COMPREPLY[@]}"
	' sh "$usr/share/bash-completion/completions/crm" "$@"
}
complete_words crm-ls --fo >c.out
is "$(cat c.out)" "--format" 'crm-ls --fo<TAB>: --format'
complete_words crm-ls -- >c.out
for o in --output --bom --where --columns --db --help; do
	contains c.out "$o" "crm-ls --<TAB> offers $o"
done
lacks c.out "--csv" 'but not --csv, an option of crm-add'
lacks c.out "--completion-helper" 'nor the helper itself'
complete_words crm-add --cs >c.out
is "$(cat c.out)" "--csv" 'crm-add --cs<TAB>: --csv'
complete_words crm-ls --format '' >c.out
is "$(cat c.out | tr '\n' ' ')" "csv tsv json table xlsx " 'crm-ls --format <TAB>: the formats'
complete_words crm-ls --format = x >c.out
is "$(cat c.out)" "xlsx" 'crm-ls --format=x<TAB> (bash splits at =): xlsx'
complete_words crm '' >c.out
for c in add alert code complaint config credit edit event expense grade ls owner points report rm sale show visit help; do
	contains c.out "$c" "crm <TAB> offers $c"
done
complete_words crm ls --bo >c.out
is "$(cat c.out)" "--bom" 'crm ls --bo<TAB>: crm-ls'"'"'s --bom'
complete_words crm help sh >c.out
is "$(cat c.out)" "show" 'crm help sh<TAB>: show'
complete_words crm-code '' >c.out
is "$(cat c.out | tr '\n' ' ')" "assign parse check regions " 'crm-code <TAB>: its commands'
complete_words crm-code --db x.db a >c.out
is "$(cat c.out)" "assign" 'also after an option with its value'
: >afile.csv
complete_words crm-code assign af >c.out
is "$(cat c.out)" "afile.csv" 'after the command: file names'
complete_words crm-visit '' >c.out
is "$(cat c.out | tr '\n' ' ')" "log import plan plans due ls report " 'crm-visit <TAB>: its commands'
complete_words crm visit pl >c.out
is "$(cat c.out | tr '\n' ' ')" "plan plans " 'crm visit pl<TAB>: plan and plans'
complete_words crm-config visit. >c.out
is "$(cat c.out | tr '\n' ' ')" "visit.plan_window_days visit.policy " 'crm-config visit.<TAB>: the visit keys'
complete_words crm-config customer.s >c.out
is "$(cat c.out)" "customer.salutations" 'crm-config <TAB>: the config keys'
complete_words crm-add --csv af >c.out
is "$(cat c.out)" "afile.csv" 'crm-add --csv <TAB>: a file'

# the words come from the option tables: every option a program offers is
# in its --help, and every option its --help lists is offered
for p in "$top"/cmd/crm-*.c; do
	p=$(basename "$p" .c)
	"$p" --completion-helper | sed -n 's/^\(--[a-z-]*\)=*$/\1/p' | sort >offered
	"$p" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >mentioned
	"$p" --help | sed -n 's/^ *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
	    sort -u >listed
	is "$(comm -23 offered mentioned | tr '\n' ' ')" "" "$p: every option offered is in its --help"
	is "$(comm -13 offered listed | tr '\n' ' ')" "" "$p: every option its --help lists is offered"
done

done_testing
