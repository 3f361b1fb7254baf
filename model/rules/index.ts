/** The rule catalogue, in the order findings are reported (object refs first, then namespaces, pids, parents, sessions, lifecycle, sharing, warnings). */
import type { Rule } from './rule.js';
import { childPidnsUnreachable } from './child-pidns-unreachable.js';
import { fsSharedAcrossNs } from './fs-shared-across-ns.js';
import { fsSharedAcrossUserns } from './fs-shared-across-userns.js';
import { groupIdOwnerOtherSession } from './group-id-owner-other-session.js';
import { groupSpansSessions } from './group-spans-sessions.js';
import { groupZeroOtherSession } from './group-zero-other-session.js';
import { idVectorMismatch } from './id-vector-mismatch.js';
import { nestingTooDeep } from './nesting-too-deep.js';
import { nsCycle } from './ns-cycle.js';
import { nsLevelMismatch } from './ns-level-mismatch.js';
import { nspidDepth } from './nspid-depth.js';
import { objrefDangling } from './objref-dangling.js';
import { objrefDuplicate } from './objref-duplicate.js';
import { objrefWrongType } from './objref-wrong-type.js';
import { pidDuplicate } from './pid-duplicate.js';
import { pidForChildrenNotBelow } from './pid-for-children-not-below.js';
import { initParentInside } from './pidns-init-parent-inside.js';
import { pidnsNoInit } from './pidns-no-init.js';
import { pidnsOwnerOutsideParentOwner } from './pidns-owner-outside-parent.js';
import { ppidDangling } from './ppid-dangling.js';
import { ppidNotProcess } from './ppid-not-process.js';
import { processParentCycle } from './process-parent-cycle.js';
import { rootNamespaces } from './root-namespace.js';
import { sessionMemberOutsideLeaderNs } from './session-member-outside-leader-ns.js';
import { sessionIdOwnerNotLeader } from './session-id-owner-not-leader.js';
import { sessionLeaderWrongGroup } from './session-leader-wrong-group.js';
import { sighandWithoutMm } from './sighand-without-mm.js';
import { threadLeaderMissing } from './thread-leader-missing.js';
import { threadStateImpossible } from './thread-state-impossible.js';
import { threadsDisagree } from './threads-disagree.js';
import { unknownFacts } from './unknown-facts.js';
import { unknownField } from './unknown-field.js';
import { usernsMapOverlap } from './userns-map-overlap.js';
import { zombieHoldsResources } from './zombie-holds-resources.js';
import { zombieWithChildren } from './zombie-with-children.js';

export type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [
  objrefDuplicate, objrefDangling, objrefWrongType, rootNamespaces,
  nsCycle, nsLevelMismatch, nestingTooDeep, pidnsOwnerOutsideParentOwner, pidForChildrenNotBelow, usernsMapOverlap,
  pidDuplicate, nspidDepth,
  ppidDangling, ppidNotProcess, processParentCycle, childPidnsUnreachable, initParentInside,
  sessionLeaderWrongGroup, groupSpansSessions, sessionIdOwnerNotLeader, groupIdOwnerOtherSession, groupZeroOtherSession, idVectorMismatch, sessionMemberOutsideLeaderNs,
  pidnsNoInit, zombieWithChildren, threadLeaderMissing, threadsDisagree, threadStateImpossible,
  fsSharedAcrossUserns, sighandWithoutMm,
  zombieHoldsResources, unknownFacts, unknownField, fsSharedAcrossNs,
];

export function ruleByCode(code: string): Rule | undefined {
  return RULES.find((r) => r.code === code);
}
