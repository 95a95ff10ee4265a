/*
** cli.c — messages, exit codes, allocation that dies, and the options
** every program shares.
**
** Messages follow one shape: "crm-add: customers.csv:17: mobile '138' is
** not an 11-digit mobile number".  A format ending in ':' gets strerror
** of the current errno appended, as in sbase's eprintf.
*/
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

const char *crm_progname = "crm";

/* Set the program name from argv[0] for every later message. */
void
crm_init(int argc, char **argv)
{
	const char *p;

	(void)argc;
	if (argv && argv[0]) {
		p = strrchr(argv[0], '/');
		crm_progname = p ? p + 1 : argv[0];
	}
}

static void
vmessage(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", crm_progname);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

/* Leave after an error: what stdout holds is flushed, and no exit
** handlers run.  Those would only check a half-done run's memory and
** output (LeakSanitizer counts the allocations of the frames we leave
** as leaks, depending on what the registers still hold). */
static noreturn void
leave(int code)
{
	fflush(stdout);
	fflush(stderr);
	_exit(code);
}

/* Print a message and exit with code. */
void
crm_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	leave(code);
}

void
crm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

/* A bad option or argument: one line, the hint, exit 64. */
void
crm_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help'.\n", crm_progname);
	leave(CRM_EX_USAGE);
}

void *
crm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		crm_die(CRM_EX_SOFTWARE, "out of memory allocating %zu bytes", n);
	return p;
}

void *
crm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		crm_die(CRM_EX_SOFTWARE, "out of memory allocating %zu bytes", n * size);
	return p;
}

void *
crm_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		crm_die(CRM_EX_SOFTWARE, "out of memory allocating %zu bytes", n);
	return p;
}

char *
crm_xstrdup(const char *s)
{
	return crm_xstrndup(s, strlen(s));
}

char *
crm_xstrndup(const char *s, size_t n)
{
	char *p = crm_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Returns a newly allocated formatted string; the caller frees it. */
char *
crm_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		crm_die(CRM_EX_SOFTWARE, "bad format '%s'", fmt);
	p = crm_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* Flush and check a stream, so that a write into a closed pipe or a full
** disk is an error rather than silent success.  Returns 0 or -1 after
** printing a message naming the stream. */
int
crm_fshut(FILE *fp, const char *name)
{
	int bad = 0;

	if (fflush(fp) == EOF || ferror(fp)) {
		crm_warn("write error on %s:", name);
		bad = 1;
	}
	if (fp != stdout && fp != stderr && fclose(fp) == EOF && !bad) {
		crm_warn("close %s:", name);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* A temporary file for output that must not be seen before the store has
** committed (the customers an import added).  Dies when none can be made. */
FILE *
crm_spool_open(void)
{
	FILE *fp = tmpfile();

	if (!fp)
		crm_die(CRM_EX_CANTCREAT, "cannot create a temporary file:");
	return fp;
}

/* Copy the spooled output to "to" and close the spool. */
void
crm_spool_copy(FILE *spool, FILE *to)
{
	char buf[65536];
	size_t n;

	if (fflush(spool) == EOF || fseek(spool, 0, SEEK_SET) < 0)
		crm_die(CRM_EX_IOERR, "temporary file:");
	while ((n = fread(buf, 1, sizeof buf, spool)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			break;
	if (ferror(spool))
		crm_die(CRM_EX_IOERR, "temporary file:");
	fclose(spool);
}

static enum crm_format
parse_format(const char *s)
{
	if (!strcmp(s, "csv"))
		return CRM_FMT_CSV;
	if (!strcmp(s, "tsv"))
		return CRM_FMT_TSV;
	if (!strcmp(s, "json"))
		return CRM_FMT_JSON;
	if (!strcmp(s, "table"))
		return CRM_FMT_TABLE;
	crm_usage_error("unknown format '%s' (csv, tsv, json or table)", s);
}

static void
check_stdout(void)
{
	if (crm_fshut(stdout, "<stdout>") < 0)
		_exit(CRM_EX_IOERR);
}

/* Handle one getopt_long result that is common to all programs.  Returns
** true when c was handled; --help and --version print and exit, an
** unknown option exits 64. */
bool
crm_opt_common(int c, const char *arg, struct crm_opts *o)
{
	static int registered;

	if (!registered) {
		atexit(check_stdout);
		registered = 1;
	}
	switch (c) {
	case 'd':
		o->db = arg;
		return true;
	case 'h':
		fputs(o->usage, stdout);
		exit(CRM_EX_OK);
	case 'q':
		o->quiet = true;
		return true;
	case 'V':
		printf("%s (crm) %s\n", crm_progname, CRM_VERSION);
		exit(CRM_EX_OK);
	case CRM_OPT_ACTOR:
		if (!*arg)
			crm_usage_error("--actor needs a name");
		o->actor = arg;
		return true;
	case CRM_OPT_FORMAT:
		o->format = parse_format(arg);
		return true;
	case CRM_OPT_RAW:
		o->raw = true;
		return true;
	case '?':
	case ':':
		fprintf(stderr, "Try '%s --help'.\n", crm_progname);
		leave(CRM_EX_USAGE);
	}
	return false;
}

/* Who is acting: --actor, $CRM_ACTOR, the login name, or the uid. */
const char *
crm_actor(const struct crm_opts *o)
{
	static char buf[32];
	const char *a;
	struct passwd *pw;

	if (o && o->actor)
		return o->actor;
	if ((a = getenv("CRM_ACTOR")) && *a)
		return a;
	if ((a = getenv("LOGNAME")) && *a)
		return a;
	if ((a = getenv("USER")) && *a)
		return a;
	if ((pw = getpwuid(getuid())))
		return pw->pw_name;
	snprintf(buf, sizeof buf, "uid%ld", (long)getuid());
	return buf;
}

/* Parse a non-negative count, checked with an end pointer; a bad value
** is a usage error naming what it was for. */
long long
crm_parse_count(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < 0)
		crm_usage_error("%s '%s' is not a non-negative number", what, s);
	return v;
}
