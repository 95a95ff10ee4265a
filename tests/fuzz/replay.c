/*
** replay.c — run a fuzz harness without libFuzzer: its
** LLVMFuzzerInitialize (when it has one), then LLVMFuzzerTestOneInput on
** each file named, or on every file of each directory named.  Built with
** the normal compiler and flags (make all; SANITIZE=1 applies), so that
** make check replays the corpus in tests/fuzz/corpus/ as a regression
** test: an input that crashes again makes the run fail.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static long nrun;

static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(buf = realloc(buf, cap))) {
				fprintf(stderr, "replay: out of memory\n");
				exit(70);
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: cannot read '%s': %s\n", path, strerror(errno));
		fclose(fp);
		free(buf);
		return -1;
	}
	fclose(fp);
	/* named first, so that a crash says which input it was */
	fprintf(stderr, "replay: %s\n", path);
	/* libFuzzer hands over a copy of exactly len bytes: so do we, for
	** ASan to see a read past the end */
	{
		unsigned char *copy = malloc(len ? len : 1);

		if (!copy) {
			fprintf(stderr, "replay: out of memory\n");
			exit(70);
		}
		memcpy(copy, buf, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	free(buf);
	nrun++;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_path(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (stat(path, &sb) < 0) {
		fprintf(stderr, "replay: '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return replay_file(path);
	if (!(d = opendir(path))) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(names = realloc(names, cap * sizeof *names)))
				exit(70);
		}
		if (!(names[n] = malloc(strlen(path) + strlen(e->d_name) + 2)))
			exit(70);
		sprintf(names[n++], "%s/%s", path, e->d_name);
	}
	closedir(d);
	/* the same order on every machine */
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		if (replay_path(names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 64;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i]) < 0)
			rc = 66;
	printf("replayed %ld inputs\n", nrun);
	return rc;
}
