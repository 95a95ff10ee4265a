/*
** share.c — finding crm's data files (the region table, examples).
**
** Programs run from the build tree (cmd/crm-add beside share/) and from an
** installed tree (bin/crm-add beside share/crm/); both are found relative
** to the running executable, so no path is baked in that a DESTDIR
** install would break.  $CRM_SHARE_DIR overrides.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

#ifndef CRM_SHAREDIR
#define CRM_SHAREDIR "/usr/local/share/crm"
#endif

static char *
try(const char *dir, const char *name)
{
	char *p = crm_xasprintf("%s/%s", dir, name);

	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}

/* Returns the path of share file name as a new string, or NULL. */
char *
crm_share_file(const char *name)
{
	char exe[PATH_MAX], *slash, *p;
	const char *e = getenv("CRM_SHARE_DIR");
	ssize_t n;

	if (e && *e)
		return try(e, name);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			strcpy(slash, "/../share/crm");
			if ((p = try(exe, name)))
				return p;
		}
	}
	return try(CRM_SHAREDIR, name);
}
