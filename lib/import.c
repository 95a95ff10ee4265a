/*
** import.c — the one import mechanism: a CSV file in, every row added,
** updated (or unchanged), skipped as a duplicate, or rejected, with the
** nothing-lost rules of SPEC 3.1 for every importer (customers today;
** sales, visits, complaints and surveys next).
**
** The runner does what all imports share: the encoding and the check for
** invalid UTF-8 (csvin.c), the header mapped by English names, Chinese
** aliases and --map, unknown columns kept, ignored or refused (--strict),
** ragged rows rejected with their line, an unclosed quote refused, the
** rejects file (the original columns plus line,error, in the input's
** encoding, renamed into place only at the end), the summary and exit 65,
** --all-or-nothing and --dry-run, one transaction, the progress line, and
** the listing of what was added, printed only once the store committed.
** An importer states only what is special about it: a field table and a
** row handler.
**
**	static const struct crm_field_info visit_fields[] = {
**		{ "customer", "客户|客户名称", true, CRM_COL_TEXT, true },
**		{ "date", "日期|拜访日期", true, CRM_COL_TEXT, true },
**		{ "note", "备注", true, CRM_COL_TEXT, false },
**	};
**
**	static enum crm_outcome
**	visit_row(void *ctx, const struct crm_import_row *row, struct crm_buf *err)
**	{
**		// row->v[0] is the customer, v[1] the date, v[2] the note or
**		// NULL; check them, insert, print to row->out if it is set
**		return CRM_ADDED;         // or CRM_REJECTED, err saying why
**	}
**
**	static const struct crm_importer visit_importer = {
**		.what = "visits", .fields = visit_fields, .nfields = 3,
**		.row = visit_row, .audit = "import-visits",
**	};
**
**	status = crm_import(s, o, &io, &visit_importer, NULL, &res);
**
** A handler may also return CRM_DEFERRED: the runner keeps the row aside
** and hands it back after end_pass(), with row->pass 2 (how the customer
** import checks its likely duplicates once its indexes are rebuilt); the
** rejects file keeps the input's order all the same.
*/
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

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

/* The field of imp that header h names (English name, case-insensitive,
** or one of its '|'-separated aliases), or -1. */
int
crm_import_field_lookup(const struct crm_field_info *fields, size_t n, const char *h)
{
	size_t i, hn = strlen(h);
	const char *a, *bar;

	for (i = 0; i < n; i++) {
		if (!strcasecmp(h, fields[i].name))
			return (int)i;
		for (a = fields[i].aliases; a && *a; a = bar ? bar + 1 : NULL) {
			bar = strchr(a, '|');
			if ((size_t)((bar ? bar : a + strlen(a)) - a) == hn &&
			    !strncasecmp(a, h, hn))
				return (int)i;
		}
	}
	return -1;
}

/* The next entry of a --map text at *p: its header (*h, *hn bytes; *hn
** is 0 for an entry without '=' or without a header) and its field name
** (*f, a new string, or NULL for an entry without '=').  Returns false
** at the end. */
static bool
map_entry(const char **p, const char **h, size_t *hn, char **f)
{
	const char *comma, *eq;
	size_t n;

	if (!*p || !**p)
		return false;
	comma = strchr(*p, ',');
	n = comma ? (size_t)(comma - *p) : strlen(*p);
	eq = memchr(*p, '=', n);
	*h = *p;
	*hn = eq ? (size_t)(eq - *p) : 0;
	*f = eq ? crm_xstrndup(eq + 1, n - *hn - 1) : NULL;
	*p = comma ? comma + 1 : NULL;
	return true;
}

