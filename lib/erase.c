/*
** erase.c — removing customers from the archive: the soft delete that
** keeps the record (删除必须写明原因), and the erasure of personal data on
** a privacy request, which must leave nothing recoverable in the file.
**
** Erasure overwrites the personal fields and the history values that
** held them; the store runs with secure_delete on (store.c), so freed
** cells and index entries are zeroed; then a TRUNCATE checkpoint copies the new pages into the main
** file and empties the WAL, where old page images would otherwise stay.
*/
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* Mark customer id deleted with reason.  Returns 0, or -1 with err set
** when it already is. */
int
crm_customer_delete(crm_store *s, int64_t id, const char *reason, struct crm_buf *err)
{
	sqlite3_stmt *st;
	char *now = crm_now(), *old = NULL;
	int rc = 0;

	st = crm_sql_prepare(s, "SELECT status FROM customers WHERE id = ?");
	sqlite3_bind_int64(st, 1, id);
	if (crm_sql_step(s, st) == SQLITE_ROW)
		old = crm_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!old || !strcmp(old, "deleted")) {
		crm_buf_printf(err, "customer %lld is %s", (long long)id,
		    old ? "already deleted" : "not in the archive");
		free(old);
		free(now);
		return -1;
	}
	st = crm_sql_prepare(s, "UPDATE customers SET status = 'deleted',"
	    " deleted_at = ?1, deleted_by = ?2, deleted_reason = ?3, updated_at = ?1"
	    " WHERE id = ?4");
	crm_bind_text(st, 1, now);
	crm_bind_text(st, 2, s->actor);
	crm_bind_text(st, 3, reason);
	sqlite3_bind_int64(st, 4, id);
	if (crm_sql_step(s, st) != SQLITE_DONE)
		crm_store_fail(s, "delete");
	sqlite3_finalize(st);
	crm_history(s, id, "status", old, "deleted");
	free(old);
	free(now);
	return rc;
}

/* Overwrite the personal data of customer id (name, phones, e-mail,
** address, birthday, notes, custom fields, and those values in its
** history).  The code, region, owner and sales stay for statistics.
** Runs inside the caller's transaction; crm_store_scrub() after commit. */
void
crm_customer_erase(crm_store *s, int64_t id)
{
	sqlite3_stmt *st;

	st = crm_sql_prepare(s, "UPDATE customers SET name = '(erased)',"
	    " gender = NULL, birthday = NULL, mobile = NULL, phone = NULL,"
	    " email = NULL, address = NULL, notes = NULL, custom = NULL,"
	    " missing = 'erased' WHERE id = ?");
	sqlite3_bind_int64(st, 1, id);
	if (crm_sql_step(s, st) != SQLITE_DONE)
		crm_store_fail(s, "erase");
	sqlite3_finalize(st);
	/* history values may hold any personal datum; keep only who changed
	** which field when, and the non-personal fields' values */
	st = crm_sql_prepare(s, "UPDATE customer_history SET old_value = NULL,"
	    " new_value = NULL WHERE customer_id = ? AND field NOT IN"
	    " ('status', 'grade', 'owner', 'region', 'industry', 'source', 'kind', 'code')");
	sqlite3_bind_int64(st, 1, id);
	if (crm_sql_step(s, st) != SQLITE_DONE)
		crm_store_fail(s, "erase history");
	sqlite3_finalize(st);
	crm_history(s, id, "erased", NULL, NULL);
}

/* After an erase has committed: write every page into the main file and
** truncate the WAL, so that no old page image survives.  Dies with 75
** when another program's open read keeps the WAL in use. */
void
crm_store_scrub(crm_store *s)
{
	sqlite3_stmt *st = crm_sql_prepare(s, "PRAGMA wal_checkpoint(TRUNCATE)");
	int busy = 1;

	if (crm_sql_step(s, st) == SQLITE_ROW)
		busy = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (busy)
		crm_die(CRM_EX_TEMPFAIL, "erased, but another program is reading the "
		    "store, so old copies remain in '%s-wal'; run crm-rm --erase "
		    "again when it is done", s->path);
}
