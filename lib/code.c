/*
** code.c — permanent customer codes (客户编码管理规则, seed 000).
**
** A code is nine digits: the six digits of a region of the region table
** and a serial of three, 001 upwards in the order codes are given in that
** region.  region_serials keeps the last serial of each region, raised by
** triggers whenever a code is stored (schema.c), so that a serial is never
** given twice: not after a customer is deleted or erased, and not after an
** import brings codes of an old system.  Codes are given inside a write
** transaction, so two programs assigning at once wait for each other.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* What is wrong with code, or NULL when it is well-formed (and, with a
** region table r, its region is known). */
const char *
crm_code_problem(const crm_regions *r, const char *code)
{
	static char buf[96];
	size_t n = strlen(code);

	if (strspn(code, "0123456789") != n)
		return "has characters that are not digits";
	if (n != 9) {
		snprintf(buf, sizeof buf, "has %zu digits, not 9", n);
		return buf;
	}
	if (!strcmp(code + 6, "000"))
		return "has serial 000 (serials start at 001)";
	if (r) {
		char region[7];

		memcpy(region, code, 6);
		region[6] = '\0';
		if (!crm_regions_name(r, region)) {
			snprintf(buf, sizeof buf, "has region %s, which is not in the region table", region);
			return buf;
		}
	}
	return NULL;
}

/* Count one more customer of the full region in x's tally. */
static void
tally_full(struct crm_ctx *x, const char *region)
{
	size_t i;

	for (i = 0; i < x->nfull; i++)
		if (!strcmp(x->full[i].region, region)) {
			x->full[i].customers++;
			return;
		}
	x->full = crm_xrealloc(x->full, (x->nfull + 1) * sizeof *x->full);
	snprintf(x->full[x->nfull].region, sizeof x->full[0].region, "%s", region);
	x->full[x->nfull++].customers = 1;
}

/*
** The last serial of each region met in this run, read from
** region_serials once and raised in memory as codes are stored
** (crm_code_note), so that coding a row costs no query: the caller's
** write transaction keeps every other program out meanwhile.  A bulk
** import drops the trigger that raises region_serials per insert and
** writes the raised serials back once (crm_code_flush).
*/
struct serial {
	char region[7];      /* "" = empty slot */
	bool dirty;          /* raised since read or flushed */
	int first;           /* the last serial when read from the store */
	int last;
};
struct crm_serials {
	struct serial *slot;
	size_t size, n;      /* size a power of two */
};

static size_t
region_hash(const char *r)
{
	size_t h = 5381;

	while (*r)
		h = h * 33 + (unsigned char)*r++;
	return h;
}

static struct serial *
serial_find(struct crm_serials *t, const char *region)
{
	size_t i = region_hash(region) & (t->size - 1);

	while (t->slot[i].region[0] && strcmp(t->slot[i].region, region))
		i = (i + 1) & (t->size - 1);
	return &t->slot[i];
}

/* The serial entry of region, read from the store the first time. */
static struct serial *
serial_of(struct crm_ctx *x, const char *region)
{
	struct crm_serials *t = x->serials;
	struct serial *e;
	crm_stmt *st;

	if (!t) {
		t = x->serials = crm_xcalloc(1, sizeof *t);
		t->size = 1024;
		t->slot = crm_xcalloc(t->size, sizeof *t->slot);
	}
	e = serial_find(t, region);
	if (e->region[0])
		return e;
	if ((t->n + 1) * 2 > t->size) {
		struct serial *old = t->slot;
		size_t i, n = t->size;

		t->size *= 2;
		t->slot = crm_xcalloc(t->size, sizeof *t->slot);
		for (i = 0; i < n; i++)
			if (old[i].region[0])
				*serial_find(t, old[i].region) = old[i];
		free(old);
		e = serial_find(t, region);
	}
	snprintf(e->region, sizeof e->region, "%s", region);
	e->last = 0;
	e->dirty = false;
	t->n++;
	st = crm_sql_cached(x->store, "SELECT last FROM region_serials WHERE region = ?");
	crm_bind_text(st, 1, region);
	if (crm_sql_step(x->store, st) == CRM_ROW)
		e->last = (int)crm_col_int(st, 0);
	crm_sql_reset(st);
	e->first = e->last;
	return e;
}

