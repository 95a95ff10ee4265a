/*
** import.c — adding customers, one from the command line or many from
** CSV, with the nothing-lost rules of SPEC 3.1.
**
** Every input row ends up added, updated (or unchanged), skipped as a
** duplicate, or rejected; rejected rows go to the rejects file as their
** original columns plus line,error, in the input's encoding, so the
** admin can fix that file and import it as it is.  The whole import is
** one transaction: a killed import commits nothing, --all-or-nothing and
** --dry-run roll it back.
*/
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

/* Decide what happens to one normalised customer: add it (with a code
** when its region is known), or deal with the duplicate it is.  Returns
** the outcome; *id is the customer added, updated or duplicated; err
** says why a row was rejected or what it duplicates. */
enum crm_outcome
crm_customer_add(struct crm_ctx *x, struct crm_customer *c,
    enum crm_dup_policy dup, struct crm_buf *err, int64_t *id)
{
	struct crm_buf why = { 0 };
	int64_t d;
	int changed;
	char *code;

	*id = 0;
	d = crm_customer_find_duplicate(x, c, 0, &why);
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
		changed = crm_customer_update(x, d, c, err);
		crm_buf_free(&why);
		if (changed < 0)
			return CRM_REJECTED;
		return changed ? CRM_UPDATED : CRM_UNCHANGED;
	}
	if (c->v[CRM_F_ID]) {
		crm_buf_printf(err, "id '%s' matches no customer", c->v[CRM_F_ID]);
		goto rejected;
	}
	if (x->assign_code && !c->v[CRM_F_CODE] && c->v[CRM_F_REGION]) {
		if (!(code = crm_code_next(x, c->v[CRM_F_REGION], err)))
			goto rejected;
		c->v[CRM_F_CODE] = code;
	}
	if (!(*id = crm_customer_insert(x, c))) {
		crm_buf_adds(err, sqlite3_errmsg(x->store->db));
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
	int f, rc = -1;

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
	if (crm_customer_normalise(x, &m, err) > 0)
		goto done;
	d = crm_customer_find_duplicate(x, &m, id, &why);
	if (d > 0) {
		crm_buf_printf(err, "would duplicate customer %lld (same %s)", (long long)d, why.s);
		goto done;
	}
	if (d == -1) {
		crm_buf_printf(err, "would duplicate other customers (%s)", why.s);
		goto done;
	}
	rc = crm_customer_update(x, id, &m, err);
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
	sqlite3_stmt *st;
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
	*id = crm_sql_step(x->store, st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
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

/* How the columns of an input file map onto customer fields. */
struct colmap {
	size_t n;            /* columns in the header */
	int *field;          /* field of each column, -1 custom, -2 ignored */
	char **header;       /* the header as read */
	int name_col;        /* the column holding the name, or -1 */
};

static char *
trim_copy(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return crm_xstrndup(s, n);
}

/* The field --map assigns to header h, -1 when --map does not name it,
** exits 64 when it names an unknown field. */
static int
mapped_field(const char *map, const char *h)
{
	const char *p = map, *eq, *comma;
	size_t hl = strlen(h);

	while (p && *p) {
		comma = strchr(p, ',');
		eq = memchr(p, '=', comma ? (size_t)(comma - p) : strlen(p));
		if (!eq)
			crm_usage_error("--map entry '%.*s' is not Header=field",
			    (int)(comma ? comma - p : (long)strlen(p)), p);
		if ((size_t)(eq - p) == hl && !memcmp(p, h, hl)) {
			size_t fl = comma ? (size_t)(comma - eq - 1) : strlen(eq + 1);
			char *f = crm_xstrndup(eq + 1, fl);
			int k = crm_field_lookup(f);

			if (k < 0 || !crm_fields[k].input)
				crm_usage_error("--map: '%s' is not a customer field", f);
			free(f);
			return k;
		}
		p = comma ? comma + 1 : NULL;
	}
	return -1;
}

/* Map the header.  Returns 0, or -1 with err set (a file that cannot be
** imported at all: no name column, two columns for one field, unknown
** columns under --strict). */
static int
map_header(const struct crm_record *rec, const struct crm_import_opts *o,
    struct colmap *m, struct crm_buf *err)
{
	struct crm_buf unknown = { 0 };
	int seen[CRM_F_COUNT];
	size_t i;

	for (i = 0; i < CRM_F_COUNT; i++)
		seen[i] = -1;
	m->n = rec->n;
	m->field = crm_xcalloc(rec->n, sizeof *m->field);
	m->header = crm_xcalloc(rec->n, sizeof *m->header);
	m->name_col = -1;
	for (i = 0; i < rec->n; i++) {
		char *h = trim_copy(rec->f[i]);
		int f = o->map ? mapped_field(o->map, h) : -1;

		m->header[i] = crm_xstrdup(rec->f[i]);
		if (f < 0)
			f = crm_field_lookup(h);
		if (f >= 0 && !crm_fields[f].input) {
			m->field[i] = -2;
		} else if (f >= 0) {
			if (seen[f] >= 0) {
				crm_buf_printf(err, "columns %d and %zu both give %s",
				    seen[f] + 1, i + 1, crm_fields[f].name);
				free(h);
				crm_buf_free(&unknown);
				return -1;
			}
			seen[f] = (int)i;
			m->field[i] = f;
		} else {
			m->field[i] = -1;
			if (!*h) {
				free(m->header[i]);
				m->header[i] = crm_xasprintf("column_%zu", i + 1);
			}
			crm_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", *h ? h : m->header[i]);
		}
		free(h);
	}
	m->name_col = seen[CRM_F_NAME];
	if (o->edit && seen[CRM_F_ID] < 0 && seen[CRM_F_CODE] < 0 && seen[CRM_F_MOBILE] < 0) {
		crm_buf_adds(err, "no id, code or mobile column to find customers by");
		crm_buf_free(&unknown);
		return -1;
	}
	if (m->name_col < 0 && !o->edit) {
		crm_buf_adds(err, "no name column (name, 姓名 or 客户名称; or use --map)");
		crm_buf_free(&unknown);
		return -1;
	}
	if (unknown.len && o->strict) {
		crm_buf_printf(err, "unknown columns (--strict): %s", unknown.s);
		crm_buf_free(&unknown);
		return -1;
	}
	if (unknown.len)
		crm_warn("keeping unknown columns as custom fields: %s", unknown.s);
	crm_buf_free(&unknown);
	return 0;
}

static void
colmap_free(struct colmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->header[i]);
	free(m->header);
	free(m->field);
}

/* The rejects file: written to a temporary file beside its final name and
** renamed (converted back to the input's encoding) when the import ends,
** so that a killed import never leaves half a rejects file. */
struct rejects {
	char *path;          /* final name, NULL for stderr */
	char *tmp;           /* temporary name */
	FILE *fp;
	crm_csvout *w;
	const char *encoding;
};

static void
rejects_row(struct rejects *rj, const struct colmap *m, const struct crm_record *rec,
    const char *error)
{
	char line[32];
	size_t i;

	if (!rj->w) {
		if (rj->path) {
			rj->tmp = crm_xasprintf("%s.tmp%ld", rj->path, (long)getpid());
			if (!(rj->fp = fopen(rj->tmp, "w")))
				crm_die(CRM_EX_CANTCREAT, "cannot create '%s':", rj->tmp);
		} else {
			rj->fp = stderr;
		}
		rj->w = crm_csvout_new(rj->fp, true);
		for (i = 0; i < m->n; i++)
			crm_csvout_field(rj->w, m->header[i], strlen(m->header[i]));
		crm_csvout_field(rj->w, "line", 4);
		crm_csvout_field(rj->w, "error", 5);
		crm_csvout_end(rj->w);
	}
	for (i = 0; i < rec->n; i++)
		crm_csvout_field(rj->w, rec->f[i], rec->len[i]);
	for (; i < m->n; i++)
		crm_csvout_field(rj->w, "", 0);
	snprintf(line, sizeof line, "%ld", rec->line);
	crm_csvout_field(rj->w, line, strlen(line));
	crm_csvout_field(rj->w, error, strlen(error));
	crm_csvout_end(rj->w);
}

/* Convert the UTF-8 file from into encoding enc as file to. */
static int
convert_file(const char *from, const char *to, const char *enc)
{
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	iconv_t cd = iconv_open(enc, "UTF-8");
	char ib[8192], ob[32768], *ip, *op;
	size_t il = 0, ol, n;
	int bad = 0;

	if (!in || !out || cd == (iconv_t)-1) {
		bad = 1;
		goto done;
	}
	while ((n = fread(ib + il, 1, sizeof ib - il, in)) > 0 || il) {
		il += n;
		ip = ib;
		op = ob;
		ol = sizeof ob;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 && errno != EINVAL) {
			/* a character the encoding lacks: keep it as '?' */
			if (errno == EILSEQ) {
				fwrite(ob, 1, (size_t)(op - ob), out);
				putc('?', out);
				ip++, il--;
				while (il && ((unsigned char)*ip & 0xc0) == 0x80)
					ip++, il--;
				memmove(ib, ip, il);
				continue;
			}
		}
		fwrite(ob, 1, (size_t)(op - ob), out);
		memmove(ib, ip, il);
		if (n == 0)
			break;
	}
done:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (in)
		fclose(in);
	if (out && crm_fshut(out, to) < 0)
		bad = 1;
	return bad ? -1 : 0;
}

