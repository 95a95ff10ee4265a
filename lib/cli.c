/*
** cli.c — messages, exit codes, allocation that dies, and the options
** every program shares.
**
** Messages follow one shape: "crm-add: customers.csv:17: mobile '138' is
** not an 11-digit mobile number".  A format ending in ':' gets strerror
** of the current errno appended, as in sbase's eprintf.
*/
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

const char *crm_progname = "crm";

static void finish_stdout(int status, void *arg);

/* Set the program name from argv[0] for every later message. */
void
crm_init(int argc, char **argv)
{
	const char *p;

	(void)argc;
	on_exit(finish_stdout, NULL);
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

/*
** -o/--output FILE.  Parsing the option points stdout (fd 1) at a new
** temporary file beside FILE, so that everything a program prints goes
** there, whatever the format; the exit handler renames it to FILE when
** the program exits 0, 1 or 65 -- its output is complete -- and removes
** it otherwise.  crm_die, and the signals that end a run, remove it too,
** so a failed or interrupted run leaves no file, and an earlier FILE as
** it was.  The file's mode follows the umask, except after
** crm_output_personal (an export of personal data): 0600.  A FILE that
** exists and is not a regular file (a device, a pipe) is written in
** place.  The paths are kept in static arrays so that the signal handler
** can unlink them.
*/
static struct {
	char name[PATH_MAX];     /* FILE as given, for messages */
	char target[PATH_MAX];   /* FILE, a symlink resolved */
	char tmp[PATH_MAX];      /* what fd 1 writes, renamed at exit; "" none */
	char extra[PATH_MAX];    /* another temporary file (xlsx), or "" */
	bool personal;
} output;

static void
remove_temporary(void)
{
	if (output.tmp[0])
		unlink(output.tmp);
	if (output.extra[0])
		unlink(output.extra);
	output.tmp[0] = output.extra[0] = '\0';
}

static void
on_signal(int sig)
{
	remove_temporary();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
	static bool caught;
	struct sigaction sa;
	size_t i;

	if (caught)
		return;
	caught = true;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		/* a signal ignored by whoever started us stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Leave after an error: what stdout holds is flushed, temporary output
** files are removed, and no exit handlers run.  Those would only check a
** half-done run's memory and output (LeakSanitizer counts the
** allocations of the frames we leave as leaks, depending on what the
** registers still hold). */
static noreturn void
leave(int code)
{
	fflush(stdout);
	fflush(stderr);
	remove_temporary();
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

static const char *const format_names[] = {
	[CRM_FMT_CSV] = "csv", [CRM_FMT_TSV] = "tsv", [CRM_FMT_JSON] = "json",
	[CRM_FMT_TABLE] = "table", [CRM_FMT_XLSX] = "xlsx",
};

static enum crm_format
parse_format(const char *s)
{
	int f;

	for (f = CRM_FMT_CSV; f <= CRM_FMT_XLSX; f++)
		if (!strcmp(s, format_names[f]))
			return (enum crm_format)f;
	crm_usage_error("unknown format '%s' (csv, tsv, json, table or xlsx)", s);
}

/* -o FILE: point fd 1 at a temporary file beside FILE (see above). */
static void
output_open(const char *path, struct crm_opts *o)
{
	struct stat st;
	const char *slash;
	int fd, n;

	if (o->output)
		crm_usage_error("--output is given twice");
	if (!*path)
		crm_usage_error("--output needs a file name");
	o->output = path;
	if (!strcmp(path, "-"))
		return;
	snprintf(output.name, sizeof output.name, "%s", path);
	fflush(stdout);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			crm_die(CRM_EX_CANTCREAT, "--output '%s' is a directory", path);
		if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			crm_die(CRM_EX_CANTCREAT, "cannot open '%s':", path);
		dup2(fd, STDOUT_FILENO);
		close(fd);
		return;
	}
	/* replace the file a symlink names, not the link; one that names
	** no file yet creates it */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char link[PATH_MAX];
		ssize_t len = readlink(path, link, sizeof link - 1);
		const char *dir = strrchr(path, '/');

		if (realpath(path, output.target)) {
			path = output.target;
		} else if (len > 0) {
			link[len] = '\0';
			int k = link[0] == '/' || !dir ?
			    snprintf(output.target, sizeof output.target, "%s", link) :
			    snprintf(output.target, sizeof output.target, "%.*s%s",
			        (int)(dir - path + 1), path, link);

			if (k < 0 || (size_t)k >= sizeof output.target)
				crm_die(CRM_EX_CANTCREAT, "--output '%s': the name is too long", path);
			path = output.target;
		}
	}
	if (strlen(path) + 16 > sizeof output.tmp)
		crm_die(CRM_EX_CANTCREAT, "--output '%s': the name is too long", o->output);
	if (path != output.target)
		strcpy(output.target, path);
	slash = strrchr(output.target, '/');
	n = slash ? (int)(slash - output.target + 1) : 0;
	snprintf(output.tmp, sizeof output.tmp, "%.*s.%s.XXXXXX", n, output.target,
	    output.target + n);
	catch_signals();
	/* output.tmp holds the template until mkostemp fills it in: a signal
	** in between must not unlink a file of that name */
	{
		sigset_t all, old;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		fd = mkostemp(output.tmp, O_CLOEXEC);
		if (fd < 0)
			output.tmp[0] = '\0';
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (fd < 0)
		crm_die(CRM_EX_CANTCREAT, "cannot create '%s':", o->output);
	if (dup2(fd, STDOUT_FILENO) < 0)
		crm_die(CRM_EX_IOERR, "cannot write '%s':", o->output);
	close(fd);
}

/* At exit: check what stdout wrote, then give the output file its name. */
static void
finish_stdout(int status, void *arg)
{
	bool bad = crm_fshut(stdout, output.name[0] ? output.name : "<stdout>") < 0;
	mode_t mask;

	(void)arg;
	if (!output.tmp[0]) {
		if (bad)
			_exit(CRM_EX_IOERR);
		return;
	}
	if (bad || (status != CRM_EX_OK && status != CRM_EX_NO && status != CRM_EX_DATAERR)) {
		remove_temporary();
		if (bad)
			_exit(CRM_EX_IOERR);
		return;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(STDOUT_FILENO, output.personal ? 0600 : 0666 & ~mask) < 0 ||
	    fsync(STDOUT_FILENO) < 0 || rename(output.tmp, output.target) < 0) {
		crm_warn("cannot write '%s':", output.target);
		remove_temporary();
		_exit(CRM_EX_IOERR);
	}
	output.tmp[0] = '\0';
}

/* Mark the output as an export of personal data: an --output file gets
** mode 0600. */
void
crm_output_personal(void)
{
	output.personal = true;
}

/* mkstemp(tmpl), the file to be removed if the run dies or is
** interrupted before it is done with it (crm_output_cleanup), with the
** signals held off in between so that no signal can leave it behind.
** Returns the descriptor, or -1 with errno set. */
int
crm_output_mkstemp(char *tmpl)
{
	sigset_t all, old;
	int fd, saved;

	catch_signals();
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((fd = mkostemp(tmpl, O_CLOEXEC)) >= 0)
		crm_output_cleanup(tmpl);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return fd;
}

/* Remove path (a temporary file, or NULL for none) if the run dies or is
** interrupted before it is done with it. */
void
crm_output_cleanup(const char *path)
{
	if (!path) {
		output.extra[0] = '\0';
		return;
	}
	catch_signals();
	snprintf(output.extra, sizeof output.extra, "%s", path);
}

/* The format the output is written in: --format, else the --output
** file's extension (.xlsx, .tsv, .json; csv for any other), else csv with
** --bom, else table on a terminal and csv elsewhere. */
enum crm_format
crm_output_format(const struct crm_opts *o)
{
	const char *dot;

	if (o->format != CRM_FMT_AUTO)
		return o->format;
	if (o->output && strcmp(o->output, "-")) {
		dot = strrchr(o->output, '.');
		if (dot && !strcasecmp(dot, ".xlsx"))
			return CRM_FMT_XLSX;
		if (dot && !strcasecmp(dot, ".tsv"))
			return CRM_FMT_TSV;
		if (dot && !strcasecmp(dot, ".json"))
			return CRM_FMT_JSON;
		return CRM_FMT_CSV;
	}
	if (o->bom)
		return CRM_FMT_CSV;
	return isatty(STDOUT_FILENO) ? CRM_FMT_TABLE : CRM_FMT_CSV;
}

/* Refuse output options that cannot work together, before anything is
** done: a workbook to a terminal, a byte-order mark outside csv and tsv. */
void
crm_output_check(const struct crm_opts *o)
{
	enum crm_format f = crm_output_format(o);

	if (f == CRM_FMT_XLSX && isatty(STDOUT_FILENO))
		crm_usage_error("--format xlsx writes a binary workbook, not for a"
		    " terminal: give --output FILE.xlsx, or redirect stdout");
	if (o->bom && f != CRM_FMT_CSV && f != CRM_FMT_TSV)
		crm_usage_error("--bom is for csv and tsv output");
}

/* --completion-helper: what the bash completion (share/bash-completion/crm)
** offers, taken from the program's own option table, so that the two
** cannot drift: one line per long option, "--db=" when it takes a value;
** "@values --format csv ..." for an option's fixed words; "@words ..."
** for the first argument (subcommands, config keys). */
static noreturn void
completion_helper(const struct crm_opts *o)
{
	const struct option *lo;
	bool format = false;
	int f;

	for (lo = o->longopts; lo && lo->name; lo++) {
		if (lo->val == CRM_OPT_COMPLETE)
			continue;
		printf("--%s%s\n", lo->name, lo->has_arg ? "=" : "");
		format |= lo->val == CRM_OPT_FORMAT;
	}
	if (format) {
		fputs("@values --format", stdout);
		for (f = CRM_FMT_CSV; f <= CRM_FMT_XLSX; f++)
			printf(" %s", format_names[f]);
		putchar('\n');
	}
	if (o->words)
		printf("@words %s\n", o->words);
	exit(CRM_EX_OK);
}

/* Handle one getopt_long result that is common to all programs.  Returns
** true when c was handled; --help and --version print and exit, an
** unknown option exits 64. */
bool
crm_opt_common(int c, const char *arg, struct crm_opts *o)
{
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
	case CRM_OPT_BOM:
		o->bom = true;
		return true;
	case 'o':
		output_open(arg, o);
		return true;
	case CRM_OPT_COMPLETE:
		completion_helper(o);
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

/* An importer's options and FILE argument (argc of them after the
** command: none is standard input, more than one a usage error). */
struct crm_import_opts
crm_import_args(int argc, char **argv, const char *encoding, const char *map,
    const char *rejects, bool all_or_nothing, bool dry_run)
{
	struct crm_import_opts io = {
		.path = argc ? argv[0] : "-", .encoding = encoding, .map = map,
		.rejects = rejects, .all_or_nothing = all_or_nothing, .dry_run = dry_run,
	};

	if (argc > 1)
		crm_usage_error("give one FILE (or - for standard input)");
	return io;
}

/* --on-duplicate skip (the default, also when v is NULL) or reject. */
enum crm_dup_policy
crm_dup_skip_or_reject(const char *v)
{
	if (!v || !strcmp(v, "skip"))
		return CRM_DUP_SKIP;
	if (strcmp(v, "reject"))
		crm_usage_error("--on-duplicate '%s' is not skip or reject", v);
	return CRM_DUP_REJECT;
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

/* A progress line on standard error, "crm-grade: 65,536 of 1,000,000
** customers graded (6%)", redrawn in place; what NULL clears it.  The
** caller shows it only on a terminal. */
void
crm_progress(const char *what, long long n, long long total)
{
	char a[32], b[32];

	if (!what) {
		fprintf(stderr, "\r\033[K");
	} else {
		crm_group_digits(a, sizeof a, n);
		if (total > 0) {
			crm_group_digits(b, sizeof b, total);
			fprintf(stderr, "\r%s: %s of %s %s (%d%%)", crm_progname, a, b, what,
			    (int)(n * 100 / total));
		} else {
			fprintf(stderr, "\r%s: %s %s", crm_progname, a, what);
		}
	}
	fflush(stderr);
}

/* The long name of option ch (from o->longopts), for messages. */
const char *
crm_opt_name(const struct crm_opts *o, int ch)
{
	const struct option *l;

	for (l = o->longopts; l && l->name; l++)
		if (l->val == ch)
			return l->name;
	return "?";
}

/* Keep the value of a command's option ch (one with a value, from
** CRM_OPT_LOCAL up); given twice is a usage error.  False when ch is
** not such an option. */
bool
crm_subopt_take(const struct crm_opts *o, struct crm_subopts *so, int ch, const char *arg)
{
	const struct option *l;

	if (ch < CRM_OPT_LOCAL || ch >= CRM_OPT_LOCAL + CRM_SUBOPTS_MAX)
		return false;
	for (l = o->longopts; l && l->name && l->val != ch; l++)
		;
	if (!l || !l->name || !l->has_arg)
		return false;
	if (CRM_SUBOPT(so, ch))
		crm_usage_error("--%s is given twice", l->name);
	CRM_SUBOPT(so, ch) = arg;
	return true;
}

/* Refuse an option given that does not go with command cmd: allowed
** lists the ones that do. */
void
crm_subopt_only(const struct crm_opts *o, const struct crm_subopts *so,
    const char *cmd, const int *allowed, size_t n)
{
	size_t k, i;

	for (k = 0; k < CRM_SUBOPTS_MAX; k++) {
		if (!so->v[k])
			continue;
		for (i = 0; i < n && allowed[i] != (int)k + CRM_OPT_LOCAL; i++)
			;
		if (i == n)
			crm_usage_error("--%s does not go with '%s'",
			    crm_opt_name(o, (int)k + CRM_OPT_LOCAL), cmd);
	}
}

/* The date option k of a command, or dflt when it is not given; one that
** is no date is a data error naming the option. */
struct crm_date
crm_subopt_date(const struct crm_opts *o, const struct crm_subopts *so, int k,
    struct crm_date dflt)
{
	const char *v = CRM_SUBOPT(so, k);
	struct crm_date d;
	int rc;

	if (!v)
		return dflt;
	if ((rc = crm_date_parse(v, &d)) < 0)
		crm_die(CRM_EX_DATAERR, "%s '%s' %s", crm_opt_name(o, k), v,
		    rc == -2 ? "is not a real day" : "is not a date (2026-03-05)");
	return d;
}
