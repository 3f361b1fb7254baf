/*
 * crplan-agent: performs crplan operations (executor/ops.ts) as real syscalls, one per command,
 * for the TypeScript coordinator (executor/real/). One agent loop per restored task: every task
 * (process or thread) created by `clone` runs this same loop on its own channel, a unix stream
 * connection to the coordinator opened by the parent *before* the clone and inherited by the
 * child. Protocol (text lines): "SEQ CMD ARGS..." -> "SEQ ok [VALUE]" | "SEQ err ERRNO".
 * A new task first says "0 hello HOSTTID HOSTTGID" (host numbers, read from /proc/thread-self
 * of the host procfs, PROC-1).
 *
 * Modes:
 *   boot SOCK AGENT   create the environment (fresh user ns, identity map of all host ids, plus
 *                     fresh pid, uts, ipc, net, mnt, cgroup, time namespaces) and run the root
 *                     actor (pid 1 there) in it; this process waits for it and mirrors its exit.
 *   exec SOCK FD SEQ  the loop after an `execve` op (answers SEQ ok first)
 *   inspect           capture helper: reads queries on stdin (ns ioctls, uts names, id maps, kcmp)
 *
 * Threads (CLONE_VM) run on an mmap'ed stack with the parent's TLS pointer, so the loop never
 * touches errno, malloc or stdio: every syscall goes through rsys(), which returns -errno.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <linux/sched.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif
#define NSIO 0xb7
#define NS_GET_USERNS _IO(NSIO, 0x1)
#define NS_GET_PARENT _IO(NSIO, 0x2)
#define NS_GET_NSTYPE _IO(NSIO, 0x3)
#define NS_GET_OWNER_UID _IO(NSIO, 0x4)
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_kcmp
#define SYS_kcmp 312
#endif

static const char *g_sock;  /* coordinator socket path (read-only after start) */
static const char *g_agent; /* this binary's path, for execve */

static long rsys(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}
#define S0(n) rsys(n, 0, 0, 0, 0, 0, 0)
#define S1(n, a) rsys(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b) rsys(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c) rsys(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d) rsys(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define S5(n, a, b, c, d, e) rsys(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/*
 * clone on a fresh stack: the child (rax == 0) calls fn(arg) on the new stack and exits the
 * thread with its return value. fn/arg travel in callee-saved r12/r13, which the child inherits.
 */
static long clone_on_stack(long nr, long a, long b, long c, long d, long e, int (*fn)(void *), void *arg) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register void *r12 __asm__("r12") = (void *)fn;
  register void *r13 __asm__("r13") = arg;
  __asm__ volatile(
      "syscall\n\t"
      "test %%rax, %%rax\n\t"
      "jnz 1f\n\t"
      "xor %%ebp, %%ebp\n\t"
      "mov %%r13, %%rdi\n\t"
      "call *%%r12\n\t"
      "mov %%rax, %%rdi\n\t"
      "mov $60, %%eax\n\t"
      "syscall\n\t"
      "hlt\n"
      "1:\n\t"
      : "=a"(ret)
      : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r12), "r"(r13)
      : "rcx", "r11", "memory");
  return ret;
}

/* ---------- tiny string helpers (no stdio/malloc in the loop) ---------- */

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

static char *put_str(char *p, const char *s) { while (*s) *p++ = *s++; return p; }

