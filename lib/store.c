/*
** store.c — the one file that talks to the database engine (SQLite):
** opening, creating and migrating the store, transactions, and the small
** statement interface of internal.h that every other lib/ file uses.
**
** The store is one SQLite file in WAL mode with foreign keys on and a busy
** timeout, so that two cron jobs writing at once wait for each other
** instead of failing.  It is created on the first write with mode 0600 in
** a 0700 directory; a read-only command never creates it.
**
** The pattern every concept file follows (say lib/visit.c, for a program
** cmd/crm-visit.c): the program parses options and calls functions named
** for what they answer; the concept file holds the SQL and reaches the
** engine only through this interface:
**
**	#include "internal.h"
**
**	// The visits of customer id, newest first, as rows for crm_out_rows().
**	crm_rows *
**	crm_visit_list(crm_store *s, int64_t id)
**	{
**		crm_stmt *st = crm_sql_prepare(s, "SELECT date, kind, note"
**		    " FROM visits WHERE customer_id = ? ORDER BY date DESC");
**
**		crm_bind_int(st, 1, id);
**		return crm_rows_new(s, st);        // owns st from now on
**	}
**
** and a single value is read with crm_sql_step() == CRM_ROW and
** crm_col_text()/crm_col_int().  A statement run once per row of an
** import comes from crm_sql_cached() (prepared once per store).  Writes
** happen between crm_store_begin() and crm_store_commit(), which the
** program calls; any failure other than a constraint is fatal (the
** message names the store, the exit code says busy, I/O or corrupt).
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "internal.h"

struct crm_store {
	sqlite3 *db;        /* the connection */
	char *path;         /* file name, owned */
	const char *actor;  /* who acts, for history and audit */
	int in_txn;         /* nonzero inside crm_store_begin/commit */
	struct {
		const char *sql;    /* a string literal: compared by address */
		sqlite3_stmt *st;
	} cache[48];            /* statements of crm_sql_cached() */
	int ncache;
};

/* A crm_stmt is a sqlite3_stmt: the cast is the whole binding. */
#define ST(p) ((sqlite3_stmt *)(p))

/* Where the store lives: --db, $CRM_DB, $XDG_DATA_HOME/crm/crm.db, or
** ~/.local/share/crm/crm.db.  A URI (postgresql://…) names a backend this
** build does not have: exit 69, rather than a file in a directory named
** "postgresql:".  Returns a new string. */
char *
crm_store_path(const char *opt)
{
	const char *e, *p;

	if (!(opt && *opt) && (e = getenv("CRM_DB")) && *e)
		opt = e;
	if (opt && *opt) {
		for (p = opt; *p && (isalnum((unsigned char)*p) || strchr("+.-", *p)); p++)
			;
		if (p > opt && !strncmp(p, "://", 3))
			crm_die(CRM_EX_UNAVAILABLE, "store '%s': this build of crm has "
			    "only the SQLite backend (give a file name)", opt);
		return crm_xstrdup(opt);
	}
	if ((e = getenv("XDG_DATA_HOME")) && *e)
		return crm_xasprintf("%s/crm/crm.db", e);
	if ((e = getenv("HOME")) && *e)
		return crm_xasprintf("%s/.local/share/crm/crm.db", e);
	crm_die(CRM_EX_USAGE, "cannot find the store: set CRM_DB or HOME, or use --db");
}

const char *
crm_store_file(const crm_store *s)
{
	return s->path;
}

const char *
crm_store_actor(const crm_store *s)
{
	return s->actor;
}

/* Create the directories above path that are missing, mode 0700. */
static void
make_parents(const char *path)
{
	char *dir = crm_xstrdup(path), *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			crm_die(CRM_EX_CANTCREAT, "cannot create directory '%s':", dir);
		*p = '/';
	}
	free(dir);
}

/* Print what went wrong with the last call on s and exit with the code
** that fits: 75 when the store stayed locked past the timeout. */
void
crm_store_fail(crm_store *s, const char *what)
{
	int rc = sqlite3_extended_errcode(s->db) & 0xff;
	const char *msg = sqlite3_errmsg(s->db);

	switch (rc) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		crm_die(CRM_EX_TEMPFAIL, "store '%s' is busy (another crm program "
		    "is writing); try again", s->path);
	case SQLITE_IOERR:
	case SQLITE_FULL:
		crm_die(CRM_EX_IOERR, "store '%s': %s: %s", s->path, what, msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		crm_die(CRM_EX_NOINPUT, "'%s' is not a crm store (%s)", s->path, msg);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		crm_die(CRM_EX_CANTCREAT, "store '%s': %s", s->path, msg);
	}
	crm_die(CRM_EX_SOFTWARE, "store '%s': %s: %s", s->path, what, msg);
}

