/* crm-ls — list customers as CSV (SPEC 3.1); the output re-imports with
** crm-add --csv --on-duplicate update unchanged. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const char usage[] =
"usage: crm-ls [options] [--grade G] [--region PREFIX|NAME] [--owner NAME]\n"
"              [--status S|all] [--industry I] [--incomplete] [--search TEXT]\n"
"              [--where FIELD=VALUE]... [--parent CUSTOMER]\n"
"              [--columns LIST] [--sort [-]COL] [--limit N]\n"
"\n"
"List customers (deleted ones only with --status deleted or all).\n"
"\n"
"options:\n"
"  -d, --db PATH        the store\n"
"      --actor NAME     who is acting, for the audit log\n"
"      --format FMT     csv, tsv, json or table\n"
"      --raw            no formula-injection guard in CSV output\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"See crm-ls(1).\n";

enum {
	O_COLUMNS = CRM_OPT_LOCAL, O_GRADE, O_INCOMPLETE, O_INDUSTRY, O_LIMIT,
	O_OWNER, O_PARENT, O_REGION, O_SEARCH, O_SORT, O_STATUS, O_WHERE
};

static const struct option longopts[] = {
	CRM_LONGOPTS_COMMON, CRM_LONGOPTS_OUTPUT,
	{ "columns", 1, NULL, O_COLUMNS },
	{ "grade", 1, NULL, O_GRADE },
	{ "incomplete", 0, NULL, O_INCOMPLETE },
	{ "industry", 1, NULL, O_INDUSTRY },
	{ "limit", 1, NULL, O_LIMIT },
	{ "owner", 1, NULL, O_OWNER },
	{ "parent", 1, NULL, O_PARENT },
	{ "region", 1, NULL, O_REGION },
	{ "search", 1, NULL, O_SEARCH },
	{ "sort", 1, NULL, O_SORT },
	{ "status", 1, NULL, O_STATUS },
	{ "where", 1, NULL, O_WHERE },
	{ NULL, 0, NULL, 0 }
};

/* The columns shown by default, in this order, then custom fields. */
static const int default_fields[] = {
	CRM_F_ID, CRM_F_CODE, CRM_F_KIND, CRM_F_NAME, CRM_F_GENDER, CRM_F_BIRTHDAY,
	CRM_F_MOBILE, CRM_F_PHONE, CRM_F_EMAIL, CRM_F_COMPANY, CRM_F_TITLE,
	CRM_F_INDUSTRY, CRM_F_REGION, CRM_F_ADDRESS, CRM_F_SOURCE, CRM_F_OWNER,
	CRM_F_PARENT, CRM_F_STATUS, CRM_F_GRADE, CRM_F_NOTES, CRM_F_CREATED_AT,
	CRM_F_UPDATED_AT,
};

/* A piece of SQL and the values bound to its placeholders, in order. */
struct part {
	struct crm_buf sql;
	const char **arg;        /* bound values */
	char **owned;            /* those the part allocated (freed at exit) */
	size_t n, cap;
};

static void
bind(struct part *p, const char *v, bool own)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->arg = crm_xrealloc(p->arg, p->cap * sizeof *p->arg);
		p->owned = crm_xrealloc(p->owned, p->cap * sizeof *p->owned);
	}
	p->arg[p->n] = v;
	p->owned[p->n++] = own ? (char *)v : NULL;
}

/* Append " AND clause" binding a for each '?' in it. */
static void
add(struct part *w, const char *clause, const char *a)
{
	const char *q;

	crm_buf_adds(&w->sql, " AND ");
	crm_buf_adds(&w->sql, clause);
	for (q = clause; (q = strchr(q, '?')); q++)
		bind(w, a, false);
}

/* Append the SQL expression of a column: a field (by its name or a Chinese
** header), or a custom field read from the JSON object with its key
** bound, never spliced in.  Returns the field, or -1 for a custom one. */
static int
column_expr(struct part *p, const char *name)
{
	int k = crm_field_lookup(name);

	if (k >= 0) {
		crm_buf_adds(&p->sql, crm_fields[k].name);
		return k;
	}
	crm_buf_adds(&p->sql, "json_extract(custom, ?)");
	bind(p, crm_xasprintf("$.\"%s\"", name), true);
	return -1;
}

static void
part_free(struct part *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->owned[i]);
	free(p->arg);
	free(p->owned);
	crm_buf_free(&p->sql);
}

static void
bind_all(sqlite3_stmt *st, const struct part *p, int *at)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		crm_bind_text(st, ++*at, p->arg[i]);
}

