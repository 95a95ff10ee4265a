#!/bin/sh
# The fuzz corpus as a regression test (SPEC 5): every input in
# tests/fuzz/corpus/TARGET/, the hand-written seeds and what make fuzz
# merged in, goes through TARGET's harness again, built with the normal
# compiler and flags (tests/fuzz/replay-TARGET; SANITIZE=1 applies).  An
# input that crashes, trips a sanitizer or breaks a harness invariant
# fails its target's line.
. "$(dirname "$0")/lib.sh"
CRM_SHARE_DIR=$top/share/crm TMPDIR=$trash
export CRM_SHARE_DIR TMPDIR

for corpus in "$top"/tests/fuzz/corpus/*/; do
	corpus=${corpus%/}
	t=${corpus##*/}
	bin=$top/tests/fuzz/replay-$t
	n=$(ls "$corpus" | wc -l)
	if [ ! -x "$bin" ]; then
		ok 1 "fuzz corpus $t: no $bin (make all builds it)"
		continue
	fi
	"$bin" "$corpus" > "$t.out" 2> "$t.err"
	rc=$?
	if [ "$rc" -eq 0 ] && grep -qx "replayed $n inputs" "$t.out"; then
		ok 0 "fuzz corpus $t: $n inputs replay cleanly"
	else
		ok 1 "fuzz corpus $t: $n inputs replay cleanly (exit $rc)"
		grep '^replay: ' "$t.err" | tail -1 | sed 's/^replay: /# last input: /'
		grep -v '^replay: ' "$t.err" | head -20 | sed 's/^/# /'
	fi
done

done_testing