/* What is wrong with --map 'Header=field,...', checked whether or not
** the file has those headers: NULL when every entry has a header and
** names an input field of imp, else a message (valid until the next
** call). */
const char *
crm_import_map_problem(const struct crm_importer *imp, const char *map)
{
	static char msg[160];
	const char *p = map, *h;
	size_t hn;
	char *f;
	int k;

	while (map_entry(&p, &h, &hn, &f)) {
		if (!hn) {
			snprintf(msg, sizeof msg, "--map entry '%.*s' is not Header=field",
			    (int)strcspn(h, ",") > 64 ? 64 : (int)strcspn(h, ","), h);
			free(f);
			return msg;
		}
		k = crm_import_field_lookup(imp->fields, imp->nfields, f);
		if (k < 0 || !imp->fields[k].input) {
			snprintf(msg, sizeof msg, "--map: '%.64s' is not a field of %s", f, imp->what);
			free(f);
			return msg;
		}
		free(f);
	}
	return NULL;
}

/* The field that a well-formed map (crm_import_map_problem) gives to
** header h, or -1 when it names no such header. */
int
crm_import_map_lookup(const struct crm_importer *imp, const char *map, const char *header)
{
	const char *p = map, *h;
	size_t hn, want = strlen(header);
	char *f;
	int k;

	while (map_entry(&p, &h, &hn, &f)) {
		k = f && hn == want && !memcmp(h, header, hn) ?
		    crm_import_field_lookup(imp->fields, imp->nfields, f) : -1;
		free(f);
		if (k >= 0 && imp->fields[k].input)
			return k;
	}
	return -1;
}

/* Map the header.  Returns 0, or -1 with err set (a file that cannot be
** imported at all: a required field missing, two columns for one field,
** unknown columns under --strict, or the importer's own check). */
static int
map_header(const struct crm_record *rec, const struct crm_import_opts *o,
    const struct crm_importer *imp, void *ctx, struct crm_import_columns *m,
    struct crm_buf *err)
{
	struct crm_buf unknown = { 0 };
	int *seen = crm_xcalloc(imp->nfields ? imp->nfields : 1, sizeof *seen);
	const char *problem;
	bool rejects_cols;
	int rc = -1;
	size_t i;

	for (i = 0; i < imp->nfields; i++)
		seen[i] = -1;
	m->n = rec->n;
	m->field = crm_xcalloc(rec->n, sizeof *m->field);
	m->header = crm_xcalloc(rec->n, sizeof *m->header);
	m->column = crm_xcalloc(imp->nfields ? imp->nfields : 1, sizeof *m->column);
	/* a rejects file imported again: its trailing line,error columns are
	** ours, not the data's */
	rejects_cols = rec->n >= 2 && !strcmp(rec->f[rec->n - 2], "line") &&
	    !strcmp(rec->f[rec->n - 1], "error");
	if (o->map && (problem = crm_import_map_problem(imp, o->map)))
		crm_usage_error("%s", problem);
	for (i = 0; i < rec->n; i++) {
		char *h = trim_copy(rec->f[i]);
		int f = o->map ? crm_import_map_lookup(imp, o->map, h) : -1;

		m->header[i] = crm_xstrdup(rec->f[i]);
		if (rejects_cols && i + 2 >= rec->n) {
			m->field[i] = CRM_COLUMN_IGNORED;
			free(h);
			continue;
		}
		if (f < 0)
			f = crm_import_field_lookup(imp->fields, imp->nfields, h);
		if (f >= 0 && !imp->fields[f].input) {
			m->field[i] = CRM_COLUMN_IGNORED;
		} else if (f >= 0) {
			if (seen[f] >= 0) {
				crm_buf_printf(err, "columns %d and %zu both give %s",
				    seen[f] + 1, i + 1, imp->fields[f].name);
				free(h);
				goto done;
			}
			seen[f] = (int)i;
			m->field[i] = f;
		} else {
			m->field[i] = CRM_COLUMN_UNKNOWN;
			if (!*h) {
				free(m->header[i]);
				m->header[i] = crm_xasprintf("column_%zu", i + 1);
			}
			crm_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", *h ? h : m->header[i]);
		}
		free(h);
	}
	for (i = 0; i < imp->nfields; i++) {
		m->column[i] = seen[i];
		if (imp->fields[i].required && seen[i] < 0) {
			crm_buf_printf(err, "no %s column (%s%s%s; or use --map)",
			    imp->fields[i].name, imp->fields[i].name,
			    imp->fields[i].aliases ? ", " : "",
			    imp->fields[i].aliases ? imp->fields[i].aliases : "");
			goto done;
		}
	}
	if (imp->header && imp->header(ctx, m, err) < 0)
		goto done;
	if (unknown.len && o->strict) {
		crm_buf_printf(err, "unknown columns (--strict): %s", unknown.s);
		goto done;
	}
	if (unknown.len)
		crm_warn(imp->keeps_unknown ? "keeping unknown columns as custom "
		    "fields: %s" : "ignoring unknown columns: %s", unknown.s);
	rc = 0;
done:
	free(seen);
	crm_buf_free(&unknown);
	return rc;
}

