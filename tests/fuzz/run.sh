#!/bin/sh
# run.sh SECONDS MERGE OPTS TARGET... — run by make fuzz (tests/fuzz/README).
# Runs each target's tests/fuzz/build/fuzz-TARGET for SECONDS over a copy
# of its corpus tests/fuzz/corpus/TARGET/, one target after the other;
# with MERGE=1 merges the inputs that add coverage back into the corpus
# (libFuzzer -merge=1); OPTS are more libFuzzer options.  Exits 1 when a
# target crashed: the input is in tests/fuzz/build/artifacts/TARGET/.
secs=$1 merge=$2 opts=$3
shift 3
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/tests/fuzz/build
failed=

for t; do
	bin=$build/fuzz-$t
	seeds=$top/tests/fuzz/corpus/$t
	work=$build/work/$t
	art=$build/artifacts/$t
	log=$build/$t.log
	dict=$top/tests/fuzz/$t.dict
	rm -rf "$work"
	mkdir -p "$work" "$art" "$seeds"
	cp -R "$seeds/." "$work/"
	set -- -max_total_time="$secs" -print_final_stats=1 -timeout=30 \
	    -artifact_prefix="$art/"
	[ -f "$dict" ] && set -- "$@" -dict="$dict"
	echo "fuzz: $t for ${secs}s over $(ls "$work" | wc -l) inputs (log: $log)"
	# shellcheck disable=SC2086 # opts are words
	"$bin" "$@" $opts "$work" > "$log" 2>&1
	rc=$?
	grep -E '^(Done [0-9]+ runs|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' "$log" |
	    sed "s/^/fuzz: $t: /"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $t FAILED (exit $rc); the end of $log:"
		tail -n 60 "$log"
		ls "$art" | sed "s|^|fuzz: $t: input: $art/|"
		failed="$failed $t"
		continue
	fi
	if [ "$merge" = 1 ]; then
		before=$(ls "$seeds" | wc -l)
		"$bin" -merge=1 $opts "$seeds" "$work" >> "$log" 2>&1 ||
		    { echo "fuzz: $t: merge failed, see $log"; failed="$failed $t"; continue; }
		echo "fuzz: $t: merged $(( $(ls "$seeds" | wc -l) - before )) new inputs into $seeds"
	fi
done

if [ -n "$failed" ]; then
	echo "fuzz: crashed:$failed"
	exit 1
fi
echo "fuzz: no crashes"
