/*
** region.c — the region table (GB/T 2260 codes, or a company's own).
**
** The table lives in the store (table regions), seeded from
** share/crm/regions.csv when the store is created.  Imports load it into
** memory once and resolve codes and names with binary search: a name
** counts only when it names exactly one region.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct region {
	char code[7];       /* six digits */
	char *name;         /* 乌鲁木齐市 */
	char *parent;       /* parent code or NULL */
};

struct crm_regions {
	struct region *by_code;  /* sorted by code */
	struct region **by_name; /* sorted by name */
	size_t n;
};

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(((const struct region *)a)->code, ((const struct region *)b)->code);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct region *const *)a)->name, (*(struct region *const *)b)->name);
}

/* Load the store's region table.  Returns a table the caller frees. */
crm_regions *
crm_regions_load(crm_store *s)
{
	crm_regions *r = crm_xcalloc(1, sizeof *r);
	crm_stmt *st = crm_sql_prepare(s, "SELECT code, name, parent FROM regions ORDER BY code");
	size_t cap = 0, i;

	while (crm_sql_step(s, st) == CRM_ROW) {
		const char *p = crm_col_text(st, 2);

		if (r->n == cap) {
			cap = cap ? cap * 2 : 4096;
			r->by_code = crm_xrealloc(r->by_code, cap * sizeof *r->by_code);
		}
		snprintf(r->by_code[r->n].code, 7, "%s", crm_col_text(st, 0));
		r->by_code[r->n].name = crm_xstrdup(crm_col_text(st, 1));
		r->by_code[r->n].parent = p && *p ? crm_xstrdup(p) : NULL;
		r->n++;
	}
	crm_sql_finalize(st);
	r->by_name = crm_xcalloc(r->n, sizeof *r->by_name);
	for (i = 0; i < r->n; i++)
		r->by_name[i] = &r->by_code[i];
	qsort(r->by_name, r->n, sizeof *r->by_name, cmp_name);
	return r;
}

void
crm_regions_free(crm_regions *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->by_code[i].name);
		free(r->by_code[i].parent);
	}
	free(r->by_code);
	free(r->by_name);
	free(r);
}

static const struct region *
find_code(const crm_regions *r, const char *code)
{
	struct region key;

	if (strlen(code) != 6)
		return NULL;
	memcpy(key.code, code, 7);
	return bsearch(&key, r->by_code, r->n, sizeof *r->by_code, cmp_code);
}

/* Returns the name of region code, or NULL when it is unknown. */
const char *
crm_regions_name(const crm_regions *r, const char *code)
{
	const struct region *g = find_code(r, code);

	return g ? g->name : NULL;
}

/* Returns the parent code of region code, or NULL. */
const char *
crm_regions_parent(const crm_regions *r, const char *code)
{
	const struct region *g = find_code(r, code);

	return g ? g->parent : NULL;
}

/* The name that places region code for a person: its own name, or its
** parent's when it is a placeholder such as 市辖区.  NULL when unknown. */
static const char *
regions_place(const crm_regions *r, const char *code)
{
	const struct region *g;

	while (code && (g = find_code(r, code))) {
		if (strcmp(g->name, "市辖区") && strcmp(g->name, "省直辖县级行政区划")
		    && strcmp(g->name, "县"))
			return g->name;
		code = g->parent;
	}
	return NULL;
}