static void
columns_free(struct crm_import_columns *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->header[i]);
	free(m->header);
	free(m->field);
	free(m->column);
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
rejects_row(struct rejects *rj, const struct crm_import_columns *m,
    const struct crm_record *rec, const char *error)
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
		rj->w = crm_csvout_new(rj->fp, true, false);
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
** deferred) go to another file, merged by line at the end so that the
** rejects file keeps the input's order. */
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
	w = crm_csvout_new(fp, true, false);
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

/* State of one import, shared by the first pass and the deferred rows. */
struct run {
	const struct crm_import_opts *o;
	const struct crm_importer *imp;
	void *ctx;
	struct crm_import_columns m;
	struct rejects rj;
	struct crm_import_result *res;
	struct crm_buf err;
	const char **v;         /* the row's values by field */
	size_t *len;
	crm_out *out;           /* the listing, spooled; NULL with -q */
	int pass;
	char *spill_path;       /* rows deferred, or NULL */
	FILE *spill;
	crm_csvout *spill_w;
};

static void
defer_row(struct run *r, const struct crm_record *rec)
{
	const char *tmp = getenv("TMPDIR");
	char line[32];
	size_t i;
	int fd;

	if (!r->spill) {
		r->spill_path = crm_xasprintf("%s/crm-spill.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if ((fd = mkstemp(r->spill_path)) < 0 || !(r->spill = fdopen(fd, "w")))
			crm_die(CRM_EX_CANTCREAT, "cannot create '%s':", r->spill_path);
		r->spill_w = crm_csvout_new(r->spill, true, false);
	}
	for (i = 0; i < rec->n; i++)
		crm_csvout_field(r->spill_w, rec->f[i], rec->len[i]);
	snprintf(line, sizeof line, "%ld", rec->line);
	crm_csvout_field(r->spill_w, line, strlen(line));
	crm_csvout_end(r->spill_w);
}

/* Handle one data row: the importer adds, updates, skips, rejects or
** defers it; the runner counts it and writes a rejected one out. */
static void
handle_row(struct run *r, const struct crm_record *rec)
{
	struct crm_import_row row = { .v = r->v, .len = r->len, .rec = rec,
	    .cols = &r->m, .line = rec->line, .pass = r->pass, .out = r->out };
	struct crm_import_result *res = r->res;
	enum crm_outcome out;
	size_t i;

	crm_buf_reset(&r->err);
	if (rec->n != r->m.n) {
		crm_buf_printf(&r->err, "the row has %zu fields, the header %zu", rec->n, r->m.n);
		out = CRM_REJECTED;
	} else {
		for (i = 0; i < r->imp->nfields; i++) {
			int c = r->m.column[i];

			r->v[i] = c >= 0 ? rec->f[c] : NULL;
			r->len[i] = c >= 0 ? rec->len[c] : 0;
		}
		out = r->imp->row(r->ctx, &row, &r->err);
	}
	switch (out) {
	case CRM_ADDED: res->added++; break;
	case CRM_UPDATED: res->updated++; break;
	case CRM_UNCHANGED: res->unchanged++; break;
	case CRM_DUPLICATE: res->duplicates++; break;
	case CRM_DEFERRED:
		if (r->pass == 1) {
			defer_row(r, rec);
			break;
		}
		crm_buf_reset(&r->err);
		crm_buf_adds(&r->err, "internal error: a row deferred twice");
		/* FALLTHROUGH */
	case CRM_REJECTED:
		res->rejected++;
		rejects_row(&r->rj, &r->m, rec, r->err.s);
		break;
	}
}

/* The rows deferred in the first pass, handed back in input order. */
static void
second_pass(struct run *r)
{
	struct crm_record rec;
	crm_csvin *in;
	int rc;

	if (!r->spill)
		return;
	rejects_split(&r->rj);
	crm_csvout_free(r->spill_w);
	if (crm_fshut(r->spill, r->spill_path) < 0)
		crm_die(CRM_EX_IOERR, "spill file '%s' not written", r->spill_path);
	in = crm_csvin_open(r->spill_path, NULL);
	unlink(r->spill_path);
	r->pass = 2;
	while ((rc = crm_csvin_next(in, &rec)) > 0) {
		rec.line = atol(rec.f[rec.n - 1]);
		rec.n--;
		handle_row(r, &rec);
	}
	if (rc < 0)
		crm_die(CRM_EX_SOFTWARE, "%s", crm_csvin_error(in));
	crm_csvin_close(in);
}

/* "1,234 added, 5 duplicates, 2 rejected (x.rejects.csv)" */
static void
summary(const struct run *r, struct crm_buf *b)
{
	const struct crm_import_result *res = r->res;
	const unsigned show = r->imp->show;
	char n[32];
	struct {
		unsigned bit;
		long long count;
		const char *what;
	} counts[] = {
		{ CRM_SHOW_ADDED, res->added, "added" },
		{ CRM_SHOW_UPDATED, res->updated, "updated" },
		{ CRM_SHOW_UNCHANGED, res->unchanged, "unchanged" },
		{ CRM_SHOW_DUPLICATES, res->duplicates, "duplicates" },
		{ ~0u, res->rejected, "rejected" },
	};
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		if (!(show & counts[i].bit) && !counts[i].count)
			continue;
		crm_group_digits(n, sizeof n, counts[i].count);
		crm_buf_printf(b, "%s%s %s", b->len ? ", " : "", n, counts[i].what);
		if (counts[i].bit == CRM_SHOW_ADDED && r->imp->summary)
			r->imp->summary(r->ctx, b);
	}
	if (res->rejected)
		crm_buf_printf(b, " (%s)", r->rj.path ? r->rj.path : "rows on stderr");
	if (r->o->dry_run)
		crm_buf_adds(b, "; dry run, nothing written");
	else if (r->o->all_or_nothing && res->rejected)
		crm_buf_adds(b, "; --all-or-nothing: nothing imported");
}

