/*
** event.c — major events of a customer (客户重大变故, seed 001): theft,
** an accident, a split, illness, bankruptcy; crm-alert warns of those of
** the last alert.event_days days.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const kinds[] = {
	"theft", "accident", "split", "illness", "bankruptcy", "other", NULL
};

/* s as an event kind (or its Chinese name), or NULL. */
const char *
crm_event_kind(const char *s)
{
	static const char *const zh[] = {
		"被盗", "事故", "分立", "疾病", "破产", "其他", NULL
	};
	int i;

	for (i = 0; kinds[i]; i++)
		if (!strcmp(s, kinds[i]) || !strcmp(s, zh[i]))
			return kinds[i];
	return NULL;
}

const struct crm_col crm_event_cols[CRM_EVENT_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "date", CRM_COL_DATE }, { "kind", CRM_COL_TEXT },
	{ "note", CRM_COL_TEXT },
};

/* Record an event (inside the caller's transaction); returns its id. */
int64_t
crm_event_add(crm_store *s, int64_t customer, const char *date, const char *kind,
    const char *note)
{
	crm_stmt *st = crm_sql_prepare(s, "INSERT INTO events(customer_id, date, kind, note,"
	    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)");
	char *now = crm_now();
	int64_t id;

	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, date);
	crm_bind_text(st, 3, kind);
	crm_bind_text(st, 4, note);
	crm_bind_text(st, 5, now);
	crm_bind_text(st, 6, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "event");
	crm_sql_finalize(st);
	id = crm_sql_last_id(s);
	free(now);
	return id;
}

/* The events of customer (0: all) since day (NULL: all), or event id
** (id > 0), newest first. */
crm_rows *
crm_event_list(crm_store *s, int64_t customer, const char *since, int64_t id)
{
	crm_stmt *st = crm_sql_preparef(s, "SELECT e.id, e.customer_id, c.code, c.name,"
	    " e.date, e.kind, e.note FROM events e JOIN customers c ON c.id = e.customer_id"
	    " WHERE {} AND (?2 IS NULL OR e.date >= ?2)"
	    " AND {} ORDER BY e.date DESC, e.id DESC",
	    CRM_SQL_KEY(customer, "e.customer_id", "?1"), CRM_SQL_KEY(id, "e.id", "?3"));

	crm_output_personal();
	crm_bind_int(st, 1, customer);
	crm_bind_text(st, 2, since);
	crm_bind_int(st, 3, id);
	return crm_rows_new(s, st);
}

/* The last n events of customer id, newest first. */
crm_rows *
crm_event_recent(crm_store *s, int64_t id, int n)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT e.id, e.customer_id, c.code, c.name,"
	    " e.date, e.kind, e.note FROM events e JOIN customers c ON c.id = e.customer_id"
	    " WHERE e.customer_id = ? ORDER BY e.date DESC, e.id DESC LIMIT ?");

	crm_bind_int(st, 1, id);
	crm_bind_int(st, 2, n);
	return crm_rows_new(s, st);
}
