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

/* Append one row to audit_log, inside the caller's transaction if any;
** returns its id. */
static int64_t
audit_row(crm_store *s, const char *action, long long rows, const char *detail)
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
	return crm_sql_last_id(s);
}

void
crm_audit(crm_store *s, const char *action, long long rows, const char *detail)
{
	audit_row(s, action, rows, detail);
}

/* An export of personal data is logged before its first row is printed,
** with rows -1, and crm_audit_count() puts in the count after the last:
** an export cut short (a reader that stops, as head(1) does, or a signal)
** is still in the log.  Returns the row's id.  Call it before the export's
** query runs: outside a transaction the row is committed at once. */
int64_t
crm_audit_export(crm_store *s, const char *action, const char *detail)
{
	if (crm_store_reading(s))
		crm_die(CRM_EX_SOFTWARE, "internal error: export '%s' logged after its"
		    " query started", detail);
	return audit_row(s, action, -1, detail);
}

void
crm_audit_count(crm_store *s, int64_t id, long long rows)
{
	crm_stmt *st = crm_sql_prepare(s, "UPDATE audit_log SET rows = ? WHERE id = ?");

	crm_bind_int(st, 1, rows);
	crm_bind_int(st, 2, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "audit log");
	crm_sql_finalize(st);
}

/* Print every row of r to w, logged as an export (crm_audit_export()
** before the first row, the count after the last); returns the rows. */
long long
crm_export_rows(crm_store *s, crm_out *w, crm_rows *r, const char *what)
{
	int64_t id = crm_audit_export(s, "export", what);
	long long n = crm_out_rows(w, r);

	crm_audit_count(s, id, n);
	return n;
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
	crm_export_rows(s, w, r, what);
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
