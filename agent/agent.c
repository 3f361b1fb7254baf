/*
 * crplan-agent: performs crplan operations (executor/ops.ts) as real syscalls, inside a throwaway
 * environment (fresh user ns plus fresh pid, uts, ipc, net, mnt, cgroup, time namespaces) whose
 * pid 1 is the restorer's root actor. Two drivers share the environment and the syscalls:
 *
 * - The TypeScript coordinator (executor/real/), one operation at a time. One agent loop per
 *   restored task: every task (process or thread) created by `clone` runs the loop on its own
 *   channel, a unix stream connection to the coordinator opened by the parent *before* the clone
 *   and inherited by the child. Protocol (text lines): "SEQ CMD ARGS..." -> "SEQ ok [VALUE]" |
 *   "SEQ err ERRNO". A new task first says "0 hello HOSTTID HOSTTGID" (host numbers, read from
 *   /proc/thread-self of the host procfs, PROC-1).
 * - `play`, for shell scripts (script/sh.ts): a whole plan read from stdin, one operation a line,
 *   performed by the restored tasks themselves in global plan order (see "play" below); every
 *   result is checked against the one the plan expects.
 *
 * Modes:
 *   boot SOCK AGENT   create the environment and run the root actor (pid 1 there) in it, for the
 *                     coordinator; this process waits for it and mirrors its exit.
 *   exec SOCK AGENT FD SEQ   the loop after an `execve` op (answers SEQ ok first)
 *   play [--hold] [--timeout SECONDS] [--check]   run the op list on stdin (format in "play"
 *                     below); --check only reads and checks it
 *   resume SELF NEXT MEMFD SOCK0 SOCK1  play after an `execve` op (internal)
 *   root SOCK AGENT, playroot MEMFD SOCK0 SOCK1 HOLD   the root actor, re-exec'd inside the
 *                     environment (internal; chan_root_exec says why)
 *   inspect           capture helper: reads queries on stdin (ns ioctls, uts names, id maps, kcmp)
 *
 * Threads (CLONE_VM) run on an mmap'ed stack with the parent's TLS pointer, so the task code never
 * touches errno, malloc or stdio: every syscall goes through rsys(), which returns -errno.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <limits.h>
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
#include <time.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <linux/sched.h>
#include <linux/futex.h>

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

/* ---------- tiny string helpers (no stdio/malloc in task code) ---------- */

static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

static char *put_str(char *p, const char *s) { while (*s) *p++ = *s++; return p; }

/* at most max bytes of s */
static char *put_strn(char *p, const char *s, size_t max) { while (*s && max--) *p++ = *s++; return p; }

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

/* "/proc/TGID/task/TID" + suffix */
static char *put_task_dir(char *p, int tgid, int tid, const char *suffix) {
  p = put_str(p, "/proc/"); p = put_long(p, tgid); p = put_str(p, "/task/"); p = put_long(p, tid);
  p = put_str(p, suffix); *p = 0;
  return p;
}

/* ---------- the operations: syscalls shared by the coordinator's loop and by play ---------- */

static long write_file(const char *path, const char *data, size_t n) {
  long fd = S4(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = S3(SYS_write, fd, data, n);
  S1(SYS_close, fd);
  return r < 0 ? r : 0;
}

/* one read of at most cap - 1 bytes, NUL-terminated; returns the length or -errno */
static long read_file(const char *path, char *buf, size_t cap) {
  long fd = S4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) { buf[0] = 0; return fd; }
  long r = S3(SYS_read, fd, buf, cap - 1);
  S1(SYS_close, fd);
  buf[r > 0 ? r : 0] = 0;
  return r;
}

/* What a clone asks of the kernel. */
struct clone_req { unsigned long flags; long exitsig; int legacy; int ntid; pid_t tid[32]; };
/* What a new task starts with; the driver gives it its meaning (channel fds, or actor and step). */
struct task_start { int a, b; };

#define STACK_SIZE (256 * 1024)

/*
 * clone / clone3 (set_tid innermost first): the new task runs fn(start) and exits with its value.
 * A task sharing our memory (CLONE_VM) gets a fresh stack with its start record at the top.
 * Returns the child's pid in our pid ns, or -errno.
 */
static long clone_task(const struct clone_req *q, int (*fn)(void *), struct task_start start) {
  unsigned long flags = q->flags;
  int pidfd = -1;
  long r;
  if (flags & CLONE_VM) {
    void *stk = (void *)S5(SYS_mmap, 0, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1);
    if ((long)stk < 0 && (long)stk > -4096) return (long)stk;
    struct task_start *ts = (struct task_start *)((char *)stk + STACK_SIZE - 64);
    *ts = start;
    if (q->legacy) {
      r = clone_on_stack(SYS_clone, (long)(flags | (unsigned long)(q->exitsig & 0xff)), (long)ts - 64, (long)&pidfd, 0, 0, fn, ts);
    } else {
      struct clone_args ca; memset(&ca, 0, sizeof ca);
      ca.flags = flags; ca.exit_signal = (uint64_t)q->exitsig; ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
      ca.stack = (uint64_t)(uintptr_t)stk; ca.stack_size = STACK_SIZE - 128;
      if (q->ntid) { ca.set_tid = (uint64_t)(uintptr_t)q->tid; ca.set_tid_size = (uint64_t)q->ntid; }
      r = clone_on_stack(SYS_clone3, (long)&ca, sizeof ca, 0, 0, 0, fn, ts);
    }
    if (r < 0) S2(SYS_munmap, stk, STACK_SIZE);
  } else {
    if (q->legacy) {
      r = S5(SYS_clone, (long)(flags | (unsigned long)(q->exitsig & 0xff)), 0, (long)&pidfd, 0, 0);
    } else {
      struct clone_args ca; memset(&ca, 0, sizeof ca);
      ca.flags = flags; ca.exit_signal = (uint64_t)q->exitsig; ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
      if (q->ntid) { ca.set_tid = (uint64_t)(uintptr_t)q->tid; ca.set_tid_size = (uint64_t)q->ntid; }
      r = S2(SYS_clone3, &ca, sizeof ca);
    }
    if (r == 0) {
      S1(SYS_exit, fn(&start));
      for (;;) ;
    }
  }
  if ((flags & CLONE_PIDFD) && r > 0 && pidfd >= 0) S1(SYS_close, pidfd);
  return r;
}

static long setns_path(const char *path, long nstype) {
  long fd = S4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = S2(SYS_setns, fd, nstype);
  S1(SYS_close, fd);
  return r;
}

/* uid_map then gid_map (texts "in out count\n..."); paths end in "gid_map". An empty text is not
 * written: that file stays unwritten (a user ns whose writer had only one of its maps accepted) */
static long write_idmaps(const char *uid_path, const char *gid_path, const char *u, size_t ul, const char *g, size_t gl) {
  long r = ul ? write_file(uid_path, u, ul) : 0;
  if (r < 0 || !gl) return r;
  r = write_file(gid_path, g, gl);
  if (r == -EPERM) {
    /* an unprivileged self-mapping of the gid needs setgroups "deny" first (user_namespaces(7)) */
    char sg[256]; size_t l = slen(gid_path);
    if (l > 7 && l < sizeof sg - 16) {
      memcpy(sg, gid_path, l - 7); memcpy(sg + l - 7, "setgroups", 10);
      if (write_file(sg, "deny", 4) == 0) r = write_file(gid_path, g, gl);
    }
  }
  return r;
}

/* The calling thread's tgid and tid as our procfs numbers them (PROC-1), from the
 * /proc/thread-self link "TGID/task/TID". 0, or -errno when the link cannot be read. */
static long thread_self(long *tgid, long *tid) {
  char link[64];
  long n = S4(SYS_readlinkat, AT_FDCWD, "/proc/thread-self", link, sizeof link - 1);
  if (n <= 0) return n < 0 ? n : -ENOENT;
  link[n] = 0;
  char *q = link; while (*q && *q != '/') q++;
  if (!*q) return -ENOENT;
  *tgid = to_long(link);
  *tid = to_long(q + 6);
  return 0;
}

/* time_for_children offsets, seconds and nanoseconds (0 <= ns < 1e9): the process's
 * (/proc/self, its leader's), or with `thread` the calling thread's own through its hidden
 * /proc/TID directory (/proc/thread-self itself has no timens_offsets, UNSH-6) */
static long write_timens(long ms, long mns, long bs, long bns, int thread) {
  char b[160], *p = b, path[64] = "/proc/self/timens_offsets";
  p = put_str(p, "monotonic "); p = put_long(p, ms); *p++ = ' '; p = put_long(p, mns); *p++ = '\n';
  p = put_str(p, "boottime "); p = put_long(p, bs); *p++ = ' '; p = put_long(p, bns); *p++ = '\n';
  if (thread) {
    long tgid, tid, r = thread_self(&tgid, &tid);
    if (r < 0) return r;
    *put_str(put_long(put_str(path, "/proc/"), tid), "/timens_offsets") = 0;
  }
  return write_file(path, b, (size_t)(p - b));
}

/* sethostname, then setdomainname when dom is given */
static long set_names(const char *host, size_t hl, const char *dom, size_t dl) {
  long r = S2(SYS_sethostname, host, hl);
  if (r == 0 && dom) r = S2(SYS_setdomainname, dom, dl);
  return r;
}

static long write_ns_last_pid(long v) {
  char b[24];
  return write_file("/proc/sys/kernel/ns_last_pid", b, (size_t)(put_long(b, v) - b));
}

struct ksigaction { void *handler; unsigned long flags; void *restorer; unsigned long mask; };

static long set_disposition(int sig, void *handler) {
  struct ksigaction ka; memset(&ka, 0, sizeof ka);
  ka.handler = handler;
  return S4(SYS_rt_sigaction, sig, &ka, 0, 8);
}

/* waitpid(pid, __WALL); a wait that would block forever is reported (EAGAIN), not performed, as
 * the simulator does */
static long do_wait(long pid, int nohang) {
  int st = 0;
  long r = S4(SYS_wait4, pid, &st, __WALL | WNOHANG, 0);
  if (r == 0 && !nohang) r = -EAGAIN;
  return r;
}

