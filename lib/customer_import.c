/*
** customer_import.c — adding customers, one from the command line or many
** from CSV (crm-add --csv, crm-edit --csv): the first client of the import
** runner (import.c), which does everything imports share; here is only
** what is special about customers: the duplicate rules, codes, and the
** bulk path into an empty or small archive.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Decide what happens to one normalised customer: add it (with a code
** when its region is known), or deal with the duplicate it is.  Returns
** the outcome; *id is the customer added, updated or duplicated; err
** says why a row was rejected or what it duplicates. */
enum crm_outcome
crm_customer_add(struct crm_ctx *x, struct crm_customer *c,
    enum crm_dup_policy dup, struct crm_buf *err, int64_t *id)
{
	struct crm_buf why = { 0 };
	bool code_given_here = false;
	int64_t d;
	int changed;
	char *code;

	*id = 0;
	d = crm_customer_find_duplicate(x, c, 0, &why);
again:
	if (d == -2) {
		crm_buf_printf(err, "id '%s' matches no customer", c->v[CRM_F_ID]);
		goto rejected;
	}
	if (d == -1) {
		crm_buf_printf(err, "matches different customers (%s)", why.s);
		goto rejected;
	}
	if (d > 0) {
		*id = d;
		if (dup == CRM_DUP_SKIP) {
			crm_buf_printf(err, "duplicate of customer %lld (same %s)", (long long)d, why.s);
			crm_buf_free(&why);
			return CRM_DUPLICATE;
		}
		if (dup == CRM_DUP_REJECT) {
			crm_buf_printf(err, "duplicate of customer %lld (same %s)", (long long)d, why.s);
			goto rejected;
		}
		changed = crm_customer_update(x, d, c, false, err);
		crm_buf_free(&why);
		if (changed < 0)
			return CRM_REJECTED;
		return changed ? CRM_UPDATED : CRM_UNCHANGED;
	}
	if (x->assign_code && !c->v[CRM_F_CODE] && c->v[CRM_F_REGION]) {
		/* a full region files the customer without a code */
		if (!(code = crm_code_next(x, c->v[CRM_F_REGION], err)) && err->len)
			goto rejected;
		c->v[CRM_F_CODE] = code;
		code_given_here = code != NULL;
	}
	if (!(*id = crm_customer_insert(x, c))) {
		char *msg = crm_xstrdup(crm_store_errmsg(x->store));
		bool late = x->unique_late && !x->bulk;

		/* a mobile or e-mail taken: the duplicate the look-ups left to
		** the unique indexes (the code it was to get is not taken) */
		if (late) {
			x->unique_late = false;
			d = crm_customer_find_duplicate(x, c, 0, &why);
			x->unique_late = true;
		}
		if (late && d != 0) {
			if (code_given_here) {
				free(c->v[CRM_F_CODE]);
				c->v[CRM_F_CODE] = NULL;
				code_given_here = false;
			}
			free(msg);
			goto again;
		}
		crm_buf_adds(err, msg);
		free(msg);
		goto rejected;
	}
	crm_buf_free(&why);
	return CRM_ADDED;
rejected:
	crm_buf_free(&why);
	return CRM_REJECTED;
}

/* Change customer id: the fields given (non-NULL, raw as typed) are laid
** over the stored record, the result is validated as a whole and must not
** duplicate another customer, then stored with history.  Returns the
** number of fields changed, or -1 with err set. */
int
crm_customer_edit(struct crm_ctx *x, int64_t id, const struct crm_customer *given,
    struct crm_buf *err)
{
	struct crm_customer m = { 0 };
	struct crm_buf why = { 0 };
	int64_t d;
	int f, rc = -1, nerr;
	bool allow;