static char *put_long(char *p, long v) {
  char tmp[24]; int n = 0; unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
  if (v < 0) *p++ = '-';
  do { tmp[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  while (n) *p++ = tmp[--n];
  return p;
}

static long to_long(const char *s) {
  long sign = 1, v = 0;
  if (*s == '-') { sign = -1; s++; }
  while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
  return sign * v;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* decode hex in place; returns length */
static size_t unhex(char *s) {
  size_t i = 0, o = 0;
  while (s[i] && s[i + 1]) { s[o++] = (char)(hexval(s[i]) * 16 + hexval(s[i + 1])); i += 2; }
  s[o] = 0;
  return o;
}

static int write_all(int fd, const char *b, size_t n) {
  while (n) {
    long r = S3(SYS_write, fd, b, n);
    if (r == -EINTR) continue;
    if (r < 0) return (int)r;
    b += r; n -= (size_t)r;
  }
  return 0;
}

static void reply(int fd, long seq, long res, int with_value) {
  char b[64], *p = b;
  p = put_long(p, seq);
  if (res < 0) { p = put_str(p, " err "); p = put_long(p, -res); }
  else { p = put_str(p, " ok"); if (with_value) { *p++ = ' '; p = put_long(p, res); } }
  *p++ = '\n';
  write_all(fd, b, (size_t)(p - b));
}

/* host tid/tgid from /proc/thread-self -> "TGID/task/TID" (host procfs numbers, PROC-1) */
static void hello(int fd) {
  char link[64], b[96], *p = b;
  long n = S4(SYS_readlinkat, AT_FDCWD, "/proc/thread-self", link, sizeof link - 1);
  long tgid = 0, tid = 0;
  if (n > 0) {
    link[n] = 0;
    tgid = to_long(link);
    char *q = link; while (*q && *q != '/') q++;
    if (*q) { q += 6; tid = to_long(q); }
  }
  p = put_str(p, "0 hello "); p = put_long(p, tid); *p++ = ' '; p = put_long(p, tgid); *p++ = '\n';
  write_all(fd, b, (size_t)(p - b));
}

/* a new channel: a connection to the coordinator, announced with TOKEN */
static long connect_channel(const char *token) {
  long fd = S3(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return fd;
  struct sockaddr_un a; memset(&a, 0, sizeof a); a.sun_family = AF_UNIX;
  size_t l = slen(g_sock); if (l >= sizeof a.sun_path) { S1(SYS_close, fd); return -ENAMETOOLONG; }
  memcpy(a.sun_path, g_sock, l);
  long r = S3(SYS_connect, fd, &a, sizeof a);
  if (r < 0) { S1(SYS_close, fd); return r; }
  char b[96], *p = b; p = put_str(p, "id "); p = put_str(p, token); *p++ = '\n';
  write_all((int)fd, b, (size_t)(p - b));
  return fd;
}

static int agent_loop(int fd);

struct thread_start { int fd; };
static int thread_main(void *arg) {
  struct thread_start *ts = arg;
  int fd = ts->fd;
  hello(fd);
  return agent_loop(fd);
}

#define STACK_SIZE (256 * 1024)

/* clone TOKEN FLAGS EXITSIG LEGACY N TID... */
static long do_clone(int myfd, char **av, int ac, int *childfd_out) {
  if (ac < 5) return -EINVAL;
  const char *token = av[0];
  unsigned long flags = (unsigned long)to_long(av[1]);
  long exitsig = to_long(av[2]);
  int legacy = (int)to_long(av[3]);
  int n = (int)to_long(av[4]);
  pid_t tids[32];
  if (n > 32 || ac < 5 + n) return -EINVAL;
  for (int i = 0; i < n; i++) tids[i] = (pid_t)to_long(av[5 + i]);
  long cfd = connect_channel(token);
  if (cfd < 0) return cfd;
  *childfd_out = (int)cfd;
  int pidfd = -1;
  long r;
  if (flags & CLONE_VM) {
    void *stk = (void *)S5(SYS_mmap, 0, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1);
    if ((long)stk < 0 && (long)stk > -4096) { return (long)stk; }
    /* the child's start record lives at the top of its own stack */
    struct thread_start *ts = (struct thread_start *)((char *)stk + STACK_SIZE - 64);
    ts->fd = (int)cfd;
    if (legacy) {
      r = clone_on_stack(SYS_clone, (long)(flags | (unsigned long)(exitsig & 0xff)), (long)ts - 64, (long)&pidfd, 0, 0, thread_main, ts);
    } else {
      struct clone_args ca; memset(&ca, 0, sizeof ca);
      ca.flags = flags; ca.exit_signal = (uint64_t)exitsig; ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
      ca.stack = (uint64_t)(uintptr_t)stk; ca.stack_size = STACK_SIZE - 128;
      if (n) { ca.set_tid = (uint64_t)(uintptr_t)tids; ca.set_tid_size = (uint64_t)n; }
      r = clone_on_stack(SYS_clone3, (long)&ca, sizeof ca, 0, 0, 0, thread_main, ts);
    }
    if (r < 0) S2(SYS_munmap, stk, STACK_SIZE);
  } else {
    if (legacy) {
      r = S5(SYS_clone, (long)(flags | (unsigned long)(exitsig & 0xff)), 0, (long)&pidfd, 0, 0);
    } else {
      struct clone_args ca; memset(&ca, 0, sizeof ca);
      ca.flags = flags; ca.exit_signal = (uint64_t)exitsig; ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
      if (n) { ca.set_tid = (uint64_t)(uintptr_t)tids; ca.set_tid_size = (uint64_t)n; }
      r = S2(SYS_clone3, &ca, sizeof ca);
    }
    if (r == 0) {
      /* child: its channel is cfd; drop the parent's copy unless the table is shared */
      if (!(flags & CLONE_FILES)) S1(SYS_close, myfd);
      hello((int)cfd);
      S1(SYS_exit, agent_loop((int)cfd));
      for (;;) ;
    }
  }
  if ((flags & CLONE_PIDFD) && r > 0 && pidfd >= 0) S1(SYS_close, pidfd);
  return r;
}

/* split a line in place into words */
static int split(char *s, char **av, int max) {
  int n = 0;
  while (*s && n < max) {
    while (*s == ' ') s++;
    if (!*s) break;
    av[n++] = s;
    while (*s && *s != ' ') s++;
    if (*s) *s++ = 0;
  }
  return n;
}

static long write_file(const char *path, const char *data, size_t n) {
  long fd = S4(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = S3(SYS_write, fd, data, n);
  S1(SYS_close, fd);
  return r < 0 ? r : 0;
}

/*
 * An exit by a core-dumping signal WITH a core (the zombie's wait status has 0x80): the kernel
 * sets the flag only when the dump really happened (coredump_finish), so make it happen:
 * - RLIMIT_CORE soft limit up to the hard one (a file dump is skipped below a page; a pipe
 *   pattern ignores the limit unless it is 1);
 * - dumpable again (a credential change, e.g. setns into a user ns, resets it to suid_dumpable);
 * - the cwd moved to the coordinator's scratch directory DIR, where a relative core_pattern such
 *   as `core` writes the file (the coordinator deletes DIR at teardown). With a pipe pattern
 *   (`|helper`) the kernel pipes the dump to the helper and nothing lands in DIR.
 * The agent installs no handler for core signals, so their disposition is the default. Called just
 * before the signal: the process dies, so the changed limit and cwd do not matter afterwards.
 */
static long prepare_core(const char *dir) {
  /* soft limit up to the hard one (unlimited unless the caller lowered it: raising the hard
   * limit needs CAP_SYS_RESOURCE in the initial user ns, which a restored task does not have) */
  struct { unsigned long cur, max; } lim;
  long r = S4(SYS_prlimit64, 0, RLIMIT_CORE, 0, &lim);
  if (r < 0) return r;
  lim.cur = lim.max;
  r = S4(SYS_prlimit64, 0, RLIMIT_CORE, &lim, 0);
  if (r < 0) return r;
  r = S2(SYS_prctl, PR_SET_DUMPABLE, 1);
  if (r < 0) return r;
  char pat[128];
  long pfd = S4(SYS_openat, AT_FDCWD, "/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC, 0);
  long n = pfd < 0 ? 0 : S3(SYS_read, pfd, pat, sizeof pat - 1);
  if (pfd >= 0) S1(SYS_close, pfd);
  pat[n > 0 ? n : 0] = 0;
  if (pat[0] != '|') {
    r = S1(SYS_chdir, dir);
    if (r < 0) return r;
  }
  return 0;
}

/*
 * An exit by signal WITHOUT a core: RLIMIT_CORE 1 stops both kinds of dump (a file needs at least
 * a page; a pipe pattern ignores the limit except the value 1, which aborts the dump: coredump.c).
 * Not PR_SET_DUMPABLE 0: Linux 6.18 keeps the dumpability of an exited task, and a non-dumpable
 * zombie answers EPERM instead of ESRCH to setns(pidfd) (seen in the real-kernel differential).
 */
static void prevent_core(void) {
  struct { unsigned long cur, max; } lim;
  if (S4(SYS_prlimit64, 0, RLIMIT_CORE, 0, &lim) == 0) {
    lim.cur = lim.max >= 1 ? 1 : 0;
    S4(SYS_prlimit64, 0, RLIMIT_CORE, &lim, 0);
  }
}

/* idmap UIDPATH GIDPATH UIDHEX GIDHEX: the map texts are hex-encoded "in out count\n..." */
static long do_idmap(char **av, int ac) {
  if (ac < 4) return -EINVAL;
  size_t un = unhex(av[2]), gn = unhex(av[3]);
  long r = write_file(av[0], av[2], un);
  if (r < 0) return r;
  r = write_file(av[1], av[3], gn);
  if (r == -EPERM) {
    /* an unprivileged self-mapping of the gid needs setgroups "deny" first (user_namespaces(7)) */
    char sg[256]; size_t l = slen(av[1]);
    if (l > 7 && l < sizeof sg - 16) {
      memcpy(sg, av[1], l - 7); memcpy(sg + l - 7, "setgroups", 10);
      if (write_file(sg, "deny", 4) == 0) r = write_file(av[1], av[3], gn);
    }
  }
  return r;
}

static long do_timens(char **av, int ac) {
  if (ac < 4) return -EINVAL;
  char b[160], *p = b;
  p = put_str(p, "monotonic "); p = put_str(p, av[0]); *p++ = ' '; p = put_str(p, av[1]); *p++ = '\n';
  p = put_str(p, "boottime "); p = put_str(p, av[2]); *p++ = ' '; p = put_str(p, av[3]); *p++ = '\n';
  long r = write_file("/proc/thread-self/timens_offsets", b, (size_t)(p - b));
  if (r == -ENOENT) r = write_file("/proc/self/timens_offsets", b, (size_t)(p - b));
  return r;
}

static long do_setns_path(char **av, int ac) {
  if (ac < 2) return -EINVAL;
  long fd = S4(SYS_openat, AT_FDCWD, av[0], O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = S2(SYS_setns, fd, to_long(av[1]));
  S1(SYS_close, fd);
  return r;
}

static long unix_addr(struct sockaddr_un *a, const char *path) {
  memset(a, 0, sizeof *a); a->sun_family = AF_UNIX;
  size_t l = slen(path); if (l >= sizeof a->sun_path) return -ENAMETOOLONG;
  memcpy(a->sun_path, path, l);
  return 0;
}

/*
 * offer PID PATH (a broker that sees PID): pidfd_open(PID), then hand the pidfd over a one-shot
 * unix socket at PATH to the actor that joins with `setnsfd`. Answers twice: once listening,
 * once handed over.
 */
static long do_offer(int fd, long seq, char **av, int ac) {
  if (ac < 2) return -EINVAL;
  long pfd = S2(SYS_pidfd_open, to_long(av[0]), 0);
  if (pfd < 0) return pfd;
  struct sockaddr_un a; long r = unix_addr(&a, av[1]);
  long ls = r < 0 ? r : S3(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (ls < 0) { S1(SYS_close, pfd); return ls; }
  r = S3(SYS_bind, ls, &a, sizeof a);
  if (r == 0) r = S2(SYS_chmod, av[1], 0777);
  if (r == 0) r = S2(SYS_listen, ls, 1);
  if (r < 0) { S1(SYS_close, ls); S1(SYS_close, pfd); S1(SYS_unlink, av[1]); return r; }
  reply(fd, seq, 0, 0);
  struct pollfd pf = { .fd = (int)ls, .events = POLLIN };
  r = S3(SYS_poll, &pf, 1, 10000);
  if (r > 0) {
    long c = S3(SYS_accept, ls, 0, 0);
    if (c >= 0) {
      char byte = 'p';
      struct iovec iov = { &byte, 1 };
      char cbuf[CMSG_SPACE(sizeof(int))];
      struct msghdr m; memset(&m, 0, sizeof m);
      m.msg_iov = &iov; m.msg_iovlen = 1; m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
      struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
      cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int));
      int pv = (int)pfd; memcpy(CMSG_DATA(cm), &pv, sizeof pv);
      r = S3(SYS_sendmsg, c, &m, 0);
      S1(SYS_close, c);
    }
  } else if (r == 0) r = -ETIMEDOUT;
  S1(SYS_close, ls); S1(SYS_close, pfd); S1(SYS_unlink, av[1]);
  return r < 0 ? r : 0;
}

/* setnsfd PATH NSTYPES: receive a pidfd from the broker at PATH and setns(pidfd, NSTYPES) */
static long do_setnsfd(char **av, int ac) {
  if (ac < 2) return -EINVAL;
  struct sockaddr_un a; long r = unix_addr(&a, av[0]);
  if (r < 0) return r;
  long s = S3(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return s;
  r = S3(SYS_connect, s, &a, sizeof a);
  if (r < 0) { S1(SYS_close, s); return r; }
  char byte; struct iovec iov = { &byte, 1 };
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct msghdr m; memset(&m, 0, sizeof m);
  m.msg_iov = &iov; m.msg_iovlen = 1; m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
  r = S3(SYS_recvmsg, s, &m, MSG_CMSG_CLOEXEC);
  S1(SYS_close, s);
  if (r < 0) return r;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  if (!cm || cm->cmsg_type != SCM_RIGHTS) return -EPROTO;
  int pfd; memcpy(&pfd, CMSG_DATA(cm), sizeof pfd);
  r = S2(SYS_setns, pfd, to_long(av[1]));
  S1(SYS_close, pfd);
  return r;
}

struct ksigaction { void *handler; unsigned long flags; void *restorer; unsigned long mask; };

static int agent_loop(int fd) {
  char buf[4096];
  size_t have = 0;
  for (;;) {
    char *nl = memchr(buf, '\n', have);
    if (!nl) {
      if (have == sizeof buf) return 3;
      long r = S3(SYS_read, fd, buf + have, sizeof buf - have);
      if (r == -EINTR) continue;
      if (r <= 0) return 0; /* coordinator gone */
      have += (size_t)r;
      continue;
    }
    *nl = 0;
    char line[4096];
    size_t ll = (size_t)(nl - buf);
    memcpy(line, buf, ll + 1);
    memmove(buf, nl + 1, have - ll - 1);
    have -= ll + 1;
    char *av[48];
    int ac = split(line, av, 48);
    if (ac < 2) continue;
    long seq = to_long(av[0]);
    const char *cmd = av[1];
    char **args = av + 2;
    int na = ac - 2;
    long r;
    if (!strcmp(cmd, "clone")) {
      int childfd = -1;
      r = do_clone(fd, args, na, &childfd);
      /* our copy of the child's channel: close it unless the fd table is shared with the child */
      if (childfd >= 0 && !(r > 0 && (to_long(args[1]) & CLONE_FILES))) S1(SYS_close, childfd);
      reply(fd, seq, r, 1);
    } else if (!strcmp(cmd, "setsid")) {
      reply(fd, seq, S0(SYS_setsid), 1);
    } else if (!strcmp(cmd, "setpgid") && na >= 2) {
      reply(fd, seq, S2(SYS_setpgid, to_long(args[0]), to_long(args[1])), 1);
    } else if (!strcmp(cmd, "unshare") && na >= 1) {
      reply(fd, seq, S1(SYS_unshare, to_long(args[0])), 0);
    } else if (!strcmp(cmd, "setns")) {
      reply(fd, seq, do_setns_path(args, na), 0);
    } else if (!strcmp(cmd, "offer")) {
      r = do_offer(fd, seq, args, na);
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "setnsfd")) {
      reply(fd, seq, do_setnsfd(args, na), 0);
    } else if (!strcmp(cmd, "pidfdself") && na >= 2) {
      /* the broker joins itself: setns(pidfd_open(PID), NSTYPES) */
      long pfd = S2(SYS_pidfd_open, to_long(args[0]), 0);
      if (pfd < 0) r = pfd;
      else { r = S2(SYS_setns, pfd, to_long(args[1])); S1(SYS_close, pfd); }
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "subreaper") && na >= 1) {
      reply(fd, seq, S2(SYS_prctl, PR_SET_CHILD_SUBREAPER, to_long(args[0])), 0);
    } else if (!strcmp(cmd, "sethostname") && na >= 1) {
      size_t n = unhex(args[0]);
      r = S2(SYS_sethostname, args[0], n);
      if (r == 0 && na >= 2) { size_t d = unhex(args[1]); r = S2(SYS_setdomainname, args[1], d); }
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "idmap")) {
      reply(fd, seq, do_idmap(args, na), 0);
    } else if (!strcmp(cmd, "timens")) {
      reply(fd, seq, do_timens(args, na), 0);
    } else if (!strcmp(cmd, "nslastpid") && na >= 1) {
      reply(fd, seq, write_file("/proc/sys/kernel/ns_last_pid", args[0], slen(args[0])), 0);
    } else if (!strcmp(cmd, "rcu")) {
      /* membarrier(MEMBARRIER_CMD_GLOBAL = 1) waits for an RCU grace period: the pid number of a
       * task that released itself (an exited thread, an auto-reaped process) is free only after
       * one (observed on 6.18: a fork right after the task left /proc mostly got another number) */
      reply(fd, seq, S3(SYS_membarrier, 1, 0, 0), 0);
    } else if (!strcmp(cmd, "sigchld") && na >= 1) {
      struct ksigaction ka; memset(&ka, 0, sizeof ka);
      ka.handler = to_long(args[0]) ? SIG_IGN : SIG_DFL;
      reply(fd, seq, S4(SYS_rt_sigaction, SIGCHLD, &ka, 0, 8), 0);
    } else if (!strcmp(cmd, "execve")) {
      char fds[24], seqs[24];
      *put_long(fds, fd) = 0; *put_long(seqs, seq) = 0;
      const char *argv[] = { "crplan-agent", "exec", g_sock, g_agent, fds, seqs, 0 };
      const char *envp[] = { 0 };
      r = S3(SYS_execve, g_agent, argv, envp);
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "exit") && na >= 2) {
      S1(to_long(args[1]) ? SYS_exit_group : SYS_exit, to_long(args[0]));
    } else if (!strcmp(cmd, "kill") && na >= 1) {
      /* a fatal or stop signal to our own process; ignored by a pid-ns init (EXIT-9).
       * "kill SIG 1 DIRHEX": an exit with a core dump; "kill SIG 0": an exit without one. */
      long sig = to_long(args[0]);
      r = 0;
      if (na >= 3 && to_long(args[1])) { unhex(args[2]); r = prepare_core(args[2]); }
      else if (na >= 2) prevent_core();
      if (r == 0) r = S2(SYS_kill, S0(SYS_getpid), sig);
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "wait") && na >= 2) {
      int st = 0;
      long nohang = to_long(args[1]);
      r = S4(SYS_wait4, to_long(args[0]), &st, __WALL | WNOHANG, 0);
      /* a wait that would block forever is reported, not performed (as the simulator does) */
      if (r == 0 && !nohang) r = -EAGAIN;
      reply(fd, seq, r, 1);
    } else if (!strcmp(cmd, "ping")) {
      reply(fd, seq, 0, 0);
    } else {
      reply(fd, seq, -ENOSYS, 0);
    }
  }
}

/* ---------- boot: the environment and its root actor ---------- */

static int boot(void) {
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) < 0) return 10;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 11;
  struct clone_args ca; memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS |
             CLONE_NEWCGROUP | CLONE_NEWTIME;
  ca.exit_signal = SIGCHLD;
  long child = syscall(SYS_clone3, &ca, sizeof ca);
  if (child < 0) { dprintf(2, "crplan-agent: clone3 of the environment failed: %s\n", strerror(errno)); return 12; }
  if (child == 0) {
    close(pfd[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char c;
    if (read(pfd[0], &c, 1) != 1) _exit(13);
    close(pfd[0]);
    /* a fresh hostname, so that nothing of the host's identity leaks into captures */
    sethostname("crplan-sim", 10);
    setdomainname("(none)", 6);
    long fd = connect_channel("root");
    if (fd < 0) _exit(14);
    hello((int)fd);
    _exit(agent_loop((int)fd));
  }
  close(pfd[0]);
  char path[64], map[] = "0 0 4294967295\n";
  snprintf(path, sizeof path, "/proc/%ld/uid_map", child);
  int ok = write_file(path, map, sizeof map - 1) == 0;
  snprintf(path, sizeof path, "/proc/%ld/gid_map", child);
  ok = ok && write_file(path, map, sizeof map - 1) == 0;
  if (!ok) { dprintf(2, "crplan-agent: cannot write the environment's id maps\n"); kill((pid_t)child, SIGKILL); }
  else if (write(pfd[1], "g", 1) != 1) kill((pid_t)child, SIGKILL);
  /* hold the environment's namespaces open (NSFD-2) so that their inode numbers, by which the
   * coordinator recognises them, are not reused when the root actor leaves one of them */
  static const char *nsf[] = { "uts", "ipc", "mnt", "net", "cgroup", "pid", "time", "user" };
  for (int i = 0; i < 8; i++) {
    snprintf(path, sizeof path, "/proc/%ld/ns/%s", child, nsf[i]);
    if (open(path, O_RDONLY | O_CLOEXEC) < 0) { /* best effort */ }
  }
  close(pfd[1]);
  int st = 0;
  while (waitpid((pid_t)child, &st, __WALL) < 0 && errno == EINTR) ;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

/* ---------- inspect: capture helper ---------- */

static long ns_ino(int fd) { struct stat s; return fstat(fd, &s) == 0 ? (long)s.st_ino : 0; }

/*
 * ns PATH: "ok" then one token "INO:TYPE:OWNER:PARENT" for the namespace and, recursively, for
 * its owner and parent (0 = not visible to us, e.g. the host's root namespaces).
 */
static int describe(int fd, long *seen, int *nseen, char *out, size_t cap, size_t *len) {
  long ino = ns_ino(fd);
  for (int i = 0; i < *nseen; i++) if (seen[i] == ino) return 0;
  if (*nseen < 128) seen[(*nseen)++] = ino;
  long type = ioctl(fd, NS_GET_NSTYPE), owner = 0, parent = 0;
  int o = ioctl(fd, NS_GET_USERNS), p = ioctl(fd, NS_GET_PARENT);
  if (o >= 0) owner = ns_ino(o);
  if (p >= 0) parent = ns_ino(p);
  if (*len < cap) *len += (size_t)snprintf(out + *len, cap - *len, " %ld:%ld:%ld:%ld", ino, type, owner, parent);
  if (o >= 0) { describe(o, seen, nseen, out, cap, len); close(o); }
  if (p >= 0) { describe(p, seen, nseen, out, cap, len); close(p); }
  return 0;
}

static void inspect_ns(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { printf("err %d\n", errno); return; }
  static char out[16384];
  size_t len = 0; long seen[128]; int nseen = 0;
  describe(fd, seen, &nseen, out, sizeof out, &len);
  close(fd);
  printf("ok%s\n", out);
}

/* partition TYPE TID...: kcmp classes (KCMP_VM 1, FILES 2, FS 3, SIGHAND 4); -1 = cannot tell */
static void inspect_partition(char *rest) {
  static long tids[65536], reps[65536], cls[65536];
  int n = 0, nr = 0;
  long type = strtol(rest, &rest, 10);
  while (*rest && n < 65536) {
    char *e; long v = strtol(rest, &e, 10);
    if (e == rest) break;
    tids[n++] = v; rest = e;
  }
  for (int i = 0; i < n; i++) {
    cls[i] = -1;
    int ok = 1;
    for (int j = 0; j < nr; j++) {
      long r = syscall(SYS_kcmp, tids[i], tids[reps[j]], type, 0, 0);
      if (r < 0) { ok = 0; break; }
      if (r == 0) { cls[i] = cls[reps[j]]; break; }
    }
    if (!ok) continue;
    if (cls[i] < 0) {
      if (syscall(SYS_kcmp, tids[i], tids[i], type, 0, 0) != 0) continue;
      cls[i] = nr; reps[nr++] = i;
    }
  }
  printf("ok");
  for (int i = 0; i < n; i++) printf(" %ld", cls[i]);
  printf("\n");
}

static void print_hex(const char *s, size_t n) {
  if (n == 0) { printf("-"); return; }
  for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)s[i]);
}

/* uts PATH: hostname and domainname of that uts ns, read in a child that joins it */
/*
 * Parent side of the inspect probes that run in a forked child (the child joins namespaces the
 * agent itself must not enter): relay the child's one-line answer, then reap the child.
 */
static void relay_child_answer(int pp[2], pid_t c) {
  close(pp[1]);
  char out[2048]; ssize_t n = 0, r;
  while ((r = read(pp[0], out + n, sizeof out - 1 - (size_t)n)) > 0) n += r;
  close(pp[0]);
  waitpid(c, 0, 0);
  out[n > 0 ? n : 0] = 0;
  printf("%s", n > 0 ? out : "err 5\n");
}

static void inspect_uts(const char *path) {
  int pp[2];
  if (pipe(pp) < 0) { printf("err %d\n", errno); return; }
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    close(pp[0]);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct utsname u;
    char out[600];
    int n;
    if (fd < 0 || setns(fd, CLONE_NEWUTS) < 0 || uname(&u) < 0) n = snprintf(out, sizeof out, "err %d\n", errno);
    else {
      n = 0;
      n += snprintf(out + n, sizeof out - n, "ok ");
      for (size_t i = 0; u.nodename[i]; i++) n += snprintf(out + n, sizeof out - n, "%02x", (unsigned char)u.nodename[i]);
      if (!u.nodename[0]) n += snprintf(out + n, sizeof out - n, "-");
      n += snprintf(out + n, sizeof out - n, " ");
      for (size_t i = 0; u.domainname[i]; i++) n += snprintf(out + n, sizeof out - n, "%02x", (unsigned char)u.domainname[i]);
      if (!u.domainname[0]) n += snprintf(out + n, sizeof out - n, "-");
      n += snprintf(out + n, sizeof out - n, "\n");
    }
    if (write(pp[1], out, (size_t)n) < 0) _exit(1);
    _exit(0);
  }
  relay_child_answer(pp, c);
}

