/*
** sale_import.c — crm-sale import: an ERP export of sales, returns and
** payments into the ledger, a client of the import runner (import.c),
** so that the nothing-lost rules of customer imports hold here too.
**
** What is special about the ledger: each row names its customer by a
** reference (code, mobile, id or name, SPEC 2); a sale row with a
** negative qty or amount is a return, as ERP exports write them; and the
** same export imported twice adds nothing, because a row whose customer,
** ref, kind, product, qty and amount equal a row of the ledger is a
** duplicate (rows without a ref are never duplicates).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
** The duplicate key's look-up (a tenth of an import) is saved where no
** row can match: the key includes the customer, so a customer without
** rows with a ref in the ledger before the import, met for the first
** time in it, can only repeat a ref of its own rows so far.  Those are
** remembered in a set of ref hashes kept for one customer at a time (a
** hash met twice only costs the look-up); a customer met again after
** others, which the bitmap of customers met tells, is looked up row by
** row, as is one the ledger held rows of.
*/
struct refset {
	uint64_t *h;            /* 0: empty */
	size_t size, n;         /* size a power of two */
};

static uint64_t
ref_hash(const char *ref)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *ref; ref++)
		h = (h ^ (unsigned char)*ref) * 0x100000001b3u;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
	h ^= h >> 31;
	return h ? h : 1;
}

/* Add ref's hash; true when it was there already. */
static bool
refset_add(struct refset *t, const char *ref)
{
	uint64_t h = ref_hash(ref);
	size_t i;

	if ((t->n + 1) * 2 > t->size) {
		struct refset big = { .size = t->size ? t->size * 2 : 64 };

		big.h = crm_xcalloc(big.size, sizeof *big.h);
		for (i = 0; i < t->size; i++)
			if (t->h[i]) {
				size_t j = t->h[i] & (big.size - 1);

				while (big.h[j])
					j = (j + 1) & (big.size - 1);
				big.h[j] = t->h[i];
			}
		big.n = t->n;
		free(t->h);
		*t = big;
	}
	for (i = h & (t->size - 1); t->h[i]; i = (i + 1) & (t->size - 1))
		if (t->h[i] == h)
			return true;
	t->h[i] = h;
	t->n++;
	return false;
}

static void
refset_clear(struct refset *t)
{
	if (t->size > 4096) {	/* a big customer's: give the memory back */
		free(t->h);
		*t = (struct refset){ 0 };
	} else if (t->n) {
		memset(t->h, 0, t->size * sizeof *t->h);
		t->n = 0;
	}
}

enum {
	S_CUSTOMER, S_DATE, S_PRODUCT, S_QTY, S_PRICE, S_AMOUNT, S_COST, S_REF,
	S_KIND, S_DUE, S_REP, S_COUNT
};

static const struct crm_field_info sale_fields[S_COUNT] = {
	[S_CUSTOMER] = { "customer", "客户|客户编码|客户编号|客户名称|客户姓名", true, CRM_COL_TEXT, true },
	[S_DATE] = { "date", "日期|销售日期|单据日期|交易日期", true, CRM_COL_DATE, true },
	[S_PRODUCT] = { "product", "产品|产品名称|商品|商品名称|品名", true, CRM_COL_TEXT, false },
	[S_QTY] = { "qty", "数量", true, CRM_COL_RATIO, false },
	[S_PRICE] = { "unit_price", "单价", true, CRM_COL_MONEY, false },
	[S_AMOUNT] = { "amount", "金额|销售额|销售金额", true, CRM_COL_MONEY, false },
	[S_COST] = { "cost", "成本", true, CRM_COL_MONEY, false },
	[S_REF] = { "ref", "单号|发票号|单据号|订单号|发票号码", true, CRM_COL_TEXT, false },
	[S_KIND] = { "kind", "类型|单据类型", true, CRM_COL_TEXT, false },
	[S_DUE] = { "due_date", "到期日|到期日期", true, CRM_COL_DATE, false },
	[S_REP] = { "rep", "业务员|接待人|订单人|销售员", true, CRM_COL_TEXT, false },
};

struct simp {
	const struct crm_sale_import *si;
	crm_store *s;
	struct crm_resolver *customers;
	int64_t last_id;       /* the customer of the row before */
	char *last_owner;      /* and its owner, the default rep */
	int last_terms;        /* and its own credit terms, or -1 */
	char *now;             /* created_at of every row */
	int terms;             /* credit.terms_days */
	int64_t held;          /* the ledger's last row id before the import */
	uint8_t *met;          /* bitmap of the customers met, by id */
	size_t nmet;           /* its bits */
	bool look_up;          /* the customer's rows need the duplicate look-up */
	struct crm_sale_batch *batch; /* the rows not written yet, or NULL
	                       ** (-v prints each row as written) */
	struct refset refs;    /* else the refs of its rows so far */
};

