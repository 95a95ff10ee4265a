/*
** report.c — the report framework of crm-report (SPEC 3.5) and the
** reports of seed 004's 客户关系管理表格.  A report is a name, the seed
** form it reproduces, the --by groupings and the options it takes, its
** columns, and a function that runs its query and prints the rows; a new
** report is one entry in reports[]:
**
**	{ "visits", "visits per visitor ... (3.4)", visits_by, NULL,
**	  crm_visit_report_cols, CRM_VISIT_REPORT_NCOLS, visits },
**
** A report whose query belongs to a concept (visits) keeps it in that
** concept's file; the analysis tables over customers and the ledger are
** here.  Every report takes the period (default the current calendar
** year), the as-of date and the customer filters (--owner, --region,
** --grade).  Sales are net sales (sales − returns) dated in the period;
** every customer that is not deleted counts as a customer.  Shares sum to
** exactly 1: each is rounded down to 4 decimals, and the basis points
** left go one each to the largest remainders (ties: the earlier row).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Shares of x[0..n) (negative values count as 0) in basis points that
** sum to exactly 10000 when the sum is positive (else all 0): largest
** remainder rounding, ties to the earlier. */
void
crm_shares(const int64_t *x, size_t n, int64_t *bp)
{
	__int128 total = 0;
	int64_t left = 10000, *rem;
	size_t i, k, best;

	for (i = 0; i < n; i++)
		total += x[i] > 0 ? x[i] : 0;
	if (total <= 0) {
		for (i = 0; i < n; i++)
			bp[i] = 0;
		return;
	}
	rem = crm_xcalloc(n ? n : 1, sizeof *rem);
	for (i = 0; i < n; i++) {
		__int128 v = (__int128)(x[i] > 0 ? x[i] : 0) * 10000;

		bp[i] = (int64_t)(v / total);
		/* remainders scaled to fit: compared only with each other */
		rem[i] = (int64_t)((v % total) * 1000000 / total);
		left -= bp[i];
	}
	for (k = 0; k < (size_t)left; k++) {
		best = n;
		for (i = 0; i < n; i++)
			if (rem[i] >= 0 && x[i] > 0 && (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			break;
		bp[best]++;
		rem[best] = -1;
	}
	free(rem);
}

static void
bp_text(int64_t bp, char out[32])
{
	snprintf(out, 32, "%lld.%04lld", (long long)(bp / 10000), (long long)(bp % 10000));
}

/* The customer filters of a report as SQL over customers c, ANDed, with
** the values at ?10..?13 (crm_report_filter_bind). */
void
crm_report_filter_sql(const struct crm_report_args *a, struct crm_buf *sql)
{
	(void)a;
	crm_buf_adds(sql, " AND (?10 IS NULL OR c.owner = ?10)"
	    " AND (?11 IS NULL OR c.region >= ?11) AND (?12 IS NULL OR c.region < ?12)"
	    " AND (?13 IS NULL OR c.grade = ?13)");
}

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

/* The customers of a report (not deleted, the filters) with their net
** sales in the period (?1..?2): a CTE "cs(id, net, sold)" that a
** report's query starts from.  sold counts the sale rows. */
static void
customers_cte_with(const struct crm_report_args *a, const char *cols, struct crm_buf *sql)
{
	crm_buf_printf(sql, "WITH n AS (SELECT customer_id, sum(amount) AS net,"
	    " sum(CASE WHEN kind = 'sale' THEN 1 ELSE 0 END) AS sold FROM sales"
	    " WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?1 AND date <= ?2"
	    " GROUP BY customer_id),"
	    " cs AS (SELECT c.id, coalesce(n.net, 0) AS net, coalesce(n.sold, 0) AS sold%s"
	    " FROM customers c LEFT JOIN n ON n.customer_id = c.id"
	    " WHERE c.status <> 'deleted'", cols);
	crm_report_filter_sql(a, sql);
	crm_buf_adds(sql, ")");
}

static void
customers_cte(const struct crm_report_args *a, struct crm_buf *sql)
{
	customers_cte_with(a, "", sql);
}

static crm_stmt *prepare(crm_store *s, const struct crm_report_args *a, const char *sql);

/* The customers of customers_cte kept once in the temporary table
** report_cs, for a report that reads them more than once (top's three
** rankings): one pass over the ledger, not one
** per query.  cs_cte then starts a query from it. */
static void
cs_table(crm_store *s, const struct crm_report_args *a)
{
	struct crm_buf sql = { 0 };
	crm_stmt *st;

	crm_sql_exec(s, "DROP TABLE IF EXISTS report_cs;"
	    " CREATE TEMP TABLE report_cs (id INTEGER PRIMARY KEY, net INTEGER, sold INTEGER)");
	crm_buf_adds(&sql, "INSERT INTO report_cs ");
	customers_cte(a, &sql);
	crm_buf_adds(&sql, " SELECT id, net, sold FROM cs");
	st = prepare(s, a, sql.s);
	crm_buf_free(&sql);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "report");
	crm_sql_finalize(st);
}

static void
cs_cte(struct crm_buf *sql)
{
	crm_buf_adds(sql, "WITH cs AS (SELECT * FROM report_cs)");
}

static crm_stmt *
prepare(crm_store *s, const struct crm_report_args *a, const char *sql)
{
	crm_stmt *st = crm_sql_prepare(s, sql);
	char from[11], to[11];

	crm_date_format(a->from, from);
	crm_date_format(a->to, to);
	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	crm_report_filter_bind(st, a);
	return st;
}

/* Rows of label columns with a customers count and net sales, the two
** shares computed over all of them, printed with a total row.  The
** statement's columns: the nlabel labels, customers, sales (fen). */
struct tally {
	char **label;           /* nlabel per row */
	int64_t *cust, *sales;
	size_t n, cap;
};

static void
tally_read(struct tally *t, crm_store *s, crm_stmt *st, size_t nlabel)
{
	size_t k;

	while (crm_sql_step(s, st) == CRM_ROW) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->label = crm_xrealloc(t->label, t->cap * nlabel * sizeof *t->label);
			t->cust = crm_xrealloc(t->cust, t->cap * sizeof *t->cust);
			t->sales = crm_xrealloc(t->sales, t->cap * sizeof *t->sales);
		}
		for (k = 0; k < nlabel; k++)
			t->label[t->n * nlabel + k] = crm_col_null(st, (int)k) ? NULL :
			    crm_xstrdup(crm_col_text(st, (int)k));
		t->cust[t->n] = crm_col_int(st, (int)nlabel);
		t->sales[t->n] = crm_col_int(st, (int)nlabel + 1);
		t->n++;
	}
	crm_sql_finalize(st);
}

