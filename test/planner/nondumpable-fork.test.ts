// A forked child inherits its creator's mm dumpability (dup_mm keeps MMF_DUMPABLE). A pid-ns maker
// that setns()es into a user ns its euid does not own gains capabilities that are no subset of
// its old ones (cred_cap_issubset), so commit_creds makes it non-dumpable, and the init it forks
// is non-dumpable too: its /proc/PID/ns files open only with CAP_SYS_PTRACE over its mm's user
// ns (NSFD-1.dumpable). The emitter picked such an init as the ns-file target of a task in a
// child user ns, and the replay failed with EACCES: a planner bug on these generated states with
// credential switches (default generator, --setids).
import test from 'ava';
import { generateHistory } from '../../kernel/generator.js';
import { planImage } from '../../planner/index.js';

test('setids seed 383: the ns files of a non-dumpable maker\'s child are not opened from a child user ns; verified plan', (t) => {
  const out = planImage(generateHistory(383, { setids: true }).image);
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason.slice(0, 200) : '');
  if (out.kind === 'plan') t.true(out.plan.summary.verified);
});

// An execve gives the process a new, dumpable mm: a process non-dumpable only by inheritance is
// dumpable again after it (seed 423: 296 opens the pid ns file of its child 308, which exec'd).
test('setids seed 423: a child non-dumpable by inheritance is dumpable again after its execve; verified plan', (t) => {
  const out = planImage(generateHistory(423, { setids: true }).image);
  t.is(out.kind, 'plan', out.kind === 'undecided' ? out.reason.slice(0, 200) : '');
  if (out.kind === 'plan') t.true(out.plan.summary.verified);
});

for (const seed of [163, 353, 455, 604]) {
  test(`setids seed ${seed}: a clean answer, not a planner bug (EACCES on a non-dumpable child's ns file)`, (t) => {
    const out = planImage(generateHistory(seed, { setids: true }).image);
    if (out.kind === 'plan') t.true(out.plan.summary.verified);
    else if (out.kind === 'undecided') t.false(/planner bug/.test(out.reason), out.reason.slice(0, 200));
    else t.pass();
  });
}
