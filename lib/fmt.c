/*
** fmt.c — tabular output in the formats every program offers: csv (the
** default when stdout is not a terminal), tsv, json, table (the default
** on a terminal: aligned columns, CJK characters counted as two columns
** wide) and xlsx, an Excel workbook written by libxlsxwriter.
**
** csv, tsv and json stream; table holds the rows to measure them.  xlsx
** streams too (libxlsxwriter's constant_memory mode: one row in memory)
** into a workbook in a temporary file, which crm_out_close copies to the
** stream; with --output that stream is itself a temporary file that
** cli.c renames into place at exit, so a workbook is never seen half
** written.  In xlsx the column types of struct crm_col decide the cells:
** integers, money (#,##0.00) and ratios (0.0000) are numbers, dates and
** times are dates, the rest strings -- so no formula guard is needed.
** --bom starts csv and tsv with a UTF-8 byte-order mark and ends their
** lines with CRLF, which is what Excel on Chinese Windows needs.
*/
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "crm.h"

/* The xlsx side of an output. */
struct xlsx {
	char path[PATH_MAX];      /* the workbook's temporary file */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *ratio, *date, *time;
	size_t *width;            /* display width of each column */
	char sheet[32];
	int chart;                /* column of the bar chart, -1: none */
	int label;                /* its category column */
};

struct crm_out {
	FILE *fp;                 /* destination, not owned */
	enum crm_format fmt;      /* never CRM_FMT_AUTO */
	const struct crm_col *cols;
	size_t ncols;
	bool crlf;                /* --bom: CRLF line ends */
	crm_csvout *csv;          /* for CRM_FMT_CSV */
	long long nrows;          /* rows written */
	struct crm_buf line;      /* scratch for one json object */
	char **cells;             /* table: held cells, nrows * ncols */
	size_t cellcap;
	int chart, label;         /* table: the column charted and its labels, or -1 */
	struct xlsx *x;           /* for CRM_FMT_XLSX */
};

/* The most rows a worksheet holds, the header included. */
#define XLSX_MAX_ROWS 1048576
/* The longest string a cell holds, in bytes here (Excel counts UTF-16
** units; 32,767 bytes of UTF-8 are never more). */
#define XLSX_MAX_STRING 32767
/* The widest column set from the data, in character widths. */
#define XLSX_MAX_WIDTH 60

/* libxlsxwriter is loaded when a workbook is first written, not linked:
** it brings libcrypto and minizip, whose loading would double the start
** of every program (crm-show, crm-credit check in a loop) for an output
** few runs ask for.  CRM_XLSX_LIB is its soname, found by the Makefile. */
#ifndef CRM_XLSX_LIB
#define CRM_XLSX_LIB "libxlsxwriter.so.4"
#endif
#define LXW_FUNCS(X) \
	X(workbook_new_opt) \
	X(workbook_add_worksheet) \
	X(workbook_add_format) \
	X(format_set_bold) \
	X(format_set_num_format) \
	X(worksheet_write_string) \
	X(worksheet_write_number) \
	X(worksheet_write_datetime) \
	X(worksheet_set_column) \
	X(worksheet_freeze_panes) \
	X(worksheet_autofilter) \
	X(workbook_add_chart) \
	X(chart_add_series) \
	X(chart_series_set_categories) \
	X(chart_series_set_values) \
	X(chart_series_set_name_range) \
	X(chart_title_set_name) \
	X(chart_legend_set_position) \
	X(chart_axis_set_reverse) \
	X(worksheet_insert_chart) \
	X(workbook_close) \
	X(lxw_strerror) \

static struct {
#define X(f) __typeof__(f) *f;
	LXW_FUNCS(X)
#undef X
} lxw;

static void
lxw_load(void)
{
	static void *h;
	const char *missing = NULL;

	if (h)
		return;
	if (!(h = dlopen(CRM_XLSX_LIB, RTLD_NOW | RTLD_LOCAL)))
		crm_die(CRM_EX_UNAVAILABLE, "--format xlsx needs libxlsxwriter (%s):"
		    " apt-get install libxlsxwriter4 (%s)", CRM_XLSX_LIB, dlerror());
#define X(f) if (!(*(void **)&lxw.f = dlsym(h, #f))) missing = #f;
	LXW_FUNCS(X)
#undef X
	if (missing)
		crm_die(CRM_EX_UNAVAILABLE, "%s lacks %s", CRM_XLSX_LIB, missing);
}