const char *
crm_store_errmsg(crm_store *s)
{
	return sqlite3_errmsg(s->db);
}

void
crm_sql_exec(crm_store *s, const char *sql)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		crm_store_fail(s, sql);
}

/* Prepare a statement; the caller finalizes it. */
crm_stmt *
crm_sql_prepare(crm_store *s, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		crm_store_fail(s, "prepare");
	return (crm_stmt *)st;
}

/* crm_sql_prepare of sql with each "{}" in it replaced by the next of
** the strings after it (as many as there are): for the parts a query
** picks, such as CRM_SQL_KEY. */
crm_stmt *
crm_sql_preparef(crm_store *s, const char *sql, ...)
{
	struct crm_buf b = { 0 };
	const char *p, *q;
	crm_stmt *st;
	va_list ap;

	va_start(ap, sql);
	for (p = sql; (q = strstr(p, "{}")); p = q + 2) {
		crm_buf_add(&b, p, (size_t)(q - p));
		crm_buf_adds(&b, va_arg(ap, const char *));
	}
	crm_buf_adds(&b, p);
	va_end(ap);
	st = crm_sql_prepare(s, b.s);
	crm_buf_free(&b);
	return st;
}

/* A statement prepared once per store and kept until crm_store_close();
** sql must be a string literal (the cache compares addresses).  The
** statement comes back reset with no bindings; reset it after use. */
crm_stmt *
crm_sql_cached(crm_store *s, const char *sql)
{
	int i;

	for (i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return (crm_stmt *)s->cache[i].st;
		}
	if (s->ncache == (int)(sizeof s->cache / sizeof s->cache[0]))
		crm_die(CRM_EX_SOFTWARE, "statement cache full");
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = ST(crm_sql_prepare(s, sql));
	return (crm_stmt *)s->cache[s->ncache++].st;
}

/* Step a statement.  Returns CRM_ROW, CRM_DONE or CRM_CONSTRAINT (the
** statement is reset then, and crm_store_errmsg() says which); anything
** else is fatal. */
enum crm_step
crm_sql_step(crm_store *s, crm_stmt *st)
{
	int rc = sqlite3_step(ST(st));

	if (rc == SQLITE_ROW)
		return CRM_ROW;
	if (rc == SQLITE_DONE)
		return CRM_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(ST(st));
		return CRM_CONSTRAINT;
	}
	crm_store_fail(s, "step");
}

/* Reset a statement for its next run, clearing its bindings (so that a
** value bound by crm_bind_static() may be freed now). */
void
crm_sql_reset(crm_stmt *st)
{
	sqlite3_reset(ST(st));
	sqlite3_clear_bindings(ST(st));
}

void
crm_sql_finalize(crm_stmt *st)
{
	sqlite3_finalize(ST(st));
}

/* Bind text (copied) or NULL. */
void
crm_bind_text(crm_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(st), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), i);
}

/* Bind text or NULL without copying it: v must stay unchanged until the
** statement has been stepped and reset (the import's hot path). */
void
crm_bind_static(crm_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(st), i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ST(st), i);
}

void
crm_bind_int(crm_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(ST(st), i, v);
}

void
crm_bind_null(crm_stmt *st, int i)
{
	sqlite3_bind_null(ST(st), i);
}

/* Column i of the current row as text, NULL for SQL NULL; valid until
** the next step or reset. */
const char *
crm_col_text(crm_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(ST(st), i);
}

int64_t
crm_col_int(crm_stmt *st, int i)
{
	return sqlite3_column_int64(ST(st), i);
}

bool
crm_col_null(crm_stmt *st, int i)
{
	return sqlite3_column_type(ST(st), i) == SQLITE_NULL;
}

int
crm_col_count(crm_stmt *st)
{
	return sqlite3_column_count(ST(st));
}

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t
crm_sql_changes(crm_store *s)
{
	return sqlite3_changes64(s->db);
}

