/*
** internal.h — libcrm's private interface: the statement layer of
** store.c, which every other lib/ file uses to reach the database and
** which no program in cmd/ may include.
**
** The handles are opaque so that the engine can change behind them:
** store.c is the one file that calls SQLite, and a PostgreSQL backend
** would be one more file implementing these same functions.  SQL text
** written against this layer uses ? placeholders (numbered ?1 where a
** value is used twice) and standard SQL wherever that costs nothing;
** the few engine-specific pieces are functions here (crm_sql_json_get,
** crm_store_tune, crm_store_user_version).
*/
#ifndef CRM_INTERNAL_H
#define CRM_INTERNAL_H

#include "crm.h"

/* What crm_sql_step() returns. */
enum crm_step {
	CRM_ROW = 1,         /* a row is ready: read it with crm_col_*() */
	CRM_DONE,            /* the statement has finished */
	CRM_CONSTRAINT       /* a constraint failed; the statement is reset and
	                     ** crm_store_errmsg() says which */
};

typedef struct crm_stmt crm_stmt;

crm_stmt *crm_sql_prepare(crm_store *s, const char *sql);
crm_stmt *crm_sql_cached(crm_store *s, const char *sql);
crm_stmt *crm_sql_preparef(crm_store *s, const char *sql, ...);
/* An optional key as a filter an index serves: "col = ?n" when it is
** given, else "?n = 0" (a test per row, "?n = 0 OR col = ?n", would
** make every such query a scan), for a "{}" of crm_sql_preparef. */
#define CRM_SQL_KEY(given, col, n) ((given) ? col " = " n : n " = 0")
enum crm_step crm_sql_step(crm_store *s, crm_stmt *st);
void crm_sql_reset(crm_stmt *st);
void crm_sql_finalize(crm_stmt *st);
void crm_sql_exec(crm_store *s, const char *sql);
void crm_bind_text(crm_stmt *st, int i, const char *v);
void crm_bind_static(crm_stmt *st, int i, const char *v);
void crm_bind_int(crm_stmt *st, int i, int64_t v);
void crm_bind_null(crm_stmt *st, int i);
const char *crm_col_text(crm_stmt *st, int i);
int64_t crm_col_int(crm_stmt *st, int i);
bool crm_col_null(crm_stmt *st, int i);
int crm_col_count(crm_stmt *st);
int64_t crm_sql_changes(crm_store *s);
int64_t crm_sql_last_id(crm_store *s);
bool crm_store_reading(crm_store *s);
const char *crm_store_errmsg(crm_store *s);
crm_rows *crm_rows_new(crm_store *s, crm_stmt *st);

/* Fen as text with two decimals ("-1234.50"), in SQL, exact; and a
** ratio num/den (den > 0) rounded half up to 4 decimals ("0.1250").
** Standard SQL, so PostgreSQL runs them too. */
#define CRM_SQL_MONEY(c) "CASE WHEN " c " IS NULL THEN NULL ELSE" \
	" CASE WHEN " c " < 0 THEN '-' ELSE '' END || (abs(" c ") / 100) || '.' ||" \
	" CASE WHEN abs(" c ") % 100 < 10 THEN '0' ELSE '' END || (abs(" c ") % 100) END"
#define CRM_SQL_BP(num, den) "((2 * abs(" num ") * 10000 + (" den ")) / (2 * (" den ")))"
#define CRM_SQL_RATIO4(num, den) "CASE WHEN (" den ") IS NULL OR (" den ") <= 0" \
	" THEN NULL ELSE CASE WHEN (" num ") < 0 THEN '-' ELSE '' END ||" \
	" (" CRM_SQL_BP(num, den) " / 10000) || '.' || CASE" \
	" WHEN " CRM_SQL_BP(num, den) " % 10000 < 10 THEN '000'" \
	" WHEN " CRM_SQL_BP(num, den) " % 10000 < 100 THEN '00'" \
	" WHEN " CRM_SQL_BP(num, den) " % 10000 < 1000 THEN '0' ELSE '' END ||" \
	" (" CRM_SQL_BP(num, den) " % 10000) END"

