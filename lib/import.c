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
	}
	if (!(*id = crm_customer_insert(x, c))) {
		crm_buf_adds(err, crm_store_errmsg(x->store));
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

/* How the columns of an input file map onto customer fields. */
struct colmap {
	size_t n;            /* columns in the header */
	int *field;          /* field of each column, -1 custom, -2 ignored */
	char **header;       /* the header as read */
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

/* Check --map 'Header=field,...': every entry has a header and names an
** input field, whether or not the file has that header (a usage error
** otherwise).  With h, return the field mapped to header h, or -1. */
static int
map_lookup(const char *map, const char *h)
{
	const char *p, *eq, *comma;
	int found = -1;

	for (p = map; p && *p; p = comma ? comma + 1 : NULL) {
		char *f;
		int k;

		comma = strchr(p, ',');
		eq = memchr(p, '=', comma ? (size_t)(comma - p) : strlen(p));
		if (!eq || eq == p)
			crm_usage_error("--map entry '%.*s' is not Header=field",
			    (int)(comma ? comma - p : (long)strlen(p)), p);
		f = crm_xstrndup(eq + 1, comma ? (size_t)(comma - eq - 1) : strlen(eq + 1));
		k = crm_field_lookup(f);
		if (k < 0 || !crm_fields[k].input)
			crm_usage_error("--map: '%s' is not a customer field", f);
		free(f);
		if (h && found < 0 && (size_t)(eq - p) == strlen(h) && !memcmp(p, h, strlen(h)))
			found = k;
	}
	return found;
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
	bool rejects_cols;
	size_t i;

	for (i = 0; i < CRM_F_COUNT; i++)
		seen[i] = -1;
	m->n = rec->n;
	m->field = crm_xcalloc(rec->n, sizeof *m->field);
	m->header = crm_xcalloc(rec->n, sizeof *m->header);
	/* a rejects file imported again: its trailing line,error columns are
	** ours, not the customer's */
	rejects_cols = rec->n >= 2 && !strcmp(rec->f[rec->n - 2], "line") &&
	    !strcmp(rec->f[rec->n - 1], "error");
	if (o->map)
		map_lookup(o->map, NULL);
	for (i = 0; i < rec->n; i++) {
		char *h = trim_copy(rec->f[i]);
		int f = o->map ? map_lookup(o->map, h) : -1;

		if (rejects_cols && i + 2 >= rec->n) {
			m->header[i] = crm_xstrdup(rec->f[i]);
			m->field[i] = -2;
			free(h);
			continue;
		}

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
	if (o->edit && seen[CRM_F_ID] < 0 && seen[CRM_F_CODE] < 0 && seen[CRM_F_MOBILE] < 0) {
		crm_buf_adds(err, "no id, code or mobile column to find customers by");
		crm_buf_free(&unknown);
		return -1;
	}
	if (seen[CRM_F_NAME] < 0 && !o->edit) {
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
	char *first;         /* the first pass's rejects, once a second began */
	bool is_default;     /* path is <input>.rejects.csv, not --rejects */
	size_t line_col;     /* the line column: the header's width */
};

static void
rejects_row(struct rejects *rj, const struct colmap *m, const struct crm_record *rec,
    const char *error)
{
	char line[32];
	size_t i;

	if (!rj->w) {
		rj->line_col = m->n;
		if (rj->path) {
			free(rj->tmp);
			rj->tmp = crm_xasprintf("%s.tmp%ld%s", rj->path, (long)getpid(),
			    rj->first ? "b" : "");
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
	/* the original columns under their headers; fields past the header
	** (a ragged row) follow line,error so that nothing is lost */
	for (i = 0; i < m->n; i++)
		crm_csvout_field(rj->w, i < rec->n ? rec->f[i] : "", i < rec->n ? rec->len[i] : 0);
	snprintf(line, sizeof line, "%ld", rec->line);
	crm_csvout_field(rj->w, line, strlen(line));
	crm_csvout_field(rj->w, error, strlen(error));
	for (; i < rec->n; i++)
		crm_csvout_field(rj->w, rec->f[i], rec->len[i]);
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

/* Close the rejects of the first pass; those of the second pass (the rows
** bulk mode set aside) go to another file, merged by line at the end so
** that the rejects file keeps the input's order. */
static void
rejects_split(struct rejects *rj)
{
	if (!rj->path)
		return;
	if (rj->w) {
		crm_csvout_free(rj->w);
		rj->w = NULL;
		if (crm_fshut(rj->fp, rj->tmp) < 0)
			crm_die(CRM_EX_IOERR, "rejects file '%s' not written", rj->path);
		rj->first = rj->tmp;
		rj->tmp = NULL;
	} else {
		rj->first = crm_xstrdup("");
	}
}

/* Merge the two rejects files a and b, each in line order, into out. */
static void
rejects_merge(const char *a, const char *b, const char *out, size_t line_col)
{
	crm_csvin *in[2] = { crm_csvin_open(a, NULL), crm_csvin_open(b, NULL) };
	struct crm_record rec[2];
	int more[2], k;
	size_t i;
	FILE *fp = fopen(out, "w");
	crm_csvout *w;

	if (!fp)
		crm_die(CRM_EX_CANTCREAT, "cannot create '%s':", out);
	w = crm_csvout_new(fp, true);
	for (k = 0; k < 2; k++) {
		more[k] = crm_csvin_next(in[k], &rec[k]);       /* the header */
		if (more[k] > 0 && k == 0) {
			for (i = 0; i < rec[k].n; i++)
				crm_csvout_field(w, rec[k].f[i], rec[k].len[i]);
			crm_csvout_end(w);
		}
		more[k] = crm_csvin_next(in[k], &rec[k]);
	}
	while (more[0] > 0 || more[1] > 0) {
		k = more[0] <= 0 ? 1 : more[1] <= 0 ? 0 :
		    atol(rec[1].f[line_col]) < atol(rec[0].f[line_col]);
		for (i = 0; i < rec[k].n; i++)
			crm_csvout_field(w, rec[k].f[i], rec[k].len[i]);
		crm_csvout_end(w);
		more[k] = crm_csvin_next(in[k], &rec[k]);
	}
	if (more[0] < 0 || more[1] < 0)
		crm_die(CRM_EX_SOFTWARE, "rejects: %s", crm_csvin_error(in[more[0] < 0 ? 0 : 1]));
	crm_csvout_free(w);
	if (crm_fshut(fp, out) < 0)
		crm_die(CRM_EX_IOERR, "rejects file '%s' not written", out);
	crm_csvin_close(in[0]);
	crm_csvin_close(in[1]);
}

static void
rejects_finish(struct rejects *rj)
{
	if (rj->w) {
		crm_csvout_free(rj->w);
		rj->w = NULL;
		if (!rj->path) {
			fflush(stderr);
			return;
		}
		if (crm_fshut(rj->fp, rj->tmp) < 0)
			crm_die(CRM_EX_IOERR, "rejects file '%s' not written", rj->path);
		if (rj->first && *rj->first) {
			char *merged = crm_xasprintf("%s.tmp%ldm", rj->path, (long)getpid());

			rejects_merge(rj->first, rj->tmp, merged, rj->line_col);
			unlink(rj->first);
			unlink(rj->tmp);
			free(rj->tmp);
			rj->tmp = merged;
		}
	} else if (rj->first && *rj->first) {
		free(rj->tmp);
		rj->tmp = rj->first;
		rj->first = NULL;
	} else {
		/* nothing rejected: a rejects file of an earlier run under the
		** default name would tell of rows that are fine now */
		if (rj->path && rj->is_default)
			unlink(rj->path);
		return;
	}
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
	if (!rj->w) {
		if (rj->first && *rj->first)
			unlink(rj->first);
		return;
	}
	crm_csvout_free(rj->w);
	rj->w = NULL;
	if (rj->path) {
		fclose(rj->fp);
		unlink(rj->tmp);
	}
	if (rj->first && *rj->first)
		unlink(rj->first);
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

/*
** Bulk mode.  Into an empty archive, rows load fastest with the secondary
** indexes dropped and built again at the end (a sort instead of a random
** insert per row per index).  Duplicates are then found with a set of
** 32-bit fingerprints of each added row's mobile, e-mail and name+company,
** its bucket taken from other bits of the same 64-bit hash.  A row whose
** key is in the set -- a real duplicate, or rarely a false match -- is set
** aside in a spill file and handled exactly, through the indexes, once
** they are built.  The set grows by rescanning the loaded rows; past
** KEYSET_MAX slots the indexes are built at once and the import goes on
** the ordinary way, so memory stays bounded whatever the input size.
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

/* The keys of a customer: mobile, e-mail, name+company. */
static int
customer_keys(const struct crm_customer *c, uint64_t h[3])
{
	int n = 0;

	if (c->v[CRM_F_MOBILE])
		h[n++] = hash_key('m', c->v[CRM_F_MOBILE], NULL);
	if (c->v[CRM_F_EMAIL])
		h[n++] = hash_key('e', c->v[CRM_F_EMAIL], NULL);
	if (c->v[CRM_F_NAME] && c->v[CRM_F_COMPANY])
		h[n++] = hash_key('n', c->v[CRM_F_NAME], c->v[CRM_F_COMPANY]);
	return n;
}

static void
keyset_alloc(struct keyset *k, size_t size)
{
	free(k->slot);
	k->slot = crm_xcalloc(size, sizeof *k->slot);
	k->size = size;
	k->n = 0;
}

/* State of one import, shared by the first pass and the spill pass. */
struct run {
	const struct crm_import_opts *o;
	crm_store *s;
	struct crm_ctx x;
	struct colmap m;
	struct rejects rj;
	struct crm_customer c;
	struct crm_buf err, custom;
	struct crm_import_result *res;
	uint32_t *lines;        /* input line of each customer added, by id */
	size_t nlines, caplines;
	int64_t first_id;       /* id of the first customer this import adds */
	struct keyset keys;     /* bulk mode: fingerprints of added rows */
	char *spill_path;       /* bulk mode: rows set aside, or NULL */
	FILE *spill;
	crm_csvout *spill_w;
};

/* Leave bulk mode: build the indexes now, forget the fingerprints. */
static void
end_bulk(struct run *r)
{
	if (!r->x.bulk)
		return;
	free(r->keys.slot);
	r->keys.slot = NULL;
	crm_schema_customer_indexes(r->s, true);
	r->x.bulk = false;
}

/* (Re)build the fingerprint set with size slots from the customers in
** the store: those there before the import and those it has added. */
static void
keyset_fill(struct run *r, size_t size)
{
	crm_stmt *st;
	struct crm_customer c = { 0 };
	uint64_t h[3];
	int i, n;

	keyset_alloc(&r->keys, size);
	st = crm_sql_prepare(r->s, "SELECT mobile, email, name, company FROM customers"
	    " WHERE status <> 'deleted'");
	while (crm_sql_step(r->s, st) == CRM_ROW) {
		c.v[CRM_F_MOBILE] = (char *)crm_col_text(st, 0);
		c.v[CRM_F_EMAIL] = (char *)crm_col_text(st, 1);
		c.v[CRM_F_NAME] = (char *)crm_col_text(st, 2);
		c.v[CRM_F_COMPANY] = (char *)crm_col_text(st, 3);
		n = customer_keys(&c, h);
		for (i = 0; i < n; i++)
			keyset_probe(&r->keys, h[i], true);
	}
	crm_sql_finalize(st);
}

/* Double the fingerprint set, or leave bulk mode when it would be too big. */
static void
keyset_grow(struct run *r)
{
	if (r->keys.size * 2 > KEYSET_MAX)
		end_bulk(r);
	else
		keyset_fill(r, r->keys.size * 2);
}

static void
spill_row(struct run *r, const struct crm_record *rec)
{
	char line[32];
	size_t i;
	int fd;

	if (!r->spill) {
		const char *tmp = getenv("TMPDIR");

		r->spill_path = crm_xasprintf("%s/crm-spill.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(r->spill_path)) < 0 || !(r->spill = fdopen(fd, "w")))
			crm_die(CRM_EX_CANTCREAT, "cannot create '%s':", r->spill_path);
		r->spill_w = crm_csvout_new(r->spill, true);
	}
	for (i = 0; i < rec->n; i++)
		crm_csvout_field(r->spill_w, rec->f[i], rec->len[i]);
	snprintf(line, sizeof line, "%ld", rec->line);
	crm_csvout_field(r->spill_w, line, strlen(line));
	crm_csvout_end(r->spill_w);
}

static void
remember_line(struct run *r, int64_t id, long line)
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

/* Handle one data row: add, update, skip or reject it, or (bulk mode)
** set it aside for the exact pass. */
static void
handle_row(struct run *r, const struct crm_record *rec)
{
	const struct crm_import_opts *o = r->o;
	struct crm_import_result *res = r->res;
	enum crm_outcome out;
	int64_t id = 0;
	uint64_t h[3];
	int i, n;

	crm_buf_reset(&r->err);
	if (rec->n != r->m.n) {
		crm_buf_printf(&r->err, "the row has %zu fields, the header %zu", rec->n, r->m.n);
		out = CRM_REJECTED;
	} else {
		row_customer(&r->m, rec, &r->c, &r->custom);
		if (o->edit) {
			out = edit_row(&r->x, &r->c, &r->err, &id);
		} else if (crm_customer_normalise(&r->x, &r->c, &r->err) > 0) {
			out = CRM_REJECTED;
		} else if (r->x.bulk) {
			n = customer_keys(&r->c, h);
			for (i = 0; i < n; i++)
				if (keyset_probe(&r->keys, h[i], false)) {
					spill_row(r, rec);
					return;
				}
			out = crm_customer_add(&r->x, &r->c, o->dup, &r->err, &id);
			if (out == CRM_ADDED && r->x.bulk) {
				for (i = 0; i < n; i++)
					keyset_probe(&r->keys, h[i], true);
				if (r->keys.n * 5 > r->keys.size * 4)
					keyset_grow(r);
			}
		} else {
			out = crm_customer_add(&r->x, &r->c, o->dup, &r->err, &id);
		}
	}
	if ((out == CRM_REJECTED || out == CRM_DUPLICATE) && id >= r->first_id &&
	    (size_t)(id - r->first_id) < r->nlines && r->lines[id - r->first_id] &&
	    strstr(r->err.s, "duplicate of customer")) {
		/* a duplicate of an earlier row: name that row's line */
		char *why = strchr(r->err.s, '(');
		char *msg = crm_xasprintf("duplicate of line %lu %s",
		    (unsigned long)r->lines[id - r->first_id], why ? why : "");

		crm_buf_reset(&r->err);
		crm_buf_adds(&r->err, msg);
		free(msg);
	}
	switch (out) {
	case CRM_ADDED:
		res->added++;
		remember_line(r, id, rec->line);
		if (o->out)
			crm_customer_out_row(o->out, &r->c);
		break;
	case CRM_UPDATED:
		res->updated++;
		if (o->out && crm_customer_load(&r->x, id, &r->c))
			crm_customer_out_row(o->out, &r->c);
		break;
	case CRM_UNCHANGED:
		res->unchanged++;
		break;
	case CRM_DUPLICATE:
		res->duplicates++;
		break;
	case CRM_REJECTED:
		res->rejected++;
		rejects_row(&r->rj, &r->m, rec, r->err.s);
		break;
	}
}

/* Build the indexes and handle the rows set aside, exactly. */
static void
finish_bulk(struct run *r)
{
	struct crm_record rec;
	crm_csvin *in;
	int rc;

	end_bulk(r);
	if (!r->spill)
		return;
	rejects_split(&r->rj);
	crm_csvout_free(r->spill_w);
	if (crm_fshut(r->spill, r->spill_path) < 0)
		crm_die(CRM_EX_IOERR, "spill file '%s' not written", r->spill_path);
	in = crm_csvin_open(r->spill_path, NULL);
	unlink(r->spill_path);
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		rec.line = atol(rec.f[rec.n - 1]);
		rec.n--;
		handle_row(r, &rec);
	}
	if (rc < 0)
		crm_die(CRM_EX_SOFTWARE, "%s", crm_csvin_error(in));
	crm_csvin_close(in);
}

/* Import customers from o->path.  Prints the summary line on stderr.
** Returns the exit status: 0, or 65 when rows were rejected; a file that
** cannot be read as a whole exits 65 with nothing committed. */
int
crm_import_customers(crm_store *s, const struct crm_import_opts *o,
    struct crm_import_result *res)
{
	crm_csvin *in = crm_csvin_open(o->path, o->encoding);
	struct run r = { .o = o, .s = s, .res = res };
	struct crm_record rec;
	struct crm_buf detail = { 0 };
	struct stat sb;
	crm_stmt *st;
	off_t size = 0;
	bool show = !o->quiet && isatty(2);
	int rc, status = CRM_EX_OK;
	int64_t count = 0;
	char a[32], b[32], d[32], e[32], u[32];

	memset(res, 0, sizeof *res);
	if (strcmp(o->path, "-") && stat(o->path, &sb) == 0)
		size = sb.st_size;
	rc = crm_csvin_next(in, &rec);
	if (rc < 0)
		crm_die(CRM_EX_DATAERR, "%s; nothing imported", crm_csvin_error(in));
	if (rc == 0)
		crm_die(CRM_EX_DATAERR, "%s: empty file (a header row is required)",
		    crm_csvin_name(in));
	crm_buf_reset(&r.err);
	if (map_header(&rec, o, &r.m, &r.err) < 0)
		crm_die(CRM_EX_DATAERR, "%s:%ld: %s; nothing imported",
		    crm_csvin_name(in), rec.line, r.err.s);
	r.rj.path = o->rejects ? crm_xstrdup(o->rejects) :
	    strcmp(o->path, "-") ? default_rejects(o->path) : NULL;
	r.rj.is_default = !o->rejects;
	if (r.rj.path && !strcmp(r.rj.path, "-")) {
		free(r.rj.path);
		r.rj.path = NULL;
	}
	r.rj.encoding = o->encoding && strcasecmp(o->encoding, "utf-8") &&
	    strcasecmp(o->encoding, "utf8") ? o->encoding : NULL;

	crm_ctx_init(&r.x, s);
	r.x.allow_salutation = o->allow_salutation;
	r.x.assign_code = !o->no_code;
	/* a bigger page cache while importing: index maintenance dominates */
	crm_store_tune(s, CRM_TUNE_BULK);
	crm_store_begin(s);
	st = crm_sql_prepare(s, "SELECT coalesce(max(id), 0), count(*) FROM customers");
	if (crm_sql_step(s, st) == CRM_ROW) {
		r.first_id = crm_col_int(st, 0) + 1;
		count = crm_col_int(st, 1);
	}
	crm_sql_finalize(st);
	/* bulk mode when the input is large against the archive (the
	** estimate takes 180 bytes a row) and the fingerprints would fit */
	if (!o->edit && (count == 0 || size / 180 >= count / 4)) {
		size_t slots = 1u << 16;
		long long keys = (size / 180 + count) * 3;

		while (slots < KEYSET_MAX && keys > (long long)(slots / 5 * 4))
			slots *= 2;
		if (keys <= (long long)(slots / 5 * 4)) {
			keyset_fill(&r, slots);
			crm_schema_customer_indexes(s, false);
			r.x.bulk = true;
		}
	}
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		if (row_empty(&rec))
			continue;
		res->rows++;
		if (show && res->rows % 8192 == 0)
			progress(in, res->rows, size, false);
		handle_row(&r, &rec);
	}
	if (show)
		progress(in, res->rows, size, true);
	if (rc < 0) {
		crm_store_rollback(s);
		rejects_abort(&r.rj);
		if (r.spill_path)
			unlink(r.spill_path);
		crm_die(CRM_EX_DATAERR, "%s; nothing imported", crm_csvin_error(in));
	}
	finish_bulk(&r);
	if (o->dry_run || (o->all_or_nothing && res->rejected)) {
		crm_store_rollback(s);
	} else {
		crm_buf_printf(&detail, "%s: %lld added, %lld updated, %lld duplicates, "
		    "%lld rejected", strcmp(o->path, "-") ? o->path : "<stdin>", res->added,
		    res->updated, res->duplicates, res->rejected);
		crm_audit(s, o->edit ? "edit" : "import", res->added + res->updated, detail.s);
		crm_store_commit(s);
	}
	rejects_finish(&r.rj);
	crm_store_tune(s, CRM_TUNE_NORMAL);

	crm_group_digits(a, sizeof a, res->added);
	crm_group_digits(u, sizeof u, res->updated);
	crm_group_digits(b, sizeof b, res->unchanged);
	crm_group_digits(d, sizeof d, res->duplicates);
	crm_group_digits(e, sizeof e, res->rejected);
	crm_buf_reset(&detail);
	if (o->edit)
		crm_buf_printf(&detail, "%s updated, %s unchanged, %s rejected", u, b, e);
	else
		crm_buf_printf(&detail, "%s added", a);
	if (r.x.nfull) {
		struct crm_buf full = { 0 };
		long long nocode = 0;
		size_t i;

		for (i = 0; i < r.x.nfull; i++)
			nocode += r.x.full[i].customers;
		crm_group_digits(u, sizeof u, nocode);
		crm_code_full_describe(&r.x, &full);
		crm_buf_printf(&detail, ", %s without a code (%s)", u, full.s);
		crm_group_digits(u, sizeof u, res->updated);
		crm_buf_free(&full);
	}
	if (!o->edit && (res->updated || o->dup == CRM_DUP_UPDATE))
		crm_buf_printf(&detail, ", %s updated", u);
	if (!o->edit && res->unchanged)
		crm_buf_printf(&detail, ", %s unchanged", b);
	if (!o->edit)
		crm_buf_printf(&detail, ", %s duplicates, %s rejected", d, e);
	if (res->rejected)
		crm_buf_printf(&detail, " (%s)", r.rj.path ? r.rj.path : "rows on stderr");
	if (o->dry_run)
		crm_buf_adds(&detail, "; dry run, nothing written");
	else if (o->all_or_nothing && res->rejected)
		crm_buf_adds(&detail, "; --all-or-nothing: nothing imported");
	fprintf(stderr, "%s: %s\n", crm_progname, detail.s);
	if (res->rejected)
		status = CRM_EX_DATAERR;
	res->rejects_path = res->rejected && r.rj.path ? crm_xstrdup(r.rj.path) : NULL;

	crm_customer_clear(&r.c);
	crm_ctx_free(&r.x);
	colmap_free(&r.m);
	crm_csvin_close(in);
	crm_buf_free(&r.err);
	crm_buf_free(&r.custom);
	crm_buf_free(&detail);
	free(r.keys.slot);
	free(r.lines);
	free(r.spill_path);
	free(r.rj.path);
	free(r.rj.tmp);
	free(r.rj.first);
	return status;
}

/* What crm-add --csv and crm-edit --csv run: open the store (crm-edit
** never creates one), import, and print the customers added or changed
** only once the store has committed them.  Returns the exit status. */
int
crm_import_run(struct crm_opts *o, struct crm_import_opts *io)
{
	struct crm_import_result res;
	FILE *spool = NULL;
	crm_store *s;
	int status;

	io->quiet = o->quiet;
	/* a missing input must not leave a new empty store behind */
	if (strcmp(io->path, "-") && access(io->path, R_OK) < 0)
		crm_die(CRM_EX_NOINPUT, "cannot open '%s':", io->path);
	s = crm_store_open(o, io->edit ? CRM_STORE_READ :
	    io->dry_run ? CRM_STORE_DRY : CRM_STORE_WRITE);
	if (!o->quiet) {
		if (o->format == CRM_FMT_AUTO && isatty(1))
			o->format = CRM_FMT_TABLE;
		spool = crm_spool_open();
		io->out = crm_customer_out_open(spool, o);
	}
	status = crm_import_customers(s, io, &res);
	crm_out_close(io->out);
	if (spool && !(io->all_or_nothing && res.rejected))
		crm_spool_copy(spool, stdout);
	else if (spool)
		fclose(spool);
	free(res.rejects_path);
	crm_store_close(s);
	return status;
}
