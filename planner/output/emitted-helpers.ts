/**
 * The helpers the emitter forks on its own, with no step of the schedule behind them (emit.ts):
 * found by their actor names in the emitted clones, for the plan's helper list. One pass over the
 * ops, O(ops); the kinds keep the order below in the list.
 */
import type { Op } from '../../executor/ops.js';
import { ROOT_ACTOR } from '../../executor/ops.js';
import type { Helper } from '../plan.js';

type Clone = Extract<Op, { op: 'clone' }>;

const KINDS: Array<{ is: (o: Clone) => boolean; role: Helper['role']; why: string; pid?: true }> = [
  // temporary inits of member-less pid ns several tasks hold (empty-pfc.ts)
  { is: (o) => o.child.startsWith('pfcinit-'), role: 'pidns-init', why: 'temporary init of a pid ns with no task' },
  // holders of bare user namespaces (user-holder.ts)
  { is: (o) => o.actor === ROOT_ACTOR && o.child.startsWith('userholder-'), role: 'ns-holder', why: 'holds a bare user ns', pid: true },
  // helpers forking a child into another pid ns for a creator that keeps its pid_for_children (pfc-emit-helper.ts)
  { is: (o) => /^pfch\d+$/.test(o.child), role: 'other', why: 'forks a child into another pid ns' },
  // helpers forking a pid-ns init's child with what the init cannot give it (init-join-helper.ts)
  { is: (o) => /^ijh\d+$/.test(o.child), role: 'other', why: 'forks a pid-ns init\'s child holding what the init cannot give it' },
  // ns_last_pid writers (Emitter.lastPidByForkedWriter)
  { is: (o) => o.actor === ROOT_ACTOR && o.child.startsWith('lastpid'), role: 'pid-writer', why: 'writes ns_last_pid of a pid ns no privileged task lives in (PID-6)', pid: true },
];

export function emittedHelpers(ops: readonly Op[]): Helper[] {
  const byKind = KINDS.map((): Helper[] => []);
  for (const o of ops) {
    if (o.op !== 'clone') continue;
    const i = KINDS.findIndex((k) => k.is(o));
    if (i < 0) continue;
    const k = KINDS[i];
    byKind[i].push({ name: o.child, role: k.role, why: o.why ?? k.why, ...(k.pid && o.setTid ? { pid: o.setTid } : {}) });
  }
  return byKind.flat();
}
