/**
 * A zombie relay that exits before a subreaper above it sets its flag (re-plan variant
 * `zombieShares`, with planner/zombie-relay.ts; FORK-4, EXIT-2, EXIT-3, EXIT-4).
 *
 * zombie-relay.ts has A fork zombie Z with CLONE_FILES/CLONE_FS and Z fork B with the flag; Z's
 * exit hands B to its image parent. It took only a B whose parent is the reaper Z's orphans find
 * in the image (every subreaper flag set). PR_SET_CHILD_SUBREAPER may be set at any time (EXIT-3):
 * in the history Z exited before the nearest subreaper S above it set its flag, so B went past S
 * to S's own reaper (seeds 28638: A = 26, itself that subreaper; 56411, 78698, 83597). The plan
 * does the same (helper-heirs.ts lateSubreaperHeir, as for a helper): Z's exit, in the final
 * phase, comes before S's flag, and S sets it before it stops or exits itself. Only the nearest
 * subreaper is skipped. The zombie -> S pairs live on CreatorModel.zombieLateSubreaper.
 * O(such zombies) edges.
 */
import type { Schedule } from './schedule.js';
import type { CreatorModel } from './creators.js';

export function zombieLateSubreaperEdges(s: Schedule, m: CreatorModel): void {
  if (!m.zombieLateSubreaper) return;
  for (const [z, S] of m.zombieLateSubreaper) {
    s.edge(s.at('zexit', z), s.at('subreaper', S), `${z} exits before ${S} becomes a subreaper, so its orphans skip ${S} (EXIT-2)`, 'EXIT-3');
    for (const step of ['stop', 'zexit', 'dexit']) s.edge(s.at('subreaper', S), s.at(step, S), `${S} sets its subreaper flag while it still runs`, 'EXIT-3');
  }
}