/* True when code may have been stored in this run: its serial lies past
** the one its region had when the run began and not past the last one
** given since.  (A bulk import keeps no index of the codes it gives.) */
bool
crm_code_maybe_given(struct crm_ctx *x, const char *code)
{
	struct serial *e;
	char region[7];
	int serial;

	if (!x->serials || strlen(code) != 9)
		return false;
	memcpy(region, code, 6);
	region[6] = '\0';
	e = serial_find(x->serials, region);
	serial = atoi(code + 6);
	return e->region[0] && serial > e->first && serial <= e->last;
}

/* A code was stored (inserted, or set where there was none): its region's
** sequence moves past it. */
void
crm_code_note(struct crm_ctx *x, const char *code)
{
	char region[7];
	struct serial *e;
	int serial;

	if (!code || strlen(code) != 9)
		return;
	memcpy(region, code, 6);
	region[6] = '\0';
	serial = atoi(code + 6);
	e = serial_of(x, region);
	if (serial > e->last) {
		e->last = serial;
		e->dirty = true;
	}
}

/* Write the serials raised in memory back to region_serials (a bulk
** import, whose inserts did not fire the trigger). */
void
crm_code_flush(struct crm_ctx *x)
{
	struct crm_serials *t = x->serials;
	crm_stmt *st;
	size_t i;

	if (!t)
		return;
	st = crm_sql_prepare(x->store, "INSERT INTO region_serials(region, last)"
	    " VALUES (?, ?) ON CONFLICT(region) DO UPDATE SET last = CASE"
	    " WHEN excluded.last > region_serials.last THEN excluded.last"
	    " ELSE region_serials.last END");
	for (i = 0; i < t->size; i++) {
		if (!t->slot[i].region[0] || !t->slot[i].dirty)
			continue;
		crm_bind_text(st, 1, t->slot[i].region);
		crm_bind_int(st, 2, t->slot[i].last);
		if (crm_sql_step(x->store, st) != CRM_DONE)
			crm_store_fail(x->store, "region_serials");
		crm_sql_reset(st);
		t->slot[i].dirty = false;
	}
	crm_sql_finalize(st);
}

void
crm_code_serials_free(struct crm_ctx *x)
{
	if (!x->serials)
		return;
	free(x->serials->slot);
	free(x->serials);
	x->serials = NULL;
}

/* The next code of region: its six digits and the serial after the last
** one given there.  Returns a new string; or NULL with err set when the
** region is not in the table; or NULL with err untouched when the region
** has used all 999 serials (a full region, SPEC 3.2: the customer is
** filed without a code, and x->full counts it).  The serial is taken
** only once the caller stores the code (crm_code_note). */
char *
crm_code_next(struct crm_ctx *x, const char *region, struct crm_buf *err)
{
	struct serial *e;
	char *code;

	if (!crm_regions_name(x->regions, region)) {
		crm_buf_printf(err, "%sregion %s is not in the region table; no code given",
		    err->len ? "; " : "", region);
		return NULL;
	}
	e = serial_of(x, region);
	if (e->last >= 999) {
		tally_full(x, region);
		return NULL;
	}
	code = crm_xmalloc(10);
	memcpy(code, region, 6);
	code[6] = (char)('0' + (e->last + 1) / 100);
	code[7] = (char)('0' + (e->last + 1) / 10 % 10);
	code[8] = (char)('0' + (e->last + 1) % 10);
	code[9] = '\0';
	return code;
}

/* The advice for a full region, in every message that names one. */
const char crm_code_full_advice[] = "load a finer region table with crm-code regions --load";

