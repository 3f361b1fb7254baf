/**
 * `crplan script --format c`: a verified plan as a standalone, readable C program (no dependency
 * on crplan) that performs the plan with raw syscalls.
 *
 * How the program runs the plan
 * - The ops are performed by different tasks, in global plan order. Every task the program creates
 *   runs the same small interpreter over the embedded op table (OPS[]): it waits for its turn on a
 *   shared sequence counter (a futex word in a memfd mapped MAP_SHARED before the first clone, so
 *   every process, thread and even an execve'd task sees it), performs only the ops whose actor is
 *   itself, and passes the turn on. Tasks with nothing left to do sleep on the futex.
 * - An exit or a stop is only "done" when the kernel has done it (reparenting happens inside the
 *   exit): the next op's task first waits until /proc shows the task gone, a zombie or stopped.
 * - Pids of other tasks are needed for setns (/proc/PID/ns/...) and id maps (/proc/PID/uid_map):
 *   every task records its own numbers, as its procfs shows them, in the shared table at birth.
 * - The restorer (actor "root") must be pid 1 of a pid namespace whose user namespace it owns, as
 *   under `unshare -Upf --map-root-user`. Started any other way (e.g. as plain root), the program
 *   first creates that environment itself (fresh user ns mapping ids 0..2^32-2 identically, fresh
 *   pid/uts/ipc/net/mnt/cgroup/time namespaces), like the real executor's agent does.
 * - Every result is checked; on error the program prints the failing step, op and errno and exits
 *   1; since the restorer is pid 1, its exit kills everything it started (EXIT-8). A watchdog
 *   (--timeout, default 60 s) catches a step that never completes.
 * - At the end it prints READY and the actors' numbers; with --hold it keeps the tree until
 *   SIGINT/SIGTERM, else it prints DONE and exits (killing the tree).
 * Size: O(ops) lines; x86_64 only (the thread clone needs a few lines of assembly).
 */
import type { CloneFlag, NsFile, Op } from '../executor/ops.js';
import { ROOT_ACTOR } from '../executor/ops.js';
import type { Plan } from '../planner/plan.js';
import type { NsType } from '../model/image.js';

const KIND: Record<Op['op'], string> = {
  clone: 'OP_CLONE', setsid: 'OP_SETSID', setpgid: 'OP_SETPGID', unshare: 'OP_UNSHARE', setns: 'OP_SETNS',
  subreaper: 'OP_SUBREAPER', sethostname: 'OP_SETHOSTNAME', 'write-idmap': 'OP_IDMAP',
  'write-timens-offsets': 'OP_TIMENS', 'write-ns-last-pid': 'OP_NSLASTPID', setresuid: 'OP_SETIDS', 'sigchld-ignore': 'OP_SIGCHLD',
  execve: 'OP_EXECVE', exit: 'OP_EXIT', wait: 'OP_WAIT', stop: 'OP_STOP', 'set-dumpable': 'OP_DUMPABLE',
};

const NS_ORDER: NsType[] = ['user', 'mnt', 'uts', 'ipc', 'net', 'cgroup', 'pid', 'time'];

/** A C string literal. */
export function cString(s: string): string {
  let out = '"';
  for (const ch of Buffer.from(s, 'utf8')) {
    if (ch === 0x22 || ch === 0x5c) out += `\\${String.fromCharCode(ch)}`;
    else if (ch === 0x0a) out += '\\n';
    else if (ch >= 0x20 && ch < 0x7f && ch !== 0x3f) out += String.fromCharCode(ch);
    else out += `\\${ch.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** Text safe inside a C block comment. */
function commentText(s: string): string {
  return s.replace(/\*\//g, '* /').replace(/[^\x20-\x7e]/g, '?');
}

function wrapComment(s: string, width = 92): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of commentText(s).split(/\s+/).filter(Boolean)) {
    if (line && line.length + w.length + 1 > width) { out.push(line); line = ''; }
    line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

function flagsExpr(flags: CloneFlag[]): string {
  const f = flags.filter((x) => x !== 'CLONE_PIDFD');
  return f.length ? f.join(' | ') : '0';
}

function mapText(m: { inside: number; outside: number; count: number }[]): string {
  return m.map((e) => `${e.inside} ${e.outside} ${e.count}\n`).join('');
}

/** One-line human description of an op (used in comments and in error messages). */
export function describeOp(op: Op): string {
  switch (op.op) {
    case 'clone': return `${op.actor} clones ${op.child} [${op.legacy ? 'clone' : 'clone3'}${op.flags.length ? `, ${op.flags.join('|')}` : ''}${op.setTid ? `, set_tid {${op.setTid.join(', ')}}` : ''}]`;
    case 'setsid': return `${op.actor}: setsid()`;
    case 'setpgid': return `${op.actor}: setpgid(${op.pid}, ${op.pgid})`;
    case 'unshare': return `${op.actor}: unshare(${op.flags.join('|')})`;
    case 'setns': return op.pidfd ? `${op.actor}: setns to ${op.target}'s ${(op.nstypes ?? []).join(',')}` : `${op.actor}: setns(/proc/<${op.target}>/ns/${op.file})`;
    case 'subreaper': return `${op.actor}: prctl(PR_SET_CHILD_SUBREAPER, ${op.value ? 1 : 0})`;
    case 'set-dumpable': return `${op.actor}: prctl(PR_SET_DUMPABLE, ${op.value ? 1 : 0})`;
    case 'sethostname': return `${op.actor}: sethostname(${JSON.stringify(op.hostname)})${op.domainname !== undefined ? ` setdomainname(${JSON.stringify(op.domainname)})` : ''}`;
    case 'write-idmap': return `${op.actor}: write uid_map/gid_map of ${op.target}`;
    case 'write-timens-offsets': return `${op.actor}: write ${op.thread ? 'its thread\'s ' : ''}timens_offsets (monotonic ${op.monotonic} ns, boottime ${op.boottime} ns)`;
    case 'write-ns-last-pid': return `${op.actor}: write ns_last_pid = ${op.value}`;
    case 'setresuid': return `${op.actor}: setresgid(${op.gid}) setresuid(${op.uid})`;
    case 'sigchld-ignore': return `${op.actor}: SIGCHLD -> ${op.value ? 'SIG_IGN' : 'SIG_DFL'}`;
    case 'execve': return `${op.actor}: execve (itself)`;
    case 'exit': return `${op.actor}: ${op.group ? 'exit_group' : 'exit'}(${op.signal !== undefined ? `signal ${op.signal}${op.core ? ', core dumped' : ''}` : `code ${op.code ?? 0}`})`;
    case 'wait': return `${op.actor}: waitpid(${op.pid}, __WALL${op.nohang ? '|WNOHANG' : ''})`;
    case 'stop': return op.target !== undefined ? `${op.actor}: stop ${op.target} (signal ${op.signal ?? 19})` : `${op.actor}: stop itself (signal ${op.signal ?? 19})`;
  }
}

