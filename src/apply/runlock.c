/*
 * runlock.c - one runner per database: a session advisory lock on the
 * session's main connection, polled so a wait stays interruptible.
 * Memory ownership: a scratch arena per poll, freed at once.
 */
#include "apply/apply_int.h"
#include "apply/db.h"

#include <stdio.h>


/* Who holds the lock, for the message: "pid 123 (pgstage apply, since ...)". */
static void describe_holder(ApplySession *s, char *buf, size_t size)
{
	Arena *a = arena_new();
	DbRows rows;
	PgsError ignored = {0};
	snprintf(buf, size, "another session");
	if (adb_query(s->hist ? s->hist : s->conn, a,
		      "SELECT l.pid, coalesce(nullif(a.application_name, ''), '?'),"
		      " coalesce(a.client_hostname, host(a.client_addr), 'local'),"
		      " to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')"
		      " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
		      " WHERE l.locktype = 'advisory' AND l.granted"
		      " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
		      " AND l.classid = ($1::bigint >> 32)::oid"
		      " AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1 LIMIT 1",
		      1, (const char *[]){APPLY_LOCK_KEY_TEXT}, &rows, NULL, &ignored) == 0 &&
	    rows.nrows == 1)
		snprintf(buf, size, "pid %s (%s from %s, connected %s)", dbrows_get(&rows, 0, 0),
			 dbrows_get(&rows, 0, 1), dbrows_get(&rows, 0, 2),
			 dbrows_get(&rows, 0, 3) ? dbrows_get(&rows, 0, 3) : "?");
	arena_free(a);
}

static int try_lock(ApplySession *s, bool *got, PgsError *err)
{
	Arena *a = arena_new();
	DbRows rows;
	int rc = adb_query(s->conn, a, "SELECT pg_try_advisory_lock($1::bigint)", 1,
			   (const char *[]){APPLY_LOCK_KEY_TEXT}, &rows, NULL, err);
	*got = rc == 0 && dbrows_get(&rows, 0, 0)[0] == 't';
	arena_free(a);
	return rc;
}

int runlock_acquire(ApplySession *s, PgsError *err)
{
	double deadline = apply_now() + s->opts.lock_wait_s;
	bool got = false, announced = false;
	for (;;) {
		int rc = try_lock(s, &got, err);
		if (rc)
			return rc;
		if (got) {
			s->locked = true;
			return 0;
		}
		char holder[512];
		if (apply_stop_requested())
			return pgs_error_set(err, APPLY_EINTERRUPTED, "interrupted while waiting for the run lock");
		if (apply_now() >= deadline) {
			describe_holder(s, holder, sizeof holder);
			if (s->opts.lock_wait_s)
				pgs_error_set(err, APPLY_ELOCKED,
					      "another pgstage apply still holds the run lock after %d s: %s",
					      s->opts.lock_wait_s, holder);
			else
				pgs_error_set(err, APPLY_ELOCKED,
					      "another pgstage apply holds the run lock: %s", holder);
			pgs_error_hint(err, "only one runner applies at a time; pass --lock-wait SECONDS "
					    "to wait for it and then apply what is left");
			return APPLY_ELOCKED;
		}
		if (!announced) {
			describe_holder(s, holder, sizeof holder);
			apply_event(s, AEV_INFO, NULL, NULL,
				    "waiting up to %d s for the run lock held by %s", s->opts.lock_wait_s,
				    holder);
			announced = true;
		}
		/* jittered so replicas started together don't poll in step */
		apply_sleep_ms(100 + apply_backoff_ms(&(ApplySession){.opts.retry_base_ms = 100}, 1));
	}
}

void runlock_release(ApplySession *s)
{
	if (!s->locked || !s->conn)
		return;
	PgsError ignored = {0};
	/* a failed transaction would refuse the unlock; closing the session
	 * releases the lock anyway */
	adb_exec(s->conn, "ROLLBACK", 0, NULL, NULL, &ignored);
	adb_exec(s->conn, "SELECT pg_advisory_unlock($1::bigint)", 1,
		 (const char *[]){APPLY_LOCK_KEY_TEXT}, NULL, &ignored);
	s->locked = false;
}
