/*
** report.c — the report framework of crm-report (SPEC 3.5): a report is
** a name, the seed form it reproduces, the --by groupings it takes, its
** columns and a function that runs its query.  The query lives with the
** concept it reads (visit.c for visits, ledger.c for sales, ...); this
** file only lists the reports, so that a new one is one entry here:
**
**	{ "visits", "客户拜访统计", visits_by, crm_visit_report_cols,
**	  CRM_VISIT_REPORT_NCOLS, crm_visit_report },
**
** Every report takes the period (default the current calendar year),
** the as-of date and the customer filters (--owner, --region, --grade)
** in struct crm_report_args, and prints a CSV table that ends, where it
** has one, with a total row.
*/
#include <string.h>

#include "internal.h"

static const char *const visits_by[] = {
	"visitor", "role", "channel", "outcome", "owner", NULL
};

static const struct crm_report reports[] = {
	{ "visits", "visits per visitor, role, channel, outcome or owner (3.4)",
	  visits_by, crm_visit_report_cols, CRM_VISIT_REPORT_NCOLS, crm_visit_report },
};

const struct crm_report *
crm_reports(size_t *n)
{
	*n = sizeof reports / sizeof reports[0];
	return reports;
}

/* The report named name, or NULL. */
const struct crm_report *
crm_report_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof reports / sizeof reports[0]; i++)
		if (!strcmp(reports[i].name, name))
			return &reports[i];
	return NULL;
}

/* The customer filters of a report as SQL over customers c, ANDed: a
** fragment for a WHERE clause and its values, bound from index at. */
void
crm_report_filter_sql(const struct crm_report_args *a, struct crm_buf *sql)
{
	crm_buf_adds(sql, " AND (?10 IS NULL OR c.owner = ?10)"
	    " AND (?11 IS NULL OR c.region >= ?11) AND (?12 IS NULL OR c.region < ?12)"
	    " AND (?13 IS NULL OR c.grade = ?13)");
	(void)a;
}

/* Bind the values of crm_report_filter_sql (?10..?13). */
void
crm_report_filter_bind(crm_stmt *st, const struct crm_report_args *a)
{
	char next[8];
	size_t n;

	crm_bind_text(st, 10, a->owner);
	if (a->region && (n = strlen(a->region)) > 0 && n < sizeof next) {
		/* the codes from the prefix up to the next one */
		memcpy(next, a->region, n + 1);
		next[n - 1]++;
		crm_bind_text(st, 11, a->region);
		crm_bind_text(st, 12, next);
	} else {
		crm_bind_null(st, 11);
		crm_bind_null(st, 12);
	}
	crm_bind_text(st, 13, a->grade);
}
