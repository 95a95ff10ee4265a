/*
** exit.c — linked into the libFuzzer builds only, with -Wl,--wrap=_exit.
** libcrm leaves after an error with _exit() (crm_die, crm_usage_error),
** which libFuzzer would not see: the run would just stop, with no stack
** and no saved input.  On fuzzed input no library function may die, so
** a nonzero _exit is turned into abort(), which libFuzzer reports as a
** crash and saves.
*/
#include <stdio.h>
#include <stdlib.h>

void __real__exit(int code);
void __wrap__exit(int code);

void
__wrap__exit(int code)
{
	if (code != 0) {
		fprintf(stderr, "fuzz: libcrm called _exit(%d) (crm_die on fuzzed "
		    "input?); aborting so that libFuzzer keeps the input\n", code);
		abort();
	}
	__real__exit(code);
}