static void
xlsx_check(lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR)
		crm_die(CRM_EX_IOERR, "xlsx output: %s: %s", what, lxw.lxw_strerror(e));
}

static void
xlsx_open(crm_out *w)
{
	struct xlsx *x;
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	const char *tmp = getenv("TMPDIR");
	char *path;
	size_t i, n;
	int fd;

	lxw_load();
	x = crm_xcalloc(1, sizeof *x);
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (strlen(tmp) > sizeof x->path - 20)
		crm_die(CRM_EX_CANTCREAT, "xlsx output: TMPDIR is too long: %s", tmp);
	path = crm_xasprintf("%s/crm-xlsx.XXXXXX", tmp);
	strcpy(x->path, path);
	free(path);
	if ((fd = crm_output_mkstemp(x->path)) < 0)
		crm_die(CRM_EX_CANTCREAT, "xlsx output: cannot create a temporary file in %s:", tmp);
	close(fd);
	if (!(x->wb = lxw.workbook_new_opt(x->path, &opt)))
		crm_die(CRM_EX_CANTCREAT, "xlsx output: cannot start a workbook in %s", tmp);
	/* the sheet is named after the program; Excel allows 31
	** characters and none of []:*?/\ */
	n = strlen(crm_progname);
	for (i = 0; i < n && i < 31; i++)
		x->sheet[i] = strchr("[]:*?/\\", crm_progname[i]) ? '_' : crm_progname[i];
	x->sheet[i] = '\0';
	if (!(x->ws = lxw.workbook_add_worksheet(x->wb, i ? x->sheet : NULL)))
		crm_die(CRM_EX_SOFTWARE, "xlsx output: cannot add the worksheet");
	x->bold = lxw.workbook_add_format(x->wb);
	lxw.format_set_bold(x->bold);
	x->money = lxw.workbook_add_format(x->wb);
	lxw.format_set_num_format(x->money, "#,##0.00");
	x->ratio = lxw.workbook_add_format(x->wb);
	lxw.format_set_num_format(x->ratio, "0.0000");
	x->date = lxw.workbook_add_format(x->wb);
	lxw.format_set_num_format(x->date, "yyyy-mm-dd");
	x->time = lxw.workbook_add_format(x->wb);
	lxw.format_set_num_format(x->time, "yyyy-mm-dd hh:mm:ss");
	x->width = crm_xcalloc(w->ncols ? w->ncols : 1, sizeof *x->width);
	x->chart = x->label = -1;
	for (i = 0; i < w->ncols; i++) {
		xlsx_check(lxw.worksheet_write_string(x->ws, 0, (lxw_col_t)i,
		    w->cols[i].name, x->bold), "header");
		/* room for the autofilter's button */
		x->width[i] = crm_utf8_width(w->cols[i].name, strlen(w->cols[i].name)) + 3;
	}
	w->x = x;
}