/* Print t: labels, customers, customer_share, sales, sales_share; then
** the total row, labelled total (and empty labels after the first). */
static long long
tally_print(struct tally *t, size_t nlabel, crm_out *w)
{
	int64_t *cb = crm_xcalloc(t->n + 1, sizeof *cb), *sb = crm_xcalloc(t->n + 1, sizeof *sb);
	int64_t tc = 0, ts = 0;
	char c[32], cs[32], m[32], ss[32];
	const char *v[8];
	size_t i, k;

	crm_shares(t->cust, t->n, cb);
	crm_shares(t->sales, t->n, sb);
	for (i = 0; i <= t->n; i++) {
		bool total = i == t->n;

		for (k = 0; k < nlabel; k++)
			v[k] = total ? (k ? NULL : "total") : t->label[i * nlabel + k];
		if (!total)
			tc += t->cust[i], ts += t->sales[i];
		snprintf(c, sizeof c, "%lld", (long long)(total ? tc : t->cust[i]));
		crm_money_format(total ? ts : t->sales[i], m);
		bp_text(total ? (tc > 0 ? 10000 : 0) : cb[i], cs);
		bp_text(total ? (ts > 0 ? 10000 : 0) : sb[i], ss);
		v[nlabel] = c;
		v[nlabel + 1] = cs;
		v[nlabel + 2] = m;
		v[nlabel + 3] = ss;
		crm_out_row(w, v);
	}
	for (i = 0; i < t->n * nlabel; i++)
		free(t->label[i]);
	free(t->label);
	free(t->cust);
	free(t->sales);
	free(cb);
	free(sb);
	return (long long)t->n + 1;
}

/* The output of a report: its columns, and the chart asked for (a usage
** error when it names no number column). */
crm_out *
crm_report_out(const struct crm_report_args *a, const struct crm_col *cols, size_t ncols)
{
	crm_out *w = crm_out_open(stdout, a->opts, cols, ncols);

	if (a->chart && crm_out_chart(w, a->chart, NULL) < 0)
		crm_usage_error("--chart '%s' is not a number column of this report", a->chart);
	return w;
}

/* ---- sales (客户销售分析表): a customer x product pivot ---- */