/*
 * An exit by a core-dumping signal WITH a core (the zombie's wait status has 0x80): the kernel
 * sets the flag only when the dump really happened (coredump_finish), so make it happen:
 * - RLIMIT_CORE soft limit up to the hard one (a file dump is skipped below a page; a pipe
 *   pattern ignores the limit unless it is 1);
 * - dumpable again (a credential change, e.g. setns into a user ns, resets it to suid_dumpable);
 * - the cwd moved to the driver's scratch directory DIR, where a relative core_pattern such as
 *   `core` writes the file (the driver deletes DIR at the end). With a pipe pattern (`|helper`)
 *   the kernel pipes the dump to the helper and nothing lands in DIR.
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
  long n = read_file("/proc/sys/kernel/core_pattern", pat, sizeof pat);
  if (n < 0) pat[0] = 0;
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

/*
 * Handing a pidfd to another task (a task can only pidfd_open a pid its pid ns sees, and setns by
 * pidfd needs one): one message over a unix socket, the fd as SCM_RIGHTS, or no fd and the errno
 * in the payload when fd < 0.
 */
static long send_fd(long sock, long fd) {
  int payload = fd < 0 ? (int)-fd : 0;
  struct iovec iov = { &payload, sizeof payload };
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct msghdr m; memset(&m, 0, sizeof m);
  m.msg_iov = &iov; m.msg_iovlen = 1;
  if (fd >= 0) {
    m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = SOL_SOCKET; cm->cmsg_type = SCM_RIGHTS; cm->cmsg_len = CMSG_LEN(sizeof(int));
    int pv = (int)fd; memcpy(CMSG_DATA(cm), &pv, sizeof pv);
  }
  return S3(SYS_sendmsg, sock, &m, MSG_NOSIGNAL);
}

/* what send_fd sent: the fd, or -errno */
static long recv_fd(long sock) {
  int payload = 0;
  struct iovec iov = { &payload, sizeof payload };
  char cbuf[CMSG_SPACE(sizeof(int))];
  struct msghdr m; memset(&m, 0, sizeof m);
  m.msg_iov = &iov; m.msg_iovlen = 1; m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
  long r = S3(SYS_recvmsg, sock, &m, MSG_CMSG_CLOEXEC);
  if (r < 0) return r;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
  if (!cm || cm->cmsg_type != SCM_RIGHTS) return payload ? -payload : -EPROTO;
  int pfd; memcpy(&pfd, CMSG_DATA(cm), sizeof pfd);
  return pfd;
}

/* ---------- the coordinator's driver: one channel per task ---------- */

static void reply(int fd, long seq, long res, int with_value) {
  char b[64], *p = b;
  p = put_long(p, seq);
  if (res < 0) { p = put_str(p, " err "); p = put_long(p, -res); }
  else { p = put_str(p, " ok"); if (with_value) { *p++ = ' '; p = put_long(p, res); } }
  *p++ = '\n';
  write_all(fd, b, (size_t)(p - b));
}

/* announce this task by its host tid and tgid (host procfs numbers, PROC-1) */
static void hello(int fd) {
  char b[96], *p = b;
  long tgid = 0, tid = 0;
  if (thread_self(&tgid, &tid) < 0) tgid = tid = 0;
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

/* a task the coordinator's clone created: start.a its channel, start.b the parent's channel to
 * drop (a copy in its own fd table), or -1 when the table is shared */
static int chan_task_main(void *arg) {
  struct task_start *st = arg;
  if (st->b >= 0) S1(SYS_close, st->b);
  hello(st->a);
  return agent_loop(st->a);
}

/* clone TOKEN FLAGS EXITSIG LEGACY N TID... */
static long cmd_clone(int myfd, char **av, int ac, int *childfd_out) {
  if (ac < 5) return -EINVAL;
  struct clone_req q; memset(&q, 0, sizeof q);
  q.flags = (unsigned long)to_long(av[1]);
  q.exitsig = to_long(av[2]);
  q.legacy = (int)to_long(av[3]);
  q.ntid = (int)to_long(av[4]);
  if (q.ntid < 0 || q.ntid > 32 || ac < 5 + q.ntid) return -EINVAL;
  for (int i = 0; i < q.ntid; i++) q.tid[i] = (pid_t)to_long(av[5 + i]);
  long cfd = connect_channel(av[0]);
  if (cfd < 0) return cfd;
  *childfd_out = (int)cfd;
  struct task_start st = { (int)cfd, (q.flags & (CLONE_VM | CLONE_FILES)) ? -1 : myfd };
  return clone_task(&q, chan_task_main, st);
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

/* idmap UIDPATH GIDPATH UIDHEX GIDHEX: the map texts are hex-encoded "in out count\n..." */
static long cmd_idmap(char **av, int ac) {
  if (ac < 4) return -EINVAL;
  size_t un = unhex(av[2]), gn = unhex(av[3]);
  return write_idmaps(av[0], av[1], av[2], un, av[3], gn);
}

/*
 * setids UID GID: the `setresuid` op on this thread only (raw syscalls; glibc's wrappers would
 * change every thread it knows of). setgroups(0, NULL) first, its refusal ignored (no CAP_SETGID,
 * gid_map unwritten or setgroups "deny"); then setresgid and setresuid, failing with the first
 * error; then dumpable again, since a euid change made the process non-dumpable and its
 * /proc/PID/ns files unreadable to tasks without CAP_SYS_PTRACE over its mm's user ns.
 */
static long set_ids(long uid, long gid) {
  (void)S2(SYS_setgroups, 0, 0);
  long r = S3(SYS_setresgid, gid, gid, gid);
  if (r < 0) return r;
  r = S3(SYS_setresuid, uid, uid, uid);
  if (r < 0) return r;
  (void)S2(SYS_prctl, PR_SET_DUMPABLE, 1);
  return 0;
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
static long cmd_offer(int fd, long seq, char **av, int ac) {
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
      r = send_fd(c, pfd);
      S1(SYS_close, c);
    }
  } else if (r == 0) r = -ETIMEDOUT;
  S1(SYS_close, ls); S1(SYS_close, pfd); S1(SYS_unlink, av[1]);
  return r < 0 ? r : 0;
}

/* setnsfd PATH NSTYPES: receive a pidfd from the broker at PATH and setns(pidfd, NSTYPES) */
static long cmd_setnsfd(char **av, int ac) {
  if (ac < 2) return -EINVAL;
  struct sockaddr_un a; long r = unix_addr(&a, av[0]);
  if (r < 0) return r;
  long s = S3(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) return s;
  r = S3(SYS_connect, s, &a, sizeof a);
  if (r < 0) { S1(SYS_close, s); return r; }
  long pfd = recv_fd(s);
  S1(SYS_close, s);
  if (pfd < 0) return pfd;
  r = S2(SYS_setns, pfd, to_long(av[1]));
  S1(SYS_close, pfd);
  return r;
}

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
      r = cmd_clone(fd, args, na, &childfd);
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
      reply(fd, seq, na >= 2 ? setns_path(args[0], to_long(args[1])) : -EINVAL, 0);
    } else if (!strcmp(cmd, "offer")) {
      r = cmd_offer(fd, seq, args, na);
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "setnsfd")) {
      reply(fd, seq, cmd_setnsfd(args, na), 0);
    } else if (!strcmp(cmd, "pidfdself") && na >= 2) {
      /* the broker joins itself: setns(pidfd_open(PID), NSTYPES) */
      long pfd = S2(SYS_pidfd_open, to_long(args[0]), 0);
      if (pfd < 0) r = pfd;
      else { r = S2(SYS_setns, pfd, to_long(args[1])); S1(SYS_close, pfd); }
      reply(fd, seq, r, 0);
    } else if (!strcmp(cmd, "subreaper") && na >= 1) {
      reply(fd, seq, S2(SYS_prctl, PR_SET_CHILD_SUBREAPER, to_long(args[0])), 0);
    } else if (!strcmp(cmd, "dumpable") && na >= 1) {
      /* the `set-dumpable` op: prctl(PR_SET_DUMPABLE, 0|1) on this process's mm */
      reply(fd, seq, S2(SYS_prctl, PR_SET_DUMPABLE, to_long(args[0])), 0);
    } else if (!strcmp(cmd, "sethostname") && na >= 1) {
      size_t n = unhex(args[0]), d = na >= 2 ? unhex(args[1]) : 0;
      reply(fd, seq, set_names(args[0], n, na >= 2 ? args[1] : 0, d), 0);
    } else if (!strcmp(cmd, "idmap")) {
      reply(fd, seq, cmd_idmap(args, na), 0);
    } else if (!strcmp(cmd, "setids")) {
      reply(fd, seq, na >= 2 ? set_ids(to_long(args[0]), to_long(args[1])) : -EINVAL, 0);
    } else if (!strcmp(cmd, "timens")) {
      reply(fd, seq, na >= 4 ? write_timens(to_long(args[0]), to_long(args[1]), to_long(args[2]), to_long(args[3]), na >= 5 && to_long(args[4]) == 1) : -EINVAL, 0);
    } else if (!strcmp(cmd, "nslastpid") && na >= 1) {
      reply(fd, seq, write_ns_last_pid(to_long(args[0])), 0);
    } else if (!strcmp(cmd, "rcu")) {
      /* membarrier(MEMBARRIER_CMD_GLOBAL = 1) waits for an RCU grace period: the pid number of a
       * task that released itself (an exited thread, an auto-reaped process) is free only after
       * one (observed on 6.18: a fork right after the task left /proc mostly got another number) */
      reply(fd, seq, S3(SYS_membarrier, 1, 0, 0), 0);
    } else if (!strcmp(cmd, "sigchld") && na >= 1) {
      reply(fd, seq, set_disposition(SIGCHLD, to_long(args[0]) ? SIG_IGN : SIG_DFL), 0);
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
    } else if (!strcmp(cmd, "sigpid") && na >= 2) {
      /* a stop signal to another process, named by its number in our pid ns (EXIT-9) */
      reply(fd, seq, S2(SYS_kill, to_long(args[0]), to_long(args[1])), 0);
    } else if (!strcmp(cmd, "wait") && na >= 2) {
      reply(fd, seq, do_wait(to_long(args[0]), (int)to_long(args[1])), 1);
    } else if (!strcmp(cmd, "ping")) {
      reply(fd, seq, 0, 0);
    } else {
      reply(fd, seq, -ENOSYS, 0);
    }
  }
}