/* s as an Excel date (and time): 2026-03-05, or 2026-03-05 14:30:00 with
** a 'T' or a space.  False when s is not one. */
static bool
xlsx_datetime(const char *s, bool with_time, lxw_datetime *dt)
{
	struct crm_date d;
	int h = 0, mi = 0, sec = 0, n = 0;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (sscanf(s, "%4d-%2d-%2d%n", &d.y, &d.m, &d.d, &n) != 3 || n != 10 ||
	    !crm_date_valid(d.y, d.m, d.d) || d.y < 1900)
		return false;
	if (with_time && s[10]) {
		if ((s[10] != ' ' && s[10] != 'T') ||
		    sscanf(s + 11, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3 ||
		    n != 8 || s[19] || h > 23 || mi > 59 || sec > 60)
			return false;
	} else if (s[10]) {
		return false;
	}
	dt->year = d.y, dt->month = d.m, dt->day = d.d;
	dt->hour = h, dt->min = mi, dt->sec = sec;
	return true;
}

/* s as a number, or false: plain decimal notation only, as crm prints. */
static bool
xlsx_number(const char *s, double *v)
{
	char *end;

	if (!*s || strspn(s, "+-0123456789.") != strlen(s))
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && !errno;
}

static void
xlsx_row(crm_out *w, const char *const *vals)
{
	struct xlsx *x = w->x;
	lxw_row_t row = (lxw_row_t)(w->nrows + 1);
	size_t i, cw;

	if (w->nrows + 1 >= XLSX_MAX_ROWS)
		crm_die(CRM_EX_DATAERR, "xlsx output: more than %d rows do not fit in a"
		    " worksheet; use --format csv", XLSX_MAX_ROWS - 1);
	for (i = 0; i < w->ncols; i++) {
		const char *v = vals[i];
		lxw_col_t col = (lxw_col_t)i;
		lxw_datetime dt;
		lxw_format *f = NULL;
		double num;
		char shown[64];
		lxw_error e;

		if (!v || !*v)
			continue;
		switch (w->cols[i].type) {
		case CRM_COL_MONEY: f = x->money; /* fall through */
		case CRM_COL_RATIO: if (!f) f = x->ratio; /* fall through */
		case CRM_COL_INT:
			if (xlsx_number(v, &num)) {
				e = lxw.worksheet_write_number(x->ws, row, col, num, f);
				if (f == x->money) {
					/* 1234567.5 is shown as 1,234,567.50 */
					snprintf(shown, sizeof shown, "%.2f", num);
					cw = strlen(shown) + (strlen(shown) - 4) / 3;
				} else {
					cw = strlen(v);
				}
				goto written;
			}
			break;
		case CRM_COL_DATE:
		case CRM_COL_TIME:
			if (xlsx_datetime(v, w->cols[i].type == CRM_COL_TIME, &dt)) {
				bool t = w->cols[i].type == CRM_COL_TIME && strlen(v) > 10;

				e = lxw.worksheet_write_datetime(x->ws, row, col, &dt,
				    t ? x->time : x->date);
				cw = t ? 19 : 10;
				goto written;
			}
			break;
		default:
			break;
		}
		/* text, and a value its column type does not fit */
		if (strlen(v) > XLSX_MAX_STRING) {
			char *cut = crm_xstrndup(v, XLSX_MAX_STRING);
			size_t n = XLSX_MAX_STRING;

			while (n && ((unsigned char)cut[n] & 0xc0) == 0x80)
				cut[n--] = '\0';
			cut[n] = '\0';
			crm_warn("xlsx output: row %lld, %s: cut to the %d bytes a cell holds",
			    w->nrows + 1, w->cols[i].name, XLSX_MAX_STRING);
			e = lxw.worksheet_write_string(x->ws, row, col, cut, NULL);
			cw = crm_utf8_width(cut, n);
			free(cut);
		} else {
			e = lxw.worksheet_write_string(x->ws, row, col, v, NULL);
			cw = crm_utf8_width(v, strlen(v));
		}
written:
		xlsx_check(e, w->cols[i].name);
		if (cw + 1 > x->width[i])
			x->width[i] = cw + 1;
	}
}

/* Add the bar chart over column chart, labelled by column label. */
static void
xlsx_chart(crm_out *w)
{
	struct xlsx *x = w->x;
	lxw_chart *ch;
	lxw_chart_series *se;
	lxw_row_t last = (lxw_row_t)w->nrows;

	if (x->chart < 0 || !w->nrows)
		return;
	if (!(ch = lxw.workbook_add_chart(x->wb, LXW_CHART_BAR)))
		crm_die(CRM_EX_SOFTWARE, "xlsx output: cannot add a chart");
	se = lxw.chart_add_series(ch, NULL, NULL);
	lxw.chart_series_set_categories(se, x->sheet, 1, (lxw_col_t)x->label, last,
	    (lxw_col_t)x->label);
	lxw.chart_series_set_values(se, x->sheet, 1, (lxw_col_t)x->chart, last,
	    (lxw_col_t)x->chart);
	lxw.chart_series_set_name_range(se, x->sheet, 0, (lxw_col_t)x->chart);
	lxw.chart_title_set_name(ch, w->cols[x->chart].name);
	lxw.chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	/* the first row at the top, as in the table */
	lxw.chart_axis_set_reverse(ch->y_axis);
	xlsx_check(lxw.worksheet_insert_chart(x->ws, 1, (lxw_col_t)w->ncols + 1, ch), "chart");
}

/* Finish the workbook and copy it to the stream. */
static void
xlsx_close(crm_out *w)
{
	struct xlsx *x = w->x;
	char buf[65536];
	size_t i, n;
	FILE *in;

	for (i = 0; i < w->ncols; i++)
		lxw.worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i,
		    (double)(x->width[i] > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : x->width[i]), NULL);
	lxw.worksheet_freeze_panes(x->ws, 1, 0);
	if (w->ncols)
		lxw.worksheet_autofilter(x->ws, 0, 0, (lxw_row_t)w->nrows, (lxw_col_t)w->ncols - 1);
	xlsx_chart(w);
	xlsx_check(lxw.workbook_close(x->wb), "writing the workbook");
	if (!(in = fopen(x->path, "rb")))
		crm_die(CRM_EX_IOERR, "xlsx output: %s:", x->path);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, w->fp) != n)
			break;
	if (ferror(in))
		crm_die(CRM_EX_IOERR, "xlsx output: %s:", x->path);
	fclose(in);
	unlink(x->path);
	crm_output_cleanup(NULL);
	free(x->width);
	free(x);
	w->x = NULL;
}