/** Actor names in order of appearance, root first. */
function actorsOf(plan: Plan): string[] {
  const names = [ROOT_ACTOR as string];
  const add = (n: string): void => { if (!names.includes(n)) names.push(n); };
  for (const op of plan.ops) {
    add(op.actor);
    if (op.op === 'clone') add(op.child);
    if (op.op === 'setns' || op.op === 'write-idmap') add(op.target);
    if (op.op === 'stop' && op.target !== undefined) add(op.target);
  }
  return names;
}

function cIdent(name: string): string {
  return `A_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function opEntry(op: Op, id: (n: string) => string): string {
  const f: string[] = [`.kind = ${KIND[op.op]}`, `.actor = ${id(op.actor)}`];
  switch (op.op) {
    case 'clone': {
      f.push(`.child = ${id(op.child)}`, `.flags = ${flagsExpr(op.flags)}`);
      const exitSig = op.exitSignal ?? (!op.legacy && (op.flags.includes('CLONE_THREAD') || op.flags.includes('CLONE_PARENT')) ? 0 : 17);
      f.push(`.a = ${exitSig}`);
      if (op.legacy) f.push('.b = 1');
      if (op.setTid?.length) f.push(`.ntid = ${op.setTid.length}`, `.tid = { ${op.setTid.join(', ')} }`);
      break;
    }
    case 'setpgid': f.push(`.a = ${op.pid}`, `.b = ${op.pgid}`); break;
    case 'unshare': f.push(`.flags = ${flagsExpr(op.flags)}`); break;
    case 'setns': {
      f.push(`.target = ${id(op.target)}`);
      const files: NsFile[] = op.pidfd ? NS_ORDER.filter((t) => (op.nstypes ?? []).includes(t)) : op.file ? [op.file] : [];
      f.push(`.s1 = ${cString(files.join(' '))}`);
      break;
    }
    case 'subreaper': f.push(`.a = ${op.value ? 1 : 0}`); break;
    case 'set-dumpable': f.push(`.a = ${op.value ? 1 : 0}`); break;
    case 'sethostname':
      f.push(`.s1 = ${cString(op.hostname)}`);
      if (op.domainname !== undefined) f.push(`.s2 = ${cString(op.domainname)}`);
      break;
    case 'write-idmap': f.push(`.target = ${id(op.target)}`, `.s1 = ${cString(mapText(op.uidMap))}`, `.s2 = ${cString(mapText(op.gidMap))}`); break;
    // .flags = 1: the actor thread's own file, /proc/TID (UNSH-6)
    case 'write-timens-offsets': f.push(`.a = ${op.monotonic}L`, `.b = ${op.boottime}L`, ...(op.thread ? ['.flags = 1'] : [])); break;
    case 'write-ns-last-pid': f.push(`.a = ${op.value}`); break;
    case 'setresuid': f.push(`.a = ${op.uid}`, `.b = ${op.gid}`); break;
    case 'sigchld-ignore': f.push(`.a = ${op.value ? 1 : 0}`); break;
    case 'execve': break;
    case 'exit':
      // .b: 0 exit(code), 1 death by signal without a core dump, 2 with one
      f.push(`.a = ${op.signal !== undefined ? op.signal : op.code ?? 0}`, `.b = ${op.signal === undefined ? 0 : op.core ? 2 : 1}`, `.flags = ${op.group ? 1 : 0}`);
      break;
    case 'wait': f.push(`.a = ${op.pid}`, `.b = ${op.nohang ? 1 : 0}`); break;
    // .b = 1: sent to .target (kill(2) of another process), not to the actor itself
    case 'stop': f.push(`.a = ${op.signal ?? 19}`, ...(op.target !== undefined ? [`.target = ${id(op.target)}`, '.b = 1'] : [])); break;
  }
  return `{ ${f.join(', ')} }`;
}

export interface CScriptOptions {
  /** file name of the image, for the header */
  imageName?: string;
}

/** The C program for a plan. The plan should be verified (crplan script refuses others). */
export function planToC(plan: Plan, opts: CScriptOptions = {}): string {
  const actors = actorsOf(plan);
  const id = (n: string): string => cIdent(n);
  const maxTid = Math.max(1, ...plan.ops.map((o) => (o.op === 'clone' ? o.setTid?.length ?? 0 : 0)));
  const firstRootClone = plan.ops.find((o) => o.op === 'clone' && o.actor === ROOT_ACTOR);
  const imageTaskOf = new Map(Object.entries(plan.actors).map(([tid, a]) => [a, tid]));
  const L: string[] = [];
  L.push('/*');
  L.push(` * Restart program generated by crplan from a verified plan (crplan-plan/1).`);
  if (opts.imageName) L.push(` * image: ${commentText(opts.imageName)}`);
  if (plan.image.description) for (const l of wrapComment(`description: ${plan.image.description}`)) L.push(` * ${l}`);
  L.push(` * image sha256: ${plan.image.sha256}`);
  L.push(` * ${plan.summary.tasks} task(s), ${plan.helpers.length} helper(s), ${plan.ops.length} operation(s).`);
  L.push(' *');
  L.push(' * Build:  cc -Wall -Werror -O2 -o restore restore.c');
  L.push(' * Run:    sudo ./restore [--hold] [--timeout SECONDS]');
  L.push(' *         or inside `unshare -Upf --map-root-user ./restore ...` (it must then be pid 1).');
  L.push(' * Every task created runs the interpreter below over OPS[], in plan order (see run_task).');
  L.push(' * On error: "step N (...) failed: ERRNO", exit status 1, and every task started is killed.');
  L.push(' */');
  L.push(C_PRELUDE.replace('@MAXTID@', String(maxTid)));
  L.push('/* The actors: tasks of the image (tTID) and helpers the plan adds. */');
  L.push(`enum actor { ${actors.map(id).join(', ')}, NACTORS };`);
  L.push(`static const char *const ACTOR_NAMES[NACTORS] = { ${actors.map((a) => cString(a)).join(', ')} };`);
  L.push(`/* level-0 tid of the image task each actor stands for (0: a helper or the restorer) */`);
  L.push(`static const int ACTOR_IMAGE_TID[NACTORS] = { ${actors.map((a) => imageTaskOf.get(a) ?? '0').join(', ')} };`);
  L.push(`/* the first child of the restorer: its pid namespace is the image's level 0 */`);
  L.push(`#define FIRST_CHILD ${firstRootClone && firstRootClone.op === 'clone' ? id(firstRootClone.child) : '-1'}`);
  L.push('');
  L.push('/* The plan, one block per operation, in the order the kernel must see them. */');
  L.push('static const struct op OPS[] = {');
  plan.ops.forEach((op, i) => {
    L.push(`  /* step ${i}: ${commentText(describeOp(op))}`);
    if (op.why) for (const l of wrapComment(`why: ${op.why}`)) L.push(`   *   ${l}`);
    L.push('   */');
    L.push(`  ${opEntry(op, id)},`);
  });
  L.push('};');
  L.push('#define NOPS ((int)(sizeof OPS / sizeof OPS[0]))');
  L.push('/* 1: some exit dumps core (the restorer then owns a scratch directory for the core files) */');
  L.push(`#define NEED_CORE ${plan.ops.some((o) => o.op === 'exit' && o.core === true && o.signal !== undefined) ? 1 : 0}`);
  L.push('');
  L.push(C_RUNTIME);
  return `${L.join('\n')}\n`;
}