/* Engine-specific pieces, kept here so that SQL elsewhere travels. */
/* After a table name: read the table itself, not an index that lacks
** the columns asked for (a scan in index order then reads the table row
** by row at random); PostgreSQL's planner needs no hint: "". */
#define CRM_SQL_SCAN " NOT INDEXED"
/* After a table name: read it through index ix, where SQLite, without
** statistics, would take one that matches more terms but is read at
** random (PostgreSQL's planner has statistics: ""). */
#define CRM_SQL_INDEXED(ix) " INDEXED BY " ix
/* The days from date b to date a (YYYY-MM-DD text): SQLite's form;
** PostgreSQL's is (a)::date - (b)::date. */
#define CRM_SQL_DAYS(a, b) "CAST(julianday(" a ") - julianday(" b ") AS INTEGER)"
const char *crm_sql_json_get(void);
char *crm_sql_json_path(const char *key);
const char *crm_sql_json_each(void);
const char *crm_sql_contains(void);
crm_rows *crm_store_json_members(crm_store *s, const char *json, const char *old);
char *crm_store_json_merge(crm_store *s, const char *a, const char *b);
enum crm_tune { CRM_TUNE_NORMAL, CRM_TUNE_BULK, CRM_TUNE_ROWS, CRM_TUNE_INDEX };
void crm_store_tune(crm_store *s, enum crm_tune t);
int crm_store_user_version(crm_store *s);
void crm_store_set_user_version(crm_store *s, int v);
void crm_store_foreign_keys(crm_store *s, bool on);
void crm_store_foreign_key_check(crm_store *s);

/* report.c: the customer filters every report takes (?10..?13) */
void crm_report_filter_sql(const struct crm_report_args *a, struct crm_buf *sql);
void crm_report_filter_bind(crm_stmt *st, const struct crm_report_args *a);

/* ledger.c: an amount per customer or grade and period (targets, budgets) */
void crm_period_amount_set(crm_store *s, const char *table, int64_t customer_id,
    const char *grade, const char *period, const char *from, const char *to,
    int64_t amount);

/* credit.c: the aging as a temporary table credit_aged, for reports */
void crm_credit_aged_table(crm_store *s, struct crm_date as_of,
    const struct crm_report_args *filter);

/* schema.c, called by store.c */
int crm_schema_migrate(crm_store *s);
void crm_schema_serial_trigger(crm_store *s, bool create);
enum crm_bulk_table { CRM_BULK_CUSTOMERS, CRM_BULK_VISITS };
void crm_schema_bulk_indexes(crm_store *s, enum crm_bulk_table table, bool create);

/* visit.c, for crm-visit import */
long long crm_visit_count_upto(crm_store *s, long long limit);

/* The sales targets that apply (ledger.c owns them): a customer's own,
** else its grade's for a period it has none of its own for, each row
** customer_id and cols (of sales_targets g: ", g.amount"), where own
** and graded (conditions on g and the customer c) hold. */
#define CRM_SQL_TARGETS(cols, own, graded) \
	"SELECT c.id AS customer_id" cols " FROM sales_targets g" \
	" JOIN customers c ON c.id = g.customer_id WHERE " own \
	" UNION ALL SELECT c.id" cols " FROM sales_targets g" \
	" JOIN customers c ON c.grade = g.grade WHERE g.grade IS NOT NULL AND " graded \
	" AND NOT EXISTS (SELECT 1 FROM sales_targets o WHERE o.customer_id = c.id" \
	" AND o.start_date = g.start_date AND o.end_date = g.end_date)"

/* ledger.c, for crm-sale import */
bool crm_sale_customer_has_refs(crm_store *s, int64_t id);
/* An import's rows, written many to a statement (in its transaction);
** flush before reading the ledger other than through crm_sale_record. */
struct crm_sale_batch *crm_sale_batch_new(crm_store *s);
void crm_sale_batch_flush(struct crm_sale_batch *b);
void crm_sale_batch_free(struct crm_sale_batch *b);

/* An importer's customer references, resolved as crm_customer_resolve
** does, fast for a large input (customer.c). */
struct crm_resolver;
struct crm_resolver *crm_resolver_new(crm_store *s, long long rows);
int64_t crm_resolver_find(struct crm_resolver *r, const char *ref, const char **why,
    bool *changed);
char *crm_resolver_owner(struct crm_resolver *r, int64_t id);
void crm_resolver_free(struct crm_resolver *r);
char *crm_customer_owner(crm_store *s, int64_t id);

#endif