/* The range [*lo, *hi) of regions named name. */
static void
find_name(const crm_regions *r, const char *name, size_t *lo, size_t *hi)
{
	size_t a = 0, b = r->n, m;

	while (a < b) {
		m = (a + b) / 2;
		if (strcmp(r->by_name[m]->name, name) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < r->n && !strcmp(r->by_name[a]->name, name))
		a++;
	*hi = a;
}

/* Resolve a region given as a 6-digit code or a name (乌鲁木齐市, or
** 乌鲁木齐 when only one region is named so with 市/省/区/县 added).
** Returns the code, owned by the table, or NULL with *err set to a new
** message fragment. */
const char *
crm_regions_resolve(const crm_regions *r, const char *in, char **err)
{
	static const char *const suffix[] = { "", "市", "省", "区", "县", "自治区",
	    "维吾尔自治区", "回族自治区", "壮族自治区", "自治州", "地区", "盟" };
	const struct region *g;
	size_t lo = 0, hi = 0, i, k;
	struct crm_buf b = { 0 };

	*err = NULL;
	if (strspn(in, "0123456789") == strlen(in)) {
		if ((g = find_code(r, in)))
			return g->code;
		*err = crm_xstrdup(strlen(in) == 6 ? "is not a known region code"
		    : "is not a 6-digit region code");
		return NULL;
	}
	for (k = 0; k < sizeof suffix / sizeof suffix[0]; k++) {
		char *name = crm_xasprintf("%s%s", in, suffix[k]);

		find_name(r, name, &lo, &hi);
		free(name);
		if (hi > lo)
			break;
	}
	if (hi == lo) {
		*err = crm_xstrdup("is not a known region name or code");
		return NULL;
	}
	if (hi - lo == 1)
		return r->by_name[lo]->code;
	crm_buf_adds(&b, "names several regions:");
	for (i = lo; i < hi && i < lo + 6; i++) {
		const char *pn = regions_place(r, r->by_name[i]->parent);

		crm_buf_printf(&b, "%s %s%s%s%s", i > lo ? "," : "", r->by_name[i]->code,
		    pn ? " (" : "", pn ? pn : "", pn ? ")" : "");
	}
	crm_buf_adds(&b, "; give the code");
	*err = b.s;
	return NULL;
}

/* Fill the regions table from share/crm/regions.csv (code,name,parent). */
void
crm_regions_seed(crm_store *s)
{
	char *path = crm_share_file("regions.csv");
	crm_csvin *in;
	struct crm_record rec;
	crm_stmt *st;
	int rc, first = 1;

	if (!path)
		crm_die(CRM_EX_UNAVAILABLE, "cannot find the region table regions.csv "
		    "(is crm installed? set CRM_SHARE_DIR)");
	in = crm_csvin_open(path, NULL);
	st = crm_sql_prepare(s, "INSERT INTO regions(code, name, parent) VALUES (?,?,?)");
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		if (first) {
			first = 0;
			continue;
		}
		if (rec.n != 3)
			crm_die(CRM_EX_UNAVAILABLE, "%s:%ld: expected code,name,parent", path, rec.line);
		crm_bind_text(st, 1, rec.f[0]);
		crm_bind_text(st, 2, rec.f[1]);
		crm_bind_text(st, 3, *rec.f[2] ? rec.f[2] : NULL);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_die(CRM_EX_UNAVAILABLE, "%s:%ld: %s", path, rec.line, crm_store_errmsg(s));
		crm_sql_reset(st);
	}
	if (rc < 0)
		crm_die(CRM_EX_UNAVAILABLE, "%s", crm_csvin_error(in));
	crm_sql_finalize(st);
	crm_csvin_close(in);
	free(path);
}

/* A region code as given in a company's table: 2, 4 or 6 digits, padded
** with zeros to six (98 -> 980000, 9806 -> 980600).  Returns false when s
** is not such a code. */
bool
crm_regions_pad(const char *s, char out[7])
{
	size_t n = strlen(s);

	if ((n != 2 && n != 4 && n != 6) || strspn(s, "0123456789") != n)
		return false;
	memcpy(out, s, n);
	memset(out + n, '0', 6 - n);
	out[6] = '\0';
	return true;
}

static int
cmp_region(const void *a, const void *b)
{
	return strcmp(((const struct region *)a)->code, ((const struct region *)b)->code);
}