/* Bar chart the numeric column named column, labelled by the column named
** label (NULL: the first text column).  xlsx draws a native Excel chart
** beside the table, table a chart of Unicode blocks under it (see
** table_chart); the other formats ignore it.  Returns 0,
** or -1 when a column is unknown or column is not numeric. */
int
crm_out_chart(crm_out *w, const char *column, const char *label)
{
	int c = -1, l = -1;
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		if (!strcmp(w->cols[i].name, column))
			c = (int)i;
		if (label ? !strcmp(w->cols[i].name, label) :
		    l < 0 && !CRM_COL_NUMERIC(w->cols[i].type))
			l = (int)i;
	}
	if (c < 0 || !CRM_COL_NUMERIC(w->cols[c].type) || (label && l < 0))
		return -1;
	if (l < 0)
		l = 0;
	if (w->x) {
		w->x->chart = c;
		w->x->label = l;
	}
	w->chart = c;
	w->label = l;
	return 0;
}

crm_out *
crm_out_open(FILE *fp, const struct crm_opts *o, const struct crm_col *cols,
    size_t ncols)
{
	static FILE *bom_on;  /* the stream that has its byte-order mark */
	crm_out *w;
	size_t i;

	crm_output_check(o);
	w = crm_xcalloc(1, sizeof *w);
	w->chart = w->label = -1;
	w->fp = fp;
	w->fmt = crm_output_format(o);
	w->cols = cols;
	w->ncols = ncols;
	if (o->bom && (w->fmt == CRM_FMT_CSV || w->fmt == CRM_FMT_TSV)) {
		w->crlf = true;
		if (bom_on != fp && ftell(fp) <= 0)
			fputs("\xef\xbb\xbf", fp);
		bom_on = fp;
	}
	switch (w->fmt) {
	case CRM_FMT_CSV:
		w->csv = crm_csvout_new(fp, o->raw, w->crlf);
		for (i = 0; i < ncols; i++)
			crm_csvout_field(w->csv, cols[i].name, strlen(cols[i].name));
		crm_csvout_end(w->csv);
		break;
	case CRM_FMT_TSV:
		for (i = 0; i < ncols; i++)
			fprintf(fp, "%s%s", i ? "\t" : "", cols[i].name);
		fputs(w->crlf ? "\r\n" : "\n", fp);
		break;
	case CRM_FMT_JSON:
		fputs("[", fp);
		break;
	case CRM_FMT_XLSX:
		xlsx_open(w);
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
		fputs(w->crlf ? "\r\n" : "\n", w->fp);
		break;
	case CRM_FMT_JSON:
		crm_buf_reset(&w->line);
		crm_buf_adds(&w->line, w->nrows ? ",\n{" : "\n{");
		for (i = 0; i < w->ncols; i++) {
			if (i)
				crm_buf_addc(&w->line, ',');
			crm_json_string(&w->line, w->cols[i].name, strlen(w->cols[i].name));
			crm_buf_addc(&w->line, ':');
			if (!vals[i] || (!*vals[i] && CRM_COL_NUMERIC(w->cols[i].type)))
				crm_buf_adds(&w->line, "null");
			else if (CRM_COL_NUMERIC(w->cols[i].type) && json_number(vals[i]))
				crm_buf_adds(&w->line, vals[i]);
			else
				crm_json_string(&w->line, vals[i], strlen(vals[i]));
		}
		crm_buf_addc(&w->line, '}');
		fwrite(w->line.s, 1, w->line.len, w->fp);
		break;
	case CRM_FMT_XLSX:
		xlsx_row(w, vals);
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

/* The width a chart may take: $COLUMNS, else the terminal's, else 80. */
static size_t
chart_width(FILE *fp)
{
	const char *e = getenv("COLUMNS");
	struct winsize ws;
	long n;

	if (e && (n = strtol(e, NULL, 10)) >= 20 && n <= 1000)
		return (size_t)n;
	if (ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* A chart's label of row r: the label column, and the text column
** after it when there is one (650000 新疆维吾尔自治区); a new string. */
static char *
chart_label(const crm_out *w, long long r)
{
	const char *l = w->cells[r * w->ncols + w->label], *next;

	if ((size_t)w->label + 1 < w->ncols && (int)w->label + 1 != w->chart &&
	    !CRM_COL_NUMERIC(w->cols[w->label + 1].type) &&
	    *(next = w->cells[r * w->ncols + w->label + 1]))
		return crm_xasprintf("%s %s", l, next);
	return crm_xstrdup(l);
}

/* Under the table, a horizontal bar chart of column w->chart: one bar a
** row (the total row left out) in eighths of a block, labels aligned by
** their display width, the value after each bar, scaled so that the
** longest bar fills the width.  A negative value gets no bar. */
static void
table_chart(crm_out *w)
{
	static const char *const eighth[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	size_t lw = 0, vw = 0, width = chart_width(w->fp), bar, cw, k;
	double max = 0, v;
	long long r;

	for (r = 0; r < w->nrows; r++) {
		char *l = chart_label(w, r);
		const char *c = w->cells[r * w->ncols + w->chart];

		if (!strcmp(l, "total")) {
			free(l);
			continue;
		}
		if ((cw = crm_utf8_width(l, strlen(l))) > lw)
			lw = cw;
		free(l);
		if ((cw = strlen(c)) > vw)
			vw = cw;
		if ((v = strtod(c, NULL)) > max)
			max = v;
	}
	if (lw > width / 3)
		lw = width / 3;
	bar = width > lw + vw + 4 + 10 ? width - lw - vw - 4 : 10;
	fprintf(w->fp, "\n%s\n", w->cols[w->chart].name);
	for (r = 0; r < w->nrows; r++) {
		char *l = chart_label(w, r);
		const char *c = w->cells[r * w->ncols + w->chart];
		long eighths;

		if (!strcmp(l, "total")) {
			free(l);
			continue;
		}
		/* the label, cut to lw columns at a character boundary */
		for (k = 0, cw = 0; l[k]; ) {
			size_t n = 1, cwk;

			while ((l[k + n] & 0xc0) == 0x80)
				n++;
			cwk = crm_utf8_width(l + k, n);
			if (cw + cwk > lw)
				break;
			cw += cwk;
			k += n;
		}
		fwrite(l, 1, k, w->fp);
		pad(w->fp, lw - cw + 2);
		v = strtod(c, NULL);
		eighths = max > 0 && v > 0 ? (long)(v / max * (double)bar * 8 + 0.5) : 0;
		for (k = 0; k < (size_t)eighths / 8; k++)
			fputs("█", w->fp);
		fputs(eighth[eighths % 8], w->fp);
		fprintf(w->fp, "%s%s\n", eighths ? " " : "", c);
		free(l);
	}
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
			if (CRM_COL_NUMERIC(w->cols[i].type) && r >= 0)
				pad(w->fp, width[i] - cw);
			fputs(c, w->fp);
			if (!(CRM_COL_NUMERIC(w->cols[i].type) && r >= 0) && !last)
				pad(w->fp, width[i] - cw);
		}
		putc('\n', w->fp);
	}
	if (w->chart >= 0 && w->label >= 0)
		table_chart(w);
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
	else if (w->fmt == CRM_FMT_XLSX)
		xlsx_close(w);
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