	if (!crm_customer_load(x, id, &m)) {
		crm_buf_printf(err, "customer %lld does not exist", (long long)id);
		return -1;
	}
	if (!strcmp(m.v[CRM_F_STATUS], "deleted")) {
		crm_buf_printf(err, "customer %lld is deleted", (long long)id);
		goto done;
	}
	for (f = 0; f < CRM_F_COUNT; f++)
		if (given->v[f] && crm_fields[f].input && f != CRM_F_ID) {
			free(m.v[f]);
			m.v[f] = crm_xstrdup(given->v[f]);
		}
	free(m.custom);
	m.custom = given->custom ? crm_xstrdup(given->custom) : NULL;
	/* the stored name passed the salutation rule, or was let through;
	** only a new name is checked again */
	allow = x->allow_salutation;
	if (!given->v[CRM_F_NAME])
		x->allow_salutation = true;
	nerr = crm_customer_normalise(x, &m, err);
	x->allow_salutation = allow;
	if (nerr > 0)
		goto done;
	if (m.v[CRM_F_PARENT] && crm_customer_is_ancestor(x->store, id, atoll(m.v[CRM_F_PARENT]))) {
		crm_buf_printf(err, "parent %s would make customer %lld its own parent",
		    m.v[CRM_F_PARENT], (long long)id);
		goto done;
	}
	d = crm_customer_find_duplicate(x, &m, id, &why);
	if (d > 0) {
		crm_buf_printf(err, "would duplicate customer %lld (same %s)", (long long)d, why.s);
		goto done;
	}
	if (d == -1) {
		crm_buf_printf(err, "would duplicate other customers (%s)", why.s);
		goto done;
	}
	rc = crm_customer_update(x, id, &m, true, err);
done:
	crm_buf_free(&why);
	crm_customer_clear(&m);
	return rc;
}

/* One row of crm-edit --csv: find the customer by the row's id, code or
** mobile and apply the row's non-empty fields. */
static enum crm_outcome
edit_row(struct crm_ctx *x, struct crm_customer *c, struct crm_buf *err, int64_t *id)
{
	static const char by_id[] = "SELECT id FROM customers WHERE id = ?";
	static const char by_code[] = "SELECT id FROM customers WHERE code = ?";
	static const char by_mobile[] = "SELECT id FROM customers WHERE mobile = ?"
	    " AND status <> 'deleted'";
	const char *sql = NULL, *key = NULL;
	char *norm = NULL;
	crm_stmt *st;
	int f, changed;

	for (f = 0; f < CRM_F_COUNT; f++)
		if (c->v[f] && !*c->v[f]) {
			free(c->v[f]);
			c->v[f] = NULL;
		}
	if (c->v[CRM_F_ID])
		sql = by_id, key = c->v[CRM_F_ID];
	else if (c->v[CRM_F_CODE])
		sql = by_code, key = c->v[CRM_F_CODE];
	else if (c->v[CRM_F_MOBILE] && !crm_valid_mobile(c->v[CRM_F_MOBILE], &norm))
		sql = by_mobile, key = norm;
	if (!sql) {
		crm_buf_adds(err, "the row has no id, code or mobile to find the customer by");
		free(norm);
		return CRM_REJECTED;
	}
	st = crm_sql_cached(x->store, sql);
	crm_bind_text(st, 1, key);
	*id = crm_sql_step(x->store, st) == CRM_ROW ? crm_col_int(st, 0) : 0;
	crm_sql_reset(st);
	if (!*id) {
		crm_buf_printf(err, "%s '%s' matches no customer", sql == by_id ? "id" :
		    sql == by_code ? "code" : "mobile", key);
		free(norm);
		return CRM_REJECTED;
	}
	free(norm);
	changed = crm_customer_edit(x, *id, c, err);
	if (changed < 0)
		return CRM_REJECTED;
	return changed ? CRM_UPDATED : CRM_UNCHANGED;
}

/* Build the customer of one row: mapped fields, and the unknown columns
** as a JSON object of custom fields.  An apostrophe that the CSV formula
** guard put before a value is taken off again (csvout.c). */
static void
row_customer(const struct crm_import_row *row, struct crm_customer *c,
    struct crm_buf *custom)
{
	const struct crm_import_columns *m = row->cols;
	const struct crm_record *rec = row->rec;
	size_t i;