/*
 * usermap TASKDIR UP: uid_map, gid_map and owner uid of the user ns UP parents above the task's,
 * as its parent user ns sees them. A child joins the parent ns (to read the owner uid there), then
 * the ns itself, and reads /proc/self/{uid,gid}_map (shown relative to the parent for a reader
 * inside). Works for user namespaces no task is in any more.
 */
static void inspect_usermap(const char *taskdir, int up) {
  int pp[2];
  if (pipe(pp) < 0) { printf("err %d\n", errno); return; }
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    close(pp[0]);
    char path[256], out[2048], mb[2][600]; int n = 0; ssize_t ml[2] = { 0, 0 };
    snprintf(path, sizeof path, "%s/ns/user", taskdir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    for (int i = 0; i < up && fd >= 0; i++) { int p = ioctl(fd, NS_GET_PARENT); close(fd); fd = p; }
    int self = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
    long owner = -1;
    int ok = fd >= 0;
    if (ok) {
      uid_t ou;
      int par = ioctl(fd, NS_GET_PARENT);
      if (par >= 0 && ns_ino(par) != ns_ino(self) && setns(par, CLONE_NEWUSER) < 0) ok = 0;
      if (ok && ioctl(fd, NS_GET_OWNER_UID, &ou) == 0) owner = ou;
      if (ok && ns_ino(fd) != ns_ino(self) && setns(fd, CLONE_NEWUSER) < 0) ok = 0;
      if (par >= 0) close(par);
    }
    for (int i = 0; i < 2 && ok; i++) {
      int m = open(i ? "/proc/self/gid_map" : "/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
      if (m >= 0) { ml[i] = read(m, mb[i], sizeof mb[i]); if (ml[i] < 0) ml[i] = 0; close(m); }
    }
    n += snprintf(out + n, sizeof out - n, ok ? "ok " : "err 1");
    if (ok) {
      for (int i = 0; i < 2; i++) {
        if (!ml[i]) n += snprintf(out + n, sizeof out - n, "-");
        for (ssize_t j = 0; j < ml[i]; j++) n += snprintf(out + n, sizeof out - n, "%02x", (unsigned char)mb[i][j]);
        n += snprintf(out + n, sizeof out - n, " ");
      }
      n += snprintf(out + n, sizeof out - n, "%ld", owner);
    }
    n += snprintf(out + n, sizeof out - n, "\n");
    if (write(pp[1], out, (size_t)n) < 0) _exit(1);
    _exit(0);
  }
  relay_child_answer(pp, c);
}

static int inspect(void) {
  char *line = NULL; size_t cap = 0;
  (void)print_hex;
  while (getline(&line, &cap, stdin) > 0) {
    line[strcspn(line, "\n")] = 0;
    if (!strncmp(line, "partition ", 10)) { inspect_partition(line + 10); fflush(stdout); continue; }
    char *av[8];
    int ac = split(line, av, 8);
    if (ac >= 2 && !strcmp(av[0], "ns")) inspect_ns(av[1]);
    else if (ac >= 2 && !strcmp(av[0], "uts")) inspect_uts(av[1]);
    else if (ac >= 2 && !strcmp(av[0], "usermap")) inspect_usermap(av[1], ac >= 3 ? (int)to_long(av[2]) : 0);
    else printf("err %d\n", EINVAL);
    fflush(stdout);
  }
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && !strcmp(argv[1], "boot")) {
    g_sock = argv[2]; g_agent = argv[3];
    return boot();
  }
  if (argc >= 6 && !strcmp(argv[1], "exec")) {
    g_sock = argv[2]; g_agent = argv[3];
    int fd = (int)to_long(argv[4]);
    reply(fd, to_long(argv[5]), 0, 0);
    return agent_loop(fd);
  }
  if (argc >= 2 && !strcmp(argv[1], "inspect")) return inspect();
  fprintf(stderr, "usage: crplan-agent boot SOCK AGENT | exec SOCK AGENT FD SEQ | inspect\n");
  return 2;
}
