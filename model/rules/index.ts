/** The rule catalogue, in the order findings are reported (object refs first, then namespaces, pids, parents, sessions, lifecycle, sharing, warnings). */
import type { Rule } from './rule.js';
import { objrefDuplicate } from './objref-duplicate.js';
import { objrefDangling, objrefWrongType } from './objref-dangling.js';
import { rootNamespaces } from './root-namespaces.js';
import { nestingTooDeep, nsCycle, nsLevelMismatch, pidForChildrenNotBelow, pidnsOwnerOutsideParentOwner } from './ns-tree.js';
import { nspidDepth, pidDuplicate } from './pids.js';
import { childPidnsUnreachable, initParentInside, ppidDangling, ppidNotProcess, processParentCycle } from './parents.js';
import { groupIdOwnerOtherSession, groupSpansSessions, idVectorMismatch, sessionIdOwnerNotLeader, sessionLeaderWrongGroup } from './sessions.js';
import { pidnsNoInit, threadLeaderMissing, threadStateImpossible, threadsDisagree, zombieWithChildren } from './lifecycle.js';
import { fsSharedAcrossNs, sighandWithoutMm } from './sharing.js';
import { usernsMapOverlap } from './usermaps.js';
import { unknownFacts, unknownField, zombieHoldsResources } from './warnings.js';

export type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [
  objrefDuplicate, objrefDangling, objrefWrongType, rootNamespaces,
  nsCycle, nsLevelMismatch, nestingTooDeep, pidnsOwnerOutsideParentOwner, pidForChildrenNotBelow, usernsMapOverlap,
  pidDuplicate, nspidDepth,
  ppidDangling, ppidNotProcess, processParentCycle, childPidnsUnreachable, initParentInside,
  sessionLeaderWrongGroup, groupSpansSessions, sessionIdOwnerNotLeader, groupIdOwnerOtherSession, idVectorMismatch,
  pidnsNoInit, zombieWithChildren, threadLeaderMissing, threadsDisagree, threadStateImpossible,
  fsSharedAcrossNs, sighandWithoutMm,
  zombieHoldsResources, unknownFacts, unknownField,
];

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
