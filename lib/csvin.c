/*
** csvin.c — a streaming CSV reader on libcsv.
**
** The reader pulls the input in 64 KiB blocks, converts it to UTF-8 with
** iconv when an encoding is given, drops a BOM, and hands out one record
** at a time with the physical line where it starts, also when quoted
** fields hold newlines.  Memory stays bounded by the largest record.
**
** libcsv is set up so that nothing passes silently: no trimming of
** spaces (fields come back byte for byte), CSV_STRICT_FINI so that a
** quote never closed is an error naming the line where it opened instead
** of a silent merge of every following line, and CSV_REPALL_NL so that
** blank lines are seen and counted.  Text that is not valid UTF-8 is an
** error naming the line, with a hint to use --encoding gb18030.  An Excel
** workbook (xlsx: a zip archive; xls: an OLE2 file) is recognised by its
** first bytes and refused with the command that converts it.
*/
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

#define BLOCK (64 * 1024)
#define FIELD_BEGUN 2   /* libcsv's parser state inside a field (libcsv.c) */
#define MAX_FIELD (4 * 1024 * 1024)
#define MAX_FIELDS 100000

struct qfield { size_t off, len; };
struct qrec { size_t first, n; long line; };

struct crm_csvin {
	int fd;                 /* input, closed by crm_csvin_close */
	char *name;             /* for messages: the path or "<stdin>" */
	struct csv_parser p;    /* libcsv state */
	iconv_t cd;             /* to UTF-8, or (iconv_t)-1 */
	char *enc;              /* the --encoding given, or NULL */
	char in[BLOCK];         /* raw bytes read */
	size_t inlen;           /* bytes of in[] not yet converted */
	char *conv;             /* converted text */
	size_t convcap;         /* bytes allocated for conv */
	long long bytes;        /* raw bytes read so far, for progress */
	int started;            /* the BOM check has been done */
	int eof;                /* input exhausted and parser finished */
	long line;              /* physical line where the next field starts */
	int pending_cr;         /* last terminator was CR: an LF now is CRLF */
	int rec_open;           /* fields of a record are being collected */
	struct crm_buf data;    /* bytes of queued fields, each NUL-ended */
	struct qfield *fld;     /* queued fields */
	size_t nfld, capfld;
	struct qrec *rec;       /* queued complete records */
	size_t nrec, caprec, head;
	long rec_line;          /* line of the record being collected */
	size_t rec_first;       /* its first field in fld[] */
	char **outf;            /* fields handed out by crm_csvin_next */
	size_t *outlen;
	size_t outcap;
	char *err;              /* message of the error that stopped us */
	int bad;                /* an error stopped the reader */
};

static void
fail(crm_csvin *r, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (r->bad)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->err = crm_xasprintf("%s:%s", r->name, msg);
	r->bad = 1;
}

static long
count_newlines(const char *s, size_t n)
{
	long k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
			k++;
	return k;
}

static void
on_field(void *s, size_t len, void *data)
{
	crm_csvin *r = data;
	const char *f = s ? s : "";
	size_t ok;

	if (r->bad)
		return;
	r->pending_cr = 0;
	if (!r->rec_open) {
		r->rec_open = 1;
		r->rec_line = r->line;
		r->rec_first = r->nfld;
	}
	if (r->nfld - r->rec_first >= MAX_FIELDS) {
		fail(r, "%ld: more than %d fields in one record", r->rec_line, MAX_FIELDS);
		return;
	}
	ok = crm_utf8_valid(f, len);
	if (ok < len) {
		long at = r->line + count_newlines(f, ok);

		if (f[ok] == '\0')
			fail(r, "%ld: field %zu holds a NUL byte (a binary or "
			    "UTF-16 file?)", at, r->nfld - r->rec_first + 1);
		else if (r->enc)
			fail(r, "%ld: field %zu is not valid UTF-8 after "
			    "conversion from %s", at, r->nfld - r->rec_first + 1, r->enc);
		else
			fail(r, "%ld: field %zu is not valid UTF-8; if the file "
			    "is GB18030 or GBK (Excel on Chinese Windows), use "
			    "--encoding gb18030", at, r->nfld - r->rec_first + 1);
		return;
	}
	if (r->nfld == r->capfld) {
		r->capfld = r->capfld ? r->capfld * 2 : 64;
		r->fld = crm_xrealloc(r->fld, r->capfld * sizeof *r->fld);
	}
	r->fld[r->nfld].off = r->data.len;
	r->fld[r->nfld].len = len;
	r->nfld++;
	crm_buf_add(&r->data, f, len);
	crm_buf_addc(&r->data, '\0');
	r->line += count_newlines(f, len);
}