const C_PRELUDE = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "this restore program uses x86_64 raw syscalls (clone on a fresh stack)"
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef PR_SET_CHILD_SUBREAPER
#define PR_SET_CHILD_SUBREAPER 36
#endif
#define FUTEX_WAIT_ 0
#define FUTEX_WAKE_ 1
#define MAXTID @MAXTID@

enum kind {
  OP_CLONE, OP_SETSID, OP_SETPGID, OP_UNSHARE, OP_SETNS, OP_SUBREAPER, OP_SETHOSTNAME, OP_IDMAP,
  OP_TIMENS, OP_NSLASTPID, OP_SETIDS, OP_SIGCHLD, OP_EXECVE, OP_EXIT, OP_WAIT, OP_STOP, OP_DUMPABLE
};
static const char *const KIND_NAMES[] = {
  "clone", "setsid", "setpgid", "unshare", "setns", "subreaper", "sethostname", "write-idmap",
  "write-timens-offsets", "write-ns-last-pid", "setresuid", "sigchld-ignore", "execve", "exit", "wait",
  "stop", "set-dumpable"
};

/* One operation. Field use by kind: see run_op. */
struct op {
  enum kind kind;
  int actor, child, target;
  unsigned long flags;
  long a, b;
  int ntid;
  pid_t tid[MAXTID];   /* clone3 set_tid, innermost first */
  const char *s1, *s2;
};
`;

const C_RUNTIME = String.raw`
/* ---------- shared state: one page set mapped by every task (memfd, survives execve) ---------- */