/* A money column: *fen its absolute value in fen (-1 when empty), *neg
** whether it was negative; false, with err set, when it is no amount. */
static bool
money_field(const struct crm_import_row *row, int f, int64_t *fen, bool *neg,
    struct crm_buf *err)
{
	const char *v = row->v[f];

	*fen = -1;
	*neg = false;
	if (!v || !*v)
		return true;
	if (*v == '-')
		*neg = true, v++;
	if (crm_money_parse(v, fen) < 0) {
		crm_buf_printf(err, "%s '%s' is not an amount in yuan", sale_fields[f].name,
		    row->v[f]);
		return false;
	}
	return true;
}

static bool
date_field(const struct crm_import_row *row, int f, char out[11], struct crm_buf *err)
{
	struct crm_date d;
	int rc;

	out[0] = '\0';
	if (!row->v[f] || !*row->v[f])
		return true;
	if ((rc = crm_date_parse(row->v[f], &d)) < 0) {
		crm_buf_printf(err, "%s '%s' %s", sale_fields[f].name, row->v[f],
		    rc == -2 ? "is not a real day" : "is not a date");
		return false;
	}
	crm_date_format(d, out);
	return true;
}

/* A new customer's rows begin: whether they need the look-up. */
static void
customer_met(struct simp *r, int64_t id)
{
	size_t bit = (size_t)id;

	refset_clear(&r->refs);
	if (bit >= r->nmet) {
		size_t n = r->nmet ? r->nmet : 1u << 16;

		while (n <= bit)
			n *= 2;
		r->met = crm_xrealloc(r->met, n / 8);
		memset(r->met + r->nmet / 8, 0, (n - r->nmet) / 8);
		r->nmet = n;
	}
	r->look_up = r->met[bit / 8] >> (bit % 8) & 1;
	r->met[bit / 8] |= (uint8_t)(1u << (bit % 8));
	if (!r->look_up && r->held)
		r->look_up = crm_sale_customer_has_refs(r->s, id);
}

static enum crm_outcome
sale_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct simp *r = ctx;
	struct crm_sale v = { .unit_price = -1, .amount = -1, .cost = -1 };
	const char *ref = row->v[S_CUSTOMER], *msg, *why;
	char *qty = NULL;
	int64_t id, amount, price, cost;
	bool negative = false, neg_amount, neg_price, neg_cost;
	int kind = CRM_KIND_SALE;

	/* the customer: exports are grouped by customer, so remember one */
	if (!ref || !*ref) {
		crm_buf_adds(err, "customer is required");
		return CRM_REJECTED;
	}
	if (!(id = crm_resolver_find(r->customers, ref, &why, NULL))) {
		crm_buf_printf(err, "customer '%s' %s", ref, why);
		return CRM_REJECTED;
	}
	if (id != r->last_id) {
		free(r->last_owner);
		r->last_id = id;
		r->last_owner = crm_resolver_owner(r->customers, id);
		r->last_terms = crm_credit_terms(r->s, id);
		customer_met(r, id);
	}
	v.customer_id = id;
	if (!row->v[S_DATE] || !*row->v[S_DATE]) {
		crm_buf_adds(err, "date is required");
		return CRM_REJECTED;
	}
	if (!date_field(row, S_DATE, v.date, err) || !date_field(row, S_DUE, v.due, err))
		return CRM_REJECTED;
	if (row->v[S_KIND] && *row->v[S_KIND] &&
	    (kind = crm_sale_kind_parse(row->v[S_KIND])) < 0) {
		crm_buf_printf(err, "kind '%s' is not sale, return or payment", row->v[S_KIND]);
		return CRM_REJECTED;
	}
	if (row->v[S_QTY] && *row->v[S_QTY]) {
		if ((msg = crm_qty_parse(row->v[S_QTY], &qty))) {
			crm_buf_printf(err, "qty '%s' %s", row->v[S_QTY], msg);
			return CRM_REJECTED;
		}
		if (*qty == '-') {
			negative = true;
			memmove(qty, qty + 1, strlen(qty));
		}
	}
	if (!money_field(row, S_AMOUNT, &amount, &neg_amount, err) ||
	    !money_field(row, S_PRICE, &price, &neg_price, err) ||
	    !money_field(row, S_COST, &cost, &neg_cost, err))
		goto rejected;
	if (neg_price || neg_cost) {
		crm_buf_adds(err, neg_price ? "unit_price must not be negative" :
		    "cost must not be negative");
		goto rejected;
	}
	negative |= neg_amount;
	/* a sale with a negative qty or amount is a return; a return's and
	** a payment's sign is theirs already */
	if (negative && kind == CRM_KIND_SALE)
		kind = CRM_KIND_RETURN;
	v.kind = (enum crm_sale_kind)kind;
	v.qty = qty;
	v.amount = amount;
	v.unit_price = kind == CRM_KIND_RETURN ? -1 : price;
	v.cost = cost;
	v.product = row->v[S_PRODUCT] && *row->v[S_PRODUCT] ? row->v[S_PRODUCT] : NULL;
	v.ref = row->v[S_REF] && *row->v[S_REF] ? row->v[S_REF] : NULL;
	v.rep = row->v[S_REP] && *row->v[S_REP] ? row->v[S_REP] :
	    kind == CRM_KIND_SALE ? r->last_owner : NULL;
	v.owner_known = true;
	v.now = r->now;
	v.terms = r->last_terms >= 0 ? r->last_terms : r->terms;
	v.dedupe = v.ref && (r->look_up || refset_add(&r->refs, v.ref));
	v.batch = r->batch;
	if (kind == CRM_KIND_PAYMENT && amount < 0) {
		crm_buf_adds(err, "a payment needs an amount");
		goto rejected;
	}
	id = crm_sale_record(r->s, &v, err);
	free(qty);
	if (id < 0)
		return r->si->dup == CRM_DUP_REJECT ? CRM_REJECTED : CRM_DUPLICATE;
	if (!id)
		return CRM_REJECTED;
	if (row->out)
		crm_out_rows(row->out, crm_sale_get(r->s, id));
	return CRM_ADDED;
