/*
 * files: exercises the file-system calls static glibc makes, on relative paths
 * under the working directory (the disk's root under ftvm, a scratch folder
 * natively), and prints only what does not depend on the host (no inode
 * numbers, no times, no absolute paths). Expects input.txt beside it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static const char *name(int e) {
  switch (e) {
  case ENOENT: return "ENOENT";
  case EEXIST: return "EEXIST";
  case ENOTDIR: return "ENOTDIR";
  case EISDIR: return "EISDIR";
  case ENOTEMPTY: return "ENOTEMPTY";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case ENOTTY: return "ENOTTY";
  case ENOSPC: return "ENOSPC";
  case EROFS: return "EROFS";
  default: return "other";
  }
}

#define EXPECT_FAIL(what, call) do { errno = 0; long r_ = (long)(call); printf("%s -> %ld %s\n", what, r_, r_ < 0 ? name(errno) : "-"); } while (0)

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { printf("opendir %s: %s\n", dir, name(errno)); return; }
  char *names[64]; int n = 0; struct dirent *e;
  while ((e = readdir(d)) && n < 64) {
    if (strcmp(e->d_name, "lost+found") == 0) continue; /* every ext4 root has one; the native scratch folder does not */
    char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_LNK ? 'l' : e->d_type == DT_REG ? 'f' : '?';
    if (asprintf(&names[n], "%s(%c)", e->d_name, t) > 0) n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s:", dir);
  for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
  printf("\n");
}

int main(void) {
  char buf[256];
  struct stat st;

  /* An input file that came with the disk. */
  FILE *in = fopen("input.txt", "r");
  if (!in) { printf("no input.txt: %s\n", name(errno)); return 1; }
  while (fgets(buf, sizeof buf, in)) printf("input: %s", buf);
  fstat(fileno(in), &st);
  printf("input size %ld mode %o\n", (long)st.st_size, st.st_mode & 07777);
  fclose(in);

  /* Make a folder and files with stdio and with raw calls. */
  umask(022);
  printf("mkdir out %d\n", mkdir("out", 0777));
  FILE *f = fopen("out/a.txt", "w");
  if (!f) { printf("cannot write out/a.txt: %s\n", name(errno)); return 3; }
  for (int i = 0; i < 5; i++) fprintf(f, "line %d\n", i);
  fclose(f);
  int fd = open("out/a.txt", O_WRONLY | O_APPEND);
  printf("append %zd\n", write(fd, "tail\n", 5));
  printf("getfl %o\n", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND));
  EXPECT_FAIL("read on O_WRONLY", read(fd, buf, 1));
  EXPECT_FAIL("ioctl on a file", ioctl(fd, 0x5401, buf));
  close(fd);
  fd = open("out/a.txt", O_RDWR);
  printf("pwrite %zd\n", pwrite(fd, "LINE", 4, 7));
  memset(buf, 0, sizeof buf);
  printf("pread %zd '%s'\n", pread(fd, buf, 9, 7), buf);
  printf("lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
  lseek(fd, 0, SEEK_SET);
  memset(buf, 0, sizeof buf);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  printf("read %zd:\n%s", n, buf);
  printf("ftruncate %d\n", ftruncate(fd, 12));
  fstat(fd, &st);
  printf("size after truncate %ld mode %o\n", (long)st.st_size, st.st_mode & 07777);
  int fd2 = dup(fd);
  lseek(fd2, 0, SEEK_SET);
  memset(buf, 0, sizeof buf);
  printf("dup read %zd '%s'\n", read(fd, buf, sizeof buf - 1), buf);
  close(fd2);
  close(fd);

  /* Names: rename, link, symlink, readlink, unlink. */
  printf("rename %d\n", rename("out/a.txt", "out/b.txt"));
  printf("link %d\n", link("out/b.txt", "out/c.txt"));
  stat("out/b.txt", &st);
  printf("nlink %ld\n", (long)st.st_nlink);
  printf("symlink %d\n", symlink("b.txt", "out/l"));
  memset(buf, 0, sizeof buf);
  printf("readlink %zd '%s'\n", readlink("out/l", buf, sizeof buf), buf);
  lstat("out/l", &st);
  printf("lstat link is %s\n", S_ISLNK(st.st_mode) ? "a link" : "not a link");
  stat("out/l", &st);
  printf("stat link size %ld\n", (long)st.st_size);
  printf("unlink c %d\n", unlink("out/c.txt"));
  stat("out/b.txt", &st);
  printf("nlink %ld\n", (long)st.st_nlink);
  printf("mkdir sub %d\n", mkdir("out/sub", 0700));
  list("out");

  /* The errors Linux gives. */
  EXPECT_FAIL("open missing", open("missing.txt", O_RDONLY));
  EXPECT_FAIL("open missing/x", open("missing/x", O_WRONLY | O_CREAT, 0644));
  EXPECT_FAIL("open file/x", open("input.txt/x", O_RDONLY));
  EXPECT_FAIL("mkdir out", mkdir("out", 0755));
  EXPECT_FAIL("rmdir out", rmdir("out"));
  EXPECT_FAIL("unlink out", unlink("out"));
  EXPECT_FAIL("rmdir input.txt", rmdir("input.txt"));
  EXPECT_FAIL("open O_EXCL", open("input.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  EXPECT_FAIL("open dir for write", open("out", O_WRONLY));
  EXPECT_FAIL("close 99", close(99));
  printf("access input R_OK %d\n", access("input.txt", R_OK));
  EXPECT_FAIL("access missing", access("missing.txt", F_OK));

  /* The working directory. */
  printf("chdir out %d\n", chdir("out"));
  in = fopen("b.txt", "r");
  printf("relative open %s\n", in ? "ok" : name(errno));
  if (in) fclose(in);
  printf("chdir .. %d\n", chdir(".."));
  printf("rmdir sub %d\n", rmdir("out/sub"));

  /* The devices every guest has. */
  fd = open("/dev/null", O_WRONLY);
  printf("/dev/null write %zd\n", write(fd, "x", 1));
  close(fd);
  fd = open("/dev/zero", O_RDONLY);
  memset(buf, 1, 4);
  n = read(fd, buf, 4);
  printf("/dev/zero read %zd %d%d%d%d\n", n, buf[0], buf[1], buf[2], buf[3]);
  close(fd);

  /* A bigger file, written and read back. */
  f = fopen("out/big.bin", "w");
  for (int i = 0; i < 300000; i++) fputc((i * 7) & 0xff, f);
  fclose(f);
  f = fopen("out/big.bin", "r");
  unsigned long sum = 0; int c;
  while ((c = fgetc(f)) != EOF) sum = sum * 31 + c;
  fclose(f);
  stat("out/big.bin", &st);
  printf("big size %ld sum %lu\n", (long)st.st_size, sum);

  /* Something for the host to read back after the run. */
  f = fopen("result.txt", "w");
  fprintf(f, "written by the guest\n");
  fclose(f);
  list(".");
  return 0;
}
