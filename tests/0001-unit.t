#!/bin/sh
# C unit tests of libcrm's pure functions (tests/unit.c).
. "$(dirname "$0")/lib.sh"
"$top/tests/unit"