/* ---------- the environment: shared by both drivers ---------- */

/*
 * The id maps of the environment's user ns, written by its creator. As root (of the caller's user
 * ns): every id the caller's ns maps, mapped to itself (from the host's initial ns: 0..2^32-2, one
 * to one; inside `unshare -U --map-root-user`: just 0). Otherwise root inside is our euid/egid,
 * after setgroups "deny" (user_namespaces(7)).
 */
static int write_env_maps(long child /* as /proc numbers it */) {
  char path[64], map[1024];
  if (geteuid() == 0) {
    for (int k = 0; k < 2; k++) {
      char own[1024];
      if (read_file(k ? "/proc/self/gid_map" : "/proc/self/uid_map", own, sizeof own) <= 0) return -1;
      char *s = own, *p = map;
      for (;;) {
        char *e;
        long in = strtol(s, &e, 10);
        if (e == s) break;
        s = e; strtol(s, &e, 10); s = e;
        long cnt = strtol(s, &e, 10);
        if (e == s) return -1;
        s = e;
        if ((size_t)(p - map) + 48 > sizeof map) return -1;
        p += snprintf(p, 48, "%ld %ld %ld\n", in, in, cnt);
      }
      snprintf(path, sizeof path, "/proc/%ld/%s", child, k ? "gid_map" : "uid_map");
      if (p == map || write_file(path, map, (size_t)(p - map)) < 0) return -1;
    }
    return 0;
  }
  snprintf(path, sizeof path, "/proc/%ld/uid_map", child);
  snprintf(map, sizeof map, "0 %d 1\n", (int)geteuid());
  if (write_file(path, map, strlen(map)) < 0) return -1;
  snprintf(path, sizeof path, "/proc/%ld/setgroups", child);
  write_file(path, "deny", 4);
  snprintf(path, sizeof path, "/proc/%ld/gid_map", child);
  snprintf(map, sizeof map, "0 %d 1\n", (int)getegid());
  return write_file(path, map, strlen(map)) < 0 ? -1 : 0;
}

/*
 * The number /proc gives the child of this pidfd: /proc may belong to another pid ns than ours
 * (under `unshare -Upf` without --mount-proc it shows the host's pids), and the pidfd's fdinfo
 * tells the pid as that procfs sees it. Falls back to our own number for it.
 */
static long proc_number(int pidfd, long ours) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
  if (pidfd < 0 || read_file(path, buf, sizeof buf) <= 0) return ours;
  char *p = strstr(buf, "\nPid:");
  long v = p ? strtol(p + 5, 0, 10) : 0;
  return v > 0 ? v : ours;
}

/*
 * Create the environment: a child in a fresh user ns (ids mapped by write_env_maps) and fresh pid,
 * uts, ipc, net, mnt, cgroup and time namespaces, pid 1 there, which runs root_main(). This
 * process holds the namespaces open, waits for the child and mirrors its exit status. forward:
 * pass SIGINT/SIGTERM on to the child as SIGTERM (play ends a --hold that way) and reap whatever
 * else it inherited (a shell's here-document writer, say).
 */