static long long
sales_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	struct crm_buf sql = { 0 };
	struct crm_col *cols;
	char **product = NULL;
	int64_t *coltotal, *cell, grand = 0;
	size_t np = 0, cap = 0, nshown, ncols, i;
	const char **v;
	char **text;
	int64_t cur = 0;
	long long rows = 0;
	crm_stmt *st;

	/* the products by their net sales, largest first */
	cs_table(s, a);
	cs_cte(&sql);
	crm_buf_adds(&sql, " SELECT coalesce(x.product, '(none)'), sum(x.amount)"
	    " FROM sales x" CRM_SQL_SCAN " JOIN cs ON cs.id = x.customer_id WHERE x.voided_at IS NULL"
	    " AND x.kind <> 'payment' AND x.date >= ?1 AND x.date <= ?2"
	    " GROUP BY coalesce(x.product, '(none)') ORDER BY 2 DESC, 1");
	st = prepare(s, a, sql.s);
	while (crm_sql_step(s, st) == CRM_ROW) {
		if (np == cap)
			product = crm_xrealloc(product, (cap = cap ? cap * 2 : 16) * sizeof *product);
		product[np++] = crm_xstrdup(crm_col_text(st, 0));
	}
	crm_sql_finalize(st);
	nshown = a->products > 0 && (size_t)a->products < np ? (size_t)a->products : np;
	ncols = 3 + nshown + (nshown < np) + 1;
	cols = crm_xcalloc(ncols, sizeof *cols);
	cols[0] = (struct crm_col){ "id", CRM_COL_INT };
	cols[1] = (struct crm_col){ "code", CRM_COL_TEXT };
	cols[2] = (struct crm_col){ "name", CRM_COL_TEXT };
	for (i = 0; i < nshown; i++)
		cols[3 + i] = (struct crm_col){ product[i], CRM_COL_MONEY };
	if (nshown < np)
		cols[3 + nshown] = (struct crm_col){ "other", CRM_COL_MONEY };
	cols[ncols - 1] = (struct crm_col){ "total", CRM_COL_MONEY };
	w = crm_report_out(a, cols, ncols);
	coltotal = crm_xcalloc(ncols, sizeof *coltotal);
	cell = crm_xcalloc(ncols, sizeof *cell);
	v = crm_xcalloc(ncols, sizeof *v);
	text = crm_xcalloc(ncols, sizeof *text);
	for (i = 3; i < ncols; i++)
		text[i] = crm_xcalloc(32, 1);
	crm_output_personal();
	/* each customer's products, by customer: a row when it changes */
	crm_buf_reset(&sql);
	cs_cte(&sql);
	/* grouped by product first, from the table itself: the index in
	** customer order lacks the product */
	crm_buf_adds(&sql, ", p AS (SELECT x.customer_id, coalesce(x.product, '(none)') AS product,"
	    " sum(x.amount) AS amt FROM sales x" CRM_SQL_SCAN " JOIN cs ON cs.id = x.customer_id"
	    " WHERE x.voided_at IS NULL AND x.kind <> 'payment' AND x.date >= ?1 AND x.date <= ?2"
	    " GROUP BY coalesce(x.product, '(none)'), x.customer_id)"
	    " SELECT c.id, c.code, c.name, p.product, p.amt FROM p"
	    " JOIN customers c ON c.id = p.customer_id ORDER BY c.id, p.product");
	st = prepare(s, a, sql.s);
	crm_buf_free(&sql);
	for (;;) {
		bool more = crm_sql_step(s, st) == CRM_ROW;
		int64_t id = more ? crm_col_int(st, 0) : 0;

		if ((!more || id != cur) && cur) {
			for (i = 3; i < ncols; i++) {
				crm_money_format(cell[i], text[i]);
				v[i] = text[i];
				coltotal[i] += cell[i];
			}
			crm_out_row(w, v);
			rows++;
			for (i = 0; i < 3; i++)
				free((char *)v[i]);
		}
		if (!more)
			break;
		if (id != cur) {
			cur = id;
			memset(cell, 0, ncols * sizeof *cell);
			for (i = 0; i < 3; i++)
				v[i] = crm_col_null(st, (int)i) ? NULL : crm_xstrdup(crm_col_text(st, (int)i));
		}
		for (i = 0; i < nshown && strcmp(product[i], crm_col_text(st, 3)); i++)
			;
		cell[3 + (i < nshown ? i : nshown)] += crm_col_int(st, 4);
		cell[ncols - 1] += crm_col_int(st, 4);
	}
	crm_sql_finalize(st);
	/* the total row: each column's sum, and the grand total of them */
	v[0] = "total";
	v[1] = v[2] = NULL;
	for (i = 3; i < ncols - 1; i++)
		grand += coltotal[i];
	coltotal[ncols - 1] = grand;
	for (i = 3; i < ncols; i++) {
		crm_money_format(coltotal[i], text[i]);
		v[i] = text[i];
	}
	crm_out_row(w, v);
	crm_out_close(w);
	for (i = 0; i < np; i++)
		free(product[i]);
	for (i = 3; i < ncols; i++)
		free(text[i]);
	free(product);
	free(cols);
	free(coltotal);
	free(cell);
	free(v);
	free(text);
	return rows + 1;
}

/* ---- region (客户区域分析表) ---- */

static const struct crm_col region_cols[] = {
	{ "region", CRM_COL_TEXT }, { "name", CRM_COL_TEXT }, { "customers", CRM_COL_INT },
	{ "customer_share", CRM_COL_RATIO }, { "sales", CRM_COL_MONEY },
	{ "sales_share", CRM_COL_RATIO },
};

static long long
region_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	/* the customer's region at the level; one above it stays its own */
	static const char *const key[] = {
		[0] = "substr(c.region, 1, 2) || '0000'",
		[1] = "CASE WHEN substr(c.region, 3) = '0000' THEN c.region"
		    " ELSE substr(c.region, 1, 4) || '00' END",
		[2] = "c.region",
	};
	int level = !a->level || !strcmp(a->level, "province") ? 0 :
	    !strcmp(a->level, "city") ? 1 : 2;
	struct crm_buf sql = { 0 };
	struct tally t = { 0 };

	customers_cte(a, &sql);
	crm_buf_printf(&sql, ", k AS (SELECT CASE WHEN c.region IS NULL THEN 'unknown'"
	    " ELSE %s END AS region, cs.net FROM cs JOIN customers c ON c.id = cs.id)"
	    " SELECT k.region, r.name, count(*), sum(k.net) FROM k"
	    " LEFT JOIN regions r ON r.code = k.region GROUP BY k.region, r.name"
	    " ORDER BY CASE WHEN k.region = 'unknown' THEN 1 ELSE 0 END, k.region", key[level]);
	tally_read(&t, s, prepare(s, a, sql.s), 2);
	crm_buf_free(&sql);
	return tally_print(&t, 2, w);
}

