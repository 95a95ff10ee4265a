/*
** audit.c — the audit log (who exported or changed what, when, how many
** rows) and the per-field change history of customers.
**
** Neither holds more personal data than the change itself: the audit log
** names the command and counts rows; history keeps old and new values so
** that crm-show --history can answer "who changed this", and crm-rm
** --erase wipes those values with the customer.
*/
#include <stdlib.h>

#include "internal.h"

/* Append one row to audit_log, inside the caller's transaction if any. */
void
crm_audit(crm_store *s, const char *action, long long rows, const char *detail)
{
	crm_stmt *st = crm_sql_prepare(s, "INSERT INTO audit_log"
	    "(at, actor, command, action, rows, detail) VALUES (?,?,?,?,?,?)");
	char *now = crm_now();

	crm_bind_text(st, 1, now);
	crm_bind_text(st, 2, crm_store_actor(s));
	crm_bind_text(st, 3, crm_progname);
	crm_bind_text(st, 4, action);
	crm_bind_int(st, 5, rows);
	crm_bind_text(st, 6, detail);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "audit log");
	crm_sql_finalize(st);
	free(now);
}

/* Print rows r (columns cols) to standard output in the format o asks
** for and log the export with what, its command; with -q print nothing
** and log nothing.  Takes r. */
void
crm_export(crm_store *s, const struct crm_opts *o, const struct crm_col *cols, size_t n,
    crm_rows *r, const char *what)
{
	crm_out *w;

	if (o->quiet) {
		crm_rows_close(r);
		return;
	}
	w = crm_out_open(stdout, o, cols, n);
	crm_audit(s, "export", crm_out_rows(w, r), what);
	crm_out_close(w);
}

/* Record that field of customer_id changed from old_value to new_value. */
void
crm_history(crm_store *s, int64_t customer_id, const char *field,
    const char *old_value, const char *new_value)
{
	crm_stmt *st = crm_sql_cached(s, "INSERT INTO customer_history"
	    "(customer_id, at, actor, command, field, old_value, new_value)"
	    " VALUES (?,?,?,?,?,?,?)");
	char *now = crm_now();

	crm_bind_int(st, 1, customer_id);
	crm_bind_text(st, 2, now);
	crm_bind_text(st, 3, crm_store_actor(s));
	crm_bind_text(st, 4, crm_progname);
	crm_bind_text(st, 5, field);
	crm_bind_text(st, 6, old_value);
	crm_bind_text(st, 7, new_value);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "history");
	crm_sql_reset(st);
	free(now);
}