	crm_customer_clear(c);
	crm_buf_reset(custom);
	for (i = 0; i < CRM_F_COUNT; i++) {
		const char *v = row->v[i];
		size_t n = row->len[i];

		if (!v)
			continue;
		if (n && v[0] == '\'' && crm_csv_needs_guard(v + 1, n - 1))
			v++, n--;
		c->v[i] = crm_xstrndup(v, n);
	}
	for (i = 0; i < m->n; i++) {
		if (m->field[i] == CRM_COLUMN_UNKNOWN && rec->len[i]) {
			const char *v = rec->f[i];
			size_t n = rec->len[i];

			if (v[0] == '\'' && crm_csv_needs_guard(v + 1, n - 1))
				v++, n--;
			crm_buf_addc(custom, custom->len ? ',' : '{');
			crm_json_string(custom, m->header[i], strlen(m->header[i]));
			crm_buf_addc(custom, ':');
			crm_json_string(custom, v, n);
		}
	}
	if (custom->len) {
		crm_buf_addc(custom, '}');
		c->custom = crm_xstrdup(custom->s);
	}
}

static const struct crm_col added_cols[] = {
	{ "id", CRM_COL_INT }, { "code", CRM_COL_TEXT }, { "name", CRM_COL_TEXT }, { "mobile", CRM_COL_TEXT },
	{ "region", CRM_COL_TEXT }, { "missing", CRM_COL_TEXT },
};

/* The listing of customers added or updated, as crm-add prints it. */
crm_out *
crm_customer_out_open(FILE *fp, const struct crm_opts *o)
{
	crm_output_personal();
	return crm_out_open(fp, o, added_cols, sizeof added_cols / sizeof added_cols[0]);
}

void
crm_customer_out_row(crm_out *out, const struct crm_customer *c)
{
	const char *vals[] = { c->v[CRM_F_ID], c->v[CRM_F_CODE], c->v[CRM_F_NAME],
	    c->v[CRM_F_MOBILE], c->v[CRM_F_REGION], c->v[CRM_F_MISSING] };

	crm_out_row(out, vals);
}

/*
** Bulk mode.  Into an empty archive, rows load fastest with the secondary
** indexes dropped and built again at the end (a sort instead of a random
** insert per row per index).  Duplicates are then found with a set of
** 32-bit fingerprints of each added row's mobile, e-mail and name+company,
** its bucket taken from other bits of the same 64-bit hash.  A row whose
** key is in the set -- a real duplicate, or rarely a false match -- is
** deferred (the runner hands it back) and handled exactly, through the
** indexes, once they are built.  The set grows by rescanning the loaded
** rows; past KEYSET_MAX slots the indexes are built at once and the import
** goes on the ordinary way, so memory stays bounded whatever the input
** size.
*/
#define KEYSET_MAX (1u << 23)

struct keyset {
	uint32_t *slot;      /* fingerprints, 0 = empty */
	size_t size;         /* power of two */
	size_t n;            /* fingerprints stored */
};