/* Describe the full regions of x's tally into b: "region 110105 has used
** all 999 serials" or "regions 110105, 110108 have used ...", with the
** advice; nothing when there are none. */
void
crm_code_full_describe(const struct crm_ctx *x, struct crm_buf *b)
{
	size_t i;

	if (!x->nfull)
		return;
	crm_buf_adds(b, x->nfull > 1 ? "regions " : "region ");
	for (i = 0; i < x->nfull && i < 8; i++)
		crm_buf_printf(b, "%s%s", i ? ", " : "", x->full[i].region);
	if (x->nfull > 8)
		crm_buf_printf(b, " and %zu more", x->nfull - 8);
	crm_buf_printf(b, " %s used all 999 serials: %s",
	    x->nfull > 1 ? "have" : "has", crm_code_full_advice);
}

/* Give customer id (who has a region and no code) the next code of its
** region.  Returns the code (a new string), or NULL with err set. */
char *
crm_code_assign(struct crm_ctx *x, int64_t id, const char *region, struct crm_buf *err)
{
	crm_stmt *st;
	char *code = crm_code_next(x, region, err);

	if (!code && !err->len)
		crm_buf_printf(err, "region %s has used all 999 serials (%s)",
		    region, crm_code_full_advice);
	if (!code)
		return NULL;
	st = crm_sql_cached(x->store, "UPDATE customers SET code = ?1 WHERE id = ?2 AND code IS NULL");
	crm_bind_text(st, 1, code);
	crm_bind_int(st, 2, id);
	if (crm_sql_step(x->store, st) != CRM_DONE) {
		crm_buf_printf(err, "%s", crm_store_errmsg(x->store));
		free(code);
		return NULL;
	}
	crm_sql_reset(st);
	if (crm_sql_changes(x->store) == 0) {
		crm_buf_adds(err, "already has a code");
		free(code);
		return NULL;
	}
	crm_code_note(x, code);
	return code;
}

/* Give customer c (as loaded) the next code of its region, when it may
** have one.  Returns CRM_CODE_GIVEN with *code set (a new string), or
** CRM_CODE_HAD / CRM_CODE_FAILED with err set to a whole message naming
** the customer: it has a code already, is deleted, has no region, or its
** region cannot give one. */
enum crm_code_result
crm_code_assign_customer(struct crm_ctx *x, const struct crm_customer *c,
    char **code, struct crm_buf *err)
{
	const char *id = c->v[CRM_F_ID], *name = c->v[CRM_F_NAME];
	struct crm_buf why = { 0 };

	*code = NULL;
	crm_buf_reset(err);
	if (c->v[CRM_F_CODE]) {
		crm_buf_printf(err, "customer %s (%s) already has code %s", id, name, c->v[CRM_F_CODE]);
		return CRM_CODE_HAD;
	}
	if (!strcmp(c->v[CRM_F_STATUS], "deleted"))
		crm_buf_printf(err, "customer %s (%s) is deleted", id, name);
	else if (!c->v[CRM_F_REGION])
		crm_buf_printf(err, "customer %s (%s) has no region; set one with "
		    "crm-edit --region", id, name);
	else if (!(*code = crm_code_assign(x, atoll(id), c->v[CRM_F_REGION], &why)))
		crm_buf_printf(err, "customer %s (%s): %s", id, name, why.s);
	crm_buf_free(&why);
	return *code ? CRM_CODE_GIVEN : CRM_CODE_FAILED;
}

/* The parts of a code: region, serial, and the province, city and county
** names of its region (walking up the parent links: the top is the
** province, then city, then county).  Returns false when the region is
** not in the table; the names are owned by the table. */
bool
crm_code_places(const crm_regions *r, const char *region, const char *names[3])
{
	const char *chain[8];
	const char *at = region;
	int n = 0, i;

	names[0] = names[1] = names[2] = NULL;
	while (at && n < 8 && crm_regions_name(r, at)) {
		chain[n++] = at;
		at = crm_regions_parent(r, at);
	}
	if (n == 0)
		return false;
	for (i = 0; i < 3 && i < n; i++)
		names[i] = crm_regions_name(r, chain[n - 1 - i]);
	return true;
}

