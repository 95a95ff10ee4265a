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

#include "internal.h"

/* Mark customer id deleted with reason.  Returns 0, or -1 with err set
** when it already is. */
int
crm_customer_delete(crm_store *s, int64_t id, const char *reason, struct crm_buf *err)
{
	crm_stmt *st;
	char *now = crm_now(), *old = NULL;
	int rc = 0;

	st = crm_sql_prepare(s, "SELECT status FROM customers WHERE id = ?");
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) == CRM_ROW)
		old = crm_xstrdup(crm_col_text(st, 0));
	crm_sql_finalize(st);
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
	crm_bind_text(st, 2, crm_store_actor(s));
	crm_bind_text(st, 3, reason);
	crm_bind_int(st, 4, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "delete");
	crm_sql_finalize(st);
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
	crm_stmt *st;

	st = crm_sql_prepare(s, "UPDATE customers SET name = '(erased)',"
	    " gender = NULL, birthday = NULL, mobile = NULL, phone = NULL,"
	    " email = NULL, address = NULL, notes = NULL, custom = NULL,"
	    " missing = 'erased' WHERE id = ?");
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "erase");
	crm_sql_finalize(st);
	/* history values may hold any personal datum; keep only who changed
	** which field when, and the non-personal fields' values */
	st = crm_sql_prepare(s, "UPDATE customer_history SET old_value = NULL,"
	    " new_value = NULL WHERE customer_id = ? AND field NOT IN"
	    " ('status', 'grade', 'owner', 'region', 'industry', 'source', 'kind', 'code')");
	crm_bind_int(st, 1, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "erase history");
	crm_sql_finalize(st);
	crm_history(s, id, "erased", NULL, NULL);
}