struct shared {
  volatile int seq;               /* futex word: index of the next op to perform */
  volatile int failed;            /* 0, or failing step + 1 */
  volatile int pending;           /* actor + 1 whose exit or stop must be complete before the next op */
  volatile int pending_stop;      /* 1: pending is a stop, 0: an exit */
  volatile int pending_group;     /* the pending exit is exit_group */
  volatile int host_tgid[NACTORS], host_tid[NACTORS]; /* numbers in our procfs; 0 = not born */
  volatile unsigned long pidns_ino[NACTORS];
  volatile int nspid_len[NACTORS];
  unsigned long env_ns[8];        /* the environment's namespaces (inodes), recorded by root at start */
  char coredir[64];               /* scratch cwd for core dumps (NEED_CORE), made and removed by root */
};
static struct shared *S;
static int g_memfd = -1;
static int g_timeout = 60;
static int g_hold = 0;

/*
 * Core dumps (exit ops with core): the dying task's cwd is S->coredir, where a relative
 * core_pattern (e.g. "core") writes the file; the restorer deletes the files and the directory
 * whenever it ends (finish, failure, timeout). A pipe pattern ("|helper") sends the dump to the
 * helper: nothing lands here.
 */
static void remove_coredir(void) {
  if (!S || !S->coredir[0]) return;
  DIR *d = opendir(S->coredir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
  }
  rmdir(S->coredir);
  S->coredir[0] = 0;
}
static void root_exit(int code) {
  remove_coredir();
  _exit(code);
}

/* raw syscall, returns -errno: threads share errno (no TLS of their own), so the loop avoids it */
static long rsys(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}
#define SYS0(n) rsys(n, 0, 0, 0, 0, 0, 0)
#define SYS1(n, a) rsys(n, (long)(a), 0, 0, 0, 0, 0)
#define SYS2(n, a, b) rsys(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(n, a, b, c) rsys(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(n, a, b, c, d) rsys(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/*
 * clone on a fresh stack (CLONE_VM): the child calls fn(arg) there and exits the thread with its
 * return value; fn/arg travel in callee-saved r12/r13, which the child inherits.
 */