static uint64_t
hash_key(char kind, const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (unsigned char)kind;
	const unsigned char *p;

	for (p = (const unsigned char *)a; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	if (b) {
		h = (h ^ 0xff) * 0x100000001b3ULL;
		for (p = (const unsigned char *)b; *p; p++)
			h = (h ^ *p) * 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Look up h; when add is set and h is absent, store it.  True on a hit. */
static bool
keyset_probe(struct keyset *k, uint64_t h, bool add)
{
	uint32_t fp = (uint32_t)h ? (uint32_t)h : 1;
	size_t i = (size_t)(h >> 32) & (k->size - 1);

	while (k->slot[i]) {
		if (k->slot[i] == fp)
			return true;
		i = (i + 1) & (k->size - 1);
	}
	if (add) {
		k->slot[i] = fp;
		k->n++;
	}
	return false;
}

/* The keys of a customer: code, mobile, e-mail, name+company. */
static int
customer_keys(const char *code, const char *mobile, const char *email,
    const char *name, const char *company, uint64_t h[4])
{
	int n = 0;

	if (code)
		h[n++] = hash_key('c', code, NULL);
	if (mobile)
		h[n++] = hash_key('m', mobile, NULL);
	if (email)
		h[n++] = hash_key('e', email, NULL);
	if (name && company)
		h[n++] = hash_key('n', name, company);
	return n;
}

/* The state of one customer import. */
struct cimp {
	const struct crm_customer_import *ci;
	crm_store *s;
	struct crm_ctx x;
	struct crm_customer c;
	struct crm_buf custom;
	uint32_t *lines;        /* input line of each customer added, by id */
	size_t nlines, caplines;
	int64_t first_id;       /* id of the first customer this import adds */
	struct keyset keys;     /* bulk mode: fingerprints of added rows */
	long long count;        /* customers before, as far as counted */
	size_t slots;           /* bulk mode's fingerprint slots, 0: none */
	bool own_serials;       /* the serial trigger dropped: the import
	                        ** raises region_serials itself */
};

/* Leave bulk mode: build the indexes now, forget the fingerprints. */
static void
end_bulk(struct cimp *r)
{
	if (!r->x.bulk)
		return;
	free(r->keys.slot);
	r->keys.slot = NULL;
	crm_store_tune(r->s, CRM_TUNE_INDEX);
	crm_schema_bulk_indexes(r->s, CRM_BULK_CUSTOMERS, true);
	crm_store_tune(r->s, CRM_TUNE_BULK);
	r->x.bulk = false;
}

/* (Re)build the fingerprint set with size slots from the customers in
** the store: those there before the import and those it has added.
** Returns false, the set freed, when they fill more than four fifths of
** it (another program added customers since they were counted). */
static bool
keyset_fill(struct cimp *r, size_t size)
{
	crm_stmt *st;
	uint64_t h[4];
	int i, n;

	free(r->keys.slot);
	r->keys.slot = crm_xcalloc(size, sizeof *r->keys.slot);
	r->keys.size = size;
	r->keys.n = 0;
	/* every code, also a deleted customer's: a code is never given twice */
	st = crm_sql_prepare(r->s, "SELECT code, CASE WHEN status <> 'deleted' THEN"
	    " mobile END, CASE WHEN status <> 'deleted' THEN email END, name,"
	    " CASE WHEN status <> 'deleted' THEN company END FROM customers");
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		n = customer_keys(crm_col_text(st, 0), crm_col_text(st, 1),
		    crm_col_text(st, 2), crm_col_text(st, 3), crm_col_text(st, 4), h);
		for (i = 0; i < n; i++)
			keyset_probe(&r->keys, h[i], true);
		if (r->keys.n * 5 > size * 4) {
			crm_sql_finalize(st);
			free(r->keys.slot);
			r->keys.slot = NULL;
			return false;
		}
	}
	crm_sql_finalize(st);
	return true;
}

static void
remember_line(struct cimp *r, int64_t id, long line)
{
	size_t at = (size_t)(id - r->first_id);

	if (id < r->first_id || at >= (1u << 26))
		return;
	if (at >= r->caplines) {
		r->caplines = r->caplines ? r->caplines * 2 : 1024;
		while (at >= r->caplines)
			r->caplines *= 2;
		r->lines = crm_xrealloc(r->lines, r->caplines * sizeof *r->lines);
	}
	while (r->nlines <= at)
		r->lines[r->nlines++] = 0;
	r->lines[at] = (uint32_t)line;
}

/* The row handler: add, update, skip or reject the row's customer, or
** (bulk mode) defer it when one of its keys may be taken. */
static enum crm_outcome
customer_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
{
	struct cimp *r = ctx;
	const struct crm_customer_import *ci = r->ci;
	struct crm_customer *c = &r->c;
	enum crm_outcome out;
	int64_t id = 0;
	uint64_t h[4];
	int i, n;

	row_customer(row, c, &r->custom);
	if (ci->edit) {
		out = edit_row(&r->x, c, err, &id);
	} else if (crm_customer_normalise(&r->x, c, err) > 0) {
		out = CRM_REJECTED;
	} else if (r->x.bulk) {
		/* the codes this import gives are new by construction and
		** need no fingerprint; a code the file gives is checked
		** against the store's and those given so far */
		const char *given = c->v[CRM_F_CODE];

		n = customer_keys(given, c->v[CRM_F_MOBILE], c->v[CRM_F_EMAIL],
		    c->v[CRM_F_NAME], c->v[CRM_F_COMPANY], h);
		if (given && crm_code_maybe_given(&r->x, given))
			return CRM_DEFERRED;
		for (i = 0; i < n; i++)
			if (keyset_probe(&r->keys, h[i], false))
				return CRM_DEFERRED;
		out = crm_customer_add(&r->x, c, ci->dup, err, &id);
		if (out == CRM_ADDED) {
			for (i = 0; i < n; i++)
				keyset_probe(&r->keys, h[i], true);
			if (r->keys.n * 5 > r->keys.size * 4) {
				/* double the set, or leave bulk mode when too big */
				if (r->keys.size * 2 > KEYSET_MAX ||
				    !keyset_fill(r, r->keys.size * 2))
					end_bulk(r);
			}
		}
	} else {
		out = crm_customer_add(&r->x, c, ci->dup, err, &id);
	}
	if ((out == CRM_REJECTED || out == CRM_DUPLICATE) && id >= r->first_id &&
	    (size_t)(id - r->first_id) < r->nlines && r->lines[id - r->first_id] &&
	    strstr(err->s, "duplicate of customer")) {
		/* a duplicate of an earlier row: name that row's line */
		char *why = strchr(err->s, '(');
		char *msg = crm_xasprintf("duplicate of line %lu %s",
		    (unsigned long)r->lines[id - r->first_id], why ? why : "");

		crm_buf_reset(err);
		crm_buf_adds(err, msg);
		free(msg);
	}
	if (out == CRM_ADDED) {
		remember_line(r, id, row->line);
		if (row->out)
			crm_customer_out_row(row->out, c);
	} else if (out == CRM_UPDATED && row->out && crm_customer_load(&r->x, id, c)) {
		crm_customer_out_row(row->out, c);
	}
	return out;
}

/* The file must give the field customers are found or named by. */
static int
customer_header(void *ctx, const struct crm_import_columns *cols, struct crm_buf *err)
{
	struct cimp *r = ctx;

	if (r->ci->edit && cols->column[CRM_F_ID] < 0 && cols->column[CRM_F_CODE] < 0 &&
	    cols->column[CRM_F_MOBILE] < 0) {
		crm_buf_adds(err, "no id, code or mobile column to find customers by");
		return -1;
	}
	if (!r->ci->edit && cols->column[CRM_F_NAME] < 0) {
		crm_buf_adds(err, "no name column (name, 姓名 or 客户名称; or use --map)");
		return -1;
	}
	return 0;
}

/* Bulk mode when the input is large against the archive (the estimate
** takes 180 bytes a row) and the fingerprints would fit, unless the
** caller asked for rows one by one (--no-bulk); decided before the
** transaction, which an import one row at a time runs tuned for. */
static void
customer_prepare(void *ctx, long long bytes)
{
	struct cimp *r = ctx;
	crm_stmt *st;

	if (r->ci->edit || r->ci->no_bulk) {
		crm_store_tune(r->s, CRM_TUNE_ROWS);
		return;
	}
	/* how many customers, counted only as far as the choice needs: a
	** count(*) of a big archive reads all of an index */
	st = crm_sql_prepare(r->s, "SELECT count(*) FROM (SELECT 1 FROM customers LIMIT ?) AS c");
	crm_bind_int(st, 1, bytes / 180 * 4 + 4);
	if (crm_sql_step(r->s, st) == CRM_ROW)
		r->count = crm_col_int(st, 0);
	crm_sql_finalize(st);
	if (r->count < bytes / 180 * 4 + 4) {
		long long keys = bytes / 180 * 3 + r->count * 4;

		r->slots = 1u << 16;
		while (r->slots < KEYSET_MAX && keys > (long long)(r->slots / 5 * 4))
			r->slots *= 2;
		if (keys > (long long)(r->slots / 5 * 4))
			r->slots = 0;
	}
	if (!r->slots)
		crm_store_tune(r->s, CRM_TUNE_ROWS);
}

static void
customer_begin(void *ctx, long long bytes)
{
	struct cimp *r = ctx;
	crm_stmt *st;

	st = crm_sql_prepare(r->s, "SELECT coalesce(max(id), 0) FROM customers");
	if (crm_sql_step(r->s, st) == CRM_ROW)
		r->first_id = crm_col_int(st, 0) + 1;
	crm_sql_finalize(st);
	/* The trigger that raises region_serials on every insert makes
	** SQLite keep a statement journal for each (a trigger and a check
	** that may abort): two fifths of the instructions of a monthly
	** import.  The serials are in memory anyway (code.c); the import
	** writes them back once, and the write lock keeps others out. */
	if (!r->ci->edit) {
		crm_schema_serial_trigger(r->s, false);
		r->own_serials = true;
	}
	if (r->slots && keyset_fill(r, r->slots)) {
		crm_schema_bulk_indexes(r->s, CRM_BULK_CUSTOMERS, false);
		r->x.bulk = true;
	}
}

static void
customer_end_pass(void *ctx)
{
	struct cimp *r = ctx;

	end_bulk(r);
	if (r->own_serials) {
		crm_code_flush(&r->x);
		crm_schema_serial_trigger(r->s, true);
		r->own_serials = false;
	}
}

/* ", 599,001 without a code (region 110105 has used all 999 ...)" */
static void
customer_summary(void *ctx, struct crm_buf *b)
{
	struct cimp *r = ctx;
	long long nocode = 0;
	char n[32];
	size_t i;

	if (!r->x.nfull)
		return;
	for (i = 0; i < r->x.nfull; i++)
		nocode += r->x.full[i].customers;
	crm_group_digits(n, sizeof n, nocode);
	crm_buf_printf(b, ", %s without a code (", n);
	crm_code_full_describe(&r->x, b);
	crm_buf_addc(b, ')');
}

/* What crm-add --csv and crm-edit --csv run: open the store (crm-edit
** never creates one) and import.  Returns the exit status. */
int
crm_customer_import_run(struct crm_opts *o, const struct crm_customer_import *ci)
{
	struct crm_importer imp = {
		.what = "customers", .fields = crm_fields, .nfields = CRM_F_COUNT,
		.keeps_unknown = true, .cols = added_cols,
		.ncols = sizeof added_cols / sizeof added_cols[0],
		.show = ci->edit ? CRM_SHOW_UPDATED | CRM_SHOW_UNCHANGED :
		    CRM_SHOW_ADDED | CRM_SHOW_DUPLICATES |
		    (ci->dup == CRM_DUP_UPDATE ? CRM_SHOW_UPDATED : 0),
		.personal = true,
		.audit = ci->edit ? "edit" : "import",
		.row = customer_row, .header = customer_header,
		.prepare = customer_prepare, .begin = customer_begin, .end_pass = customer_end_pass,
		.summary = customer_summary,
	};
	struct crm_import_result res;
	struct cimp r = { .ci = ci };
	int status;

	r.s = crm_import_store(o, &ci->io, ci->edit ? CRM_STORE_READ : CRM_STORE_WRITE);
	crm_ctx_init(&r.x, r.s);
	r.x.allow_salutation = ci->allow_salutation;
	r.x.assign_code = !ci->no_code;
	r.x.utf8_checked = true;
	r.x.unique_late = !ci->edit;
	status = crm_import(r.s, o, &ci->io, &imp, &r, &res);
	crm_customer_clear(&r.c);
	crm_ctx_free(&r.x);
	crm_buf_free(&r.custom);
	free(r.keys.slot);
	free(r.lines);
	free(res.rejects_path);
	crm_store_close(r.s);
	return status;
}
