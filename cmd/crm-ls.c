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

struct filter {
	struct crm_buf sql;      /* WHERE clause with ?NNN placeholders */
	const char *arg[64];     /* bound in order */
	char *owned[64];
	int n;
};

static void
add(struct filter *f, const char *clause, const char *a, const char *b)
{
	if (f->n + 2 > 64)
		crm_usage_error("too many filters");
	crm_buf_adds(&f->sql, " AND ");
	crm_buf_adds(&f->sql, clause);
	f->arg[f->n++] = a;
	if (b)
		f->arg[f->n++] = b;
}

static char *
owned(struct filter *f, char *s)
{
	f->owned[f->n] = s;
	return s;
}

/* The SQL expression for a column name: a field, or a custom field read
** from the JSON object (its key is bound, never spliced in). */
static int
column_expr(const char *name, struct crm_buf *expr, struct filter *f)
{
	int k = crm_field_lookup(name);

	if (k >= 0 && !strcmp(crm_fields[k].name, name)) {
		crm_buf_adds(expr, crm_fields[k].name);
		return k;
	}
	crm_buf_adds(expr, "json_extract(custom, ?)");
	f->arg[f->n] = owned(f, crm_xasprintf("$.\"%s\"", name));
	f->n++;
	return -1;
}

int
main(int argc, char **argv)
{
	struct crm_opts o = { .usage = usage };
	struct filter f = { 0 };
	struct crm_buf sql = { 0 }, order = { 0 }, err = { 0 };
	const char *columns = NULL, *sort = NULL, *status = NULL;
	const char *region = NULL, *parent = NULL;
	long long limit = -1, rows = 0;
	bool incomplete = false;
	crm_store *s;
	sqlite3_stmt *st;
	struct crm_col *cols;
	char **names, **exprs;
	const char **vals;
	size_t ncols = 0, i;
	int ch;
	crm_out *w;

	crm_init(argc, argv);
	crm_buf_reset(&f.sql);
	while ((ch = getopt_long(argc, argv, "d:hV", longopts, NULL)) != -1) {
		if (crm_opt_common(ch, optarg, &o))
			continue;
		switch (ch) {
		case O_COLUMNS: columns = optarg; break;
		case O_GRADE: add(&f, "grade = ?", optarg, NULL); break;
		case O_INCOMPLETE: incomplete = true; break;
		case O_INDUSTRY: add(&f, "industry = ?", optarg, NULL); break;
		case O_LIMIT: limit = crm_parse_count(optarg, "--limit"); break;
		case O_OWNER: add(&f, "owner = ?", optarg, NULL); break;
		case O_PARENT: parent = optarg; break;
		case O_REGION: region = optarg; break;
		case O_SEARCH:
			add(&f, "(instr(name, ?) OR instr(coalesce(company, ''), ?) OR "
			    "instr(coalesce(mobile, ''), ?) OR instr(coalesce(code, ''), ?))",
			    optarg, optarg);
			f.arg[f.n++] = optarg;
			f.arg[f.n++] = optarg;
			break;
		case O_SORT: sort = optarg; break;
		case O_STATUS: status = optarg; break;
		case O_WHERE: {
			const char *eq = strchr(optarg, '=');
			char *k;
			struct crm_buf e = { 0 };

			if (!eq || eq == optarg)
				crm_usage_error("--where '%s' is not FIELD=VALUE", optarg);
			k = crm_xstrndup(optarg, (size_t)(eq - optarg));
			crm_buf_adds(&f.sql, " AND ");
			column_expr(k, &e, &f);
			crm_buf_adds(&f.sql, e.s);
			crm_buf_adds(&f.sql, " = ?");
			f.arg[f.n++] = eq + 1;
			crm_buf_free(&e);
			free(k);
			break;
		}
		default:
			crm_usage_error("unexpected option");
		}
	}
	if (optind < argc)
		crm_usage_error("unexpected argument '%s'", argv[optind]);

	s = crm_store_open(&o, CRM_STORE_READ);
	if (!status)
		add(&f, "status <> ?", "deleted", NULL);
	else if (strcmp(status, "all"))
		add(&f, "status = ?", status, NULL);
	if (incomplete)
		add(&f, "missing <> ?", "", NULL);
	if (region) {
		struct crm_ctx x = { .store = s };
		char *rerr = NULL;
		const char *code;
		size_t n;

		x.regions = crm_regions_load(s);
		if (strspn(region, "0123456789") == strlen(region) && strlen(region) < 6) {
			code = region;
		} else if (!(code = crm_regions_resolve(x.regions, region, &rerr))) {
			crm_usage_error("--region '%s' %s", region, rerr);
		}
		n = strlen(code);
		while (n > 2 && n % 2 == 0 && !strncmp(code + n - 2, "00", 2))
			n -= 2;
		add(&f, "region GLOB ?", owned(&f, crm_xasprintf("%.*s*", (int)n, code)), NULL);
		crm_regions_free(x.regions);
		free(rerr);
	}
	if (parent) {
		int64_t pid = crm_customer_resolve(s, parent, &err);

		if (!pid)
			crm_die(CRM_EX_DATAERR, "--parent '%s' %s", parent, err.s);
		add(&f, "parent = ?", owned(&f, crm_xasprintf("%lld", (long long)pid)), NULL);
	}

	/* the columns: given, or the fields then every custom key in use */
	names = crm_xcalloc(1024, sizeof *names);
	if (columns) {
		const char *p = columns, *comma;

		while (p && *p && ncols < 1024) {
			comma = strchr(p, ',');
			names[ncols++] = comma ? crm_xstrndup(p, (size_t)(comma - p)) : crm_xstrdup(p);
			p = comma ? comma + 1 : NULL;
		}
	} else {
		for (i = 0; i < sizeof default_fields / sizeof default_fields[0]; i++)
			names[ncols++] = crm_xstrdup(crm_fields[default_fields[i]].name);
		if (incomplete)
			names[ncols++] = crm_xstrdup("missing");
		st = crm_sql_prepare(s, "SELECT DISTINCT j.key FROM customers, "
		    "json_each(customers.custom) AS j WHERE custom IS NOT NULL ORDER BY 1");
		while (crm_sql_step(s, st) == SQLITE_ROW && ncols < 1024)
			names[ncols++] = crm_xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	cols = crm_xcalloc(ncols, sizeof *cols);
	exprs = crm_xcalloc(ncols, sizeof *exprs);
	vals = crm_xcalloc(ncols, sizeof *vals);

	/* SELECT expr, ... FROM customers WHERE 1 <filters> ORDER BY ... */
	{
		const char *sel_args[1024 + 64];
		int nsel = 0, k;

		crm_buf_adds(&sql, "SELECT ");
		for (i = 0; i < ncols; i++) {
			struct crm_buf e = { 0 };
			struct filter tmp = { 0 };

			if (!*names[i])
				crm_usage_error("--columns has an empty column name");
			k = column_expr(names[i], &e, &tmp);
			cols[i].name = names[i];
			cols[i].numeric = k >= 0 && crm_fields[k].numeric;
			if (k < 0)
				sel_args[nsel++] = exprs[i] = tmp.owned[0];
			crm_buf_printf(&sql, "%s%s", i ? ", " : "", e.s);
			crm_buf_free(&e);
		}
		crm_buf_adds(&sql, " FROM customers WHERE 1");
		crm_buf_adds(&sql, f.sql.s);
		if (sort) {
			const char *c = sort[0] == '-' ? sort + 1 : sort;
			struct filter tmp = { 0 };

			k = column_expr(c, &order, &tmp);
			crm_buf_printf(&sql, " ORDER BY %s%s, id", order.s, sort[0] == '-' ? " DESC" : "");
			if (k < 0)
				f.arg[f.n] = tmp.owned[0], f.owned[f.n] = tmp.owned[0], f.n++;
		} else {
			crm_buf_adds(&sql, " ORDER BY id");
		}
		if (limit >= 0)
			crm_buf_printf(&sql, " LIMIT %lld", limit);
		st = crm_sql_prepare(s, sql.s);
		for (k = 0; k < nsel; k++)
			crm_bind_text(st, k + 1, sel_args[k]);
		for (k = 0; k < f.n; k++)
			crm_bind_text(st, nsel + k + 1, f.arg[k]);
	}
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

	for (i = 0; i < ncols; i++) {
		free(names[i]);
		free(exprs[i]);
	}
	for (i = 0; i < 64; i++)
		free(f.owned[i]);
	free(names);
	free(exprs);
	free(vals);
	free(cols);
	crm_buf_free(&sql);
	crm_buf_free(&order);
	crm_buf_free(&err);
	crm_buf_free(&f.sql);
	crm_store_close(s);
	return CRM_EX_OK;
}