/* ---- grades (客户分级表) ---- */

static const struct crm_col grades_cols[] = {
	{ "grade", CRM_COL_TEXT }, { "customers", CRM_COL_INT },
	{ "customer_share", CRM_COL_RATIO }, { "sales", CRM_COL_MONEY },
	{ "sales_share", CRM_COL_RATIO },
};

static long long
grades_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	enum crm_scheme k = a->scheme >= 0 ? (enum crm_scheme)a->scheme : crm_grade_primary(s);
	bool primary = k == crm_grade_primary(s);
	struct crm_buf sql = { 0 };
	struct tally t = { 0 };
	crm_stmt *st;

	customers_cte(a, &sql);
	crm_buf_printf(&sql, ", k AS (SELECT coalesce(%s, 'none') AS grade, cs.net FROM cs"
	    " JOIN customers c ON c.id = cs.id LEFT JOIN grades g ON g.customer_id = cs.id"
	    " AND g.scheme = ?3)"
	    " SELECT grade, count(*), sum(net) FROM k GROUP BY grade"
	    " ORDER BY CASE WHEN grade = 'none' THEN 1 ELSE 0 END, %s, grade",
	    primary ? "c.grade" : "g.grade", crm_grade_order_sql(k, "grade"));
	st = prepare(s, a, sql.s);
	crm_buf_free(&sql);
	crm_bind_text(st, 3, crm_scheme_name(k));
	tally_read(&t, s, st, 1);
	return tally_print(&t, 1, w);
}

/* ---- profile (客户总体分类表) ---- */

static const struct crm_col profile_cols[] = {
	{ "dimension", CRM_COL_TEXT }, { "category", CRM_COL_TEXT },
	{ "customers", CRM_COL_INT }, { "share", CRM_COL_RATIO },
};

/* One dimension: the statement's rows are category, customers. */
static long long
profile_dimension(crm_store *s, crm_stmt *st, const char *dimension, crm_out *w)
{
	struct tally t = { 0 };
	int64_t *bp;
	const char *v[4];
	char c[32], sh[32];
	size_t i;

	/* tally_read reads a sales column too: a 0 here */
	tally_read(&t, s, st, 1);
	bp = crm_xcalloc(t.n + 1, sizeof *bp);
	crm_shares(t.cust, t.n, bp);
	for (i = 0; i < t.n; i++) {
		snprintf(c, sizeof c, "%lld", (long long)t.cust[i]);
		bp_text(bp[i], sh);
		v[0] = dimension;
		v[1] = t.label[i];
		v[2] = c;
		v[3] = sh;
		crm_out_row(w, v);
		free(t.label[i]);
	}
	free(t.label);
	free(t.cust);
	free(t.sales);
	free(bp);
	return (long long)i;
}

static long long
profile_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	/* each dimension: its name, the category and an order key of a
	** customer, and the categories always listed (also with 0), or
	** NULL to list those found; age in whole years at the as-of date
	** (?3), bands half-open */
	static const char *const dims[][3] = {
		{ "gender", "coalesce(a.gender, 'unknown'), 0",
		  "('M', 1), ('F', 2), ('unknown', 3)" },
		{ "age", "CASE WHEN a.age IS NULL THEN 'unknown' WHEN a.age < 18 THEN '<18'"
		    " WHEN a.age < 45 THEN '18-45' WHEN a.age < 60 THEN '45-60' ELSE '>60' END, 0",
		  "('<18', 1), ('18-45', 2), ('45-60', 3), ('>60', 4), ('unknown', 5)" },
		{ "region", "coalesce(a.province, 'unknown'),"
		    " CASE WHEN a.province IS NULL THEN 1 ELSE 0 END", NULL },
		{ "spend", "a.spend, 0", "('high', 1), ('mid', 2), ('low', 3)" },
		{ "industry", "coalesce(a.industry, 'unknown'),"
		    " CASE WHEN a.industry IS NULL THEN 1 ELSE 0 END", NULL },
	};
	char asof[11];
	long long rows = 0;
	size_t d;

	crm_date_format(a->as_of, asof);
	{
		/* each customer's category in the five dimensions, read
		** once from the archive and the ledger; spend ranks as
		** abc does: the first ⌈n·20/100⌉ high, up to ⌈n·50/100⌉ mid,
		** the rest and no sales low; ties go up (rank() over the metric) */
		struct crm_buf sql = { 0 };
		crm_stmt *st;

		crm_sql_exec(s, "DROP TABLE IF EXISTS report_pa;"
		    /* no key: the rows come in rank order, and a key would
		    ** put each at random in the table's tree */
		    " CREATE TEMP TABLE report_pa (id INTEGER, spend TEXT, age INTEGER,"
		    " gender TEXT, province TEXT, industry TEXT)");
		crm_buf_adds(&sql, "INSERT INTO report_pa ");
		customers_cte_with(a, ", c.gender, c.region, c.industry, c.birthday", &sql);
		crm_buf_adds(&sql, ", r AS (SELECT cs.*, rank() OVER (ORDER BY cs.net DESC)"
		    " AS rk, count(*) OVER () AS n FROM cs)"
		    " SELECT r.id, CASE WHEN r.net <= 0 THEN 'low'"
		    " WHEN r.rk <= (r.n * 20 + 99) / 100 THEN 'high'"
		    " WHEN r.rk <= (r.n * 50 + 99) / 100 THEN 'mid' ELSE 'low' END,"
		    " CASE WHEN r.birthday IS NULL THEN NULL ELSE"
		    " CAST(substr(?3, 1, 4) AS INTEGER) - CAST(substr(r.birthday, 1, 4) AS INTEGER)"
		    " - CASE WHEN substr(?3, 6, 5) < substr(r.birthday, 6, 5) THEN 1 ELSE 0 END"
		    " END, r.gender, substr(r.region, 1, 2) || '0000', r.industry FROM r");
		st = prepare(s, a, sql.s);
		crm_buf_free(&sql);
		crm_bind_text(st, 3, asof);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_store_fail(s, "report");
		crm_sql_finalize(st);
	}
	for (d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		struct crm_buf sql = { 0 };
		crm_stmt *st;

		crm_buf_printf(&sql, "WITH a AS (SELECT * FROM report_pa),"
		    " p(category, ord) AS (SELECT %s FROM a)",
		    dims[d][1]);
		if (dims[d][2])
			/* counted first, then joined: a join first reads the
			** customers once for each category */
			crm_buf_printf(&sql, ", f(category, ord) AS (VALUES %s),"
			    " g AS (SELECT category, count(*) AS n FROM p GROUP BY category)"
			    " SELECT f.category, coalesce(g.n, 0), 0 FROM f"
			    " LEFT JOIN g ON g.category = f.category ORDER BY f.ord", dims[d][2]);
		else
			crm_buf_adds(&sql, " SELECT category, count(*), 0 FROM p GROUP BY category"
			    " ORDER BY min(ord), category");
		st = prepare(s, a, sql.s);
		crm_buf_free(&sql);
		crm_bind_text(st, 3, asof);
		rows += profile_dimension(s, st, dims[d][0], w);
	}
	return rows;
}

