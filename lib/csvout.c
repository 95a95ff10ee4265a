/*
** csvout.c — the CSV writer: RFC 4180 quoting by libcsv, UTF-8, LF (CRLF
** with --bom), and the guard against formula injection.
**
** A cell that starts with '=', '+', '-', '@', tab or CR would run as a
** formula when the file is opened in a spreadsheet; unless --raw it is
** written with a leading apostrophe, which spreadsheets hide.  Numbers,
** negative amounts included, are left alone.  crm-add strips that
** apostrophe again on import, so exports round-trip; a value that itself
** starts with an apostrophe before one of those characters is guarded
** too ('' then), so that the import gives it back whole.
*/
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_csvout {
	FILE *fp;           /* destination, not owned */
	bool raw;           /* no formula guard */
	bool crlf;          /* CRLF line ends */
	int nfield;         /* fields written on the current line */
	char *tmp;          /* scratch for libcsv's quoting */
	size_t tmpcap;
};

crm_csvout *
crm_csvout_new(FILE *fp, bool raw, bool crlf)
{
	crm_csvout *w = crm_xcalloc(1, sizeof *w);

	w->fp = fp;
	w->raw = raw;
	w->crlf = crlf;
	return w;
}

static bool
is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	return digits > 0 && i == n;
}

/* True when a spreadsheet would take the cell for a formula. */
bool
crm_csv_needs_guard(const char *s, size_t n)
{
	if (n == 0)
		return false;
	switch (s[0]) {
	case '=': case '@': case '\t': case '\r':
		return true;
	case '+': case '-':
		return !is_number(s, n);
	case '\'':
		return crm_csv_needs_guard(s + 1, n - 1);
	}
	return false;
}

/* Write one field, quoting only when the value needs it. */
void
crm_csvout_field(crm_csvout *w, const char *s, size_t n)
{
	bool guard = !w->raw && crm_csv_needs_guard(s, n);
	size_t i, need;
	const char *src = s;
	char *joined = NULL;

	if (w->nfield++)
		putc(',', w->fp);
	if (guard) {
		joined = crm_xmalloc(n + 1);
		joined[0] = '\'';
		memcpy(joined + 1, s, n);
		src = joined;
		n++;
	}
	for (i = 0; i < n; i++)
		if (src[i] == ',' || src[i] == '"' || src[i] == '\n' || src[i] == '\r')
			break;
	if (i == n) {
		fwrite(src, 1, n, w->fp);
	} else {
		need = csv_write(NULL, 0, src, n);
		if (need > w->tmpcap) {
			w->tmpcap = need;
			w->tmp = crm_xrealloc(w->tmp, need);
		}
		csv_write(w->tmp, need, src, n);
		fwrite(w->tmp, 1, need, w->fp);
	}
	free(joined);
}

void
crm_csvout_end(crm_csvout *w)
{
	if (w->crlf)
		putc('\r', w->fp);
	putc('\n', w->fp);
	w->nfield = 0;
}

void
crm_csvout_free(crm_csvout *w)
{
	if (!w)
		return;
	free(w->tmp);
	free(w);
}