/* Replace the store's region table by the table in path (columns
** code,name,parent; 编码/名称/上级 also accepted), inside the caller's
** transaction.  Refused, with err naming them, when a region that codes
** already given use is missing from the new table, or when the file is
** not a table (bad code, duplicate, unknown parent).  Returns the number
** of regions loaded, or -1. */
long
crm_regions_replace(crm_store *s, const char *path, const char *encoding, struct crm_buf *err)
{
	crm_csvin *in = crm_csvin_open(path, encoding);
	struct crm_record rec;
	struct region *t = NULL, key;
	size_t n = 0, cap = 0, i;
	int col[3] = { -1, -1, -1 }, rc, missing = 0;
	crm_stmt *st;

	if ((rc = crm_csvin_next(in, &rec)) <= 0) {
		crm_buf_printf(err, "%s", rc < 0 ? crm_csvin_error(in) : "empty file");
		goto fail;
	}
	for (i = 0; i < rec.n; i++) {
		const char *h = rec.f[i];

		if (!strcmp(h, "code") || !strcmp(h, "编码") || !strcmp(h, "代码"))
			col[0] = (int)i;
		else if (!strcmp(h, "name") || !strcmp(h, "名称"))
			col[1] = (int)i;
		else if (!strcmp(h, "parent") || !strcmp(h, "上级"))
			col[2] = (int)i;
	}
	if (col[0] < 0 || col[1] < 0) {
		crm_buf_printf(err, "%s:1: the header needs code,name[,parent]", crm_csvin_name(in));
		goto fail;
	}
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			t = crm_xrealloc(t, cap * sizeof *t);
		}
		if ((size_t)col[0] >= rec.n || !crm_regions_pad(rec.f[col[0]], t[n].code)) {
			crm_buf_printf(err, "%s:%ld: code '%s' is not a region code of 2, 4 or 6 digits",
			    crm_csvin_name(in), rec.line, (size_t)col[0] < rec.n ? rec.f[col[0]] : "");
			goto fail;
		}
		if ((size_t)col[1] >= rec.n || !*rec.f[col[1]]) {
			crm_buf_printf(err, "%s:%ld: region %s has no name", crm_csvin_name(in),
			    rec.line, t[n].code);
			goto fail;
		}
		t[n].name = crm_xstrdup(rec.f[col[1]]);
		t[n].parent = NULL;
		if (col[2] >= 0 && (size_t)col[2] < rec.n && *rec.f[col[2]]) {
			char p[7];

			if (!crm_regions_pad(rec.f[col[2]], p)) {
				crm_buf_printf(err, "%s:%ld: parent '%s' is not a region code",
				    crm_csvin_name(in), rec.line, rec.f[col[2]]);
				n++;
				goto fail;
			}
			t[n].parent = crm_xstrdup(p);
		}
		n++;
	}
	if (rc < 0) {
		crm_buf_adds(err, crm_csvin_error(in));
		goto fail;
	}
	if (n == 0) {
		crm_buf_printf(err, "%s: no regions in the file", crm_csvin_name(in));
		goto fail;
	}
	qsort(t, n, sizeof *t, cmp_region);
	for (i = 0; i < n; i++) {
		if (i && !strcmp(t[i].code, t[i - 1].code)) {
			crm_buf_printf(err, "region %s is in the file twice", t[i].code);
			goto fail;
		}
	}
	for (i = 0; i < n; i++) {
		if (!t[i].parent)
			continue;
		memcpy(key.code, t[i].parent, 7);
		if (!bsearch(&key, t, n, sizeof *t, cmp_region)) {
			crm_buf_printf(err, "region %s has parent %s, which is not in the file",
			    t[i].code, t[i].parent);
			goto fail;
		}
	}
	/* codes already given keep their meaning: their regions must stay */
	st = crm_sql_prepare(s, "SELECT DISTINCT substr(code, 1, 6) FROM customers"
	    " WHERE code IS NOT NULL ORDER BY 1");
	while (crm_sql_step(s, st) == CRM_ROW) {
		memcpy(key.code, crm_col_text(st, 0), 7);
		key.code[6] = '\0';
		if (bsearch(&key, t, n, sizeof *t, cmp_region))
			continue;
		if (!missing++)
			crm_buf_adds(err, "the table lacks regions that customer codes use:");
		if (missing <= 20)
			crm_buf_printf(err, " %s", key.code);
	}
	crm_sql_finalize(st);
	if (missing) {
		if (missing > 20)
			crm_buf_printf(err, " and %d more", missing - 20);
		crm_buf_adds(err, "; nothing loaded");
		goto fail;
	}
	crm_sql_exec(s, "DELETE FROM regions");
	st = crm_sql_prepare(s, "INSERT INTO regions(code, name, parent) VALUES (?,?,?)");
	for (i = 0; i < n; i++) {
		crm_bind_text(st, 1, t[i].code);
		crm_bind_text(st, 2, t[i].name);
		crm_bind_text(st, 3, t[i].parent);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_store_fail(s, "regions");
		crm_sql_reset(st);
	}
	crm_sql_finalize(st);
	/* customers that came with a code but no region (an old archive
	** imported before its table) get the code's region now */
	st = crm_sql_prepare(s, "INSERT INTO customer_history(customer_id, at, actor,"
	    " command, field, old_value, new_value) SELECT id, ?1, ?2, ?3, 'region', NULL,"
	    " substr(code, 1, 6) FROM customers WHERE region IS NULL AND code IS NOT NULL"
	    " AND substr(code, 1, 6) IN (SELECT code FROM regions)");
	{
		char *now = crm_now();

		crm_bind_text(st, 1, now);
		crm_bind_text(st, 2, crm_store_actor(s));
		crm_bind_text(st, 3, crm_progname);
		if (crm_sql_step(s, st) != CRM_DONE)
			crm_store_fail(s, "history");
		free(now);
	}
	crm_sql_finalize(st);
	crm_sql_exec(s, "UPDATE customers SET region = substr(code, 1, 6),"
	    " missing = CASE WHEN missing = 'region' THEN '' ELSE replace(missing, ',region', '') END"
	    " WHERE region IS NULL AND code IS NOT NULL"
	    " AND substr(code, 1, 6) IN (SELECT code FROM regions)");
	for (i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].parent);
	}
	free(t);
	crm_csvin_close(in);
	return (long)n;