/* ---- top (重点客户管理表) ---- */

static const struct crm_col top_cols[] = {
	{ "ranking", CRM_COL_TEXT }, { "rank", CRM_COL_INT }, { "id", CRM_COL_INT },
	{ "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT }, { "value", CRM_COL_TEXT },
};

static long long
top_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	/* value: net sales; growth = net / previous net − 1 over the
	** period of the same length before (?3..?4), customers with
	** previous net sales > 0; margin = (sales − cost) / sales over
	** the sale rows with a cost.  Ratios in basis points. */
	static const char *const rankings[][2] = {
		{ "sales", "SELECT cs.id, cs.net AS v FROM cs WHERE cs.sold > 0" },
		{ "growth", "SELECT cs.id, CASE WHEN cs.net >= p.net"
		    " THEN ((cs.net - p.net) * 20000 + p.net) / (2 * p.net)"
		    " ELSE -(((p.net - cs.net) * 20000 + p.net) / (2 * p.net)) END AS v"
		    " FROM cs JOIN (SELECT customer_id, sum(amount) AS net FROM sales"
		    " WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?3 AND date <= ?4"
		    " GROUP BY customer_id) p ON p.customer_id = cs.id WHERE p.net > 0" },
		{ "margin", "SELECT cs.id, CASE WHEN m.amt >= m.cst"
		    " THEN ((m.amt - m.cst) * 20000 + m.amt) / (2 * m.amt)"
		    " ELSE -(((m.cst - m.amt) * 20000 + m.amt) / (2 * m.amt)) END AS v"
		    " FROM cs JOIN (SELECT customer_id, sum(amount) AS amt, sum(cost) AS cst"
		    " FROM sales" CRM_SQL_SCAN " WHERE voided_at IS NULL AND kind = 'sale'"
		    " AND cost IS NOT NULL"
		    " AND date >= ?1 AND date <= ?2 GROUP BY customer_id) m"
		    " ON m.customer_id = cs.id WHERE m.amt > 0" },
	};
	long days = crm_date_days(a->to) - crm_date_days(a->from) + 1;
	char pf[11], pt[11], rank[24], val[32];
	long long rows = 0;
	size_t r;

	crm_date_format(crm_date_from_days(crm_date_days(a->from) - days), pf);
	crm_date_format(crm_date_from_days(crm_date_days(a->from) - 1), pt);
	cs_table(s, a);
	for (r = 0; r < 3; r++) {
		struct crm_buf sql = { 0 };
		crm_stmt *st;
		const char *v[6];

		cs_cte(&sql);
		crm_buf_printf(&sql, ", x AS (%s) SELECT rank() OVER (ORDER BY x.v DESC), c.id,"
		    " c.code, c.name, x.v FROM x JOIN customers c ON c.id = x.id"
		    " ORDER BY x.v DESC, c.id LIMIT ?5", rankings[r][1]);
		st = prepare(s, a, sql.s);
		crm_buf_free(&sql);
		crm_bind_text(st, 3, pf);
		crm_bind_text(st, 4, pt);
		crm_bind_int(st, 5, a->top > 0 ? a->top : 10);
		while (crm_sql_step(s, st) == CRM_ROW) {
			int64_t x = crm_col_int(st, 4);

			snprintf(rank, sizeof rank, "%lld", (long long)crm_col_int(st, 0));
			if (r == 0)
				crm_money_format(x, val);
			else
				snprintf(val, sizeof val, "%s%lld.%04lld", x < 0 ? "-" : "",
				    (long long)(llabs(x) / 10000), (long long)(llabs(x) % 10000));
			v[0] = rankings[r][0];
			v[1] = rank;
			v[2] = crm_col_text(st, 1);
			v[3] = crm_col_text(st, 2);
			v[4] = crm_col_text(st, 3);
			v[5] = val;
			crm_out_row(w, v);
			rows++;
		}
		crm_sql_finalize(st);
	}
	return rows;
}

