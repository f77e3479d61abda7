/*
 * files.c - creating a set of migration files all or nothing, never over
 * an existing file (O_EXCL), so a failed emit leaves the directory as it
 * was.
 * Memory ownership: paths in the caller's arena.
 */
#include "emit/runners/runner_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_text(const char *path, const char *text, PgsError *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return pgs_error_set(err, PGSTAGE_EIO, "cannot create '%s': %s", path, strerror(errno));
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			unlink(path);
			return pgs_error_set(err, PGSTAGE_EIO, "cannot write '%s': %s", path, strerror(e));
		}
		done += (size_t) n;
	}
	if (close(fd) != 0) {
		int e = errno;
		unlink(path);
		return pgs_error_set(err, PGSTAGE_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

/* mkdir unless present; records what it made in `made`. */
static int ensure_dir(Arena *a, PtrVec *made, const char *path, PgsError *err)
{
	if (mkdir(path, 0755) == 0) {
		vec_push(a, made, (void *) path);
		return 0;
	}
	struct stat st;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return pgs_error_set(err, PGSTAGE_EIO, "cannot create directory '%s': %s", path,
			     strerror(errno ? errno : ENOTDIR));
}

int files_write_all(PtrVec *written, Arena *a, const char *dir, const PtrVec *files,
		    PgsError *err)
{
	/* refuse before touching anything */
	VEC_EACH(const OutFile *, f, files) {
		const char *path = arena_printf(a, "%s/%s", dir, f->path);
		if (!f->only_if_missing && path_exists(path))
			return pgs_error_set(err, PGSTAGE_EIO,
					     "'%s' exists already; pgstage never overwrites migration files",
					     path);
	}
	PtrVec made_dirs = {0}, made_files = {0};
	int rc = ensure_dir(a, &made_dirs, dir, err);
	for (size_t i = 0; i < files->len && rc == 0; i++) {
		const OutFile *f = files->items[i];
		const char *path = arena_printf(a, "%s/%s", dir, f->path);
		if (f->only_if_missing && path_exists(path))
			continue;
		const char *slash = strrchr(f->path, '/');
		if (slash) {
			const char *sub = arena_printf(a, "%s/%.*s", dir, (int) (slash - f->path), f->path);
			if ((rc = ensure_dir(a, &made_dirs, sub, err)) != 0)
				continue;
		}
		if ((rc = write_text(path, f->text, err)) != 0)
			continue;
		vec_push(a, &made_files, (void *) path);
		vec_push(a, written, (void *) f->path);
	}
	if (rc) {
		for (size_t i = made_files.len; i-- > 0;)
			unlink(made_files.items[i]);
		for (size_t i = made_dirs.len; i-- > 0;)
			rmdir(made_dirs.items[i]);
		written->len = 0;
	}
	return rc;
}
