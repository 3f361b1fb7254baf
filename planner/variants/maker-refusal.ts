/**
 * Re-plan variant `makerRefusals` (with `emitChoices`): a join refused to a pid-ns maker stands for
 * a refusal of the init it makes.
 *
 * A maker (maker-steps.ts) is forked by the init's creator with that creator's credentials and
 * joins, before it forks the init into a new user ns, what the init can only inherit (SETNS-3..7).
 * When the creator chosen by a session component (sessions.ts: e.g. a reparent helper whose
 * carrier sits in a sibling user ns) has no rights over such a namespace's owner (OWN-2), the
 * emitter refuses the maker's join. emit-choices.ts re-plans around the component choice behind a
 * refused task or component helper, but a maker is neither, so it found none. Here the refusal is
 * taken as one of the init's: the re-plan bans the choice that gave the init its creator, and
 * another one (its image parent forking it with CLONE_NEWUSER before its setsid, a carrier with
 * the rights) may hold what it needs (seed 36598: init 4's helper was carried by 14 in user:3, so
 * its maker could not join cgroup:0; seed 37076: init 17's maker, forked by zombie 7 in user:1,
 * could not join time:0). The choice is an option among others, not a kernel rule; the replay's
 * verification keeps only plans that hold. O(makers).
 */

/** The actor whose component choice a refusal of `actor` is re-planned around: a maker's init, else the actor itself. O(makers). */
export function makerRefusedFor(actor: string, makers: readonly { name: string; init: number }[]): string {
  const mk = makers.find((x) => x.name === actor);
  return mk ? `t${mk.init}` : actor;
}
