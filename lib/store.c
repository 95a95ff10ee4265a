/*
** store.c — opening, creating and migrating the SQLite store, and the
** transaction and statement helpers every program uses.
**
** The store is one SQLite file in WAL mode with foreign keys on and a busy
** timeout, so that two cron jobs writing at once wait for each other
** instead of failing.  It is created on the first write with mode 0600 in
** a 0700 directory; a read-only command never creates it.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crm.h"

/* Where the store lives: --db, $CRM_DB, $XDG_DATA_HOME/crm/crm.db, or
** ~/.local/share/crm/crm.db.  Returns a new string. */
char *
crm_store_path(const char *opt)
{
	const char *e;

	if (opt && *opt)
		return crm_xstrdup(opt);
	if ((e = getenv("CRM_DB")) && *e)
		return crm_xstrdup(e);
	if ((e = getenv("XDG_DATA_HOME")) && *e)
		return crm_xasprintf("%s/crm/crm.db", e);
	if ((e = getenv("HOME")) && *e)
		return crm_xasprintf("%s/.local/share/crm/crm.db", e);
	crm_die(CRM_EX_USAGE, "cannot find the store: set CRM_DB or HOME, or use --db");
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

void
crm_sql_exec(crm_store *s, const char *sql)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		crm_store_fail(s, sql);
}

/* Prepare a statement; the caller finalizes it. */
sqlite3_stmt *
crm_sql_prepare(crm_store *s, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		crm_store_fail(s, "prepare");
	return st;
}

/* A statement prepared once per store and kept until crm_store_close();
** sql must be a string literal (the cache compares addresses).  The
** statement comes back reset with no bindings; reset it after use. */
sqlite3_stmt *
crm_sql_cached(crm_store *s, const char *sql)
{
	int i;

	for (i = 0; i < s->ncache; i++)
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	if (s->ncache == (int)(sizeof s->cache / sizeof s->cache[0]))
		crm_die(CRM_EX_SOFTWARE, "statement cache full");
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = crm_sql_prepare(s, sql);
	return s->cache[s->ncache++].st;
}

/* Step a statement.  Returns SQLITE_ROW, SQLITE_DONE or SQLITE_CONSTRAINT
** (the statement is reset then, and the message is in sqlite3_errmsg);
** anything else is fatal. */
int
crm_sql_step(crm_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(st);
		return SQLITE_CONSTRAINT;
	}
	crm_store_fail(s, "step");
}

/* Bind text or NULL. */
void
crm_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

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

/* Open the store.  CRM_STORE_READ never creates it: a missing store exits
** 66.  CRM_STORE_WRITE creates it (0600, parents 0700).  Either way the
** schema is brought up to date.  Returns a store the caller closes. */
crm_store *
crm_store_open(const struct crm_opts *o, enum crm_store_mode mode)
{
	crm_store *s = crm_xcalloc(1, sizeof *s);
	struct stat sb;
	sqlite3_stmt *st;
	int fd;

	s->path = crm_store_path(o ? o->db : NULL);
	s->actor = crm_actor(o);
	if (stat(s->path, &sb) < 0) {
		if (errno != ENOENT)
			crm_die(CRM_EX_NOINPUT, "cannot open store '%s':", s->path);
		if (mode == CRM_STORE_READ)
			crm_die(CRM_EX_NOINPUT, "no store at '%s' (add customers "
			    "first, or set CRM_DB or --db)", s->path);
		make_parents(s->path);
		fd = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			crm_die(CRM_EX_CANTCREAT, "cannot create store '%s':", s->path);
		if (fd >= 0)
			close(fd);
	} else if (S_ISDIR(sb.st_mode)) {
		crm_die(CRM_EX_NOINPUT, "store '%s' is a directory", s->path);
	}
	if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		crm_store_fail(s, "open");
	sqlite3_busy_timeout(s->db, busy_timeout_ms());
	sqlite3_extended_result_codes(s->db, 1);

	/* journal_mode=WAL is persistent; only switch when needed, since
	** switching takes a lock. */
	st = crm_sql_prepare(s, "PRAGMA journal_mode");
	if (crm_sql_step(s, st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
		sqlite3_finalize(st);
		crm_sql_exec(s, "PRAGMA journal_mode=WAL");
	} else {
		sqlite3_finalize(st);
	}
	/* secure_delete: personal data overwritten by an edit or an erase
	** must not survive in free pages of the file (客户隐私保护) */
	crm_sql_exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
	    " PRAGMA secure_delete=ON");
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