static void
on_record(int c, void *data)
{
	crm_csvin *r = data;

	if (r->bad)
		return;
	if (r->rec_open) {
		if (r->nrec == r->caprec) {
			r->caprec = r->caprec ? r->caprec * 2 : 32;
			r->rec = crm_xrealloc(r->rec, r->caprec * sizeof *r->rec);
		}
		r->rec[r->nrec].first = r->rec_first;
		r->rec[r->nrec].n = r->nfld - r->rec_first;
		r->rec[r->nrec].line = r->rec_line;
		r->nrec++;
		r->rec_open = 0;
	}
	if (c == '\n') {
		if (!r->pending_cr)
			r->line++;
		r->pending_cr = 0;
	} else if (c == '\r') {
		r->line++;
		r->pending_cr = 1;
	}
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Open path ("-" for stdin) for reading, converting from encoding when it
** is not NULL.  Dies with 66 when the file cannot be opened and 64 for an
** encoding iconv does not know.  Returns a reader the caller closes. */
crm_csvin *
crm_csvin_open(const char *path, const char *encoding)
{
	crm_csvin *r = crm_xcalloc(1, sizeof *r);
	struct stat sb;

	if (!strcmp(path, "-")) {
		r->fd = 0;
		r->name = crm_xstrdup("<stdin>");
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			crm_die(CRM_EX_NOINPUT, "cannot open '%s':", path);
		if (fstat(r->fd, &sb) == 0 && S_ISDIR(sb.st_mode))
			crm_die(CRM_EX_NOINPUT, "'%s' is a directory", path);
		r->name = crm_xstrdup(path);
	}
	r->cd = (iconv_t)-1;
	if (encoding && strcasecmp(encoding, "utf-8") && strcasecmp(encoding, "utf8")) {
		r->cd = iconv_open("UTF-8", encoding);
		if (r->cd == (iconv_t)-1)
			crm_usage_error("unknown encoding '%s' (try gb18030, gbk or utf-8)", encoding);
		r->enc = crm_xstrdup(encoding);
	}
	if (csv_init(&r->p, CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		crm_die(CRM_EX_SOFTWARE, "csv_init failed");
	csv_set_space_func(&r->p, no_space);
	r->line = 1;
	crm_buf_reset(&r->data);
	return r;
}

/* Feed converted UTF-8 text to libcsv. */
static void
feed(crm_csvin *r, const char *s, size_t n)
{
	if (!r->started) {
		r->started = 1;
		if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
			s += 3, n -= 3;
		else if (n >= 2 && !r->enc && (!memcmp(s, "\xff\xfe", 2) ||
		    !memcmp(s, "\xfe\xff", 2))) {
			fail(r, "1: the file is UTF-16; save it as \"CSV UTF-8\" "
			    "or use --encoding utf-16");
			return;
		}
	}
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n && !r->bad)
		fail(r, "%ld: %s", r->line, csv_strerror(csv_error(&r->p)));
	if (!r->bad && r->p.entry_pos > MAX_FIELD)
		fail(r, "%ld: a field longer than %d MiB starts here (a quote "
		    "that is never closed?)", r->line, MAX_FIELD >> 20);
}

/* Refuse a spreadsheet given for CSV, naming the tool that converts it.
** Returns true when the first block is one. */
static bool
not_csv(crm_csvin *r, size_t n)
{
	const char *name = strcmp(r->name, "<stdin>") ? r->name : "FILE.xlsx";

	if (n >= 4 && !memcmp(r->in, "PK\x03\x04", 4)) {
		if (memmem(r->in, n, "xl/", 3))
			fail(r, "1: this is an Excel workbook (xlsx), not CSV text;"
			    " convert it first with xlsx2csv (Debian package xlsx2csv):"
			    " xlsx2csv -d , -e '%s' > customers.csv", name);
		else
			fail(r, "1: this is a zip archive, not CSV text; save the"
			    " sheet as \"CSV UTF-8\" and give that file");
		return true;
	}
	if (n >= 8 && !memcmp(r->in, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		fail(r, "1: this is an Excel 97-2003 workbook (xls), not CSV text;"
		    " save it as \"CSV UTF-8\" in Excel or WPS, or convert it:"
		    " soffice --headless --convert-to csv '%s'",
		    strcmp(r->name, "<stdin>") ? r->name : "FILE.xls");
		return true;
	}
	return false;
}

/* Read and parse one block; sets eof at the end of input. */
static void
fill(crm_csvin *r)
{
	ssize_t n;

	do
		n = read(r->fd, r->in + r->inlen, sizeof r->in - r->inlen);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		fail(r, " read error: %s", strerror(errno));
		return;
	}
	if (!r->started && r->bytes == 0 && not_csv(r, (size_t)n))
		return;
	r->bytes += n;
	if (n == 0) {
		if (r->inlen)
			fail(r, "%ld: the file ends inside a %s character", r->line,
			    r->enc ? r->enc : "multibyte");
		else if (r->p.quoted && r->p.pstate == FIELD_BEGUN)
			/* csv_fini would take the rest of the file as the
			** field: libcsv checks this only in strict mode, which
			** would also refuse stray quotes inside fields */
			fail(r, "%ld: a quoted field starting here is never "
			    "closed", r->line);
		else if (csv_fini(&r->p, on_field, on_record, r) != 0 && !r->bad)
			fail(r, "%ld: %s", r->line, csv_strerror(csv_error(&r->p)));
		r->eof = 1;
		return;
	}
	if (r->cd == (iconv_t)-1) {
		feed(r, r->in, (size_t)n);
		return;
	}
	r->inlen += (size_t)n;
	{
		char *ip = r->in, *op;
		size_t il = r->inlen, ol;
		size_t rc;

		if (r->convcap < r->inlen * 4 + 16) {
			r->convcap = r->inlen * 4 + 16;
			r->conv = crm_xrealloc(r->conv, r->convcap);
		}
		op = r->conv;
		ol = r->convcap;
		rc = iconv(r->cd, &ip, &il, &op, &ol);
		feed(r, r->conv, (size_t)(op - r->conv));
		if (rc == (size_t)-1 && errno == EILSEQ) {
			fail(r, "%ld: bytes that are not valid %s", r->line, r->enc);
			return;
		}
		memmove(r->in, ip, il);
		r->inlen = il;
	}
}

/* Move the fields of a record still being collected to the front of the
** queue, once every complete record has been handed out. */
static void
compact(crm_csvin *r)
{
	size_t i, base, nopen;

	r->nrec = r->head = 0;
	if (!r->rec_open) {
		r->nfld = 0;
		crm_buf_reset(&r->data);
		return;
	}
	nopen = r->nfld - r->rec_first;
	if (nopen == 0) {
		r->nfld = 0;
		r->rec_first = 0;
		crm_buf_reset(&r->data);
		return;
	}
	base = r->fld[r->rec_first].off;
	memmove(r->data.s, r->data.s + base, r->data.len - base);
	r->data.len -= base;
	for (i = 0; i < nopen; i++) {
		r->fld[i] = r->fld[r->rec_first + i];
		r->fld[i].off -= base;
	}
	r->nfld = nopen;
	r->rec_first = 0;
}

/* Get the next record.  Returns 1 with rec filled (valid until the next
** call), 0 at the end of input, -1 on an error (crm_csvin_error says
** which); blank lines are skipped. */
int
crm_csvin_next(crm_csvin *r, struct crm_record *rec)
{
	struct qrec *q;
	size_t i;

	while (r->head == r->nrec) {
		if (r->bad)
			return -1;
		if (r->eof)
			return 0;
		compact(r);
		fill(r);
	}
	if (r->bad)
		return -1;
	q = &r->rec[r->head++];
	if (q->n > r->outcap) {
		r->outcap = q->n;
		r->outf = crm_xrealloc(r->outf, r->outcap * sizeof *r->outf);
		r->outlen = crm_xrealloc(r->outlen, r->outcap * sizeof *r->outlen);
	}
	for (i = 0; i < q->n; i++) {
		r->outf[i] = r->data.s + r->fld[q->first + i].off;
		r->outlen[i] = r->fld[q->first + i].len;
	}
	rec->n = q->n;
	rec->f = r->outf;
	rec->len = r->outlen;
	rec->line = q->line;
	return 1;
}

/* The message of the error that stopped the reader: "file:line: what". */
const char *
crm_csvin_error(const crm_csvin *r)
{
	return r->err ? r->err : "no error";
}

const char *
crm_csvin_name(const crm_csvin *r)
{
	return r->name;
}

long long
crm_csvin_bytes(const crm_csvin *r)
{
	return r->bytes;
}

void
crm_csvin_close(crm_csvin *r)
{
	if (!r)
		return;
	if (r->fd > 0)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->p);
	crm_buf_free(&r->data);
	free(r->fld);
	free(r->rec);
	free(r->outf);
	free(r->outlen);
	free(r->conv);
	free(r->enc);
	free(r->name);
	free(r->err);
	free(r);
}
