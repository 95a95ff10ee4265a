/*
** csvin.c — fuzz the streaming CSV reader (lib/csvin.c) with all its
** options.
**
** The first byte of the input chooses the options, the rest is the file:
**
**   bits 0-1  encoding: NULL, "gb18030", "gbk", "utf-8"
**   bit 2     start the file with a byte-order mark (GB18030's for
**             gb18030, else UTF-8's)
**   bit 3     write every LF as CRLF
**   bit 4     with bits 6-7 01 (the letters P to _): put the 64 KiB
**             block boundary of the reader inside the text: a filler line
**             first, so that the boundary falls (second byte & 63) bytes
**             into the text (rarer than the rest: it is slow)
**
** '@' (0x40) is "no options", so seed files are readable: '@' then CSV.
** The file goes to a memfd opened by path (crm_csvin_open takes a path).
** Every record is read to the end and every field touched; abort() when
** an invariant of crm.h is broken: fields NUL-terminated with len[i] their
** length, valid UTF-8 without NUL bytes (the reader refuses other text),
** at least one field per record (blank lines are skipped), line numbers
** increasing by at least the lines a record spans, never past the last
** line, the end or the error sticky, and the byte count the file size.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "crm.h"
#include "fuzz.h"

#define BLOCK (64 * 1024)   /* the reader's block, lib/csvin.c */

/* The reader allocates 64 KiB and more for each file: with ASan's default
** quarantine of 256 MiB every input touches fresh pages, five times
** slower than with 16 MiB, which still holds the memory of hundreds of
** inputs for use-after-free checks.  ASAN_OPTIONS overrides this. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}

static const char *const encodings[4] = { NULL, "gb18030", "gbk", "utf-8" };

/* The harness's own loops over 64 KiB need no coverage: it would only
** slow the run. */
#if defined(__clang__)
#define NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define NO_COVERAGE
#endif

/* Line terminators in s: LF, CR LF and a lone CR count one each. */
NO_COVERAGE static long
newlines(const unsigned char *s, size_t n)
{
	long k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

NO_COVERAGE static void
put(unsigned char **buf, size_t *len, size_t *cap, const void *s, size_t n)
{
	if (*len + n > *cap) {
		while (*len + n > *cap)
			*cap = *cap ? *cap * 2 : 256;
		*buf = crm_xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *file = NULL;
	size_t flen = 0, fcap = 0, i, j;
	unsigned opt;
	const char *enc;
	char path[64];
	int fd, rc, again;
	crm_csvin *r;
	struct crm_record rec;
	long last = 0, span = 0, maxline;
	long long nrec = 0;

	if (size < 1)
		return 0;
	opt = data[0];
	data++, size--;
	enc = encodings[opt & 3];
	if (opt & 4) {
		if ((opt & 3) == 1)
			put(&file, &flen, &fcap, "\x84\x31\x95\x33", 4);
		else
			put(&file, &flen, &fcap, "\xef\xbb\xbf", 3);
	}
	if ((opt & 0xd0) == 0x50 && size >= 1) {
		size_t at = BLOCK - (data[0] & 63u), fill;

		data++, size--;
		fill = at > flen + 1 ? at - flen - 1 : 0;
		if (fcap < flen + fill + 1 + size * 2) {
			fcap = flen + fill + 1 + size * 2;
			file = crm_xrealloc(file, fcap);
		}
		memset(file + flen, 'x', fill);
		flen += fill;
		file[flen++] = '\n';
	}
	for (i = 0; i < size; i++) {
		if ((opt & 8) && data[i] == '\n')
			put(&file, &flen, &fcap, "\r", 1);
		put(&file, &flen, &fcap, &data[i], 1);
	}

	fd = memfd_create("fuzz-csvin", MFD_CLOEXEC);
	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	for (i = 0; i < flen; i += (size_t)rc)
		if ((rc = (int)write(fd, file + i, flen - i)) <= 0) {
			perror("write");
			abort();
		}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	maxline = 1 + newlines(file, flen);

	r = crm_csvin_open(path, enc);
	while ((rc = crm_csvin_next(r, &rec)) > 0) {
		nrec++;
		FUZZ_CHECK(rec.n >= 1);
		FUZZ_CHECK(rec.f != NULL && rec.len != NULL);
		FUZZ_CHECK(rec.line >= 1 && rec.line <= maxline);
		FUZZ_CHECK(rec.line >= last + span);
		last = rec.line;
		span = 1;
		for (j = 0; j < rec.n; j++) {
			const char *f = rec.f[j];
			size_t n = rec.len[j];

			FUZZ_CHECK(f != NULL);
			FUZZ_CHECK(f[n] == '\0');
			if (!memchr(f, '\0', n))
				FUZZ_CHECK(strlen(f) == n);
			FUZZ_CHECK(crm_utf8_valid(f, n) == n);
			span += newlines((const unsigned char *)f, n);
		}
	}
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		const char *e = crm_csvin_error(r), *name = crm_csvin_name(r);

		FUZZ_CHECK(e != NULL && name != NULL);
		FUZZ_CHECK(!strncmp(e, name, strlen(name)) && e[strlen(name)] == ':');
	} else {
		FUZZ_CHECK(crm_csvin_bytes(r) == (long long)flen);
	}
	FUZZ_CHECK(crm_csvin_bytes(r) <= (long long)flen);
	/* the end and an error are sticky */
	again = crm_csvin_next(r, &rec);
	FUZZ_CHECK(again == rc);
	crm_csvin_close(r);
	close(fd);
	free(file);
	(void)nrec;
	return 0;
}