static const char *const statuses[] = {
	"active", "dormant", "public", "blacklisted", "deleted", "all", NULL
};

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage };
	struct part sel = { 0 }, where = { 0 }, order = { 0 };
	struct crm_buf sql = { 0 }, err = { 0 };
	const char *columns = NULL, *sort = NULL, *status = NULL;
	const char *region = NULL, *parent = NULL;
	long long limit = -1, rows = 0;
	bool incomplete = false;
	crm_store *s;
	sqlite3_stmt *st;
	struct crm_col *cols = NULL;
	char **names = NULL, *owned_region = NULL, *owned_parent = NULL;
	const char **vals;
	size_t ncols = 0, capcols = 0, i;
	int ch, at = 0;
	crm_out *w;

	crm_init(argc, argv);
	crm_buf_reset(&where.sql);
	while ((ch = getopt_long(argc, argv, "d:hV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_COLUMNS: columns = optarg; break;
		case O_GRADE: add(&where, "grade = ?", optarg); break;
		case O_INCOMPLETE: incomplete = true; break;
		case O_INDUSTRY: add(&where, "industry = ?", optarg); break;
		case O_LIMIT: limit = crm_parse_count(optarg, "--limit"); break;
		case O_OWNER: add(&where, "owner = ?", optarg); break;
		case O_PARENT: parent = optarg; break;
		case O_REGION: region = optarg; break;
		case O_SEARCH:
			add(&where, "(instr(name, ?) OR instr(coalesce(company, ''), ?) OR "
			    "instr(coalesce(mobile, ''), ?) OR instr(coalesce(code, ''), ?))", optarg);
			break;
		case O_SORT: sort = optarg; break;
		case O_STATUS:
			for (i = 0; statuses[i] && strcmp(statuses[i], optarg); i++)
				;
			if (!statuses[i])
				crm_usage_error("--status '%s' is not active, dormant, public, "
				    "blacklisted, deleted or all", optarg);
			status = optarg;
			break;
		case O_WHERE: {
			const char *eq = strchr(optarg, '=');
			char *k;

			if (!eq || eq == optarg)
				crm_usage_error("--where '%s' is not FIELD=VALUE", optarg);
			k = crm_xstrndup(optarg, (size_t)(eq - optarg));
			crm_buf_adds(&where.sql, " AND ");
			column_expr(&where, k);
			crm_buf_adds(&where.sql, " = ?");
			bind(&where, eq + 1, false);
			free(k);
			break;
		}
		default:
			crm_usage_error("unexpected option");
		}
	}
	if (optind < argc)
		crm_usage_error("unexpected argument '%s'", argv[optind]);
	if (columns && !*columns)
		crm_usage_error("--columns needs at least one column");

	s = crm_store_open(&o, CRM_STORE_READ);
	if (!status)
		add(&where, "status <> ?", "deleted");
	else if (strcmp(status, "all"))
		add(&where, "status = ?", status);
	if (incomplete)
		add(&where, "missing <> ?", "");
	if (region) {
		crm_regions *rt = crm_regions_load(s);
		char *rerr = NULL;
		const char *code;
		char prefix[7];

		if (*region && strspn(region, "0123456789") == strlen(region) && strlen(region) < 6)
			code = region;
		else if (!(code = crm_regions_resolve(rt, region, &rerr)))
			crm_usage_error("--region '%s' %s", region, rerr);
		crm_regions_prefix(code, prefix);
		owned_region = crm_xasprintf("%s*", prefix);
		add(&where, "region GLOB ?", owned_region);
		crm_regions_free(rt);
		free(rerr);
	}
	if (parent) {
		int64_t pid = crm_customer_resolve(s, parent, &err);

		if (!pid)
			crm_die(CRM_EX_NOINPUT, "--parent '%s' %s", parent, err.s);
		owned_parent = crm_xasprintf("%lld", (long long)pid);
		add(&where, "parent = ?", owned_parent);
	}

	/* the columns: given, or the fields then every custom key in use */
#define PUSH(v) do { \
		if (ncols == capcols) { \
			capcols = capcols ? capcols * 2 : 32; \
			names = crm_xrealloc(names, capcols * sizeof *names); \
		} \
		names[ncols++] = (v); \
	} while (0)
	if (columns) {
		const char *p = columns, *comma;

		for (; p; p = comma ? comma + 1 : NULL) {
			comma = strchr(p, ',');
			if (comma == p || !*p)
				crm_usage_error("--columns '%s' has an empty column name", columns);
			PUSH(comma ? crm_xstrndup(p, (size_t)(comma - p)) : crm_xstrdup(p));
		}
	} else {
		for (i = 0; i < sizeof default_fields / sizeof default_fields[0]; i++)
			PUSH(crm_xstrdup(crm_fields[default_fields[i]].name));
		if (incomplete)
			PUSH(crm_xstrdup("missing"));
		st = crm_sql_prepare(s, "SELECT DISTINCT j.key FROM customers, "
		    "json_each(customers.custom) AS j WHERE custom IS NOT NULL ORDER BY 1");
		while (crm_sql_step(s, st) == SQLITE_ROW)
			PUSH(crm_xstrdup((const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
	}
	cols = crm_xcalloc(ncols, sizeof *cols);
	vals = crm_xcalloc(ncols, sizeof *vals);
	for (i = 0; i < ncols; i++) {
		int k;

		if (i)
			crm_buf_adds(&sel.sql, ", ");
		k = column_expr(&sel, names[i]);
		cols[i].name = names[i];
		cols[i].numeric = k >= 0 && crm_fields[k].numeric;
	}
	if (sort) {
		column_expr(&order, sort[0] == '-' ? sort + 1 : sort);
		crm_buf_adds(&order.sql, sort[0] == '-' ? " DESC, id" : ", id");
	} else {
		crm_buf_adds(&order.sql, "id");
	}
	crm_buf_printf(&sql, "SELECT %s FROM customers WHERE 1%s ORDER BY %s",
	    sel.sql.s, where.sql.s, order.sql.s);
	if (limit >= 0)
		crm_buf_printf(&sql, " LIMIT %lld", limit);
	st = crm_sql_prepare(s, sql.s);
	bind_all(st, &sel, &at);
	bind_all(st, &where, &at);
	bind_all(st, &order, &at);

	w = crm_out_open(stdout, &o, cols, ncols);
	while (crm_sql_step(s, st) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
		crm_out_row(w, vals);
		rows++;
	}
	sqlite3_finalize(st);
	crm_out_close(w);
	crm_audit(s, "export", rows, "crm-ls");

	for (i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
	free(vals);
	free(cols);
	free(owned_region);
	free(owned_parent);
	part_free(&sel);
	part_free(&where);
	part_free(&order);
	crm_buf_free(&sql);
	crm_buf_free(&err);
	crm_store_close(s);
	return CRM_EX_OK;
}