__attribute__((unused)) static long clone_on_stack(long nr, long a, long b, long c, long d, long e, int (*fn)(void *), void *arg) {
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

static void wake_all(void) { SYS3(SYS_futex, &S->seq, FUTEX_WAKE_, 0x7fffffff); }

static void pass_turn(int next) {
  __atomic_store_n(&S->seq, next, __ATOMIC_SEQ_CST);
  wake_all();
}

static long write_file(const char *path, const char *data, size_t len) {
  long fd = SYS3(SYS_open, path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = SYS3(SYS_write, fd, data, len);
  SYS1(SYS_close, fd);
  if (r < 0) return r;
  return r == (long)len ? 0 : -EIO;
}

static long read_file(const char *path, char *buf, size_t cap) {
  long fd = SYS3(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return fd;
  long r = SYS3(SYS_read, fd, buf, cap - 1);
  SYS1(SYS_close, fd);
  if (r >= 0) buf[r] = 0;
  return r;
}

/* State letter of a task in our procfs ('?' when gone). */
static char task_state(int tgid, int tid) {
  char path[96], buf[512];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", tgid, tid);
  if (read_file(path, buf, sizeof buf) <= 0) return '?';
  char *p = strrchr(buf, ')');
  return p && p[1] == ' ' ? p[2] : '?';
}

/* ---------- failure: report the step and take everything down ---------- */

static void fail(int step, long err) {
  const struct op *o = &OPS[step];
  dprintf(2, "crplan-restore: step %d (%s by %s) failed: %s (errno %ld)\n", step, KIND_NAMES[o->kind],
          ACTOR_NAMES[o->actor], strerror((int)-err), -err);
  __atomic_store_n(&S->failed, step + 1, __ATOMIC_SEQ_CST);
  wake_all();
  /* the restorer is pid 1: its exit kills every task of its pid namespace (EXIT-8) */
  if (o->actor == A_root) root_exit(1);
  for (;;) SYS0(SYS_pause);
}

/* The calling thread's tgid and tid as our procfs numbers them (PROC-1), from the
 * /proc/thread-self link "TGID/task/TID". 0, or -errno when the link cannot be read. */
static long thread_self(int *tgid, int *tid) {
  char link[64];
  long n = SYS3(SYS_readlink, "/proc/thread-self", link, sizeof link - 1);
  if (n <= 0) return n < 0 ? n : -ENOENT;
  link[n] = 0;
  return sscanf(link, "%d/task/%d", tgid, tid) == 2 ? 0 : -ENOENT;
}

/* Record this task's numbers (as our procfs shows them) for the others. */
static void record_self(int self) {
  char path[96], buf[2048];
  int tgid = 0, tid = 0;
  if (thread_self(&tgid, &tid) < 0) tgid = tid = 0;
  struct stat st;
  if (SYS2(SYS_stat, "/proc/thread-self/ns/pid", &st) == 0) S->pidns_ino[self] = st.st_ino;
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", tgid, tid);
  if (read_file(path, buf, sizeof buf) > 0) {
    char *p = strstr(buf, "NSpid:");
    int cnt = 0;
    if (p) for (p += 6; *p && *p != '\n'; p++) if (p[0] >= '0' && p[0] <= '9' && (p[-1] == ' ' || p[-1] == '\t')) cnt++;
    S->nspid_len[self] = cnt;
  }
  S->host_tgid[self] = tgid;
  __atomic_store_n(&S->host_tid[self], tid, __ATOMIC_SEQ_CST);
}

/* Wait until the exit or stop passed on by the previous op has really happened in the kernel. */
static void settle_pending(void) {
  int who = S->pending - 1;
  if (who < 0) return;
  int tgid = S->host_tgid[who], tid = S->host_tid[who];
  for (;;) {
    int done = 1;
    if (S->pending_stop) {
      char c = task_state(tgid, tid);
      done = c == 'T' || c == 't' || c == '?';
    } else if (S->pending_group) {
      /* every thread of the group gone or a zombie: the children are reparented by then */
      char dir[64];
      snprintf(dir, sizeof dir, "/proc/%d/task", tgid);
      DIR *d = opendir(dir);
      if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
          if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
          char c = task_state(tgid, atoi(e->d_name));
          if (c != 'Z' && c != 'X' && c != '?') done = 0;
        }
        closedir(d);
      }
    } else {
      char c = task_state(tgid, tid);
      done = c == 'Z' || c == 'X' || c == '?';
    }
    if (done) break;
    struct timespec ts = { 0, 200000 };
    SYS2(SYS_nanosleep, &ts, 0);
  }
  S->pending = 0;
}

/* Wait for our turn at step i (or for a failure elsewhere). */
static void wait_turn(int i) {
  for (;;) {
    int cur = __atomic_load_n(&S->seq, __ATOMIC_SEQ_CST);
    if (S->failed) { if (OPS[i].actor == A_root) root_exit(1); for (;;) SYS0(SYS_pause); }
    if (cur == i) break;
    SYS4(SYS_futex, &S->seq, FUTEX_WAIT_, cur, 0);
  }
  settle_pending();
}

static int run_task(int self, int start);

struct start { int self, start; };
__attribute__((unused)) static int thread_entry(void *arg) {
  struct start *st = arg;
  return run_task(st->self, st->start);
}

#define STACK_SIZE (256 * 1024)

/* clone / clone3 with set_tid; returns the child's pid in our ns, or -errno. */
static long do_clone(int i) {
  const struct op *o = &OPS[i];
  unsigned long flags = o->flags;
  long exitsig = o->a;
  long r;
  if (flags & CLONE_VM) {
    /* the child shares our memory: it needs a stack of its own */
    long stk = SYS4(SYS_mmap, 0, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK);
    if (stk < 0 && stk > -4096) return stk;
    struct start *st = (struct start *)(stk + STACK_SIZE - 64);
    st->self = o->child;
    st->start = i + 1;
    if (o->b) {
      r = clone_on_stack(SYS_clone, (long)(flags | (unsigned long)(exitsig & 0xff)), (long)st - 64, 0, 0, 0, thread_entry, st);
    } else {
      struct clone_args ca;
      memset(&ca, 0, sizeof ca);
      ca.flags = flags;
      ca.exit_signal = (uint64_t)exitsig;
      ca.stack = (uint64_t)stk;
      ca.stack_size = STACK_SIZE - 128;
      if (o->ntid) { ca.set_tid = (uint64_t)(uintptr_t)o->tid; ca.set_tid_size = (uint64_t)o->ntid; }
      r = clone_on_stack(SYS_clone3, (long)&ca, sizeof ca, 0, 0, 0, thread_entry, st);
    }
    if (r < 0) SYS2(SYS_munmap, stk, STACK_SIZE);
    return r;
  }
  if (o->b) {
    r = SYS4(SYS_clone, (long)(flags | (unsigned long)(exitsig & 0xff)), 0, 0, 0);
  } else {
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.flags = flags;
    ca.exit_signal = (uint64_t)exitsig;
    if (o->ntid) { ca.set_tid = (uint64_t)(uintptr_t)o->tid; ca.set_tid_size = (uint64_t)o->ntid; }
    r = SYS2(SYS_clone3, &ca, sizeof ca);
  }
  if (r == 0) _exit(run_task(o->child, i + 1)); /* the child: carry on as its own actor */
  return r;
}

static long do_setns(const struct op *o) {
  char files[128], path[128];
  snprintf(files, sizeof files, "%s", o->s1);
  for (char *f = strtok(files, " "); f; f = strtok(0, " ")) {
    snprintf(path, sizeof path, "/proc/%d/task/%d/ns/%s", S->host_tgid[o->target], S->host_tid[o->target], f);
    long fd = SYS3(SYS_open, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return fd;
    long r = SYS2(SYS_setns, fd, 0);
    SYS1(SYS_close, fd);
    if (r < 0) return r;
  }
  return 0;
}

static long do_idmap(const struct op *o) {
  char path[96];
  long r = 0;
  /* an empty map is not written: that file stays unwritten, as in the image */
  snprintf(path, sizeof path, "/proc/%d/uid_map", S->host_tgid[o->target]);
  if (o->s1[0]) r = write_file(path, o->s1, strlen(o->s1));
  if (r < 0 || !o->s2[0]) return r;
  snprintf(path, sizeof path, "/proc/%d/gid_map", S->host_tgid[o->target]);
  r = write_file(path, o->s2, strlen(o->s2));
  if (r == -EPERM) {
    /* an unprivileged writer must deny setgroups first (user_namespaces(7)) */
    char sg[96];
    snprintf(sg, sizeof sg, "/proc/%d/setgroups", S->host_tgid[o->target]);
    if (write_file(sg, "deny", 4) == 0) r = write_file(path, o->s2, strlen(o->s2));
  }
  return r;
}

/*
 * The calling thread's ids (raw syscalls: glibc's wrappers would change every thread it knows).
 * setgroups(0, NULL) may be refused (no CAP_SETGID, gid_map unwritten or setgroups "deny"):
 * supplementary groups are not part of the image. A euid change makes the process non-dumpable,
 * which would close its /proc/PID/ns files to its namespace peers: dumpable again afterwards.
 */
static long do_setids(const struct op *o) {
  SYS2(SYS_setgroups, 0, 0);
  long r = SYS3(SYS_setresgid, o->b, o->b, o->b);
  if (r < 0) return r;
  r = SYS3(SYS_setresuid, o->a, o->a, o->a);
  if (r < 0) return r;
  SYS2(SYS_prctl, PR_SET_DUMPABLE, 1);
  return 0;
}

static void do_execve(int self, int i) {
  char a1[16], a2[16], a3[16], a4[16];
  snprintf(a1, sizeof a1, "%d", self);
  snprintf(a2, sizeof a2, "%d", i + 1);
  snprintf(a3, sizeof a3, "%d", g_memfd);
  snprintf(a4, sizeof a4, "%d", g_timeout);
  char *argv[] = { "crplan-restore", "--resume", a1, a2, a3, a4, 0 };
  char *envp[] = { 0 };
  long r = SYS3(SYS_execve, "/proc/self/exe", argv, envp);
  fail(i, r);
}

/* Perform step i as actor self. Exits and stops pass the turn on themselves. */
static long run_op(int self, int i) {
  const struct op *o = &OPS[i];
  char buf[128];
  switch (o->kind) {
    case OP_CLONE: {
      long r = do_clone(i);
      if (r < 0) return r;
      /* wait until the child has recorded its numbers: later steps may name it */
      while (!__atomic_load_n(&S->host_tid[o->child], __ATOMIC_SEQ_CST) && !S->failed) SYS0(SYS_sched_yield);
      return r;
    }
    case OP_SETSID: return SYS0(SYS_setsid);
    case OP_SETPGID: return SYS2(SYS_setpgid, o->a, o->b);
    case OP_UNSHARE: return SYS1(SYS_unshare, o->flags);
    case OP_SETNS: return do_setns(o);
    case OP_SUBREAPER: return SYS2(SYS_prctl, PR_SET_CHILD_SUBREAPER, o->a);
    case OP_DUMPABLE: return SYS2(SYS_prctl, PR_SET_DUMPABLE, o->a);
    case OP_SETHOSTNAME: {
      long r = SYS2(SYS_sethostname, o->s1, strlen(o->s1));
      if (r == 0 && o->s2) r = SYS2(SYS_setdomainname, o->s2, strlen(o->s2));
      return r;
    }
    case OP_IDMAP: return do_idmap(o);
    case OP_TIMENS: {
      int n = snprintf(buf, sizeof buf, "monotonic %ld %ld\nboottime %ld %ld\n", o->a / 1000000000L, o->a % 1000000000L,
                       o->b / 1000000000L, o->b % 1000000000L);
      /* the process's file (/proc/self, its leader's time_for_children), or with .flags the
       * thread's own through its hidden /proc/TID directory: /proc/thread-self has none (UNSH-6) */
      char path[64] = "/proc/self/timens_offsets";
      if (o->flags) {
        int tgid, tid;
        long r = thread_self(&tgid, &tid);
        if (r < 0) return r;
        snprintf(path, sizeof path, "/proc/%d/timens_offsets", tid);
      }
      return write_file(path, buf, (size_t)n);
    }
    case OP_NSLASTPID: {
      int n = snprintf(buf, sizeof buf, "%ld", o->a);
      return write_file("/proc/sys/kernel/ns_last_pid", buf, (size_t)n);
    }
    case OP_SETIDS: return do_setids(o);
    case OP_SIGCHLD: {
      struct sigaction sa;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = o->a ? SIG_IGN : SIG_DFL;
      return sigaction(SIGCHLD, &sa, 0) == 0 ? 0 : -EINVAL;
    }
    case OP_EXECVE: do_execve(self, i); return -EINVAL;
    case OP_WAIT: {
      int st;
      return SYS4(SYS_wait4, o->a, &st, __WALL | (o->b ? WNOHANG : 0), 0);
    }
    case OP_EXIT: {
      if (o->b) {
        /* a fatal signal: default action, unblocked, sent to the whole process. The kernel sets
         * the core flag (0x80) of the wait status only when a dump really happens: with a core,
         * raise RLIMIT_CORE's soft limit to the hard one, make the process dumpable again (a
         * credential change such as setns into a user ns resets it) and, unless core_pattern is
         * a pipe, dump into the scratch directory; without, make sure no dump happens. */
        struct rlimit rl;
        if (o->b == 2) {
          if (getrlimit(RLIMIT_CORE, &rl) == 0) { rl.rlim_cur = rl.rlim_max; setrlimit(RLIMIT_CORE, &rl); }
          prctl(PR_SET_DUMPABLE, 1);
          char pat[128] = "";
          int pf = open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC);
          if (pf >= 0) { if (read(pf, pat, sizeof pat - 1) < 0) pat[0] = 0; close(pf); }
          if (pat[0] != '|' && chdir(S->coredir) < 0) fail(i, -errno);
        } else {
          /* 1 stops a file dump (below a page) and a pipe dump (the value that aborts it); not
           * PR_SET_DUMPABLE 0, which 6.18 keeps on the zombie (setns(pidfd) then says EPERM) */
          if (getrlimit(RLIMIT_CORE, &rl) == 0) { rl.rlim_cur = rl.rlim_max >= 1 ? 1 : 0; setrlimit(RLIMIT_CORE, &rl); }
        }
      }
      S->pending_stop = 0;
      S->pending_group = (int)o->flags;
      S->pending = self + 1;
      pass_turn(i + 1);
      if (o->b) {
        signal((int)o->a, SIG_DFL);
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, (int)o->a);
        sigprocmask(SIG_UNBLOCK, &m, 0);
        SYS2(SYS_kill, SYS0(SYS_getpid), o->a);
        for (;;) SYS0(SYS_pause);
      }
      if (o->flags) SYS1(SYS_exit_group, o->a);
      SYS1(SYS_exit, o->a);
      for (;;) ;
    }
    case OP_STOP: {
      if (o->b) {
        /* to another process: a pidfd from its /proc directory names it whatever our pid ns
         * (pidfd_send_signal accepts one); the next op waits until it shows stopped */
        char path[64];
        snprintf(path, sizeof path, "/proc/%d", S->host_tgid[o->target]);
        long fd = SYS3(SYS_open, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) return fd;
        long r = SYS4(SYS_pidfd_send_signal, fd, o->a, 0, 0);
        SYS1(SYS_close, fd);
        if (r == 0) { S->pending_stop = 1; S->pending = o->target + 1; }
        return r;
      }
      S->pending_stop = 1;
      S->pending = self + 1;
      pass_turn(i + 1);
      SYS2(SYS_kill, SYS0(SYS_getpid), o->a);
      return 0;
    }
  }
  return -ENOSYS;
}