/* ---- visits (3.4): the query is visit.c's ---- */

static long long
visits_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	return crm_out_rows(w, crm_visit_report(s, a));
}

/* ---- problems (问题客户对策表) ---- */

static const struct crm_col problems_cols[] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "owner", CRM_COL_TEXT }, { "mobile", CRM_COL_TEXT }, { "sales", CRM_COL_MONEY },
	{ "previous_sales", CRM_COL_MONEY }, { "change_pct", CRM_COL_RATIO },
	{ "overdue", CRM_COL_MONEY }, { "open_complaints", CRM_COL_INT },
	{ "problems", CRM_COL_TEXT },
};

/* A mobile masked as SPEC 2 asks: 138****5678. */
static void
mask_mobile(const char *m, char out[32])
{
	size_t n = strlen(m);

	if (n < 8)
		snprintf(out, 32, "****");
	else
		snprintf(out, 32, "%.3s****%s", m, m + n - 4);
}

/* Customers whose net sales fell against the previous period of the same
** length, or who owe something past due at the as-of date, or have open
** complaints; by id. */
static long long
problems_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	long days = crm_date_days(a->to) - crm_date_days(a->from) + 1;
	struct crm_buf sql = { 0 };
	char pf[11], pt[11], m[32], mob[32], pct[32];
	long long rows = 0;
	crm_stmt *st;

	crm_date_format(crm_date_from_days(crm_date_days(a->from) - days), pf);
	crm_date_format(crm_date_from_days(crm_date_days(a->from) - 1), pt);
	crm_credit_aged_table(s, a->as_of, a);
	customers_cte(a, &sql);
	crm_buf_adds(&sql, ", p AS (SELECT customer_id, sum(amount) AS net FROM sales"
	    " WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?3 AND date <= ?4"
	    " GROUP BY customer_id),"
	    " k AS (SELECT customer_id, count(*) AS n FROM complaints"
	    " WHERE status <> 'closed' AND status <> 'void' GROUP BY customer_id),"
	    " x AS (SELECT cs.id, cs.net, coalesce(p.net, 0) AS prev,"
	    " coalesce(g.overdue, 0) AS overdue, coalesce(k.n, 0) AS open_n FROM cs"
	    " LEFT JOIN p ON p.customer_id = cs.id LEFT JOIN credit_aged g ON g.customer_id = cs.id"
	    " LEFT JOIN k ON k.customer_id = cs.id)"
	    " SELECT c.id, c.code, c.name, c.owner, c.mobile, x.net, x.prev,"
	    " CASE WHEN x.prev > 0 THEN CASE WHEN x.net >= x.prev"
	    " THEN ((x.net - x.prev) * 20000 + x.prev) / (2 * x.prev)"
	    " ELSE -(((x.prev - x.net) * 20000 + x.prev) / (2 * x.prev)) END END,"
	    " x.overdue, x.open_n FROM x JOIN customers c ON c.id = x.id"
	    " WHERE x.net < x.prev OR x.overdue > 0 OR x.open_n > 0 ORDER BY c.id");
	st = prepare(s, a, sql.s);
	crm_buf_free(&sql);
	crm_bind_text(st, 3, pf);
	crm_bind_text(st, 4, pt);
	crm_output_personal();
	while (crm_sql_step(s, st) == CRM_ROW) {
		char sales[32], prev[32], over[32], n[24];
		struct crm_buf probs = { 0 };
		const char *v[11];
		int64_t net = crm_col_int(st, 5), pv = crm_col_int(st, 6);

		if (net < pv)
			crm_buf_adds(&probs, "falling");
		if (crm_col_int(st, 8) > 0)
			crm_buf_printf(&probs, "%soverdue", probs.len ? ";" : "");
		if (crm_col_int(st, 9) > 0)
			crm_buf_printf(&probs, "%scomplaints", probs.len ? ";" : "");
		crm_money_format(net, sales);
		crm_money_format(pv, prev);
		crm_money_format(crm_col_int(st, 8), over);
		snprintf(n, sizeof n, "%lld", (long long)crm_col_int(st, 9));
		if (!crm_col_null(st, 7)) {
			/* percent with 2 decimals, from basis points of the ratio */
			int64_t bp = crm_col_int(st, 7);

			snprintf(pct, sizeof pct, "%s%lld.%02lld", bp < 0 ? "-" : "",
			    (long long)(llabs(bp) / 100), (long long)(llabs(bp) % 100));
		}
		v[0] = crm_col_text(st, 0);
		v[1] = crm_col_text(st, 1);
		v[2] = crm_col_text(st, 2);
		v[3] = crm_col_text(st, 3);
		v[4] = NULL;
		if (!crm_col_null(st, 4)) {
			if (a->unmask) {
				snprintf(mob, sizeof mob, "%s", crm_col_text(st, 4));
			} else {
				mask_mobile(crm_col_text(st, 4), m);
				snprintf(mob, sizeof mob, "%s", m);
			}
			v[4] = mob;
		}
		v[5] = sales;
		v[6] = prev;
		v[7] = crm_col_null(st, 7) ? NULL : pct;
		v[8] = over;
		v[9] = n;
		v[10] = probs.s;
		crm_out_row(w, v);
		crm_buf_free(&probs);
		rows++;
	}
	crm_sql_finalize(st);
	return rows;
}

