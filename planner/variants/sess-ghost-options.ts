/**
 * Re-plan variant `ghostOptionsAgain` (index.ts VARIANTS): a session's members whose options were
 * listed before a lift added the ghost placement that serves them get them listed again (SID-2,
 * EXIT-2). decideSession (sessions.ts) lists each member's options when it takes it from the work
 * list; lifting a later member puts its topmost lifted ancestor in the component and adds that
 * ancestor's parent as a ghost placement, which may also be the place whose ghost's exit hands an
 * earlier member to its parent (a ghostFork option it was never offered). The ghost then had to
 * be under two parents: "task T needed session N's ghost under Q but it was placed under R"
 * (setids seed 505: init 53, lifted into session 45, needs the ghost under its parent 44; 56 was
 * listed before with the ghost under 40 only, though the ghost's exit under 44 hands it to 40,
 * a subreaper). Tried only after such an answer: first attempts keep their plans. O(members x
 * options) once per component.
 */
import type { CreatorModel } from '../creators/creators.js';

const on = new WeakSet<CreatorModel>();

/** This attempt lists the options of a session's open members again once its work list is drained. */
export function setGhostOptionsAgain(m: CreatorModel): void {
  on.add(m);
}

export function ghostOptionsAgain(m: CreatorModel): boolean {
  return on.has(m);
}

/** The first attempt's answer this variant is tried after (index.ts). */
export const GHOST_UNDER_TWO = /needed session \d+'s ghost under \d+ but it was placed under/;