static void on_alarm(int sig) {
  (void)sig;
  dprintf(2, "crplan-restore: timeout: step %d did not complete within %d s\n", S->seq, g_timeout);
  root_exit(1);
}
static volatile sig_atomic_t g_stop = 0;
static void on_term(int sig) { (void)sig; g_stop = 1; }

/* The end, in the restorer: everything done; report and hold or leave. */
static int finish(void) {
  while (__atomic_load_n(&S->seq, __ATOMIC_SEQ_CST) != NOPS) {
    if (S->failed) root_exit(1);
    SYS4(SYS_futex, &S->seq, FUTEX_WAIT_, S->seq, 0);
  }
  settle_pending();
  alarm(0);
  printf("READY root=%d", S->host_tgid[A_root]);
  if (FIRST_CHILD >= 0) printf(" base=%lu:%d", S->pidns_ino[FIRST_CHILD], S->nspid_len[FIRST_CHILD] - 1);
  printf(" env=");
  for (int k = 0; k < 8; k++) printf("%s%lu", k ? "," : "", S->env_ns[k]);
  printf("\n");
  for (int a = 0; a < NACTORS; a++)
    printf("ACTOR %s %d %d %d\n", ACTOR_NAMES[a], ACTOR_IMAGE_TID[a], S->host_tgid[a], S->host_tid[a]);
  if (g_hold) {
    printf("HOLD (SIGINT or SIGTERM ends it)\n");
    fflush(stdout);
    while (!g_stop) SYS0(SYS_pause);
  }
  printf("DONE\n");
  fflush(stdout);
  remove_coredir();
  return 0;
}

