/*
** ledger.c — the sales ledger (SPEC 3.3): sales, returns and payments of
** each customer, in fen, never edited, voided when entered by mistake.
**
** A return and a payment are stored with a negative amount (a return
** with a negative qty too), so that what a customer owes is the sum of
** its amounts and net sales are the sum over sales and returns.  A
** return names the sale it returns (sale_id), and what was returned of
** one sale never exceeds it, in qty or in amount.  The rep of a sale is
** whoever made it, credited for ever (the customer's owner at the time
** unless given); a return is credited to its sale's rep.  A sale's due
** date is its date plus the credit terms.
**
** Every sum of the ledger is over rows with voided_at IS NULL, which is
** also the condition of the covering index sales_customer.
*/
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MONEY(c) CRM_SQL_MONEY(c)


const struct crm_col crm_sale_cols[CRM_SALE_NCOLS] = {
	{ "id", CRM_COL_INT }, { "customer_id", CRM_COL_INT },
	{ "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT },
	{ "date", CRM_COL_DATE }, { "kind", CRM_COL_TEXT },
	{ "product", CRM_COL_TEXT }, { "qty", CRM_COL_RATIO },
	{ "unit_price", CRM_COL_MONEY }, { "amount", CRM_COL_MONEY },
	{ "cost", CRM_COL_MONEY }, { "ref", CRM_COL_TEXT },
	{ "rep", CRM_COL_TEXT }, { "due_date", CRM_COL_DATE },
};

static const char *const kind_names[] = {
	[CRM_KIND_SALE] = "sale", [CRM_KIND_RETURN] = "return",
	[CRM_KIND_PAYMENT] = "payment",
};

const char *
crm_sale_kind_name(enum crm_sale_kind k)
{
	return kind_names[k];
}

/* sale, return, payment (or 销售, 退货, 回款/收款) as a kind; -1 if none. */
int
crm_sale_kind_parse(const char *s)
{
	if (!strcmp(s, "sale") || !strcmp(s, "销售") || !strcmp(s, "销售单"))
		return CRM_KIND_SALE;
	if (!strcmp(s, "return") || !strcmp(s, "退货") || !strcmp(s, "退货单"))
		return CRM_KIND_RETURN;
	if (!strcmp(s, "payment") || !strcmp(s, "回款") || !strcmp(s, "收款") ||
	    !strcmp(s, "付款"))
		return CRM_KIND_PAYMENT;
	return -1;
}

/* A decimal with a point in its shortest form, in place: 2.500 -> 2.5,
** 3.000 -> 3. */
static char *
shortest(char *buf)
{
	size_t n = strlen(buf);

	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[--n] = '\0';
	return buf;
}

/* A quantity: a decimal number with at most three decimals, commas
** allowed as thousands separators (1,000.5).  NULL with *norm set ("12",
** "2.5", "-3"), else a message fragment. */
const char *
crm_qty_parse(const char *s, char **norm)
{
	static const char bad[] = "is not a quantity (a number with at most 3 decimals)";
	char buf[64];
	size_t n = 0, digits = 0, decimals = 0, group = 0;
	bool dot = false, comma = false;
	const char *p = s;

	*norm = NULL;
	if (*p == '-')
		buf[n++] = *p++;
	for (; *p; p++) {
		if (n + 1 >= sizeof buf)
			return bad;
		if (*p == ',') {
			/* only between groups of three digits before the point */
			if (dot || !digits || (comma && group != 3) || (!comma && group > 3))
				return bad;
			comma = true;
			group = 0;
			continue;
		}
		if (*p == '.') {
			if (dot || !digits || (comma && group != 3))
				return bad;
			dot = true;
		} else if (*p >= '0' && *p <= '9') {
			if (dot)
				decimals++;
			else
				digits++, group++;
		} else {
			return bad;
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (!digits || (comma && !dot && group != 3) || decimals > 3 || digits > 12 ||
	    (dot && !decimals))
		return bad;
	if (dot)
		shortest(buf);
	*norm = crm_xstrdup(buf);
	return NULL;
}

/* A quantity of crm_qty_parse's form in thousandths, exactly. */
static int64_t
qty_milli(const char *qty)
{
	int64_t v = 0;
	int decimals = -1;
	bool neg = *qty == '-';
	const char *p;

	for (p = qty + neg; *p; p++) {
		if (*p == '.') {
			decimals = 0;
			continue;
		}
		v = v * 10 + (*p - '0');
		if (decimals >= 0)
			decimals++;
	}
	for (decimals = decimals < 0 ? 0 : decimals; decimals < 3; decimals++)
		v *= 10;
	return neg ? -v : v;
}

/* Thousandths as the shortest decimal: 2500 -> "2.5", into buf. */
static const char *
milli_text(int64_t m, char buf[32])
{
	snprintf(buf, 32, "%s%lld.%03lld", m < 0 ? "-" : "", (long long)(llabs(m) / 1000),
	    (long long)(llabs(m) % 1000));
	return shortest(buf);
}

/* fen x qty, rounded half up to the fen, in exact arithmetic. */
static int64_t
times_qty(int64_t fen, const char *qty)
{
	__int128 m = (__int128)fen * qty_milli(qty);

	return (int64_t)(m >= 0 ? (m * 2 + 1000) / 2000 : -((-m * 2 + 1000) / 2000));
}

/* Whether the ledger holds a row of customer id with a ref: one an
** import's row may duplicate. */
bool
crm_sale_customer_has_refs(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_cached(s, "SELECT 1 FROM sales WHERE customer_id = ?"
	    " AND ref IS NOT NULL LIMIT 1");
	bool has;

	crm_bind_int(st, 1, id);
	has = crm_sql_step(s, st) == CRM_ROW;
	crm_sql_reset(st);
	return has;
}

/* With v->dedupe: the row of the ledger that the row to insert
** duplicates (same customer, ref, kind, product, qty and amount; a row
** without a ref duplicates none), or 0. */
static int64_t
duplicate(crm_store *s, const struct crm_sale *v, const char *qty, int64_t amount)
{
	crm_stmt *st;
	int64_t id = 0;

	if (!v->dedupe || !v->ref)
		return 0;
	crm_sale_batch_flush(v->batch);
	st = crm_sql_cached(s, "SELECT id FROM sales WHERE ref = ? AND customer_id = ?"
	    " AND kind = ? AND product IS ? AND qty IS ? AND amount = ?"
	    " AND voided_at IS NULL");
	/* not copied: every value outlives the step and the reset */
	crm_bind_static(st, 1, v->ref);
	crm_bind_int(st, 2, v->customer_id);
	crm_bind_static(st, 3, kind_names[v->kind]);
	crm_bind_static(st, 4, v->product);
	crm_bind_static(st, 5, qty);
	crm_bind_int(st, 6, amount);
	if (crm_sql_step(s, st) == CRM_ROW)
		id = crm_col_int(st, 0);
	crm_sql_reset(st);
	return id;
}

/* One row as the INSERT binds it: NULL text is NULL, so is a
** unit_price or cost below 0 and a sale_id of 0. */
struct ledger_row {
	int64_t customer_id, unit_price, amount, cost, sale_id;
	const char *date, *kind, *product, *qty, *ref, *rep, *due, *now;
};

#define LEDGER_INSERT "INSERT INTO sales(customer_id, date, kind, product," \
	" qty, unit_price, amount, cost, ref, rep, due_date, sale_id, created_at," \
	" created_by) VALUES "
#define LEDGER_VALUES "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
enum { LEDGER_NPARAMS = 14 };

/* Bind r to the parameters after the first o of st.  Not copied (an
** import's hot path): every value outlives the step and the reset. */
static void
bind_row(crm_store *s, crm_stmt *st, int o, const struct ledger_row *r)
{
	crm_bind_int(st, o + 1, r->customer_id);
	crm_bind_static(st, o + 2, r->date);
	crm_bind_static(st, o + 3, r->kind);
	crm_bind_static(st, o + 4, r->product);
	crm_bind_static(st, o + 5, r->qty);
	if (r->unit_price >= 0)
		crm_bind_int(st, o + 6, r->unit_price);
	else
		crm_bind_null(st, o + 6);
	crm_bind_int(st, o + 7, r->amount);
	if (r->cost >= 0)
		crm_bind_int(st, o + 8, r->cost);
	else
		crm_bind_null(st, o + 8);
	crm_bind_static(st, o + 9, r->ref);
	crm_bind_static(st, o + 10, r->rep);
	crm_bind_static(st, o + 11, r->due);
	if (r->sale_id)
		crm_bind_int(st, o + 12, r->sale_id);
	else
		crm_bind_null(st, o + 12);
	crm_bind_static(st, o + 13, r->now);
	crm_bind_static(st, o + 14, crm_store_actor(s));
}

/*
** A batch: an import's rows, written up to BATCH_MAX at a time by one
** INSERT of many rows.  SQLite opens the table's and its indexes'
** cursors once per statement, which is most of what a one-row INSERT
** costs (measured: a third fewer instructions per row at 32 rows).  A
** queued row gets its id at once (the ledger's next: an INTEGER PRIMARY
** KEY takes the largest plus one, and nobody else writes inside the
** import's transaction; checked after every write).  Whatever reads the
** ledger (the duplicate look-up, a return's sale) writes the batch first,
** so that it sees every row before.  Every row queued has passed the
** checks of the ledger's constraints (kind and sign, a return's sale),
** so that a write can't be refused: one that is stops the program, and
** the import's transaction is never committed.
*/
#define BATCH_MAX 64

struct crm_sale_batch {
	crm_store *s;
	crm_stmt *st[7];        /* INSERTs of 64, 32, ... 1 rows */
	struct ledger_row row[BATCH_MAX];
	struct {                /* where row's texts are in text (or -1) */
		ptrdiff_t date, product, qty, ref, rep, due, now;
	} at[BATCH_MAX];
	int n;
	struct crm_buf text;
	int64_t next_id;        /* the id of the next row queued */
};

struct crm_sale_batch *
crm_sale_batch_new(crm_store *s)
{
	struct crm_sale_batch *b = crm_xcalloc(1, sizeof *b);
	crm_stmt *st = crm_sql_prepare(s, "SELECT coalesce(max(id), 0) FROM sales");

	b->s = s;
	if (crm_sql_step(s, st) == CRM_ROW)
		b->next_id = crm_col_int(st, 0) + 1;
	crm_sql_finalize(st);
	return b;
}

static ptrdiff_t
batch_text(struct crm_sale_batch *b, const char *v)
{
	ptrdiff_t at;

	if (!v)
		return -1;
	at = (ptrdiff_t)b->text.len;
	crm_buf_add(&b->text, v, strlen(v) + 1);
	return at;
}

static const char *
batch_at(const struct crm_sale_batch *b, ptrdiff_t at)
{
	return at < 0 ? NULL : b->text.s + at;
}

/* Write the rows queued, with as few statements as their count's bits. */
void
crm_sale_batch_flush(struct crm_sale_batch *b)
{
	crm_store *s;
	int done = 0, i, k;

	if (!b || !b->n)
		return;
	s = b->s;
	for (i = 0; i < b->n; i++) {
		struct ledger_row *r = &b->row[i];

		r->date = batch_at(b, b->at[i].date);
		r->product = batch_at(b, b->at[i].product);
		r->qty = batch_at(b, b->at[i].qty);
		r->ref = batch_at(b, b->at[i].ref);
		r->rep = batch_at(b, b->at[i].rep);
		r->due = batch_at(b, b->at[i].due);
		r->now = batch_at(b, b->at[i].now);
	}
	for (k = 0; k < 7; k++) {
		int rows = BATCH_MAX >> k;

		while (b->n - done >= rows) {
			crm_stmt *st = b->st[k];

			if (!st) {
				struct crm_buf sql = { 0 };

				crm_buf_adds(&sql, LEDGER_INSERT);
				for (i = 0; i < rows; i++)
					crm_buf_adds(&sql, i ? "," LEDGER_VALUES : LEDGER_VALUES);
				st = b->st[k] = crm_sql_prepare(s, sql.s);
				crm_buf_free(&sql);
			}
			for (i = 0; i < rows; i++)
				bind_row(s, st, i * LEDGER_NPARAMS, &b->row[done + i]);
			if (crm_sql_step(s, st) != CRM_DONE)
				crm_die(CRM_EX_SOFTWARE, "the ledger refused rows an import"
				    " had checked: %s", crm_store_errmsg(s));
			crm_sql_reset(st);
			done += rows;
		}
	}
	if (crm_sql_last_id(s) != b->next_id - 1)
		crm_die(CRM_EX_SOFTWARE, "ledger rows got ids other than expected");
	b->n = 0;
	crm_buf_reset(&b->text);
}

void
crm_sale_batch_free(struct crm_sale_batch *b)
{
	int k;

	if (!b)
		return;
	for (k = 0; k < 7; k++)
		if (b->st[k])
			crm_sql_finalize(b->st[k]);
	crm_buf_free(&b->text);
	free(b);
}

static int64_t
batch_add(struct crm_sale_batch *b, const struct ledger_row *r)
{
	int i;

	if (b->n == BATCH_MAX)
		crm_sale_batch_flush(b);
	i = b->n++;
	b->row[i] = *r;
	b->at[i].date = batch_text(b, r->date);
	b->at[i].product = batch_text(b, r->product);
	b->at[i].qty = batch_text(b, r->qty);
	b->at[i].ref = batch_text(b, r->ref);
	b->at[i].rep = batch_text(b, r->rep);
	b->at[i].due = batch_text(b, r->due);
	b->at[i].now = batch_text(b, r->now);
	return b->next_id++;
}

/* Insert one ledger row (or queue it in v->batch); returns its id,
** -(the id of the row it duplicates) with v->dedupe, or 0 with err set
** when the store refused it. */
static int64_t
insert(crm_store *s, const struct crm_sale *v, const char *qty, int64_t amount,
    const char *rep, const char *due, int64_t sale_id, const char *now,
    struct crm_buf *err)
{
	struct ledger_row r = {
		.customer_id = v->customer_id, .unit_price = v->unit_price,
		.amount = amount, .cost = v->cost, .sale_id = sale_id,
		.date = v->date, .kind = kind_names[v->kind], .product = v->product,
		.qty = qty, .ref = v->ref, .rep = rep, .due = due, .now = now,
	};
	int64_t dup = duplicate(s, v, qty, amount);
	crm_stmt *st;

	if (dup) {
		crm_buf_printf(err, "duplicate of ledger row %lld (same customer, ref,"
		    " kind, product, qty and amount)", (long long)dup);
		return -dup;
	}
	if (v->batch)
		return batch_add(v->batch, &r);
	st = crm_sql_cached(s, LEDGER_INSERT LEDGER_VALUES);
	bind_row(s, st, 0, &r);
	if (crm_sql_step(s, st) != CRM_DONE) {
		crm_buf_adds(err, crm_store_errmsg(s));
		return 0;
	}
	crm_sql_reset(st);
	return crm_sql_last_id(s);
}

/* A sale: amount from qty x price when not given, else within a fen of
** it; rep and due date by default. */
static int64_t
add_sale(crm_store *s, const struct crm_sale *v, const char *now, struct crm_buf *err)
{
	int64_t amount = v->amount, id;
	char *rep = NULL, due[11], *terms;
	struct crm_date d;
	long days;

	if (!v->qty || qty_milli(v->qty) <= 0) {
		crm_buf_adds(err, v->qty ? "qty must be more than 0" : "qty is required");
		return 0;
	}
	if (v->unit_price < 0 && amount < 0) {
		crm_buf_adds(err, "give the unit price or the amount");
		return 0;
	}
	if (v->unit_price >= 0) {
		int64_t product = times_qty(v->unit_price, v->qty);
		char a[32], q[32];

		if (amount < 0) {
			amount = product;
		} else if (llabs(amount - product) > 1) {
			crm_money_format(amount, a);
			crm_money_format(product, q);
			crm_buf_printf(err, "amount %s is not qty x unit_price (%s)", a, q);
			return 0;
		}
	}
	if (!v->rep && !v->owner_known)
		rep = crm_customer_owner(s, v->customer_id);
	if (v->due[0]) {
		memcpy(due, v->due, sizeof due);
	} else {
		if (v->terms >= 0) {
			days = v->terms;
		} else if ((days = crm_credit_terms(s, v->customer_id)) < 0) {
			/* the customer's own terms (crm-credit set), else the default */
			terms = crm_config_get(s, "credit.terms_days");
			days = strtol(terms, NULL, 10);
			free(terms);
		}
		crm_date_parse(v->date, &d);
		crm_date_format(crm_date_from_days(crm_date_days(d) + days), due);
	}
	id = insert(s, v, v->qty, amount, v->rep ? v->rep : rep, due, 0, now, err);
	free(rep);
	return id;
}

/* A return of (part of) the customer's sale with v->ref (and
** v->product): never more than what is left of it, in qty and amount. */
static int64_t
add_return(crm_store *s, const struct crm_sale *v, const char *now, struct crm_buf *err)
{
	crm_stmt *st;
	int64_t sale = 0, sale_amount = 0, price = -1, back_amount = 0, amount, id;
	char *sale_qty = NULL, *rep = NULL, *product = NULL, *qty = NULL;
	int64_t sale_m, back_m = 0, left_m;
	struct crm_buf products = { 0 };
	struct crm_sale r = *v;
	int n = 0;

	if (!v->ref) {
		crm_buf_adds(err, "a return needs the ref (invoice) of its sale");
		return 0;
	}
	crm_sale_batch_flush(v->batch);
	/* cached: an import may hold many returns */
	st = crm_sql_cached(s, "SELECT id, qty, unit_price, amount, rep, product"
	    " FROM sales WHERE ref = ? AND customer_id = ? AND kind = 'sale'"
	    " AND voided_at IS NULL AND (? IS NULL OR product = ?) ORDER BY id");
	crm_bind_text(st, 1, v->ref);
	crm_bind_int(st, 2, v->customer_id);
	crm_bind_text(st, 3, v->product);
	crm_bind_text(st, 4, v->product);
	while (crm_sql_step(s, st) == CRM_ROW) {
		if (n++ == 0) {
			sale = crm_col_int(st, 0);
			sale_qty = crm_col_null(st, 1) ? NULL : crm_xstrdup(crm_col_text(st, 1));
			price = crm_col_null(st, 2) ? -1 : crm_col_int(st, 2);
			sale_amount = crm_col_int(st, 3);
			rep = crm_col_null(st, 4) ? NULL : crm_xstrdup(crm_col_text(st, 4));
			product = crm_col_null(st, 5) ? NULL : crm_xstrdup(crm_col_text(st, 5));
		}
		crm_buf_printf(&products, "%s%s", products.len ? ", " : "",
		    crm_col_null(st, 5) ? "(none)" : crm_col_text(st, 5));
	}
	crm_sql_reset(st);
	if (n != 1) {
		if (n == 0 && v->product)
			crm_buf_printf(err, "no sale of '%s' with ref '%s' for this customer",
			    v->product, v->ref);
		else if (n == 0)
			crm_buf_printf(err, "no sale with ref '%s' for this customer", v->ref);
		else
			crm_buf_printf(err, "ref '%s' has %d sales (%s): give the product",
			    v->ref, n, products.s);
		id = 0;
		goto out;
	}
	/* what earlier returns took back, in thousandths of the qty */
	st = crm_sql_cached(s, "SELECT coalesce(sum(CAST(round(-qty * 1000) AS INTEGER)), 0),"
	    " coalesce(sum(-amount), 0) FROM sales WHERE sale_id = ? AND voided_at IS NULL");
	crm_bind_int(st, 1, sale);
	if (crm_sql_step(s, st) == CRM_ROW) {
		back_m = crm_col_int(st, 0);
		back_amount = crm_col_int(st, 1);
	}
	crm_sql_reset(st);
	sale_m = sale_qty ? qty_milli(sale_qty) : 0;
	left_m = sale_m - back_m;
	amount = v->amount;
	if (v->qty) {
		int64_t q = qty_milli(v->qty);

		if (q <= 0) {
			crm_buf_adds(err, "qty must be more than 0");
			id = 0;
			goto out;
		}
		if (amount < 0 && sale_m > 0)
			amount = price >= 0 ? times_qty(price, v->qty) : (int64_t)
			    (((__int128)sale_amount * q * 2 + sale_m) / (2 * (__int128)sale_m));
		qty = crm_xasprintf("-%s", v->qty);
	} else if (amount < 0) {
		/* neither: all that is left */
		amount = sale_amount - back_amount;
		if (left_m > 0) {
			char left[32];

			qty = crm_xasprintf("-%s", milli_text(left_m, left));
		}
	}
	/* the same row imported again is a duplicate, not a return too many */
	if (amount > 0 && (id = duplicate(s, v, qty, -amount))) {
		crm_buf_printf(err, "duplicate of ledger row %lld (same customer, ref,"
		    " kind, product, qty and amount)", (long long)id);
		id = -id;
		goto out;
	}
	if (v->qty && (!sale_qty || qty_milli(v->qty) > left_m)) {
		char l[32], b[32];

		crm_buf_printf(err, "qty %s is more than the %s left of the sale"
		    " (%s sold, %s returned)", v->qty, milli_text(sale_qty ? left_m : 0, l),
		    sale_qty ? sale_qty : "none", milli_text(back_m, b));
		id = 0;
		goto out;
	}
	if (amount <= 0 || amount > sale_amount - back_amount) {
		char a[32], l[32];

		crm_money_format(amount, a);
		crm_money_format(sale_amount - back_amount, l);
		if (amount <= 0 && sale_amount - back_amount <= 0)
			crm_buf_printf(err, "the sale with ref '%s' is returned already", v->ref);
		else if (amount <= 0)
			crm_buf_adds(err, "amount must be more than 0");
		else
			crm_buf_printf(err, "amount %s is more than the %s left of the sale",
			    a, l);
		id = 0;
		goto out;
	}
	r.product = product;
	r.unit_price = price;
	id = insert(s, &r, qty, -amount, rep, NULL, sale, now, err);
out:
	free(sale_qty);
	free(rep);
	free(product);
	free(qty);
	crm_buf_free(&products);
	return id;
}

/* Record v in the ledger (sale, return or payment, inside the caller's
** transaction).  Returns the new row's id, or 0 with err saying why the
** row was refused; with v->dedupe, -(the id of the row it duplicates). */
int64_t
crm_sale_record(crm_store *s, const struct crm_sale *v, struct crm_buf *err)
{
	char *own = v->now ? NULL : crm_now();
	const char *now = v->now ? v->now : own;
	int64_t id = 0;

	switch (v->kind) {
	case CRM_KIND_SALE:
		id = add_sale(s, v, now, err);
		break;
	case CRM_KIND_RETURN:
		id = add_return(s, v, now, err);
		break;
	case CRM_KIND_PAYMENT:
		if (v->amount <= 0)
			crm_buf_adds(err, "a payment needs an amount more than 0");
		else
			id = insert(s, v, NULL, -v->amount, v->rep, NULL, 0, now, err);
		break;
	}
	free(own);
	return id;
}

/* Void ledger row id: kept with the reason and the actor, left out of
** every sum.  A sale with returns that still count is refused.  Returns
** 0, or -1 with err set. */
int
crm_sale_void(crm_store *s, int64_t id, const char *reason, struct crm_buf *err)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT voided_at, (SELECT count(*) FROM"
	    " sales r WHERE r.sale_id = sales.id AND r.voided_at IS NULL)"
	    " FROM sales WHERE id = ?");
	enum crm_step rc;
	int returns = 0;
	char *now;

	crm_bind_int(st, 1, id);
	rc = crm_sql_step(s, st);
	if (rc == CRM_ROW && !crm_col_null(st, 0))
		crm_buf_printf(err, "ledger row %lld is voided already (%s)",
		    (long long)id, crm_col_text(st, 0));
	else if (rc == CRM_ROW)
		returns = (int)crm_col_int(st, 1);
	else
		crm_buf_printf(err, "there is no ledger row %lld", (long long)id);
	crm_sql_finalize(st);
	if (!err->len && returns)
		crm_buf_printf(err, "sale %lld has %d return%s: void %s first",
		    (long long)id, returns, returns > 1 ? "s" : "", returns > 1 ? "them" : "it");
	if (err->len)
		return -1;
	now = crm_now();
	st = crm_sql_prepare(s, "UPDATE sales SET voided_at = ?, voided_by = ?,"
	    " void_reason = ? WHERE id = ?");
	crm_bind_text(st, 1, now);
	crm_bind_text(st, 2, crm_store_actor(s));
	crm_bind_text(st, 3, reason);
	crm_bind_int(st, 4, id);
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, "void");
	crm_sql_finalize(st);
	free(now);
	return 0;
}

#define LIST_SELECT "SELECT s.id, s.customer_id, c.code, c.name, s.date, s.kind," \
	" s.product, s.qty, " MONEY("s.unit_price") ", " MONEY("s.amount") "," \
	" " MONEY("s.cost") ", s.ref, s.rep, s.due_date" \
	" FROM sales s JOIN customers c ON c.id = s.customer_id"

/* Ledger row id in the listing columns (crm_sale_cols). */
crm_rows *
crm_sale_get(crm_store *s, int64_t id)
{
	crm_stmt *st = crm_sql_prepare(s, LIST_SELECT " WHERE s.id = ?");

	crm_output_personal();
	crm_bind_int(st, 1, id);
	return crm_rows_new(s, st);
}

/* The rows that are not voided, matching every filter given (NULL or 0:
** any), by date then id. */
crm_rows *
crm_sale_list(crm_store *s, const struct crm_sale_filter *f)
{
	crm_stmt *st = crm_sql_preparef(s, LIST_SELECT " WHERE s.voided_at IS NULL"
	    " AND {}"
	    " AND (?2 IS NULL OR s.date >= ?2) AND (?3 IS NULL OR s.date <= ?3)"
	    " AND (?4 IS NULL OR s.product = ?4) AND (?5 IS NULL OR s.kind = ?5)"
	    " AND (?6 IS NULL OR s.rep = ?6)"
	    " ORDER BY s.date, s.id", CRM_SQL_KEY(f->customer_id, "s.customer_id", "?1"));

	crm_output_personal();
	crm_bind_int(st, 1, f->customer_id);
	crm_bind_text(st, 2, f->from[0] ? f->from : NULL);
	crm_bind_text(st, 3, f->to[0] ? f->to : NULL);
	crm_bind_text(st, 4, f->product);
	crm_bind_text(st, 5, f->kind >= 0 ? kind_names[f->kind] : NULL);
	crm_bind_text(st, 6, f->rep);
	return crm_rows_new(s, st);
}

const struct crm_col crm_target_cols[CRM_TARGET_NCOLS] = {
	{ "customer_id", CRM_COL_INT }, { "code", CRM_COL_TEXT },
	{ "name", CRM_COL_TEXT }, { "period", CRM_COL_TEXT },
	{ "start", CRM_COL_DATE }, { "end", CRM_COL_DATE },
	{ "target", CRM_COL_MONEY }, { "sales", CRM_COL_MONEY },
	{ "achieved", CRM_COL_RATIO },
};

/* An amount per customer (or, customer_id 0, per grade) and period, in
** table (sales_targets, expense_budgets: the same columns and keys): one
** per customer or grade and period, a second replaces the first. */
void
crm_period_amount_set(crm_store *s, const char *table, int64_t customer_id,
    const char *grade, const char *period, const char *from, const char *to,
    int64_t amount)
{
	crm_stmt *st = crm_sql_preparef(s, "INSERT INTO {}(customer_id, grade, period,"
	    " start_date, end_date, amount, set_at, set_by) VALUES ({}, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT ({}, start_date, end_date) DO UPDATE SET"
	    " period = excluded.period, amount = excluded.amount,"
	    " set_at = excluded.set_at, set_by = excluded.set_by", table,
	    customer_id ? "?1, NULL" : "NULL, ?2", customer_id ? "customer_id" : "grade");
	char *now = crm_now();

	if (customer_id)
		crm_bind_int(st, 1, customer_id);
	else
		crm_bind_text(st, 2, grade);
	crm_bind_text(st, 3, period);
	crm_bind_text(st, 4, from);
	crm_bind_text(st, 5, to);
	crm_bind_int(st, 6, amount);
	crm_bind_text(st, 7, now);
	crm_bind_text(st, 8, crm_store_actor(s));
	if (crm_sql_step(s, st) != CRM_DONE)
		crm_store_fail(s, table);
	crm_sql_finalize(st);
	free(now);
}

/* Set the sales target of customer_id (or, customer_id 0, of every
** customer of grade) for the period from..to, named period. */
void
crm_sale_target_set(crm_store *s, int64_t customer_id, const char *grade,
    const char *period, const char *from, const char *to, int64_t amount)
{
	crm_period_amount_set(s, "sales_targets", customer_id, grade, period, from, to, amount);
}

/* Every customer's target, its own or its grade's (when it has none of
** its own for that period), with its net sales in the period (sales and
** returns, not voided) and how much of the target they reach; only the
** period from..to when from is given, only customer_id or grade when
** given.  By start, customer. */
crm_rows *
crm_sale_targets(crm_store *s, const char *from, const char *to,
    int64_t customer_id, const char *grade)
{
	crm_stmt *st = crm_sql_prepare(s, "WITH t AS ("
	    CRM_SQL_TARGETS(", g.period, g.start_date, g.end_date, g.amount",
	    "c.status <> 'deleted' AND ?4 IS NULL",
	    "c.status <> 'deleted' AND (?4 IS NULL OR g.grade = ?4)") "),"
	    " n AS (SELECT t.*, (SELECT coalesce(sum(x.amount), 0) FROM sales x"
	    " WHERE x.customer_id = t.customer_id AND x.voided_at IS NULL"
	    " AND x.kind <> 'payment' AND x.date >= t.start_date AND x.date <= t.end_date)"
	    " AS net FROM t"
	    " WHERE (?1 IS NULL OR (t.start_date = ?1 AND t.end_date = ?2))"
	    " AND (?3 = 0 OR t.customer_id = ?3))"
	    " SELECT n.customer_id, c.code, c.name, n.period, n.start_date, n.end_date,"
	    " " MONEY("n.amount") ", " MONEY("n.net") ", " CRM_SQL_RATIO4("n.net", "n.amount")
	    " FROM n JOIN customers c ON c.id = n.customer_id"
	    " ORDER BY n.start_date, n.end_date, n.customer_id");

	crm_output_personal();
	crm_bind_text(st, 1, from);
	crm_bind_text(st, 2, to);
	crm_bind_int(st, 3, customer_id);
	crm_bind_text(st, 4, grade);
	return crm_rows_new(s, st);
}