static void
rejects_finish(struct rejects *rj)
{
	if (!rj->w)
		return;
	crm_csvout_free(rj->w);
	rj->w = NULL;
	if (!rj->path) {
		fflush(stderr);
		return;
	}
	if (crm_fshut(rj->fp, rj->tmp) < 0)
		crm_die(CRM_EX_IOERR, "rejects file '%s' not written", rj->path);
	if (rj->encoding) {
		if (convert_file(rj->tmp, rj->path, rj->encoding) < 0)
			crm_die(CRM_EX_IOERR, "cannot write '%s':", rj->path);
		unlink(rj->tmp);
	} else if (rename(rj->tmp, rj->path) < 0) {
		crm_die(CRM_EX_IOERR, "cannot rename '%s' to '%s':", rj->tmp, rj->path);
	}
}

static void
rejects_abort(struct rejects *rj)
{
	if (!rj->w)
		return;
	crm_csvout_free(rj->w);
	rj->w = NULL;
	if (rj->path) {
		fclose(rj->fp);
		unlink(rj->tmp);
	}
}

/* input.csv -> input.rejects.csv */
static char *
default_rejects(const char *path)
{
	size_t n = strlen(path);

	if (n > 4 && !strcasecmp(path + n - 4, ".csv"))
		return crm_xasprintf("%.*s.rejects.csv", (int)(n - 4), path);
	return crm_xasprintf("%s.rejects.csv", path);
}