/* ---- evaluate (客户关系评估表) ---- */

static const struct crm_col evaluate_cols[] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "growth", CRM_COL_RATIO }, { "credit", CRM_COL_RATIO }, { "margin", CRM_COL_RATIO },
	{ "frequency", CRM_COL_RATIO }, { "complaints", CRM_COL_RATIO },
	{ "score", CRM_COL_RATIO }, { "recommendation", CRM_COL_TEXT },
};

/* 100 x worse / (n - 1) in hundredths, half up; one customer: 100
** (worse: the others worse or tied, so that ties share the better score). */
static int64_t
rank_score(int64_t worse, int64_t n)
{
	return n <= 1 ? 10000 : (10000 * worse * 2 + (n - 1)) / (2 * (n - 1));
}

static void
hundredths(int64_t h, char out[32])
{
	snprintf(out, 32, "%lld.%02lld", (long long)(h / 100), (long long)(h % 100));
}

/* Every customer with a sale in the period, scored: growth (against the
** previous period of the same length), margin and frequency (distinct
** sale days) each 100 x the others strictly worse / (n - 1), ties
** sharing the better score (the tied count as worse) and a customer
** without a value the worst, 0;
** credit 100 less the most days any amount is past due (at least 0);
** complaints (opened in the period) like the others, fewer better; the
** score their mean weighted by report.evaluate.weights, and develop,
** maintain or terminate by report.evaluate.cut. */
static long long
evaluate_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	static const char *const names[5] = { "growth", "credit", "margin", "frequency",
	    "complaints" };
	long days = crm_date_days(a->to) - crm_date_days(a->from) + 1, weight[5] = { 0 }, cut[2];
	char *wv = crm_config_get(s, "report.evaluate.weights"), *cv, *p, *save = NULL;
	struct crm_buf sql = { 0 };
	char pf[11], pt[11], t[6][32];
	long long rows = 0, wsum = 0;
	crm_stmt *st;
	int i;

	for (p = strtok_r(wv, ",", &save); p; p = strtok_r(NULL, ",", &save))
		for (i = 0; i < 5; i++)
			if (!strncmp(p, names[i], strlen(names[i])) && p[strlen(names[i])] == '=')
				weight[i] = strtol(p + strlen(names[i]) + 1, NULL, 10);
	free(wv);
	for (i = 0; i < 5; i++)
		wsum += weight[i];
	cv = crm_config_get(s, "report.evaluate.cut");
	cut[0] = strtol(cv, &p, 10);
	cut[1] = *p ? strtol(p + 1, NULL, 10) : 0;
	free(cv);
	crm_date_format(crm_date_from_days(crm_date_days(a->from) - days), pf);
	crm_date_format(crm_date_from_days(crm_date_days(a->from) - 1), pt);
	crm_credit_aged_table(s, a->as_of, a);
	customers_cte(a, &sql);
	crm_buf_adds(&sql, ", p AS (SELECT customer_id, sum(amount) AS net FROM sales"
	    " WHERE voided_at IS NULL AND kind <> 'payment' AND date >= ?3 AND date <= ?4"
	    " GROUP BY customer_id),"
	    " m AS (SELECT customer_id, sum(amount) AS amt, sum(cost) AS cst,"
	    " count(DISTINCT date) AS f FROM sales WHERE voided_at IS NULL AND kind = 'sale'"
	    " AND date >= ?1 AND date <= ?2 GROUP BY customer_id),"
	    /* the cost is in the table only: read it, not the index */
	    " mc AS (SELECT customer_id, sum(amount) AS amt, sum(cost) AS cst FROM sales"
	    CRM_SQL_SCAN " WHERE voided_at IS NULL AND kind = 'sale' AND cost IS NOT NULL"
	    " AND date >= ?1 AND date <= ?2 GROUP BY customer_id),"
	    " k AS (SELECT customer_id, count(*) AS n FROM complaints WHERE status <> 'void'"
	    " AND opened >= ?1 AND opened <= ?2 GROUP BY customer_id),"
	    /* the ratios as they are, not rounded: rounded, two customers a
	    ** hair apart would tie */
	    " x AS (SELECT cs.id, CASE WHEN p.net > 0 THEN (cs.net - p.net) * 1.0 / p.net END AS g,"
	    " CASE WHEN mc.amt > 0 THEN (mc.amt - mc.cst) * 1.0 / mc.amt END AS mg,"
	    " m.f, coalesce(a.days, 0) AS late, coalesce(k.n, 0) AS nk FROM cs"
	    " JOIN m ON m.customer_id = cs.id LEFT JOIN p ON p.customer_id = cs.id"
	    " LEFT JOIN mc ON mc.customer_id = cs.id LEFT JOIN credit_aged a ON a.customer_id = cs.id"
	    " LEFT JOIN k ON k.customer_id = cs.id)"
	    " SELECT c.id, c.code, c.name,"
	    /* the others worse or tied: count(*) up to the row and its
	    ** peers, less the row itself; no value is the worst */
	    " CASE WHEN x.g IS NULL THEN 0 ELSE count(*) OVER (ORDER BY x.g NULLS FIRST) - 1 END,"
	    " x.late,"
	    " CASE WHEN x.mg IS NULL THEN 0 ELSE count(*) OVER (ORDER BY x.mg NULLS FIRST) - 1 END,"
	    " count(*) OVER (ORDER BY x.f) - 1,"
	    " count(*) OVER (ORDER BY x.nk DESC) - 1, count(*) OVER ()"
	    " FROM x JOIN customers c ON c.id = x.id ORDER BY c.id");
	st = prepare(s, a, sql.s);
	crm_buf_free(&sql);
	crm_bind_text(st, 3, pf);
	crm_bind_text(st, 4, pt);
	while (crm_sql_step(s, st) == CRM_ROW) {
		int64_t n = crm_col_int(st, 8), sc[5], total = 0;
		const char *v[10];
		long late = (long)crm_col_int(st, 4);

		sc[0] = rank_score(crm_col_int(st, 3), n);
		sc[1] = late >= 100 ? 0 : (100 - late) * 100;
		sc[2] = rank_score(crm_col_int(st, 5), n);
		sc[3] = rank_score(crm_col_int(st, 6), n);
		sc[4] = rank_score(crm_col_int(st, 7), n);
		for (i = 0; i < 5; i++) {
			hundredths(sc[i], t[i]);
			total += weight[i] * sc[i];
		}
		total = wsum > 0 ? (total * 2 + wsum) / (2 * wsum) : 0;
		hundredths(total, t[5]);
		v[0] = crm_col_text(st, 0);
		v[1] = crm_col_text(st, 1);
		v[2] = crm_col_text(st, 2);
		for (i = 0; i < 5; i++)
			v[3 + i] = t[i];
		v[8] = t[5];
		v[9] = total >= cut[0] * 100 ? "develop" : total >= cut[1] * 100 ? "maintain" :
		    "terminate";
		crm_out_row(w, v);
		rows++;
	}
	crm_sql_finalize(st);
	return rows;
}