/*
** Coding every customer that has a region and no code is done as a set:
** a temporary plan numbers them region by region in id order after the
** region's last serial, one UPDATE gives the codes (the triggers raise
** region_serials), and the plan is read back for the listing.  Row by row
** from C it took twice as long.  The caller holds a write transaction.
*/
struct crm_code_plan {
	crm_store *s;
	crm_stmt *st;        /* reads the plan back */
	bool left;           /* st reads the regions left, not the coded */
	char code[16];       /* the code of the current row */
};

static const char plan_sql[] =
	"CREATE TEMP TABLE code_plan AS"
	" SELECT c.id AS id, c.region AS region, c.name AS name,"
	"  CASE WHEN g.code IS NULL THEN NULL ELSE coalesce(rs.last, 0)"
	"   + row_number() OVER (PARTITION BY c.region ORDER BY c.id) END AS serial"
	" FROM customers c LEFT JOIN region_serials rs ON rs.region = c.region"
	" LEFT JOIN regions g ON g.code = c.region"
	" WHERE c.code IS NULL AND c.region IS NOT NULL AND c.status <> 'deleted'";

/* Code every customer that can have one.  Returns the plan: read the
** customers coded with crm_code_plan_next(), then the regions that could
** not code everyone with crm_code_plan_left(). */
crm_code_plan *
crm_code_plan_all(crm_store *s)
{
	crm_code_plan *p = crm_xcalloc(1, sizeof *p);

	crm_output_personal();   /* the plan names the customers */
	p->s = s;
	/* room for the code index: codes go in region by region, scattered
	** over it, and a small cache would write its pages again and again */
	crm_store_tune(s, CRM_TUNE_BULK);
	crm_sql_exec(s, "DROP TABLE IF EXISTS temp.code_plan");
	crm_sql_exec(s, plan_sql);
	crm_sql_exec(s, "UPDATE customers SET code = p.region"
	    " || CASE WHEN p.serial < 10 THEN '00' WHEN p.serial < 100 THEN '0' ELSE '' END"
	    " || p.serial"
	    " FROM temp.code_plan p WHERE customers.id = p.id AND p.serial <= 999");
	p->st = crm_sql_prepare(s, "SELECT id, region, name, serial FROM temp.code_plan"
	    " WHERE serial <= 999 ORDER BY id");
	return p;
}

/* The next customer coded: v = id, code, name.  Returns false at the end. */
bool
crm_code_plan_next(crm_code_plan *p, const char *v[3])
{
	if (crm_sql_step(p->s, p->st) != CRM_ROW)
		return false;
	snprintf(p->code, sizeof p->code, "%s%03d", crm_col_text(p->st, 1),
	    (int)crm_col_int(p->st, 3));
	v[0] = crm_col_text(p->st, 0);
	v[1] = p->code;
	v[2] = crm_col_text(p->st, 2);
	return true;
}

/* After the customers: the next region that left customers without a
** code, with how many and why (a sentence naming the region and what to
** do).  Returns false at the end. */
bool
crm_code_plan_left(crm_code_plan *p, long long *customers, struct crm_buf *why)
{
	static const char left_sql[] = "SELECT region, serial IS NULL, count(*)"
	    " FROM temp.code_plan WHERE serial IS NULL OR serial > 999"
	    " GROUP BY region ORDER BY region";

	if (!p->left) {
		crm_sql_finalize(p->st);
		p->st = crm_sql_prepare(p->s, left_sql);
		p->left = true;
	}
	if (crm_sql_step(p->s, p->st) != CRM_ROW)
		return false;
	crm_buf_reset(why);
	if (crm_col_int(p->st, 1))
		crm_buf_printf(why, "region %s is not in the region table: give these "
		    "customers a known region with crm-edit --region", crm_col_text(p->st, 0));
	else
		crm_buf_printf(why, "region %s has used all 999 serials: %s",
		    crm_col_text(p->st, 0), crm_code_full_advice);
	*customers = crm_col_int(p->st, 2);
	return true;
}

void
crm_code_plan_done(crm_code_plan *p)
{
	if (!p)
		return;
	crm_sql_finalize(p->st);
	crm_sql_exec(p->s, "DROP TABLE temp.code_plan");
	crm_store_tune(p->s, CRM_TUNE_NORMAL);
	free(p);
}