rejected:
	free(qty);
	return CRM_REJECTED;
}

static void
sale_begin(void *ctx, long long bytes)
{
	struct simp *r = ctx;
	char *terms = crm_config_get(r->s, "credit.terms_days");
	crm_stmt *st;

	r->terms = (int)strtol(terms, NULL, 10);
	free(terms);
	crm_resolver_free(r->customers);
	r->customers = crm_resolver_new(r->s, bytes / 64);
	crm_sale_batch_free(r->batch);
	r->batch = r->si->verbose ? NULL : crm_sale_batch_new(r->s);
	r->last_id = 0;
	free(r->now);
	r->now = crm_now();
	/* (a second pass meets every customer afresh) */
	if (r->met)
		memset(r->met, 0, r->nmet / 8);
	st = crm_sql_prepare(r->s, "SELECT coalesce(max(id), 0) FROM sales");
	if (crm_sql_step(r->s, st) == CRM_ROW)
		r->held = crm_col_int(st, 0);
	crm_sql_finalize(st);
}

/* Before the transaction: a write of many rows keeps a statement
** journal, which must stay in memory (store.c). */
static void
sale_prepare(void *ctx, long long bytes)
{
	struct simp *r = ctx;

	crm_store_tune(r->s, CRM_TUNE_ROWS);
}

/* The last rows are written before the summary and the commit. */
static void
sale_end(void *ctx)
{
	struct simp *r = ctx;

	crm_sale_batch_flush(r->batch);
}

/* crm-sale import: open the store and import.  Returns the exit status. */
int
crm_sale_import_run(struct crm_opts *o, const struct crm_sale_import *si)
{
	struct crm_importer imp = {
		.what = "ledger rows", .fields = sale_fields, .nfields = S_COUNT,
		.cols = crm_sale_cols, .ncols = si->verbose ? CRM_SALE_NCOLS : 0,
		.show = CRM_SHOW_ADDED | CRM_SHOW_DUPLICATES,
		.personal = true, .audit = "import",
		.refs_checked = true,
		.row = sale_row, .prepare = sale_prepare, .begin = sale_begin, .end_pass = sale_end, .end = sale_end,
	};
	struct crm_import_result res;
	struct simp r = { .si = si };
	int status;

	r.s = crm_import_store(o, &si->io, CRM_STORE_WRITE);
	status = crm_import(r.s, o, &si->io, &imp, &r, &res);
	crm_sale_batch_free(r.batch);
	crm_resolver_free(r.customers);
	free(r.last_owner);
	free(r.now);
	free(r.met);
	free(r.refs.h);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
