/**
 * An fs_struct shared across mount namespaces (FS_SHARED_ACROSS_NS, planner/checks/fs-across-mnt.ts):
 * the sharers are planned in one mount ns and the other one switches with setns(pidfd,
 * CLONE_NEWNS | another type), which leaves its fs_struct shared (SETNS-2). The images are the
 * mutation fuzz's own (test/planner-fuzz/), whose mutations put sharers in different mount ns.
 */
import test from 'ava';
import { validateImage } from '../../model/validate.js';
import { planImage } from '../../planner/index.js';
import { replayOnSimKernel } from '../../executor/sim.js';
import { diffImages } from '../../kernel/diff.js';
import { profileForVersion } from '../../kernel/profile.js';
import { fuzzImage } from '../planner-fuzz/fuzz-image.js';

test('sharers of one fs_struct in different mount namespaces get a verified plan: one joins its mount ns by pidfd with another type, its fs_struct still shared', (t) => {
  // 61: task 9 (fs:3 with 8) moved to nsproxy:3 (mnt:2); 382: 338 shares 10's fs:3 across mnt:1 / mnt:0
  for (const [seed, mover] of [[61, 9], [382, 338]] as const) {
    const { what, image } = fuzzImage(seed);
    t.true(validateImage(image).some((f) => f.code === 'FS_SHARED_ACROSS_NS'), `seed ${seed}: ${what}`);
    const out = planImage(image);
    t.is(out.kind, 'plan', `seed ${seed}: ${out.kind === 'undecided' ? out.reason : ''}`);
    if (out.kind !== 'plan') continue;
    t.true(out.plan.summary.verified);
    const joins = out.plan.ops.filter((o) => o.op === 'setns' && o.pidfd && o.nstypes?.includes('mnt'));
    t.true(joins.length >= 1, `seed ${seed}: a pidfd join with CLONE_NEWNS`);
    t.true(joins.some((o) => o.op === 'setns' && o.nstypes!.length === 2), 'with one more type (CLONE_NEWNS alone fails on a shared fs_struct)');
    const r = replayOnSimKernel(image, out.plan.ops);
    t.is(r.failedAt, -1);
    t.deepEqual(diffImages(image, r.snapshot).map((d) => d.message), []);
    // the same join with CLONE_NEWNS alone fails EINVAL on the shared fs_struct (SETNS-3)
    const i = out.plan.ops.indexOf(joins[0]);
    const alone = out.plan.ops.map((o, k) => (k === i && o.op === 'setns' ? { ...o, nstypes: ['mnt' as const] } : o)) as typeof out.plan.ops;
    const r2 = replayOnSimKernel(image, alone);
    t.is(r2.failedAt, i, `seed ${seed}: mover ${mover}`);
  }
});

test('without pidfd setns (before 5.8) the same image stays undecided naming FS_SHARED_ACROSS_NS', (t) => {
  const { image } = fuzzImage(61);
  const out = planImage(image, { profile: profileForVersion('5.7') });
  t.not(out.kind, 'plan');
  if (out.kind === 'undecided') t.regex(out.reason, /FS_SHARED_ACROSS_NS/);
});
