/*
** fuzz.h — the libFuzzer entry points, declared for the harnesses in
** tests/fuzz/ and for replay.c, which runs them without libFuzzer.
*/
#ifndef CRM_FUZZ_H
#define CRM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: run once before the first input (only store.c has one). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* A harness found a broken invariant: say which, then abort() so that
** libFuzzer saves the input and the replay fails. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant broken: %s\n", \
		    __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