/* Whether a read transaction is open outside a write one (a statement
** stepped and not yet reset): a write started now fails at once, without
** the busy timeout, when another program has committed since. */
bool
crm_store_reading(crm_store *s)
{
	return sqlite3_txn_state(s->db, "main") == SQLITE_TXN_READ;
}

/* The id of the row the last INSERT added. */
int64_t
crm_sql_last_id(crm_store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

/* The expression that reads the member named by the bound path ? (from
** crm_sql_json_path()) of a JSON object column: a format taking the
** column's name. */
const char *
crm_sql_json_get(void)
{
	return "json_extract(%s, ?)";
}

/* The path that names member key for crm_sql_json_get().  A new string. */
char *
crm_sql_json_path(const char *key)
{
	return crm_xasprintf("$.\"%s\"", key);
}

/* The table of the members of a JSON object column, with columns key
** and value: a format taking the column's name. */
const char *
crm_sql_json_each(void)
{
	return "json_each(%s)";
}

/* The members of the JSON object text json, as rows key, value; with
** old, a third column: the value of the same key in the object old, NULL
** when it has none. */
crm_rows *
crm_store_json_members(crm_store *s, const char *json, const char *old)
{
	crm_stmt *st = crm_sql_prepare(s, old ?
	    "SELECT key, value, json_extract(?2, '$.\"' || key || '\"') FROM json_each(?1)" :
	    "SELECT key, value FROM json_each(?1)");

	crm_bind_text(st, 1, json ? json : "{}");
	if (old)
		crm_bind_text(st, 2, old);
	return crm_rows_new(s, st);
}

/* The JSON object text a with the members of b laid over it (RFC 7396).
** Returns a new string. */
char *
crm_store_json_merge(crm_store *s, const char *a, const char *b)
{
	sqlite3_stmt *st = ST(crm_sql_prepare(s, "SELECT json_patch(?1, ?2)"));
	char *merged = NULL;

	sqlite3_bind_text(st, 1, a ? a : "{}", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b ? b : "{}", -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		merged = crm_xstrdup((const char *)sqlite3_column_text(st, 0));
	else
		crm_store_fail(s, "json_patch");
	sqlite3_finalize(st);
	return merged;
}

/* The condition that column contains the bound text ?: a format taking
** the column. */
const char *
crm_sql_contains(void)
{
	return "instr(%s, ?) > 0";
}

/* Settings for the work at hand.  CRM_TUNE_BULK: many rows written (an
** import, coding every customer): a bigger page cache.  CRM_TUNE_ROWS:
** rows changed one by one in a store that keeps its indexes (an import
** into a big archive, crm-edit --csv): that cache, and statement journals
** in memory -- SQLite moves one that outgrows 64 KiB to a file for the
** rest of the transaction.  Set outside a transaction, and not for index
** builds: with temporary storage in memory their sort never spills.
** CRM_TUNE_INDEX: indexes built after a bulk load, in the transaction:
** the sort on two threads (a second core, 12% of a 1M import's time)
** with a smaller cache, so that memory stays under 64 MB.
** CRM_TUNE_NORMAL: the defaults. */
void
crm_store_tune(crm_store *s, enum crm_tune t)
{
	static const char *const sql[] = {
		[CRM_TUNE_NORMAL] = "PRAGMA cache_size = -2000; PRAGMA threads = 0;"
		    " PRAGMA temp_store = DEFAULT",
		[CRM_TUNE_BULK] = "PRAGMA cache_size = -16384; PRAGMA threads = 0",
		[CRM_TUNE_ROWS] = "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY",
		[CRM_TUNE_INDEX] = "PRAGMA cache_size = -8192; PRAGMA threads = 2",
	};

	crm_sql_exec(s, sql[t]);
}

/* Foreign keys off while a migration rebuilds a table (SQLite cannot
** change this inside a transaction), on for everything else. */
void
crm_store_foreign_keys(crm_store *s, bool on)
{
	crm_sql_exec(s, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

/* Inside a migration: die when it left a reference dangling. */
void
crm_store_foreign_key_check(crm_store *s)
{
	sqlite3_stmt *st = ST(crm_sql_prepare(s, "PRAGMA foreign_key_check"));

	if (sqlite3_step(st) == SQLITE_ROW)
		crm_die(CRM_EX_SOFTWARE, "store '%s': migration left table %s with a "
		    "dangling reference; nothing changed", s->path,
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The integer the one-row pragma sql answers; dies when it answers none. */
static int
pragma_int(crm_store *s, const char *sql)
{
	sqlite3_stmt *st = ST(crm_sql_prepare(s, sql));
	int v = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		crm_store_fail(s, sql);
	sqlite3_finalize(st);
	return v;
}

/* The schema version kept in the store (0 for a new one). */
int
crm_store_user_version(crm_store *s)
{
	return pragma_int(s, "PRAGMA user_version");
}

void
crm_store_set_user_version(crm_store *s, int v)
{
	char sql[48];

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	crm_sql_exec(s, sql);
}

/* ---- rows: a query's result read row by row (crm.h) ---- */

struct crm_rows {
	crm_store *s;
	sqlite3_stmt *st;   /* owned */
	int n;              /* columns */
};

/* Wrap a prepared, bound statement; the rows own it from now on. */
crm_rows *
crm_rows_new(crm_store *s, crm_stmt *st)
{
	crm_rows *r = crm_xcalloc(1, sizeof *r);

	r->s = s;
	r->st = ST(st);
	r->n = sqlite3_column_count(r->st);
	return r;
}

size_t
crm_rows_ncols(const crm_rows *r)
{
	return (size_t)r->n;
}

/* The name of column i as the query gives it. */
const char *
crm_rows_name(const crm_rows *r, size_t i)
{
	return sqlite3_column_name(r->st, (int)i);
}

/* The next row: vals[0..ncols) are its columns as text (NULL for SQL
** NULL), valid until the next call.  Returns false at the end. */
bool
crm_rows_next(crm_rows *r, const char **vals)
{
	int i;

	if (crm_sql_step(r->s, (crm_stmt *)r->st) != CRM_ROW)
		return false;
	for (i = 0; i < r->n; i++)
		vals[i] = (const char *)sqlite3_column_text(r->st, i);
	return true;
}

void
crm_rows_close(crm_rows *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	free(r);
}

/* ---- transactions ---- */

/* Start a write transaction.  IMMEDIATE takes the write lock now, so a
** second writer waits on the busy timeout here rather than failing later
** in the middle of its work. */
void
crm_store_begin(crm_store *s)
{
	crm_sql_exec(s, "BEGIN IMMEDIATE");
	s->in_txn = 1;
}

void
crm_store_commit(crm_store *s)
{
	crm_sql_exec(s, "COMMIT");
	s->in_txn = 0;
}

void
crm_store_rollback(crm_store *s)
{
	if (s->in_txn)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_txn = 0;
}

/* After an erase has committed: write every page into the main file and
** truncate the WAL, so that no old page image survives.  Dies with 75
** when another program's open read keeps the WAL in use. */
void
crm_store_scrub(crm_store *s)
{
	/* the first column is 1 when the checkpoint could not finish */
	if (pragma_int(s, "PRAGMA wal_checkpoint(TRUNCATE)"))
		crm_die(CRM_EX_TEMPFAIL, "erased, but another program is reading the "
		    "store, so old copies remain in '%s-wal'; run crm-rm --erase "
		    "again when it is done", s->path);
}

/* ---- opening ---- */

static int
busy_timeout_ms(void)
{
	const char *e = getenv("CRM_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!e || !*e)
		return 5000;
	v = strtol(e, &end, 10);
	if (*end || v < 0 || v > 86400000)
		crm_usage_error("CRM_BUSY_TIMEOUT '%s' is not a number of milliseconds", e);
	return (int)v;
}

/* Connect s to file (or ":memory:") with the settings every run uses.
** NOMUTEX: a connection is used by one thread only, so every call need
** not take a lock (a few per cent of an import). */
static void
connect(crm_store *s, const char *file, int flags)
{
	static bool configured;

	/* before SQLite's first use: no allocation statistics (nobody reads
	** them), so that an allocation takes no global lock (2% of an
	** import's instructions) */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = true;
	}
	if (sqlite3_open_v2(file, &s->db, flags, NULL) != SQLITE_OK)
		crm_store_fail(s, "open");
	sqlite3_busy_timeout(s->db, busy_timeout_ms());
	sqlite3_extended_result_codes(s->db, 1);
	/* secure_delete: personal data overwritten by an edit or an erase
	** must not survive in free pages of the file (客户隐私保护) */
	crm_sql_exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
	    " PRAGMA secure_delete=ON");
}

/* journal_mode=WAL is persistent; only switch when needed, since
** switching takes a lock that the busy handler does not wait for. */
static void
use_wal(crm_store *s)
{
	sqlite3_stmt *st = ST(crm_sql_prepare(s, "PRAGMA journal_mode"));
	int wal;

	if (sqlite3_step(st) != SQLITE_ROW)
		crm_store_fail(s, "journal_mode");
	wal = !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	if (!wal)
		crm_sql_exec(s, "PRAGMA journal_mode=WAL");
}

/* Create the store at s->path, whole: under a private temporary name in
** the same directory, switched to WAL and migrated there, then moved into
** place only if no other program got there first (link and rename with
** RENAME_NOREPLACE are atomic).  So two programs starting together on a
** missing store never see a half-made one, and neither fails: the loser
** discards its copy and opens the winner's. */
static void
create_whole(crm_store *s)
{
	char *tmp = crm_xasprintf("%s.new%ld", s->path, (long)getpid());
	char *side;
	int fd, rc;

	make_parents(s->path);
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		crm_die(CRM_EX_CANTCREAT, "cannot create store '%s':", s->path);
	close(fd);
	connect(s, tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
	use_wal(s);
	crm_schema_migrate(s);
	if (sqlite3_close(s->db) != SQLITE_OK)
		crm_store_fail(s, "close");
	s->db = NULL;
	rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, s->path, RENAME_NOREPLACE);
	if (rc < 0 && errno != EEXIST) {
		/* a file system without RENAME_NOREPLACE: link is as atomic */
		rc = link(tmp, s->path);
		if (rc < 0 && errno != EEXIST)
			crm_die(CRM_EX_CANTCREAT, "cannot create store '%s':", s->path);
	}
	unlink(tmp);
	side = crm_xasprintf("%s-wal", tmp);
	unlink(side);
	free(side);
	side = crm_xasprintf("%s-shm", tmp);
	unlink(side);
	free(side);
	free(tmp);
}

/* Open the store.  CRM_STORE_READ never creates it: a missing store exits
** 66.  CRM_STORE_WRITE creates it (0600, parents 0700).  CRM_STORE_DRY is
** for a run that will roll back: the store if it exists, else an empty
** one in memory, so that a dry run never leaves a file behind.  Either
** way the schema is brought up to date.  Returns a store the caller
** closes. */
crm_store *
crm_store_open(const struct crm_opts *o, enum crm_store_mode mode)
{
	crm_store *s;
	struct stat sb;

	/* an impossible output is refused before anything is written */
	if (o)
		crm_output_check(o);
	s = crm_xcalloc(1, sizeof *s);
	s->path = crm_store_path(o ? o->db : NULL);
	s->actor = crm_actor(o);
	if (stat(s->path, &sb) < 0) {
		if (errno != ENOENT)
			crm_die(CRM_EX_NOINPUT, "cannot open store '%s':", s->path);
		if (mode == CRM_STORE_READ)
			crm_die(CRM_EX_NOINPUT, "no store at '%s' (add customers "
			    "first, or set CRM_DB or --db)", s->path);
		if (mode == CRM_STORE_DRY) {
			connect(s, ":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY |
			    SQLITE_OPEN_NOMUTEX);
			crm_schema_migrate(s);
			return s;
		}
		create_whole(s);
	} else if (S_ISDIR(sb.st_mode)) {
		crm_die(CRM_EX_NOINPUT, "store '%s' is a directory", s->path);
	}
	connect(s, s->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
	use_wal(s);
	crm_schema_migrate(s);
	return s;
}

void
crm_store_close(crm_store *s)
{
	if (!s)
		return;
	crm_store_rollback(s);
	while (s->ncache > 0)
		sqlite3_finalize(s->cache[--s->ncache].st);
	if (sqlite3_close(s->db) != SQLITE_OK)
		crm_warn("store '%s': close: %s", s->path, sqlite3_errmsg(s->db));
	free(s->path);
	free(s);
}

/* The current local time as "YYYY-MM-DD HH:MM:SS"; with $CRM_TODAY set,
** its date with the clock's time of day.  Returns a new string. */
char *
crm_now(void)
{
	struct crm_date d = crm_today();
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return crm_xasprintf("%04d-%02d-%02d %02d:%02d:%02d", d.y, d.m, d.d,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}
