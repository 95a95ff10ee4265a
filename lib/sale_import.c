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

/* The refs in the ledger, as a Bloom filter of REF_BITS bits (8 MiB
** whatever the input): a row whose ref the filter has never seen
** duplicates no row, so its look-up is saved (the look-up is a tenth of
** an import).  Blocked: a ref's REF_PROBES bits are in one 64-bit word,
** one cache miss per test.  More refs than it holds well only make it
** answer "maybe" more often (some 8% at 10M refs), which costs the
** look-up as before.  It is used when the ledger is empty or small next
** to the input (its refs are read into it first); for a big ledger,
** reading its refs would cost more than it saves. */
#define REF_BITS (1u << 26)
#define REF_PROBES 3

static uint64_t
ref_hash(const char *ref)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *ref; ref++)
		h = (h ^ (unsigned char)*ref) * 0x100000001b3u;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9u;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

/* Add ref (set) or test it (!set: true when it may be in the ledger). */
static bool
ref_probe(uint64_t *bits, const char *ref, bool set)
{
	uint64_t h = ref_hash(ref), mask = 0;
	uint64_t *w = &bits[(uint32_t)h & (REF_BITS / 64 - 1)];
	int k;

	for (k = 0; k < REF_PROBES; k++)
		mask |= (uint64_t)1 << ((h >> (32 + 6 * k)) & 63);
	if (set)
		*w |= mask;
	return (*w & mask) == mask;
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
	char *last_ref;        /* the customer reference of the row before */
	int64_t last_id;       /* and its customer, 0 when it matched none */
	char *last_err;        /* and why */
	char *last_owner;      /* and its owner, the default rep */
	int last_terms;        /* and its own credit terms, or -1 */
	char *now;             /* created_at of every row */
	int terms;             /* credit.terms_days */
	uint64_t *refs;        /* the Bloom filter of the ledger's refs, or NULL */
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

static enum crm_outcome
sale_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct simp *r = ctx;
	struct crm_sale v = { .unit_price = -1, .amount = -1, .cost = -1 };
	const char *ref = row->v[S_CUSTOMER], *msg;
	char *qty = NULL;
	int64_t id, amount, price, cost;
	bool negative = false, neg_amount, neg_price, neg_cost;
	int kind = CRM_KIND_SALE;

	/* the customer: exports are grouped by customer, so remember one */
	if (!ref || !*ref) {
		crm_buf_adds(err, "customer is required");
		return CRM_REJECTED;
	}
	if (!r->last_ref || strcmp(r->last_ref, ref)) {
		struct crm_buf why = { 0 };

		free(r->last_ref);
		free(r->last_err);
		free(r->last_owner);
		r->last_ref = crm_xstrdup(ref);
		r->last_id = crm_customer_resolve(r->s, ref, &why);
		r->last_err = why.s ? why.s : crm_xstrdup("");
		r->last_owner = r->last_id ? crm_sale_default_rep(r->s, r->last_id) : NULL;
		r->last_terms = r->last_id ? crm_credit_terms(r->s, r->last_id) : -1;
	}
	if (!r->last_id) {
		crm_buf_printf(err, "customer '%s' %s", ref, r->last_err);
		return CRM_REJECTED;
	}
	v.customer_id = r->last_id;
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
	/* a ref the ledger has never held: no row to duplicate */
	v.dedupe = !r->refs || !v.ref || ref_probe(r->refs, v.ref, false);
	if (kind == CRM_KIND_PAYMENT && amount < 0) {
		crm_buf_adds(err, "a payment needs an amount");
		goto rejected;
	}
	id = crm_sale_record(r->s, &v, err);
	free(qty);
	if (id > 0 && r->refs && v.ref)
		ref_probe(r->refs, v.ref, true);
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
	long long held = 0;

	r->terms = (int)strtol(terms, NULL, 10);
	free(terms);
	free(r->now);
	r->now = crm_now();
	/* the Bloom filter of refs, when the ledger holds at most about
	** four times the rows of the input (some 40 bytes a row) */
	st = crm_sql_prepare(r->s, "SELECT coalesce(max(id), 0) FROM sales");
	if (crm_sql_step(r->s, st) == CRM_ROW)
		held = crm_col_int(st, 0);
	crm_sql_finalize(st);
	free(r->refs);
	r->refs = NULL;
	if (held && held > bytes / 10)
		return;
	r->refs = crm_xcalloc(REF_BITS / 64, sizeof *r->refs);
	if (!held)
		return;
	st = crm_sql_prepare(r->s, "SELECT ref FROM sales WHERE ref IS NOT NULL");
	while (crm_sql_step(r->s, st) == CRM_ROW)
		ref_probe(r->refs, crm_col_text(st, 0), true);
	crm_sql_finalize(st);
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
		.row = sale_row, .begin = sale_begin,
	};
	struct crm_import_result res;
	struct simp r = { .si = si };
	int status;

	r.s = crm_import_store(o, &si->io, CRM_STORE_WRITE);
	status = crm_import(r.s, o, &si->io, &imp, &r, &res);
	free(r.last_ref);
	free(r.last_err);
	free(r.last_owner);
	free(r.now);
	free(r.refs);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