/* The interpreter every task runs: its own ops, in turn. */
static int run_task(int self, int start) {
  if (!__atomic_load_n(&S->host_tid[self], __ATOMIC_SEQ_CST) || start == 0) record_self(self);
  for (int i = start; i < NOPS; i++) {
    if (OPS[i].actor != self) continue;
    wait_turn(i);
    long r = run_op(self, i);
    if (r < 0) fail(i, r);
    if (OPS[i].kind != OP_EXIT && (OPS[i].kind != OP_STOP || OPS[i].b)) pass_turn(i + 1);
  }
  if (self == A_root) return finish();
  for (;;) SYS0(SYS_pause); /* keep the task as the image has it, until the restorer ends */
}

/* ---------- the environment: pid 1 of a pid ns owned by a user ns we own ---------- */

static int boot(char **argv) {
  /* block them before the child exists, so that its SIGCHLD cannot be lost */
  sigset_t m;
  sigemptyset(&m);
  sigaddset(&m, SIGINT);
  sigaddset(&m, SIGTERM);
  sigaddset(&m, SIGCHLD);
  sigprocmask(SIG_BLOCK, &m, 0);
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) < 0) { perror("crplan-restore: pipe"); return 1; }
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWTIME;
  ca.exit_signal = SIGCHLD;
  long child = syscall(SYS_clone3, &ca, sizeof ca);
  if (child < 0) { dprintf(2, "crplan-restore: creating the environment (clone3 with new user, pid, ... namespaces) failed: %s\n", strerror(errno)); return 1; }
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigprocmask(SIG_UNBLOCK, &m, 0);
    char c;
    if (read(pfd[0], &c, 1) != 1) _exit(1);
    sethostname("crplan-sim", 10);
    setdomainname("(none)", 6);
    execv("/proc/self/exe", argv);
    dprintf(2, "crplan-restore: re-exec in the environment failed: %s\n", strerror(errno));
    _exit(1);
  }
  char path[64], map[64];
  int ok = 1;
  if (geteuid() == 0) snprintf(map, sizeof map, "0 0 4294967295\n");
  else snprintf(map, sizeof map, "0 %d 1\n", (int)geteuid());
  snprintf(path, sizeof path, "/proc/%ld/uid_map", child);
  ok = ok && write_file(path, map, strlen(map)) == 0;
  if (geteuid() != 0) {
    snprintf(path, sizeof path, "/proc/%ld/setgroups", child);
    write_file(path, "deny", 4);
    snprintf(map, sizeof map, "0 %d 1\n", (int)getegid());
  }
  snprintf(path, sizeof path, "/proc/%ld/gid_map", child);
  ok = ok && write_file(path, map, strlen(map)) == 0;
  if (!ok || write(pfd[1], "g", 1) != 1) {
    dprintf(2, "crplan-restore: cannot write the environment's id maps\n");
    kill((pid_t)child, SIGKILL);
  }
  close(pfd[1]);
  /* forward SIGINT/SIGTERM to the environment's pid 1 (it installs handlers for them) */
  for (;;) {
    int sig = 0;
    sigwait(&m, &sig);
    if (sig == SIGINT || sig == SIGTERM) { kill((pid_t)child, SIGTERM); continue; }
    int st = 0;
    if (waitpid((pid_t)child, &st, WNOHANG) == (pid_t)child) {
      if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
      return WEXITSTATUS(st);
    }
  }
}

