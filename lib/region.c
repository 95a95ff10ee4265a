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

#include "crm.h"

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
	sqlite3_stmt *st = crm_sql_prepare(s, "SELECT code, name, parent FROM regions ORDER BY code");
	size_t cap = 0, i;

	while (crm_sql_step(s, st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 2);

		if (r->n == cap) {
			cap = cap ? cap * 2 : 4096;
			r->by_code = crm_xrealloc(r->by_code, cap * sizeof *r->by_code);
		}
		snprintf(r->by_code[r->n].code, 7, "%s", (const char *)sqlite3_column_text(st, 0));
		r->by_code[r->n].name = crm_xstrdup((const char *)sqlite3_column_text(st, 1));
		r->by_code[r->n].parent = p && *p ? crm_xstrdup(p) : NULL;
		r->n++;
	}
	sqlite3_finalize(st);
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
	sqlite3_stmt *st;
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
		if (crm_sql_step(s, st) != SQLITE_DONE)
			crm_die(CRM_EX_UNAVAILABLE, "%s:%ld: %s", path, rec.line, sqlite3_errmsg(s->db));
		sqlite3_reset(st);
	}
	if (rc < 0)
		crm_die(CRM_EX_UNAVAILABLE, "%s", crm_csvin_error(in));
	sqlite3_finalize(st);
	crm_csvin_close(in);
	free(path);
}
