/*
** config.c — policies kept in the store (table config), so that they
** travel with the data.  Every key has a default from the seed
** regulations; crm-config lists, sets and unsets them like git config.
*/
#include <string.h>

#include "crm.h"

static const struct crm_config_key keys[] = {
	{ "customer.incomplete_days", "90",
	  "days after which a still incomplete record is removed (seed 003)" },
	{ "customer.salutations",
	  "先生,女士,小姐,太太,夫人,老板,总,经理,主任,老师,师傅,科长,处长,局长,厂长,董事长,总监,老总",
	  "titles that make a name a salutation (王先生, 张总), comma separated" },
};

const struct crm_config_key *
crm_config_keys(size_t *n)
{
	*n = sizeof keys / sizeof keys[0];
	return keys;
}

/* Returns the key's description, or NULL for an unknown key. */
const struct crm_config_key *
crm_config_find(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(keys[i].key, key))
			return &keys[i];
	return NULL;
}

/* Returns the value of key (stored, else the default) as a new string. */
char *
crm_config_get(crm_store *s, const char *key)
{
	const struct crm_config_key *k = crm_config_find(key);
	sqlite3_stmt *st = crm_sql_prepare(s, "SELECT value FROM config WHERE key = ?");
	char *v = NULL;

	crm_bind_text(st, 1, key);
	if (crm_sql_step(s, st) == SQLITE_ROW)
		v = crm_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!v)
		v = crm_xstrdup(k ? k->def : "");
	return v;
}

void
crm_config_set(crm_store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = crm_sql_prepare(s, "INSERT INTO config(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");

	crm_bind_text(st, 1, key);
	crm_bind_text(st, 2, value);
	if (crm_sql_step(s, st) != SQLITE_DONE)
		crm_store_fail(s, "config");
	sqlite3_finalize(st);
}

/* Returns true when the key had a stored value. */
bool
crm_config_unset(crm_store *s, const char *key)
{
	sqlite3_stmt *st = crm_sql_prepare(s, "DELETE FROM config WHERE key = ?");

	crm_bind_text(st, 1, key);
	if (crm_sql_step(s, st) != SQLITE_DONE)
		crm_store_fail(s, "config");
	sqlite3_finalize(st);
	return sqlite3_changes(s->db) > 0;
}