static void map_shared(int fd) {
  void *p = mmap(0, sizeof(struct shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) { perror("crplan-restore: mmap"); _exit(1); }
  S = p;
  g_memfd = fd;
}

int main(int argc, char **argv) {
  setvbuf(stdout, 0, _IOLBF, 0);
  if (argc == 6 && !strcmp(argv[1], "--resume")) {
    /* after an execve op: same actor, same shared state, next step */
    int self = atoi(argv[2]), next = atoi(argv[3]);
    g_timeout = atoi(argv[5]);
    map_shared(atoi(argv[4]));
    record_self(self);
    pass_turn(next);
    return run_task(self, next);
  }
  for (int k = 1; k < argc; k++) {
    if (!strcmp(argv[k], "--hold")) g_hold = 1;
    else if (!strcmp(argv[k], "--timeout") && k + 1 < argc) g_timeout = atoi(argv[++k]);
    else { dprintf(2, "usage: %s [--hold] [--timeout SECONDS]\n", argv[0]); return 2; }
  }
  if (getpid() != 1) return boot(argv);
  int fd = (int)syscall(SYS_memfd_create, "crplan-restore", 0);
  if (fd < 0 || ftruncate(fd, sizeof(struct shared)) < 0) { perror("crplan-restore: memfd"); return 1; }
  map_shared(fd);
  if (NEED_CORE) {
    snprintf(S->coredir, sizeof S->coredir, "/tmp/crplan-restore-core-XXXXXX");
    if (!mkdtemp(S->coredir)) { S->coredir[0] = 0; perror("crplan-restore: scratch directory for core dumps"); return 1; }
  }
  static const char *const nsf[8] = { "uts", "ipc", "mnt", "net", "cgroup", "pid", "time", "user" };
  for (int k = 0; k < 8; k++) {
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/self/ns/%s", nsf[k]);
    S->env_ns[k] = stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
  }
  signal(SIGALRM, on_alarm);
  signal(SIGINT, on_term);
  signal(SIGTERM, on_term);
  alarm((unsigned)g_timeout);
  return run_task(A_root, 0);
}
`;