static int boot_env(int (*root_main)(void), int forward) {
  sigset_t m, old;
  sigemptyset(&m);
  sigaddset(&m, SIGINT); sigaddset(&m, SIGTERM); sigaddset(&m, SIGCHLD);
  /* blocked before the child exists, so that its SIGCHLD cannot be lost */
  if (forward) sigprocmask(SIG_BLOCK, &m, &old);
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) < 0) return 10;
  struct clone_args ca; memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS |
             CLONE_NEWCGROUP | CLONE_NEWTIME;
  ca.exit_signal = SIGCHLD;
  int pidfd = -1;
  ca.flags |= CLONE_PIDFD;
  ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
  long child = syscall(SYS_clone3, &ca, sizeof ca);
  if (child < 0) {
    dprintf(2, "crplan-agent: creating the environment (clone3 with new user, pid, uts, ipc, net, mnt, cgroup, time namespaces) failed: %s\n", strerror(errno));
    return 12;
  }
  if (child == 0) {
    close(pfd[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (forward) sigprocmask(SIG_SETMASK, &old, 0);
    char c;
    if (read(pfd[0], &c, 1) != 1) _exit(13);
    close(pfd[0]);
    /* a fresh hostname, so that nothing of the host's identity leaks into captures */
    sethostname("crplan-sim", 10);
    setdomainname("(none)", 6);
    _exit(root_main());
  }
  close(pfd[0]);
  long seen = proc_number(pidfd, child);
  if (write_env_maps(seen) < 0) {
    dprintf(2, "crplan-agent: cannot write the environment's id maps (%s)\n", geteuid() == 0 ? "as root" : "unprivileged");
    kill((pid_t)child, SIGKILL);
  } else if (write(pfd[1], "g", 1) != 1) kill((pid_t)child, SIGKILL);
  /* hold the environment's namespaces open (NSFD-2) so that their inode numbers, by which the
   * coordinator recognises them, are not reused when the root actor leaves one of them */
  static const char *nsf[] = { "uts", "ipc", "mnt", "net", "cgroup", "pid", "time", "user" };
  char path[64];
  for (int i = 0; i < 8; i++) {
    snprintf(path, sizeof path, "/proc/%ld/ns/%s", seen, nsf[i]);
    if (open(path, O_RDONLY | O_CLOEXEC) < 0) { /* best effort */ }
  }
  close(pfd[1]);
  close(pidfd);
  int st = 0;
  if (!forward) {
    while (waitpid((pid_t)child, &st, __WALL) < 0 && errno == EINTR) ;
  } else {
    for (int done = 0; !done;) {
      int sig = 0;
      sigwait(&m, &sig);
      if (sig != SIGCHLD) { kill((pid_t)child, SIGTERM); continue; }
      int s;
      pid_t w;
      while ((w = waitpid(-1, &s, WNOHANG | __WALL)) > 0) if (w == (pid_t)child) { st = s; done = 1; }
    }
  }
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

/*
 * The root actor starts from an execve of this binary inside the environment. An mm belongs to
 * the user ns it was exec'd in (mm->user_ns), and ptrace access to a non-dumpable task needs
 * CAP_SYS_PTRACE there (NSFD-1.dumpable): without the execve every actor's mm would belong to
 * the host's user ns, where no actor has it, and the environment's root would not be the
 * restorer the plans are made for (a host-root restorer's mm is the host's). Observed on 6.18:
 * a root actor's setns through a sibling made non-dumpable by its setns into a child user ns it
 * does not own failed with EACCES, where the simulated kernel and a host-root restore succeed.
 */
static int chan_root_exec(void) {
  const char *argv[] = { "crplan-agent", "root", g_sock, g_agent, 0 };
  const char *envp[] = { 0 };
  S3(SYS_execve, g_agent, argv, envp);
  return 15;
}

/* the coordinator's root actor, after chan_root_exec: its channel is announced as "root" */
static int chan_root_main(void) {
  long fd = connect_channel("root");
  if (fd < 0) return 14;
  hello((int)fd);
  return agent_loop((int)fd);
}

static int boot(void) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 11;
  return boot_env(chan_root_exec, 0);
}

/* ---------- play: a whole plan from stdin, performed by the restored tasks themselves ----------
 *
 * The op list (script/play.ts writes it; `#` starts a comment, blank lines are skipped):
 *   actor NAME task TID          NAME stands for the image's task TID (for the READY report)
 *   actor NAME helper [ROLE]     NAME is a helper the plan adds
 *   STEP ACTOR OP FIELD... [-> VALUE]
 * STEP counts from 0, one line per step, in plan order. OP and the fields are those of
 * executor/ops.ts, as key=value or a bare word for a true boolean:
 *   clone child=NAME [flags=CLONE_X|CLONE_Y] [setTid=INNER,...] [exitSignal=N] [legacy]
 *   setsid | setpgid pid=N pgid=N | unshare flags=... | subreaper value=0|1 | set-dumpable value=0|1
 *   setns target=NAME file=NSFILE | setns target=NAME pidfd nstypes=user,mnt,...
 *   sethostname hostname="..." [domainname="..."]   (bytes outside ! to ~, and " # \, as \xHH)
 *   write-idmap target=NAME uidMap=IN:OUT:COUNT,... gidMap=...
 *   write-timens-offsets monotonic=NS boottime=NS [thread] | write-ns-last-pid value=N
 *   sigchld-ignore value=0|1 | execve | wait pid=N [nohang] | stop [signal=N] [target=A (root only)] | setresuid uid=N gid=N
 *   exit [group] code=N | exit [group] signal=N [core]
 * "-> VALUE" is the result the plan expects (the simulated kernel's): the pid a clone returns in
 * the caller's pid ns, the sid of setsid, the pid a wait reaps, 0 of setpgid.
 *
 * How it runs (the scheme of the C programs of script/c.ts, with the coordinator's syscalls):
 * - The list is parsed and checked before anything starts (exit 2 naming the line), into one
 *   shared mapping (a memfd, mapped MAP_SHARED before the first clone, so every process and thread
 *   sees it and an execve'd task maps it again): the ops, the actors, the turn.
 * - The environment is made as for the coordinator (boot_env). Its pid 1 is the root actor. Every
 *   task a clone creates runs the same interpreter: it waits for its turn (the shared step counter;
 *   each actor sleeps on a futex word of its own, woken when the turn comes to it), performs only
 *   its own ops, checks each result and passes the turn on.
 * - An exit or a stop is "done" only when the kernel has done it: the next op's task first waits
 *   until /proc shows the task gone, a zombie (every thread, for a group) or stopped, then, as the
 *   coordinator does, until no task runs or has a SIGHUP/SIGKILL/SIGTERM/SIGCONT pending (an
 *   orphaned group's hangup). A fatal or stop signal the kernel ignores (a pid-ns init's own,
 *   EXIT-9) leaves the task running: its op is done then too.
 * - Other tasks are named by their numbers in our procfs, recorded by each task at birth (setns by
 *   path, id maps); setns by pidfd gets the pidfd from the environment's init process, which sees
 *   every pid (over a socketpair: the init serves requests while it waits for its turn).
 * - On an error: "step N (op by actor) failed: ERRNO", exit 1; the root actor is pid 1, so its exit
 *   kills every task (EXIT-8). A timeout (alarm, default 60 s) catches a step that never completes.
 * - At the end: READY, the actors' numbers, then HOLD until SIGINT/SIGTERM (--hold), DONE, exit 0.
 */

enum kind { K_CLONE, K_SETSID, K_SETPGID, K_UNSHARE, K_SETNS, K_SUBREAPER, K_SETHOSTNAME, K_IDMAP,
            K_TIMENS, K_NSLASTPID, K_SIGCHLD, K_EXECVE, K_EXIT, K_WAIT, K_STOP, K_SETIDS, K_DUMPABLE, K_COUNT };
static const char *const KIND_NAMES[K_COUNT] = {
  "clone", "setsid", "setpgid", "unshare", "setns", "subreaper", "sethostname", "write-idmap",
  "write-timens-offsets", "write-ns-last-pid", "sigchld-ignore", "execve", "exit", "wait", "stop",
  "setresuid", "set-dumpable"
};

/* One op. a, b by kind: clone exit signal; setpgid pid, pgid; subreaper, set-dumpable, sigchld-ignore,
 * write-ns-last-pid value; timens monotonic, boottime (ns); exit code or signal; wait pid; stop
 * signal. flags: clone/unshare CLONE_*, setns-by-pidfd CLONE_NEW* of the kinds joined. */
struct pop {
  int kind, actor, child, target;
  unsigned long flags;
  long a, b;
  int legacy, pidfd, group, bysig, core, nohang, has_dom, has_expect, has_target, thread;
  long expect;
  int ntid;
  pid_t tid[32];
  unsigned s1, l1, s2, l2; /* pool strings: setns file; hostname, domainname; uid map, gid map */
};

struct pactor {
  unsigned name;   /* pool offset */
  int image_tid;   /* 0: a helper or the root actor */
  /* recorded by the task at birth (0 = not born yet): numbers in our procfs, its pid in the
   * environment's pid ns (for pidfd_open there), its pid ns */
  volatile int host_tgid, host_tid, env_pid, nspid_len;
  volatile unsigned long pidns_ino;
  volatile int wake;  /* futex word: bumped when something concerns this actor (its turn, a failure) */
  volatile int gone;  /* seen exited: settle skips it */
};

struct play {
  size_t size, actors_off, ops_off, pool_off;
  int nops, nactors, first_child, need_core, timeout;
  volatile int seq;          /* the step whose turn it is */
  volatile int failed;       /* failing step + 1 */
  volatile int pending;      /* actor + 1 whose exit or stop must be complete before the next op */
  volatile int pending_stop, pending_group;
  volatile int broker;       /* pidfd request: 0 none, 1 waiting, 2 being served */
  unsigned long env_ns[8];   /* the environment's namespaces, as the root actor starts */
  char coredir[64];          /* scratch cwd for core dumps, made and removed by the root actor */
};

static struct play *P;
static int g_memfd = -1;
static int g_brk[2] = { -1, -1 }; /* socketpair for pidfd requests: [0] the root actor's end, [1] the askers' */
static int g_hold;
static volatile sig_atomic_t g_stop;

#define ACT(i) (((struct pactor *)((char *)P + P->actors_off))[i])
#define OP(i) (((const struct pop *)((const char *)P + P->ops_off))[i])
#define STR(o) ((const char *)P + P->pool_off + (o))
#define ROOT 0

/* ----- parsing (before the environment exists: libc is fine here) ----- */

struct parsed_actor { unsigned name; int image_tid, born; };
struct parser {
  struct pop *ops; int nops, capops;
  struct parsed_actor *act; int nact, capact;
  char *pool; size_t npool, cappool;
  int *hash; int hcap;   /* open addressing: actor index + 1 */
  int line, step;
};

__attribute__((format(printf, 2, 3), noreturn)) static void bad(struct parser *ps, const char *fmt, ...) {
  fprintf(stderr, "crplan-agent play: stdin line %d", ps->line);
  if (ps->step >= 0) fprintf(stderr, " (step %d)", ps->step);
  fprintf(stderr, ": ");
  va_list ap; va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
  fprintf(stderr, "\n");
  exit(2);
}

static void *grow(void *p, int *cap, int need, size_t size) {
  if (need <= *cap) return p;
  int c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  p = realloc(p, (size_t)c * size);
  if (!p) { fprintf(stderr, "crplan-agent play: out of memory\n"); exit(1); }
  *cap = c;
  return p;
}

static unsigned pool_add(struct parser *ps, const char *s, size_t n) {
  if (ps->npool + n + 1 > ps->cappool) {
    while (ps->npool + n + 1 > ps->cappool) ps->cappool = ps->cappool ? ps->cappool * 2 : 4096;
    ps->pool = realloc(ps->pool, ps->cappool);
    if (!ps->pool) { fprintf(stderr, "crplan-agent play: out of memory\n"); exit(1); }
  }
  unsigned off = (unsigned)ps->npool;
  memcpy(ps->pool + off, s, n);
  ps->pool[off + n] = 0;
  ps->npool += n + 1;
  return off;
}

static unsigned name_hash(const char *s) { unsigned h = 2166136261u; while (*s) h = (h ^ (unsigned char)*s++) * 16777619u; return h; }

static int find_actor(struct parser *ps, const char *name) {
  if (!ps->hcap) return -1;
  for (unsigned i = name_hash(name) & (unsigned)(ps->hcap - 1);; i = (i + 1) & (unsigned)(ps->hcap - 1)) {
    int v = ps->hash[i];
    if (!v) return -1;
    if (!strcmp(ps->pool + ps->act[v - 1].name, name)) return v - 1;
  }
}

static int add_actor(struct parser *ps, const char *name) {
  int k = find_actor(ps, name);
  if (k >= 0) return k;
  if (!*name) bad(ps, "empty actor name");
  ps->act = grow(ps->act, &ps->capact, ps->nact + 1, sizeof *ps->act);
  k = ps->nact++;
  memset(&ps->act[k], 0, sizeof ps->act[k]);
  ps->act[k].name = pool_add(ps, name, strlen(name));
  if (2 * ps->nact > ps->hcap) {
    int nc = ps->hcap ? ps->hcap * 2 : 64;
    free(ps->hash);
    ps->hash = calloc((size_t)nc, sizeof(int));
    ps->hcap = nc;
    for (int j = 0; j < ps->nact; j++) {
      unsigned i = name_hash(ps->pool + ps->act[j].name) & (unsigned)(nc - 1);
      while (ps->hash[i]) i = (i + 1) & (unsigned)(nc - 1);
      ps->hash[i] = j + 1;
    }
  } else {
    unsigned i = name_hash(name) & (unsigned)(ps->hcap - 1);
    while (ps->hash[i]) i = (i + 1) & (unsigned)(ps->hcap - 1);
    ps->hash[i] = k + 1;
  }
  return k;
}

static long number(struct parser *ps, const char *s, const char *what) {
  char *e;
  errno = 0;
  long v = strtol(s, &e, 10);
  if (!*s || *e || errno) bad(ps, "%s: '%s' is not a number", what, s);
  return v;
}

static const struct { const char *name; unsigned long v; } CLONE_FLAG_NAMES[] = {
  { "CLONE_VM", 0x100 }, { "CLONE_FS", 0x200 }, { "CLONE_FILES", 0x400 }, { "CLONE_SIGHAND", 0x800 },
  { "CLONE_PIDFD", 0x1000 }, { "CLONE_PARENT", 0x8000 }, { "CLONE_THREAD", 0x10000 }, { "CLONE_NEWNS", 0x20000 },
  { "CLONE_SYSVSEM", 0x40000 }, { "CLONE_NEWCGROUP", 0x02000000 }, { "CLONE_NEWUTS", 0x04000000 },
  { "CLONE_NEWIPC", 0x08000000 }, { "CLONE_NEWUSER", 0x10000000 }, { "CLONE_NEWPID", 0x20000000 },
  { "CLONE_NEWNET", 0x40000000 }, { "CLONE_NEWTIME", 0x80 },
};
static const struct { const char *name; unsigned long v; } NS_TYPE_NAMES[] = {
  { "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS }, { "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
  { "net", CLONE_NEWNET }, { "cgroup", CLONE_NEWCGROUP }, { "pid", CLONE_NEWPID }, { "time", CLONE_NEWTIME },
};
static const char *const NS_FILES[] = { "user", "mnt", "uts", "ipc", "net", "cgroup", "pid", "time", "pid_for_children", "time_for_children" };

/* "A|B|C" of CLONE_* names, or "A,B" of namespace kinds */
static unsigned long flag_list(struct parser *ps, const char *s, int nstypes) {
  unsigned long m = 0;
  char buf[512];
  if (strlen(s) >= sizeof buf) bad(ps, "flag list too long");
  strcpy(buf, s);
  for (char *save = 0, *f = strtok_r(buf, nstypes ? "," : "|", &save); f; f = strtok_r(0, nstypes ? "," : "|", &save)) {
    int found = 0;
    if (nstypes) {
      for (size_t i = 0; i < sizeof NS_TYPE_NAMES / sizeof NS_TYPE_NAMES[0]; i++)
        if (!strcmp(f, NS_TYPE_NAMES[i].name)) { m |= NS_TYPE_NAMES[i].v; found = 1; }
    } else {
      for (size_t i = 0; i < sizeof CLONE_FLAG_NAMES / sizeof CLONE_FLAG_NAMES[0]; i++)
        if (!strcmp(f, CLONE_FLAG_NAMES[i].name)) { m |= CLONE_FLAG_NAMES[i].v; found = 1; }
    }
    if (!found) bad(ps, "unknown %s '%s'", nstypes ? "namespace kind" : "clone flag", f);
  }
  return m;
}

/* a string field: optional surrounding quotes, \xHH escapes; decoded in place */
static size_t unescape(struct parser *ps, char *s) {
  size_t n = strlen(s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') { memmove(s, s + 1, n - 2); s[n - 2] = 0; }
  size_t o = 0;
  for (size_t i = 0; s[i]; i++) {
    if (s[i] != '\\') { s[o++] = s[i]; continue; }
    if (s[i + 1] != 'x' || hexval(s[i + 2]) < 0 || hexval(s[i + 3]) < 0) bad(ps, "bad escape in '%s' (only \\xHH)", s);
    s[o++] = (char)(hexval(s[i + 2]) * 16 + hexval(s[i + 3]));
    i += 3;
  }
  s[o] = 0;
  return o;
}

/* "IN:OUT:COUNT,..." -> "IN OUT COUNT\n..." in the pool */
static unsigned id_map(struct parser *ps, const char *s, unsigned *len) {
  char *text = malloc(strlen(s) * 2 + 2), *p = text;
  const char *q = s;
  while (*q) {
    for (int k = 0; k < 3; k++) {
      char *e;
      long v = strtol(q, &e, 10);
      if (e == q || v < 0 || (k < 2 && *e != ':') || (k == 2 && *e && *e != ',')) bad(ps, "id map '%s': expected IN:OUT:COUNT,...", s);
      p += sprintf(p, k < 2 ? "%ld " : "%ld\n", v);
      q = *e ? e + 1 : e;
    }
  }
  *len = (unsigned)(p - text);
  unsigned off = pool_add(ps, text, (size_t)(p - text));
  free(text);
  return off;
}

static int actor_ref(struct parser *ps, const char *name, const char *role) {
  int k = find_actor(ps, name);
  if (k < 0 || !ps->act[k].born) bad(ps, "%s '%s' is not created by any earlier step", role, name);
  return k;
}

static void parse_op(struct parser *ps, char **t, int nt) {
  struct pop o; memset(&o, 0, sizeof o);
  o.child = o.target = -1;
  ps->step = (int)number(ps, t[0], "step");
  if (ps->step != ps->nops) bad(ps, "step %d out of order: expected step %d", ps->step, ps->nops);
  if (nt >= 2 && !strcmp(t[nt - 2], "->")) { o.has_expect = 1; o.expect = number(ps, t[nt - 1], "expected value"); nt -= 2; }
  if (nt < 3) bad(ps, "expected: STEP ACTOR OP FIELD...");
  /* Only what can never run is refused here: an actor no earlier step creates. Whether an actor
   * is still alive and running when its turn comes is the kernel's to say (a fatal signal can be
   * ignored, a stopped process continued); a dead one stalls the run until the timeout says so. */
  o.actor = actor_ref(ps, t[1], "actor");
  o.kind = -1;
  for (int k = 0; k < K_COUNT; k++) if (!strcmp(t[2], KIND_NAMES[k])) o.kind = k;
  if (o.kind < 0) bad(ps, "unknown op '%s'", t[2]);
  /* fields: key=value or a bare word */
  const char *child = 0, *target = 0, *file = 0, *nstypes = 0, *flags = 0, *settid = 0, *host = 0, *dom = 0, *umap = 0, *gmap = 0;
  const char *pid = 0, *pgid = 0, *value = 0, *code = 0, *sig = 0, *mono = 0, *boot = 0, *exitsig = 0;
  for (int i = 3; i < nt; i++) {
    char *f = t[i], *eq = strchr(f, '=');
    if (!eq) {
      if (!strcmp(f, "legacy") && o.kind == K_CLONE) o.legacy = 1;
      else if (!strcmp(f, "pidfd") && o.kind == K_SETNS) o.pidfd = 1;
      else if (!strcmp(f, "group") && o.kind == K_EXIT) o.group = 1;
      else if (!strcmp(f, "core") && o.kind == K_EXIT) o.core = 1;
      else if (!strcmp(f, "nohang") && o.kind == K_WAIT) o.nohang = 1;
      else if (!strcmp(f, "thread") && o.kind == K_TIMENS) o.thread = 1;
      else bad(ps, "%s: unexpected '%s'", KIND_NAMES[o.kind], f);
      continue;
    }
    *eq = 0;
    const char *v = eq + 1, **slot = 0;
    switch (o.kind) {
      case K_CLONE: slot = !strcmp(f, "child") ? &child : !strcmp(f, "flags") ? &flags : !strcmp(f, "setTid") ? &settid : !strcmp(f, "exitSignal") ? &exitsig : 0; break;
      case K_SETPGID: slot = !strcmp(f, "pid") ? &pid : !strcmp(f, "pgid") ? &pgid : 0; break;
      case K_UNSHARE: slot = !strcmp(f, "flags") ? &flags : 0; break;
      case K_SETNS: slot = !strcmp(f, "target") ? &target : !strcmp(f, "file") ? &file : !strcmp(f, "nstypes") ? &nstypes : 0; break;
      case K_SUBREAPER: case K_DUMPABLE: case K_NSLASTPID: case K_SIGCHLD: slot = !strcmp(f, "value") ? &value : 0; break;
      case K_SETHOSTNAME: slot = !strcmp(f, "hostname") ? &host : !strcmp(f, "domainname") ? &dom : 0; break;
      case K_IDMAP: slot = !strcmp(f, "target") ? &target : !strcmp(f, "uidMap") ? &umap : !strcmp(f, "gidMap") ? &gmap : 0; break;
      case K_TIMENS: slot = !strcmp(f, "monotonic") ? &mono : !strcmp(f, "boottime") ? &boot : 0; break;
      case K_EXIT: slot = !strcmp(f, "code") ? &code : !strcmp(f, "signal") ? &sig : 0; break;
      case K_WAIT: slot = !strcmp(f, "pid") ? &pid : 0; break;
      case K_STOP: slot = !strcmp(f, "signal") ? &sig : !strcmp(f, "target") ? &target : 0; break;
      case K_SETIDS: slot = !strcmp(f, "uid") ? &pid : !strcmp(f, "gid") ? &pgid : 0; break;
      default: break;
    }
    if (!slot) bad(ps, "%s has no field '%s'", KIND_NAMES[o.kind], f);
    if (*slot) bad(ps, "field '%s' given twice", f);
    *slot = v;
  }
#define NEED(x, name) do { if (!(x)) bad(ps, "%s needs %s=", KIND_NAMES[o.kind], name); } while (0)
  switch (o.kind) {
    case K_CLONE: {
      NEED(child, "child");
      int k = add_actor(ps, child);
      if (ps->act[k].born) bad(ps, "child name '%s' is in use", child);
      o.child = k;
      o.flags = flags ? flag_list(ps, flags, 0) : 0;
      o.a = exitsig ? number(ps, exitsig, "exitSignal")
                    : (!o.legacy && (o.flags & (CLONE_THREAD | CLONE_PARENT))) ? 0 : SIGCHLD;
      if (settid) {
        if (o.legacy) bad(ps, "setTid needs clone3 (not legacy)");
        char buf[512];
        if (strlen(settid) >= sizeof buf) bad(ps, "setTid too long");
        strcpy(buf, settid);
        for (char *save = 0, *x = strtok_r(buf, ",", &save); x; x = strtok_r(0, ",", &save)) {
          if (o.ntid == 32) bad(ps, "setTid: more than 32 levels");
          o.tid[o.ntid++] = (pid_t)number(ps, x, "setTid");
        }
      }
      ps->act[k].born = 1;
      break;
    }
    case K_SETPGID: NEED(pid, "pid"); NEED(pgid, "pgid"); o.a = number(ps, pid, "pid"); o.b = number(ps, pgid, "pgid"); break;
    case K_UNSHARE: NEED(flags, "flags"); o.flags = flag_list(ps, flags, 0); break;
    case K_SETNS:
      NEED(target, "target");
      o.target = actor_ref(ps, target, "target");
      if (o.pidfd) { NEED(nstypes, "nstypes"); o.flags = flag_list(ps, nstypes, 1); }
      else {
        NEED(file, "file");
        int ok = 0;
        for (size_t i = 0; i < sizeof NS_FILES / sizeof NS_FILES[0]; i++) ok |= !strcmp(file, NS_FILES[i]);
        if (!ok) bad(ps, "unknown namespace file '%s'", file);
        o.s1 = pool_add(ps, file, strlen(file));
      }
      break;
    case K_SUBREAPER: case K_DUMPABLE: case K_NSLASTPID: case K_SIGCHLD: NEED(value, "value"); o.a = number(ps, value, "value"); break;
    case K_SETHOSTNAME:
      NEED(host, "hostname");
      { size_t n = unescape(ps, (char *)host); o.s1 = pool_add(ps, host, n); o.l1 = (unsigned)n; }
      if (dom) { size_t n = unescape(ps, (char *)dom); o.s2 = pool_add(ps, dom, n); o.l2 = (unsigned)n; o.has_dom = 1; }
      break;
    case K_IDMAP:
      NEED(target, "target"); NEED(umap, "uidMap"); NEED(gmap, "gidMap");
      o.target = actor_ref(ps, target, "target");
      o.s1 = id_map(ps, umap, &o.l1);
      o.s2 = id_map(ps, gmap, &o.l2);
      break;
    case K_TIMENS: NEED(mono, "monotonic"); NEED(boot, "boottime"); o.a = number(ps, mono, "monotonic"); o.b = number(ps, boot, "boottime"); break;
    case K_EXIT:
      if (code && sig) bad(ps, "exit takes code= or signal=, not both");
      if (sig) { o.bysig = 1; o.a = number(ps, sig, "signal"); }
      else o.a = code ? number(ps, code, "code") : 0;
      if (o.core && !o.bysig) bad(ps, "core needs signal=");
      if (o.actor == ROOT) bad(ps, "the root actor may not exit: it is the environment's init, its exit ends everything (EXIT-8)");
      break;
    case K_WAIT: NEED(pid, "pid"); o.a = number(ps, pid, "pid"); break;
    case K_SETIDS: NEED(pid, "uid"); NEED(pgid, "gid"); o.a = number(ps, pid, "uid"); o.b = number(ps, pgid, "gid"); break;
    case K_STOP:
      if (target) {
        /* kill(2) of another process: only the root actor, which sees every task in its pid ns
         * (the way to stop a pid-ns init: SIGSTOP from an ancestor ns, EXIT-9) */
        if (o.actor != ROOT) bad(ps, "stop target= is sent by the root actor only");
        o.target = actor_ref(ps, target, "target");
        o.has_target = 1;
      } else if (o.actor == ROOT) bad(ps, "the root actor may not stop: a pid-ns init ignores its own stop signals (EXIT-9)");
      o.a = sig ? number(ps, sig, "signal") : SIGSTOP;
      break;
    default: break;
  }
#undef NEED
  ps->ops = grow(ps->ops, &ps->capops, ps->nops + 1, sizeof *ps->ops);
  ps->ops[ps->nops++] = o;
}

static void parse_line(struct parser *ps, char *line) {
  char *t[128];
  int nt = 0;
  for (char *s = line; *s;) {
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    if (!*s || *s == '#') break;
    if (nt == 128) bad(ps, "too many fields");
    t[nt++] = s;
    while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') s++;
    if (*s) *s++ = 0;
  }
  if (!nt) return;
  if (!strcmp(t[0], "actor")) {
    if (nt >= 4 && !strcmp(t[2], "task")) ps->act[add_actor(ps, t[1])].image_tid = (int)number(ps, t[3], "task");
    else if (nt >= 3 && !strcmp(t[2], "helper")) add_actor(ps, t[1]);
    else bad(ps, "expected: actor NAME task TID | actor NAME helper [ROLE]");
    return;
  }
  parse_op(ps, t, nt);
  ps->step = -1;
}

/* Read and check the whole op list, then lay it out in the shared mapping (P, g_memfd). */
static void load_plan(FILE *in, int timeout) {
  struct parser ps; memset(&ps, 0, sizeof ps);
  ps.step = -1;
  pool_add(&ps, "", 0);
  add_actor(&ps, "root");
  ps.act[ROOT].born = 1;
  char *line = 0; size_t cap = 0;
  while (getline(&line, &cap, in) > 0) {
    ps.line++;
    parse_line(&ps, line);
  }
  free(line);
  int first_child = -1, need_core = 0;
  for (int i = 0; i < ps.nops; i++) {
    const struct pop *o = &ps.ops[i];
    if (first_child < 0 && o->kind == K_CLONE && o->actor == ROOT && !(o->flags & CLONE_THREAD)) first_child = o->child;
    if (o->kind == K_EXIT && o->core) need_core = 1;
  }
  size_t al = 64;
  size_t actors_off = (sizeof(struct play) + al - 1) / al * al;
  size_t ops_off = actors_off + ((size_t)ps.nact * sizeof(struct pactor) + al - 1) / al * al;
  size_t pool_off = ops_off + ((size_t)ps.nops * sizeof(struct pop) + al - 1) / al * al;
  size_t size = pool_off + ps.npool;
  /* not close-on-exec: a task that execve's maps it again (resume) */
  g_memfd = (int)syscall(SYS_memfd_create, "crplan-play", 0);
  if (g_memfd < 0 || ftruncate(g_memfd, (off_t)size) < 0) { perror("crplan-agent play: memfd"); exit(1); }
  P = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, g_memfd, 0);
  if (P == MAP_FAILED) { perror("crplan-agent play: mmap"); exit(1); }
  P->size = size; P->actors_off = actors_off; P->ops_off = ops_off; P->pool_off = pool_off;
  P->nops = ps.nops; P->nactors = ps.nact; P->first_child = first_child; P->need_core = need_core;
  P->timeout = timeout;
  for (int k = 0; k < ps.nact; k++) { ACT(k).name = ps.act[k].name; ACT(k).image_tid = ps.act[k].image_tid; }
  memcpy((char *)P + ops_off, ps.ops, (size_t)ps.nops * sizeof(struct pop));
  memcpy((char *)P + pool_off, ps.pool, ps.npool);
  free(ps.ops); free(ps.act); free(ps.pool); free(ps.hash);
}

/* after an execve: the same mapping from the inherited memfd */
static void map_play(int fd) {
  struct play *h = mmap(0, sizeof *h, PROT_READ, MAP_SHARED, fd, 0);
  if (h == MAP_FAILED) _exit(1);
  size_t size = h->size;
  munmap(h, sizeof *h);
  P = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (P == MAP_FAILED) _exit(1);
  g_memfd = fd;
}

/* ----- the turn (task code: raw syscalls only) ----- */

/* wake actor a: something concerns it */
static void bump(int a) {
  __atomic_add_fetch(&ACT(a).wake, 1, __ATOMIC_SEQ_CST);
  S3(SYS_futex, &ACT(a).wake, FUTEX_WAKE, INT_MAX);
}
/* sleep until actor self is woken after w (the value of its word it saw before checking) */
static void await_event(int self, int w) { S4(SYS_futex, &ACT(self).wake, FUTEX_WAIT, w, 0); }
/* the turn goes to step next: wake its actor (the root actor after the last step) */
static void pass_turn(int next) {
  __atomic_store_n(&P->seq, next, __ATOMIC_SEQ_CST);
  bump(next < P->nops ? OP(next).actor : ROOT);
}
static void nap(long ns) { struct timespec ts = { 0, ns }; S2(SYS_nanosleep, &ts, 0); }
static void park(void) { for (;;) S0(SYS_pause); }

/* the scratch directory for core dumps, emptied and removed */
static void remove_coredir(void) {
  if (!P->coredir[0]) return;
  long fd = S4(SYS_openat, AT_FDCWD, P->coredir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0) {
    char buf[2048];
    long n;
    while ((n = S3(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < n;) {
        char *name = buf + off + 19; /* struct linux_dirent64: ino 8, off 8, reclen 2, type 1 */
        unsigned short reclen; memcpy(&reclen, buf + off + 16, 2);
        off += reclen;
        if (strcmp(name, ".") && strcmp(name, "..")) S3(SYS_unlinkat, fd, name, 0);
      }
    }
    S1(SYS_close, fd);
  }
  S3(SYS_unlinkat, AT_FDCWD, P->coredir, AT_REMOVEDIR);
  P->coredir[0] = 0;
}

/* the root actor ends the run; being pid 1, it takes every task with it (EXIT-8) */
static void root_exit(int code) {
  remove_coredir();
  S1(SYS_exit_group, code);
  park();
}

static char *put_step(char *p, int i) {
  p = put_str(p, "crplan-agent: step "); p = put_long(p, i); p = put_str(p, " (");
  p = put_str(p, KIND_NAMES[OP(i).kind]); p = put_str(p, " by "); p = put_strn(p, STR(ACT(OP(i).actor).name), 64);
  return put_str(p, ") failed: ");
}

/* report step i's failure (text in b..p), stop everybody */
static void fail_with(int i, char *b, char *p) {
  *p++ = '\n';
  write_all(2, b, (size_t)(p - b));
  __atomic_store_n(&P->failed, i + 1, __ATOMIC_SEQ_CST);
  for (int a = 0; a < P->nactors; a++) bump(a);
  if (OP(i).actor == ROOT) root_exit(1);
  park();
}

static void fail(int i, long err) {
  char b[384], *p = put_step(b, i);
  const char *name = strerrorname_np((int)-err), *desc = strerrordesc_np((int)-err);
  if (name) p = put_str(p, name); else { p = put_str(p, "errno "); p = put_long(p, -err); }
  if (desc) { p = put_str(p, " ("); p = put_strn(p, desc, 80); *p++ = ')'; }
  fail_with(i, b, p);
}

static void fail_value(int i, long got) {
  char b[384], *p = put_step(b, i);
  p = put_str(p, "returned "); p = put_long(p, got); p = put_str(p, ", the plan expects "); p = put_long(p, OP(i).expect);
  fail_with(i, b, p);
}

/* state letter of a task in our procfs ('?' when gone) */
static char task_state(int tgid, int tid) {
  char path[80], buf[512];
  put_task_dir(path, tgid, tid, "/stat");
  if (read_file(path, buf, sizeof buf) <= 0) return '?';
  char *p = 0;
  for (char *q = buf; *q; q++) if (*q == ')') p = q;
  return p && p[1] == ' ' ? p[2] : '?';
}

/* every thread of the process gone or a zombie: its children are reparented by then. Not 'X'
 * (EXIT_DEAD): an exited thread shows it until release_task frees its pid, and the next clone
 * must find the pid free, as the simulator does. */
static int group_gone(int tgid) {
  char path[64], *p = put_str(path, "/proc/");
  p = put_long(p, tgid);
  *put_str(p, "/task") = 0;
  long fd = S4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0) return 1;
  int gone = 1;
  char buf[2048];
  long n;
  while ((n = S3(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
    for (long off = 0; off < n;) {
      char *name = buf + off + 19;
      unsigned short reclen; memcpy(&reclen, buf + off + 16, 2);
      off += reclen;
      if (name[0] < '0' || name[0] > '9') continue;
      char c = task_state(tgid, (int)to_long(name));
      if (c != 'Z' && c != '?') gone = 0;
    }
  }
  S1(SYS_close, fd);
  return gone;
}

/* a hex field ("SigPnd:\t0000000000000100") of a status text */
static unsigned long status_hex(const char *buf, const char *key) {
  const char *p = strstr(buf, key);
  unsigned long v = 0;
  if (!p) return 0;
  for (p += slen(key); *p == '\t' || *p == ' '; p++) ;
  for (; hexval(*p) >= 0; p++) v = v * 16 + (unsigned long)hexval(*p);
  return v;
}

/*
 * As the coordinator's settle(): wait until no task of ours but the caller runs (R, D) or has a
 * SIGHUP, SIGKILL, SIGTERM or SIGCONT pending (an orphaned group's hangup and continue go out
 * during an exit; their effects must be over before the next op), at most about 3 s.
 */
static long now_ms(void) {
  struct timespec ts;
  S2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void settle_all(int self) {
  const unsigned long fatal = (1UL << 0) | (1UL << 8) | (1UL << 14) | (1UL << 17);
  int vanished = 0;
  for (long t0 = now_ms(); now_ms() - t0 < 3000;) {
    int busy = 0;
    for (int a = 0; a < P->nactors && !busy; a++) {
      if (a == self || ACT(a).gone || ACT(a).host_tid <= 0) continue;
      char path[80], buf[2048];
      put_task_dir(path, ACT(a).host_tgid, ACT(a).host_tid, "/status");
      if (read_file(path, buf, sizeof buf) <= 0) { ACT(a).gone = vanished = 1; continue; }
      const char *st = strstr(buf, "\nState:");
      char c = st ? st[8] == '\t' ? st[9] : st[8] : '?';
      if (c == 'Z' || c == 'X') { ACT(a).gone = 1; continue; }
      if (c == 'R' || c == 'D' || ((status_hex(buf, "\nSigPnd:") | status_hex(buf, "\nShdPnd:")) & fatal)) busy = 1;
    }
    if (!busy) break;
    nap(200000);
  }
  /* a task that died meanwhile (a hangup, say) and was released: its pid is freed a little after
   * (see settle_pending) */
  if (vanished) nap(10000000);
}

/* wait until the exit or stop the previous op started has really happened in the kernel (or
 * its task found the signal ignored and cancelled the wait) */
static void settle_pending(int self) {
  int who = P->pending - 1;
  if (who < 0) return;
  int tgid = ACT(who).host_tgid, tid = ACT(who).host_tid;
  int vanished = 0;
  for (;;) {
    int done;
    if (P->pending != who + 1) break;
    if (P->pending_stop) { char c = task_state(tgid, tid); done = c == 'T' || c == 't' || c == '?'; }
    else if (P->pending_group) done = vanished = group_gone(tgid);
    else { char c = task_state(tgid, tid); done = c == 'Z' || c == '?'; vanished = c == '?'; }
    if (done) break;
    nap(200000);
  }
  /* release_task() takes an exited task out of /proc (proc_flush_pid) before it frees its pid
   * number (free_pids), and nothing shows the latter: a clone right away can find the number
   * still taken (seen after a group exit by signal, with 2 ms but not 10 ms of grace on a loaded
   * machine; the coordinator meets it too). A zombie keeps its pid anyway. */
  if (vanished) nap(10000000);
  int mine = who + 1;
  __atomic_compare_exchange_n(&P->pending, &mine, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  settle_all(self);
}

/* after a signal to ourselves returned: ignored, or a stop already over: nothing to wait for */
static void cancel_pending(int self) {
  int mine = self + 1;
  __atomic_compare_exchange_n(&P->pending, &mine, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Record this task's numbers (as our procfs shows them) for the others. After an execve by a
 * non-leader thread, the thread took over the leader's tid (de_thread): the old leader's record
 * no longer names a task. */
static void record_self(int self, int after_exec) {
  char buf[4096];
  long ltgid = 0, ltid = 0;
  if (thread_self(&ltgid, &ltid) < 0) ltgid = ltid = 0;
  int tgid = (int)ltgid, tid = (int)ltid;
  if (after_exec)
    for (int k = 0; k < P->nactors; k++)
      if (k != self && ACT(k).host_tgid == tgid && ACT(k).host_tid == tgid) ACT(k).host_tid = -1;
  struct stat st;
  if (S4(SYS_newfstatat, AT_FDCWD, "/proc/thread-self/ns/pid", &st, 0) == 0) ACT(self).pidns_ino = st.st_ino;
  if (read_file("/proc/thread-self/status", buf, sizeof buf) > 0) {
    char *p = strstr(buf, "\nNSpid:");
    long nspid[33];
    int cnt = 0;
    if (p) {
      for (p += 7; *p && *p != '\n' && cnt < 33;) {
        while (*p == ' ' || *p == '\t') p++;
        if (*p < '0' || *p > '9') break;
        nspid[cnt++] = to_long(p);
        while (*p >= '0' && *p <= '9') p++;
      }
    }
    ACT(self).nspid_len = cnt;
    /* the environment's pid ns is the root actor's active one: its last NSpid column */
    int col = self == ROOT ? cnt - 1 : ACT(ROOT).nspid_len - 1;
    ACT(self).env_pid = col >= 0 && col < cnt ? (int)nspid[col] : 0;
  }
  ACT(self).host_tgid = tgid;
  __atomic_store_n(&ACT(self).host_tid, tid, __ATOMIC_SEQ_CST);
}

/* the root actor opens pidfds for the others: pid 1 of the environment sees every pid */

static void serve_broker(void) {
  int one = 1;
  if (!__atomic_compare_exchange_n(&P->broker, &one, 2, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
  int pid = 0;
  long r = S3(SYS_read, g_brk[0], &pid, sizeof pid);
  /* idle again before the answer: the answer lets the run go on, and the next request may come
   * at once (cleared after, it would be lost) */
  __atomic_store_n(&P->broker, 0, __ATOMIC_SEQ_CST);
  long fd = r == (long)sizeof pid ? S2(SYS_pidfd_open, pid, 0) : r < 0 ? r : -EPROTO;
  send_fd(g_brk[0], fd);
  if (fd >= 0) S1(SYS_close, fd);
}

static long pidfd_of(int self, int target) {
  int pid = ACT(target).env_pid;
  if (ACT(self).host_tgid == ACT(ROOT).host_tgid) return S2(SYS_pidfd_open, pid, 0);
  long r = S4(SYS_sendto, g_brk[1], &pid, sizeof pid, MSG_NOSIGNAL);
  if (r < 0) return r;
  __atomic_store_n(&P->broker, 1, __ATOMIC_SEQ_CST);
  bump(ROOT);
  return recv_fd(g_brk[1]);
}

/* an op's task has nothing to do until its turn; a failure elsewhere ends the run */
static void wait_turn(int self, int i) {
  for (;;) {
    int w = __atomic_load_n(&ACT(self).wake, __ATOMIC_SEQ_CST);
    if (P->failed) { if (self == ROOT) root_exit(1); park(); }
    if (self == ROOT) serve_broker();
    if (__atomic_load_n(&P->seq, __ATOMIC_SEQ_CST) == i) break;
    await_event(self, w);
  }
  settle_pending(self);
}

static int play_task(int self, int start);

/* a task a play clone created: start.a its actor, start.b its first step */
static int play_task_main(void *arg) {
  struct task_start *st = arg;
  /* the root actor's SIGINT/SIGTERM/SIGALRM handlers are its own: a task with its own signal
   * handlers starts with the defaults, as under the coordinator */
  if (!(OP(st->b - 1).flags & CLONE_SIGHAND)) {
    set_disposition(SIGINT, SIG_DFL); set_disposition(SIGTERM, SIG_DFL); set_disposition(SIGALRM, SIG_DFL);
  }
  return play_task(st->a, st->b);
}

static long play_execve(int self, int i) {
  char a[5][24];
  long v[5] = { self, i + 1, g_memfd, g_brk[0], g_brk[1] };
  for (int k = 0; k < 5; k++) *put_long(a[k], v[k]) = 0;
  const char *argv[] = { "crplan-agent", "resume", a[0], a[1], a[2], a[3], a[4], 0 };
  const char *envp[] = { 0 };
  /* thread-self: /proc/self/exe goes through the leader, gone if the leader thread has exited */
  return S3(SYS_execve, "/proc/thread-self/exe", argv, envp);
}

static void split_ns(long v, long *s, long *ns) {
  *s = v / 1000000000L; *ns = v % 1000000000L;
  if (*ns < 0) { *ns += 1000000000L; *s -= 1; }
}

/* Perform step i as actor self: the syscall's result (value or -errno). Exits and stops pass
 * the turn on themselves, before they happen. */
static long play_op(int self, int i) {
  const struct pop *o = &OP(i);
  char path[160];
  switch (o->kind) {
    case K_CLONE: {
      struct clone_req q; memset(&q, 0, sizeof q);
      q.flags = o->flags; q.exitsig = o->a; q.legacy = o->legacy; q.ntid = o->ntid;
      memcpy(q.tid, o->tid, sizeof q.tid);
      struct task_start st = { o->child, i + 1 };
      long r = clone_task(&q, play_task_main, st);
      if (r < 0) return r;
      /* later steps may name the child: wait until it has recorded its numbers */
      while (!__atomic_load_n(&ACT(o->child).host_tid, __ATOMIC_SEQ_CST) && !P->failed) nap(20000);
      return r;
    }
    case K_SETSID: return S0(SYS_setsid);
    case K_SETPGID: return S2(SYS_setpgid, o->a, o->b);
    case K_UNSHARE: return S1(SYS_unshare, o->flags);
    case K_SETNS: {
      if (o->pidfd) {
        long fd = pidfd_of(self, o->target);
        if (fd < 0) return fd;
        long r = S2(SYS_setns, fd, o->flags);
        S1(SYS_close, fd);
        return r;
      }
      char *p = put_task_dir(path, ACT(o->target).host_tgid, ACT(o->target).host_tid, "/ns/");
      put_strn(p, STR(o->s1), 24)[0] = 0;
      return setns_path(path, 0);
    }
    case K_SUBREAPER: return S2(SYS_prctl, PR_SET_CHILD_SUBREAPER, o->a);
    case K_DUMPABLE: return S2(SYS_prctl, PR_SET_DUMPABLE, o->a);
    case K_SETHOSTNAME: return set_names(STR(o->s1), o->l1, o->has_dom ? STR(o->s2) : 0, o->l2);
    case K_IDMAP: {
      char gpath[160];
      put_task_dir(path, ACT(o->target).host_tgid, ACT(o->target).host_tid, "/uid_map");
      put_task_dir(gpath, ACT(o->target).host_tgid, ACT(o->target).host_tid, "/gid_map");
      return write_idmaps(path, gpath, STR(o->s1), o->l1, STR(o->s2), o->l2);
    }
    case K_TIMENS: {
      long ms, mns, bs, bns;
      split_ns(o->a, &ms, &mns); split_ns(o->b, &bs, &bns);
      return write_timens(ms, mns, bs, bns, o->thread);
    }
    case K_NSLASTPID: return write_ns_last_pid(o->a);
    case K_SIGCHLD: return set_disposition(SIGCHLD, o->a ? SIG_IGN : SIG_DFL);
    case K_EXECVE: return play_execve(self, i);
    case K_WAIT: return do_wait(o->a, o->nohang);
    case K_SETIDS: return set_ids(o->a, o->b);
    case K_EXIT: {
      if (o->bysig) {
        if (!o->core) prevent_core();
        else { long r = prepare_core(P->coredir); if (r < 0) return r; }
      }
      P->pending_stop = 0;
      P->pending_group = o->group || o->bysig;
      P->pending = self + 1;
      pass_turn(i + 1);
      if (o->bysig) {
        /* a fatal signal kills on the way back from kill(); coming back means it was ignored */
        long r = S2(SYS_kill, S0(SYS_getpid), o->a);
        cancel_pending(self);
        return r;
      }
      S1(o->group ? SYS_exit_group : SYS_exit, o->a);
      park();
      return 0;
    }
    case K_STOP: {
      if (o->has_target) {
        /* the target stops asynchronously: the next op waits until /proc shows it stopped */
        long r = S2(SYS_kill, ACT(o->target).env_pid, o->a);
        if (r == 0) { P->pending_stop = 1; P->pending = o->target + 1; }
        return r;
      }
      P->pending_stop = 1;
      P->pending = self + 1;
      pass_turn(i + 1);
      /* back from kill(): continued since, or the stop was ignored */
      long r = S2(SYS_kill, S0(SYS_getpid), o->a);
      cancel_pending(self);
      return r;
    }
  }
  return -ENOSYS;
}

static int finish(void);

/* The interpreter every task runs: its own ops, in turn, each result checked. */
static int play_task(int self, int start) {
  record_self(self, 0);
  for (int i = start; i < P->nops; i++) {
    if (OP(i).actor != self) continue;
    wait_turn(self, i);
    long r = play_op(self, i);
    if (r < 0) fail(i, r);
    if (OP(i).has_expect && r != OP(i).expect) fail_value(i, r);
    if (OP(i).kind != K_EXIT && (OP(i).kind != K_STOP || OP(i).has_target)) pass_turn(i + 1);
  }
  if (self == ROOT) return finish();
  park(); /* keep the task as the image has it until the root actor ends */
  return 0;
}

/* ----- the root actor (the environment's pid 1; libc is fine in its main thread) ----- */

static void on_alarm(int sig) {
  (void)sig;
  int i = P->seq;
  char b[256], *p = put_str(b, "crplan-agent: timeout: step ");
  p = put_long(p, i); p = put_str(p, " did not complete within "); p = put_long(p, P->timeout); p = put_str(p, " s");
  if (i < P->nops) {
    /* why, as far as /proc tells: the step's actor cannot run, or an exit or stop never happens */
    int a = OP(i).actor, w = P->pending - 1;
    char c = ACT(a).host_tid > 0 ? task_state(ACT(a).host_tgid, ACT(a).host_tid) : '?';
    p = put_str(p, " ("); p = put_str(p, KIND_NAMES[OP(i).kind]); p = put_str(p, " by "); p = put_strn(p, STR(ACT(a).name), 64);
    if (c == '?' || c == 'Z' || c == 'X') p = put_str(p, ", which has exited");
    else if (c == 'T' || c == 't') p = put_str(p, ", which is stopped");
    else if (w >= 0) { p = put_str(p, "; still waiting for "); p = put_strn(p, STR(ACT(w).name), 64); p = put_str(p, P->pending_stop ? " to stop" : " to exit"); }
    *p++ = ')';
  }
  *p++ = '\n';
  write_all(2, b, (size_t)(p - b));
  root_exit(1);
}
static void on_term(int sig) { (void)sig; g_stop = 1; }

static void root_signals(void) {
  signal(SIGALRM, on_alarm);
  signal(SIGINT, on_term);
  signal(SIGTERM, on_term);
  if (P->timeout > 0) alarm((unsigned)P->timeout);
}

/* everything done: report, hold if asked, leave (the tree goes with us) */
static int finish(void) {
  for (;;) {
    int w = __atomic_load_n(&ACT(ROOT).wake, __ATOMIC_SEQ_CST);
    if (P->failed) root_exit(1);
    serve_broker();
    if (__atomic_load_n(&P->seq, __ATOMIC_SEQ_CST) == P->nops) break;
    await_event(ROOT, w);
  }
  settle_pending(ROOT);
  alarm(0);
  dprintf(1, "READY root=%d", ACT(ROOT).host_tgid);
  if (P->first_child >= 0) dprintf(1, " base=%lu:%d", ACT(P->first_child).pidns_ino, ACT(P->first_child).nspid_len - 1);
  dprintf(1, " env=");
  for (int k = 0; k < 8; k++) dprintf(1, "%s%lu", k ? "," : "", P->env_ns[k]);
  dprintf(1, "\n");
  for (int a = 0; a < P->nactors; a++)
    dprintf(1, "ACTOR %s %d %d %d\n", STR(ACT(a).name), ACT(a).image_tid, ACT(a).host_tgid, ACT(a).host_tid);
  if (g_hold) {
    sigset_t m, none;
    sigemptyset(&m); sigaddset(&m, SIGINT); sigaddset(&m, SIGTERM); sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &m, 0);
    dprintf(1, "HOLD (SIGINT or SIGTERM ends it)\n");
    while (!g_stop) sigsuspend(&none);
  }
  dprintf(1, "DONE\n");
  remove_coredir();
  return 0;
}

static int play_root(void) {
  sigset_t none; sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, 0);
  static const char *const nsf[8] = { "uts", "ipc", "mnt", "net", "cgroup", "pid", "time", "user" };
  for (int k = 0; k < 8; k++) {
    char path[64]; struct stat st;
    snprintf(path, sizeof path, "/proc/self/ns/%s", nsf[k]);
    P->env_ns[k] = stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
  }
  if (P->need_core) {
    snprintf(P->coredir, sizeof P->coredir, "/tmp/crplan-play-core-XXXXXX");
    if (!mkdtemp(P->coredir)) { P->coredir[0] = 0; perror("crplan-agent play: scratch directory for core dumps"); return 1; }
    chmod(P->coredir, 0755);
  }
  root_signals();
  return play_task(ROOT, 0);
}

/* the play root actor starts from an execve inside the environment, as chan_root_exec says why;
 * the plan's memfd and the pidfd socketpair are inherited (not close-on-exec) */
static int play_root_exec(void) {
  char a[4][24];
  long v[4] = { g_memfd, g_brk[0], g_brk[1], g_hold };
  for (int k = 0; k < 4; k++) *put_long(a[k], v[k]) = 0;
  const char *argv[] = { "crplan-agent", "playroot", a[0], a[1], a[2], a[3], 0 };
  const char *envp[] = { 0 };
  S3(SYS_execve, "/proc/self/exe", argv, envp);
  return 15;
}

static int play_main(int argc, char **argv) {
  int timeout = 60, check = 0;
  for (int k = 2; k < argc; k++) {
    char *e = 0;
    if (!strcmp(argv[k], "--hold")) { g_hold = 1; continue; }
    if (!strcmp(argv[k], "--check")) { check = 1; continue; }
    if (!strcmp(argv[k], "--timeout") && k + 1 < argc) {
      long v = strtol(argv[++k], &e, 10);
      if (*argv[k] && !*e && v >= 0 && v <= INT_MAX) { timeout = (int)v; continue; }
    }
    fprintf(stderr, "usage: crplan-agent play [--hold] [--timeout SECONDS] [--check] < OPS  (--timeout 0: none)\n");
    return 2;
  }
  load_plan(stdin, timeout);
  if (check) {
    /* --check: the list reads well; nothing is run */
    printf("ok: %d operation(s), %d actor(s)\n", P->nops, P->nactors);
    return 0;
  }
  /* pidfd requests to the init process; inherited by every task, kept across execve */
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, g_brk) < 0) { perror("crplan-agent play: socketpair"); return 1; }
  return boot_env(play_root_exec, 1);
}

/* resume SELF NEXT MEMFD SOCK0 SOCK1: the task after its execve op */
static int resume_main(char **argv) {
  int self = (int)to_long(argv[2]), next = (int)to_long(argv[3]);
  g_brk[0] = (int)to_long(argv[5]);
  g_brk[1] = (int)to_long(argv[6]);
  map_play((int)to_long(argv[4]));
  record_self(self, 1);
  if (self == ROOT) root_signals();
  /* the exec killed the process's other threads (de_thread): as after an exit, let their deaths
   * settle and their pids be freed before the next op (the coordinator settles here too) */
  settle_all(self);
  pass_turn(next);
  return play_task(self, next);
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
 * usermap TASKDIR UP [FILE]: uid_map, gid_map and owner uid of the user ns UP parents above the
 * task's (with FILE: above the owner of the task's FILE namespace, NS_GET_USERNS, for a user ns
 * no task is in nor below), as its parent user ns sees them. A child joins the parent ns (to read
 * the owner uid there), then the ns itself, and reads /proc/self/{uid,gid}_map (shown relative to
 * the parent for a reader inside). Works for user namespaces no task is in any more.
 */
static void inspect_usermap(const char *taskdir, int up, const char *owned) {
  int pp[2];
  if (pipe(pp) < 0) { printf("err %d\n", errno); return; }
  fflush(stdout);
  pid_t c = fork();
  if (c == 0) {
    close(pp[0]);
    char path[256], out[2048], mb[2][600]; int n = 0; ssize_t ml[2] = { 0, 0 };
    snprintf(path, sizeof path, "%s/ns/%s", taskdir, owned ? owned : "user");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (owned && fd >= 0) { int o = ioctl(fd, NS_GET_USERNS); close(fd); fd = o; }
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
    else if (ac >= 2 && !strcmp(av[0], "usermap")) inspect_usermap(av[1], ac >= 3 ? (int)to_long(av[2]) : 0, ac >= 4 ? av[3] : 0);
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
  if (argc >= 4 && !strcmp(argv[1], "root")) {
    g_sock = argv[2]; g_agent = argv[3];
    return chan_root_main();
  }
  if (argc == 6 && !strcmp(argv[1], "playroot")) {
    map_play((int)to_long(argv[2]));
    g_brk[0] = (int)to_long(argv[3]);
    g_brk[1] = (int)to_long(argv[4]);
    g_hold = (int)to_long(argv[5]);
    return play_root();
  }
  if (argc >= 6 && !strcmp(argv[1], "exec")) {
    g_sock = argv[2]; g_agent = argv[3];
    int fd = (int)to_long(argv[4]);
    reply(fd, to_long(argv[5]), 0, 0);
    return agent_loop(fd);
  }
  if (argc >= 2 && !strcmp(argv[1], "play")) return play_main(argc, argv);
  if (argc == 7 && !strcmp(argv[1], "resume")) return resume_main(argv);
  if (argc >= 2 && !strcmp(argv[1], "inspect")) return inspect();
  fprintf(stderr, "usage: crplan-agent boot SOCK AGENT | exec SOCK AGENT FD SEQ | play [--hold] [--timeout SECONDS] [--check] < OPS | inspect\n");
  return 2;
}
