/*
** fmt.c — tabular output in the four formats every program offers:
** csv (the default when stdout is not a terminal), tsv, json and table
** (the default on a terminal: aligned columns, CJK characters counted as
** two columns wide).  csv, tsv and json stream; table holds the rows to
** measure them.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

struct crm_out {
	FILE *fp;                 /* destination, not owned */
	enum crm_format fmt;      /* never CRM_FMT_AUTO */
	const struct crm_col *cols;
	size_t ncols;
	crm_csvout *csv;          /* for CRM_FMT_CSV */
	long long nrows;          /* rows written */
	struct crm_buf line;      /* scratch for one json object */
	char **cells;             /* table: held cells, nrows * ncols */
	size_t cellcap;
};

crm_out *
crm_out_open(FILE *fp, const struct crm_opts *o, const struct crm_col *cols,
    size_t ncols)
{
	crm_out *w = crm_xcalloc(1, sizeof *w);
	size_t i;

	w->fp = fp;
	w->fmt = o->format;
	if (w->fmt == CRM_FMT_AUTO)
		w->fmt = isatty(fileno(fp)) ? CRM_FMT_TABLE : CRM_FMT_CSV;
	w->cols = cols;
	w->ncols = ncols;
	switch (w->fmt) {
	case CRM_FMT_CSV:
		w->csv = crm_csvout_new(fp, o->raw);
		for (i = 0; i < ncols; i++)
			crm_csvout_field(w->csv, cols[i].name, strlen(cols[i].name));
		crm_csvout_end(w->csv);
		break;
	case CRM_FMT_TSV:
		for (i = 0; i < ncols; i++)
			fprintf(fp, "%s%s", i ? "\t" : "", cols[i].name);
		putc('\n', fp);
		break;
	case CRM_FMT_JSON:
		fputs("[", fp);
		break;
	default:
		break;
	}
	return w;
}

static void
tsv_field(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default: putc(*s, fp);
		}
	}
}

static bool
json_number(const char *s)
{
	char *end;

	if (!*s || *s == '+' || (*s == '0' && s[1] && s[1] != '.') ||
	    (*s == '-' && s[1] == '0' && s[2] && s[2] != '.'))
		return false;
	strtod(s, &end);
	return *end == '\0';
}

/* Write one row; vals has ncols entries, NULL for an empty value. */
void
crm_out_row(crm_out *w, const char *const *vals)
{
	size_t i;

	switch (w->fmt) {
	case CRM_FMT_CSV:
		for (i = 0; i < w->ncols; i++)
			crm_csvout_field(w->csv, vals[i] ? vals[i] : "",
			    vals[i] ? strlen(vals[i]) : 0);
		crm_csvout_end(w->csv);
		break;
	case CRM_FMT_TSV:
		for (i = 0; i < w->ncols; i++) {
			if (i)
				putc('\t', w->fp);
			tsv_field(w->fp, vals[i] ? vals[i] : "");
		}
		putc('\n', w->fp);
		break;
	case CRM_FMT_JSON:
		crm_buf_reset(&w->line);
		crm_buf_adds(&w->line, w->nrows ? ",\n{" : "\n{");
		for (i = 0; i < w->ncols; i++) {
			if (i)
				crm_buf_addc(&w->line, ',');
			crm_json_string(&w->line, w->cols[i].name, strlen(w->cols[i].name));
			crm_buf_addc(&w->line, ':');
			if (!vals[i] || (!*vals[i] && w->cols[i].numeric))
				crm_buf_adds(&w->line, "null");
			else if (w->cols[i].numeric && json_number(vals[i]))
				crm_buf_adds(&w->line, vals[i]);
			else
				crm_json_string(&w->line, vals[i], strlen(vals[i]));
		}
		crm_buf_addc(&w->line, '}');
		fwrite(w->line.s, 1, w->line.len, w->fp);
		break;
	default:
		if ((size_t)(w->nrows + 1) * w->ncols > w->cellcap) {
			w->cellcap = w->cellcap ? w->cellcap * 2 : w->ncols * 64;
			while (w->cellcap < (size_t)(w->nrows + 1) * w->ncols)
				w->cellcap *= 2;
			w->cells = crm_xrealloc(w->cells, w->cellcap * sizeof *w->cells);
		}
		for (i = 0; i < w->ncols; i++) {
			char *c = crm_xstrdup(vals[i] ? vals[i] : ""), *p;

			for (p = c; *p; p++)
				if ((unsigned char)*p < 0x20)
					*p = ' ';
			w->cells[w->nrows * w->ncols + i] = c;
		}
	}
	w->nrows++;
}

static void
pad(FILE *fp, size_t n)
{
	while (n--)
		putc(' ', fp);
}

static void
table_flush(crm_out *w)
{
	size_t *width = crm_xcalloc(w->ncols, sizeof *width), i, k, cw;
	long long r;

	for (i = 0; i < w->ncols; i++)
		width[i] = crm_utf8_width(w->cols[i].name, strlen(w->cols[i].name));
	for (r = 0; r < w->nrows; r++)
		for (i = 0; i < w->ncols; i++) {
			const char *c = w->cells[r * w->ncols + i];

			cw = crm_utf8_width(c, strlen(c));
			if (cw > width[i])
				width[i] = cw;
		}
	for (r = -1; r < w->nrows; r++) {
		for (i = 0; i < w->ncols; i++) {
			const char *c = r < 0 ? w->cols[i].name : w->cells[r * w->ncols + i];
			bool last = i + 1 == w->ncols;

			cw = crm_utf8_width(c, strlen(c));
			if (i)
				fputs("  ", w->fp);
			if (w->cols[i].numeric && r >= 0)
				pad(w->fp, width[i] - cw);
			fputs(c, w->fp);
			if (!(w->cols[i].numeric && r >= 0) && !last)
				pad(w->fp, width[i] - cw);
		}
		putc('\n', w->fp);
	}
	for (k = 0; k < (size_t)w->nrows * w->ncols; k++)
		free(w->cells[k]);
	free(w->cells);
	free(width);
}

void
crm_out_close(crm_out *w)
{
	if (!w)
		return;
	if (w->fmt == CRM_FMT_JSON)
		fputs(w->nrows ? "\n]\n" : "]\n", w->fp);
	else if (w->fmt == CRM_FMT_TABLE)
		table_flush(w);
	crm_csvout_free(w->csv);
	crm_buf_free(&w->line);
	free(w);
}

/* Write every row of r to w, then close r.  Returns the rows written. */
long long
crm_out_rows(crm_out *w, crm_rows *r)
{
	size_t n = crm_rows_ncols(r);
	const char **v = crm_xcalloc(n ? n : 1, sizeof *v);
	long long rows = 0;

	while (crm_rows_next(r, v)) {
		crm_out_row(w, v);
		rows++;
	}
	free(v);
	crm_rows_close(r);
	return rows;
}