fail:
	for (i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].parent);
	}
	free(t);
	crm_csvin_close(in);
	return -1;
}

/* The prefix that region code stands for among customers' regions: a
** province 650000 is "65", a city 650100 "6501", a county all six digits.
** out holds at least 7 bytes. */
void
crm_regions_prefix(const char *code, char out[7])
{
	size_t n = strlen(code);

	if (n > 6)
		n = 6;
	memcpy(out, code, n);
	while (n > 2 && n % 2 == 0 && !strncmp(out + n - 2, "00", 2))
		n -= 2;
	out[n] = '\0';
}

/* The region table, or with root the part of it under root (root and
** every region whose parent chain leads to it): code, name, parent in
** code order. */
crm_rows *
crm_region_list_under(crm_store *s, const char *root)
{
	crm_stmt *st;

	if (!root)
		return crm_rows_new(s, crm_sql_prepare(s,
		    "SELECT code, name, parent FROM regions ORDER BY code"));
	st = crm_sql_prepare(s, "WITH RECURSIVE sub(code) AS (SELECT ?"
	    " UNION SELECT r.code FROM regions r JOIN sub ON r.parent = sub.code)"
	    " SELECT code, name, parent FROM regions WHERE code IN (SELECT code FROM sub)"
	    " ORDER BY code");
	crm_bind_text(st, 1, root);
	return crm_rows_new(s, st);
}

/* The name of one region, without loading the table.  Returns a new
** string, or NULL when code is not in the table. */
char *
crm_region_name(crm_store *s, const char *code)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT name FROM regions WHERE code = ?");
	char *name = NULL;

	crm_bind_text(st, 1, code);
	if (crm_sql_step(s, st) == CRM_ROW)
		name = crm_xstrdup(crm_col_text(st, 0));
	crm_sql_finalize(st);
	return name;
}

/* How many customers (not deleted) have a region that is not in the
** table: after loading a company's own table, they can get no code. */
long long
crm_region_orphans(crm_store *s)
{
	crm_stmt *st = crm_sql_prepare(s, "SELECT count(*) FROM customers"
	    " WHERE region IS NOT NULL AND status <> 'deleted'"
	    " AND region NOT IN (SELECT code FROM regions)");
	long long n = 0;

	if (crm_sql_step(s, st) == CRM_ROW)
		n = crm_col_int(st, 0);
	crm_sql_finalize(st);
	return n;
}