/* Open the store for an import of io->path: a missing input must not
** leave a new empty store behind, and a dry run never creates one. */
crm_store *
crm_import_store(const struct crm_opts *o, const struct crm_import_opts *io,
    enum crm_store_mode mode)
{
	if (strcmp(io->path, "-") && access(io->path, R_OK) < 0)
		crm_die(CRM_EX_NOINPUT, "cannot open '%s':", io->path);
	if (io->dry_run && mode == CRM_STORE_WRITE)
		mode = CRM_STORE_DRY;
	return crm_store_open(o, mode);
}

/* Import o->path into s through imp (ctx is its state).  Prints the
** summary line on stderr, and with o->print the importer's listing on
** stdout once the store has committed.  Returns the exit status: 0, or
** 65 when rows were rejected; a file that cannot be read as a whole
** exits 65 with nothing committed. */
int
crm_import(crm_store *s, struct crm_opts *opts, const struct crm_import_opts *o,
    const struct crm_importer *imp, void *ctx, struct crm_import_result *res)
{
	crm_csvin *in = crm_csvin_open(o->path, o->encoding);
	struct run r = { .o = o, .imp = imp, .ctx = ctx, .res = res, .pass = 1 };
	struct crm_record rec;
	struct crm_buf detail = { 0 };
	struct stat sb;
	off_t size = 0;
	bool show = !opts->quiet && isatty(2);
	FILE *spool = NULL;
	int rc, status = CRM_EX_OK;

	memset(res, 0, sizeof *res);
	if (strcmp(o->path, "-") && stat(o->path, &sb) == 0)
		size = sb.st_size;
	rc = crm_csvin_next(in, &rec);
	if (rc < 0)
		crm_die(CRM_EX_DATAERR, "%s; nothing imported", crm_csvin_error(in));
	if (rc == 0)
		crm_die(CRM_EX_DATAERR, "%s: empty file (a header row is required)",
		    crm_csvin_name(in));
	if (map_header(&rec, o, imp, ctx, &r.m, &r.err) < 0)
		crm_die(CRM_EX_DATAERR, "%s:%ld: %s; nothing imported",
		    crm_csvin_name(in), rec.line, r.err.s);
	r.v = crm_xcalloc(imp->nfields ? imp->nfields : 1, sizeof *r.v);
	r.len = crm_xcalloc(imp->nfields ? imp->nfields : 1, sizeof *r.len);
	r.rj.path = o->rejects ? crm_xstrdup(o->rejects) :
	    strcmp(o->path, "-") ? default_rejects(o->path) : NULL;
	r.rj.is_default = !o->rejects;
	if (r.rj.path && !strcmp(r.rj.path, "-")) {
		free(r.rj.path);
		r.rj.path = NULL;
	}
	r.rj.encoding = o->encoding && strcasecmp(o->encoding, "utf-8") &&
	    strcasecmp(o->encoding, "utf8") ? o->encoding : NULL;
	if (!opts->quiet && imp->ncols) {
		if (opts->format == CRM_FMT_AUTO && isatty(1))
			opts->format = CRM_FMT_TABLE;
		spool = crm_spool_open();
		if (imp->personal)
			crm_output_personal();
		r.out = crm_out_open(spool, opts, imp->cols, imp->ncols);
	}

	crm_store_tune(s, CRM_TUNE_BULK);
	if (imp->prepare)
		imp->prepare(ctx, (long long)size);
	if (imp->refs_checked)
		crm_store_foreign_keys(s, false);
	crm_store_begin(s);
	if (imp->begin)
		imp->begin(ctx, (long long)size);
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
	if (imp->end_pass)
		imp->end_pass(ctx);
	second_pass(&r);
	if (imp->end)
		imp->end(ctx);
	summary(&r, &detail);
	if (o->dry_run || (o->all_or_nothing && res->rejected)) {
		crm_store_rollback(s);
	} else {
		char *audit = crm_xasprintf("%s: %s", strcmp(o->path, "-") ?
		    o->path : "<stdin>", detail.s);

		crm_audit(s, imp->audit, res->added + res->updated, audit);
		free(audit);
		crm_store_commit(s);
	}
	rejects_finish(&r.rj);
	if (imp->refs_checked)
		crm_store_foreign_keys(s, true);
	crm_store_tune(s, CRM_TUNE_NORMAL);
	fprintf(stderr, "%s: %s\n", crm_progname, detail.s);
	crm_out_close(r.out);
	if (spool && !(o->all_or_nothing && res->rejected))
		crm_spool_copy(spool, stdout);
	else if (spool)
		fclose(spool);
	if (res->rejected)
		status = CRM_EX_DATAERR;
	res->rejects_path = res->rejected && r.rj.path ? crm_xstrdup(r.rj.path) : NULL;

	columns_free(&r.m);
	crm_csvin_close(in);
	crm_buf_free(&r.err);
	crm_buf_free(&detail);
	free(r.v);
	free(r.len);
	free(r.spill_path);
	free(r.rj.path);
	free(r.rj.tmp);
	free(r.rj.first);
	return status;
}