/* ---- aging (3.6): the query is credit.c's ---- */

static long long
aging_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	return crm_credit_aging(s, a->as_of, a, w);
}

/* ---- complaints (3.7): the query is complaint.c's ---- */

static long long
complaints_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	char from[11], to[11];

	crm_date_format(a->from, from);
	crm_date_format(a->to, to);
	return crm_out_rows(w, crm_complaint_stats(s, from, to));
}

/* ---- satisfaction and funnel (3.9): the queries are survey.c's and deal.c's ---- */

static long long
satisfaction_report(crm_store *s, const struct crm_report_args *a, crm_out *w)
{
	return crm_out_rows(w, crm_survey_report(s, a));
}

static const char *const satisfaction_by[] = { "month", "grade", "owner", "channel", NULL };

static const char *const visits_by[] = {
	"visitor", "role", "channel", "outcome", "owner", NULL
};

static const struct crm_report reports[] = {
	{ "region", "客户区域分析表: customers and sales per region (--level)",
	  NULL, "level", region_cols, 6, region_report },
	{ "sales", "客户销售分析表: net sales per customer and product (--products)",
	  NULL, "products", NULL, 0, sales_report },
	{ "grades", "客户分级表: customers and sales per grade (--scheme)",
	  NULL, "scheme", grades_cols, 5, grades_report },
	{ "top", "重点客户管理表: the top customers by sales, growth and margin (--top)",
	  NULL, "top", top_cols, 6, top_report },
	{ "profile", "客户总体分类表: customers by gender, age, region, spend and industry",
	  NULL, "", profile_cols, 4, profile_report },
	{ "problems", "问题客户对策表: falling sales, debts past due, open complaints",
	  NULL, "", problems_cols, 11, problems_report },
	{ "evaluate", "客户关系评估表: growth, credit, margin, frequency, complaints, a score",
	  NULL, "", evaluate_cols, 10, evaluate_report },
	{ "aging", "应收账款账龄: what each customer owes, by days past due (3.6)",
	  NULL, "", crm_aging_cols, CRM_AGING_NCOLS, aging_report },
	{ "complaints", "客诉案件统计表: complaints per category, department and product (3.7)",
	  NULL, "", crm_complaint_stats_cols, CRM_COMPLAINT_STATS_NCOLS, complaints_report },
	{ "visits", "客户拜访统计: visits per visitor, role, channel, outcome or owner",
	  visits_by, "", crm_visit_report_cols, CRM_VISIT_REPORT_NCOLS, visits_report },
	{ "satisfaction", "客户满意度调查: surveys and the average score per month, grade, owner"
	  " or channel", satisfaction_by, "", crm_satisfaction_cols, CRM_SATISFACTION_NCOLS,
	  satisfaction_report },
	{ "funnel", "销售漏斗: deals, amounts and conversion per stage, over the deals opened",
	  NULL, "", crm_funnel_cols, CRM_FUNNEL_NCOLS, crm_deal_funnel },
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