static bool
row_empty(const struct crm_record *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->len[i])
			return false;
	return true;
}

/* Build the customer of one row: mapped fields, and the unknown columns
** as a JSON object of custom fields. */
static void
row_customer(const struct colmap *m, const struct crm_record *rec,
    struct crm_customer *c, struct crm_buf *custom)
{
	size_t i;

	crm_customer_clear(c);
	crm_buf_reset(custom);
	for (i = 0; i < m->n; i++) {
		if (m->field[i] >= 0) {
			c->v[m->field[i]] = crm_xstrndup(rec->f[i], rec->len[i]);
		} else if (m->field[i] == -1 && rec->len[i]) {
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

static void
progress(const crm_csvin *in, long long rows, off_t size, bool done)
{
	char n[32];

	crm_group_digits(n, sizeof n, rows);
	if (done)
		fprintf(stderr, "\r\033[K");
	else if (size > 0)
		fprintf(stderr, "\r%s: %s rows (%d%%)", crm_progname, n,
		    (int)(crm_csvin_bytes(in) * 100 / size));
	else
		fprintf(stderr, "\r%s: %s rows", crm_progname, n);
	fflush(stderr);
}

static const struct crm_col added_cols[] = {
	{ "id", true }, { "code", false }, { "name", false }, { "mobile", false },
	{ "region", false }, { "missing", false },
};

/* The listing of customers added or updated, as crm-add prints it. */
crm_out *
crm_customer_out_open(FILE *fp, const struct crm_opts *o)
{
	return crm_out_open(fp, o, added_cols, sizeof added_cols / sizeof added_cols[0]);
}

void
crm_customer_out_row(crm_out *out, const struct crm_customer *c)
{
	const char *vals[] = { c->v[CRM_F_ID], c->v[CRM_F_CODE], c->v[CRM_F_NAME],
	    c->v[CRM_F_MOBILE], c->v[CRM_F_REGION], c->v[CRM_F_MISSING] };

	crm_out_row(out, vals);
}

/* Import customers from o->path.  Prints the summary line on stderr.
** Returns the exit status: 0, or 65 when rows were rejected or the file
** could not be read as a whole (then nothing is committed). */
int
crm_import_customers(crm_store *s, const struct crm_import_opts *o,
    struct crm_import_result *res)
{
	crm_csvin *in = crm_csvin_open(o->path, o->encoding);
	struct crm_record rec;
	struct colmap m = { 0 };
	struct rejects rj = { 0 };
	struct crm_ctx x;
	struct crm_customer c = { 0 };
	struct crm_buf err = { 0 }, custom = { 0 }, detail = { 0 };
	struct stat sb;
	off_t size = 0;
	bool show = !o->quiet && isatty(2);
	int rc, status = CRM_EX_OK;
	long *lines = NULL;     /* input line of each customer added, by id */
	int64_t first_id = 0, id = 0;
	size_t nlines = 0, caplines = 0;
	char a[32], b[32], d[32], r[32], u[32];

	memset(res, 0, sizeof *res);
	if (strcmp(o->path, "-") && stat(o->path, &sb) == 0)
		size = sb.st_size;
	rc = crm_csvin_next(in, &rec);
	if (rc < 0)
		crm_die(CRM_EX_DATAERR, "%s; nothing imported", crm_csvin_error(in));
	if (rc == 0)
		crm_die(CRM_EX_DATAERR, "%s: empty file (a header row is required)",
		    crm_csvin_name(in));
	crm_buf_reset(&err);
	if (map_header(&rec, o, &m, &err) < 0)
		crm_die(CRM_EX_DATAERR, "%s:%ld: %s; nothing imported",
		    crm_csvin_name(in), rec.line, err.s);
	rj.path = o->rejects ? crm_xstrdup(o->rejects) :
	    strcmp(o->path, "-") ? default_rejects(o->path) : NULL;
	if (rj.path && !strcmp(rj.path, "-")) {
		free(rj.path);
		rj.path = NULL;
	}
	rj.encoding = o->encoding && strcasecmp(o->encoding, "utf-8") &&
	    strcasecmp(o->encoding, "utf8") ? o->encoding : NULL;

	crm_ctx_init(&x, s);
	x.allow_salutation = o->allow_salutation;
	x.assign_code = !o->no_code;
	/* a bigger page cache while importing: index maintenance dominates */
	crm_sql_exec(s, "PRAGMA cache_size = -32768");
	crm_store_begin(s);
	{
		sqlite3_stmt *st = crm_sql_prepare(s, "SELECT coalesce(max(id), 0) FROM customers");

		if (crm_sql_step(s, st) == SQLITE_ROW)
			first_id = sqlite3_column_int64(st, 0) + 1;
		sqlite3_finalize(st);
	}
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		enum crm_outcome out;

		if (row_empty(&rec))
			continue;
		res->rows++;
		if (show && res->rows % 8192 == 0)
			progress(in, res->rows, size, false);
		crm_buf_reset(&err);
		if (rec.n != m.n) {
			crm_buf_printf(&err, "the row has %zu fields, the header %zu", rec.n, m.n);
			out = CRM_REJECTED;
		} else {
			row_customer(&m, &rec, &c, &custom);
			if (o->edit)
				out = edit_row(&x, &c, &err, &id);
			else if (crm_customer_normalise(&x, &c, &err) > 0)
				out = CRM_REJECTED;
			else
				out = crm_customer_add(&x, &c, o->dup, &err, &id);
		}
		if ((out == CRM_REJECTED || out == CRM_DUPLICATE) && id >= first_id &&
		    (size_t)(id - first_id) < nlines && strstr(err.s, "duplicate of customer")) {
			/* a duplicate of an earlier row: name that row's line */
			char *why = strchr(err.s, '(');
			char *msg = crm_xasprintf("duplicate of line %ld %s",
			    lines[id - first_id], why ? why : "");

			crm_buf_reset(&err);
			crm_buf_adds(&err, msg);
			free(msg);
		}
		switch (out) {
		case CRM_ADDED:
			res->added++;
			if ((size_t)(id - first_id) >= caplines) {
				caplines = caplines ? caplines * 2 : 1024;
				while ((size_t)(id - first_id) >= caplines)
					caplines *= 2;
				lines = crm_xrealloc(lines, caplines * sizeof *lines);
			}
			while (nlines < (size_t)(id - first_id))
				lines[nlines++] = 0;
			lines[nlines++] = rec.line;
			if (o->out)
				crm_customer_out_row(o->out, &c);
			break;
		case CRM_UPDATED:
			res->updated++;
			if (o->out && crm_customer_load(&x, id, &c))
				crm_customer_out_row(o->out, &c);
			break;
		case CRM_UNCHANGED:
			res->unchanged++;
			break;
		case CRM_DUPLICATE:
			res->duplicates++;
			break;
		case CRM_REJECTED:
			res->rejected++;
			rejects_row(&rj, &m, &rec, err.s);
			break;
		}
		id = 0;
	}
	if (show)
		progress(in, res->rows, size, true);
	if (rc < 0) {
		crm_store_rollback(s);
		rejects_abort(&rj);
		crm_die(CRM_EX_DATAERR, "%s; nothing imported", crm_csvin_error(in));
	}
	if (o->dry_run || (o->all_or_nothing && res->rejected)) {
		crm_store_rollback(s);
	} else {
		crm_buf_printf(&detail, "%s: %lld added, %lld updated, %lld duplicates, "
		    "%lld rejected", strcmp(o->path, "-") ? o->path : "<stdin>", res->added,
		    res->updated, res->duplicates, res->rejected);
		crm_audit(s, o->edit ? "edit" : "import", res->added + res->updated, detail.s);
		crm_store_commit(s);
	}
	rejects_finish(&rj);
	crm_sql_exec(s, "PRAGMA cache_size = -2000");

	crm_group_digits(a, sizeof a, res->added);
	crm_group_digits(u, sizeof u, res->updated);
	crm_group_digits(b, sizeof b, res->unchanged);
	crm_group_digits(d, sizeof d, res->duplicates);
	crm_group_digits(r, sizeof r, res->rejected);
	crm_buf_reset(&detail);
	if (o->edit)
		crm_buf_printf(&detail, "%s updated, %s unchanged, %s rejected", u, b, r);
	else
		crm_buf_printf(&detail, "%s added", a);
	if (!o->edit && (res->updated || o->dup == CRM_DUP_UPDATE))
		crm_buf_printf(&detail, ", %s updated", u);
	if (!o->edit && res->unchanged)
		crm_buf_printf(&detail, ", %s unchanged", b);
	if (!o->edit)
		crm_buf_printf(&detail, ", %s duplicates, %s rejected", d, r);
	if (res->rejected)
		crm_buf_printf(&detail, " (%s)", rj.path ? rj.path : "rows on stderr");
	if (o->dry_run)
		crm_buf_adds(&detail, "; dry run, nothing written");
	else if (o->all_or_nothing && res->rejected)
		crm_buf_adds(&detail, "; --all-or-nothing: nothing imported");
	fprintf(stderr, "%s: %s\n", crm_progname, detail.s);
	if (res->rejected)
		status = CRM_EX_DATAERR;
	res->rejects_path = res->rejected && rj.path ? crm_xstrdup(rj.path) : NULL;

	crm_customer_clear(&c);
	crm_ctx_free(&x);
	colmap_free(&m);
	crm_csvin_close(in);
	crm_buf_free(&err);
	crm_buf_free(&custom);
	crm_buf_free(&detail);
	free(lines);
	free(rj.path);
	free(rj.tmp);
	return status;
}
