/**
 * Re-plan variant `insideOwnerInits` (index.ts CYCLE_VARIANTS): a pid-ns init whose creator ends in
 * the pid ns's owner user ns U, in a further build that found the init must not be born making U
 * (owner-inits.ts `notOwning`), is forked by its creator from inside U after the creator's user-ns
 * switch (build.ts switchFirst), rather than through a maker helper the creator forks before its
 * switch. The first build tries the maker first and lets the creator switch first only when it
 * has no threads (or when no maker can stand between them).
 *
 * Rules served (docs/kernel-rules.md): clone(CLONE_NEWPID) gives the new pid ns the caller's user
 * ns as owner (OWN-1), so a creator already in U makes it owned by U with no helper. Its number 1
 * there comes by itself (PID-8); its outer numbers, in pid namespaces owned above U where the
 * switched creator has no capability (FORK-9), come from ns_last_pid written by a privileged task
 * living in each of them, the restorer or a forked writer (PID-6, OWN-6; emit.ts setTidFor), with
 * no fork in that ns between write and clone since the plan is one sequence. A threaded creator
 * creates its threads after its own switch anyway (setns(CLONE_NEWUSER) and unshare need a single
 * thread, SETNS-4), as build.ts already orders for a creator that no maker can serve.
 *
 * Why it matters: the maker is forked before the creator's switch and, with set_tid, before an
 * execve that may drop its capabilities (FORK-9). When the creator must also lead the init's
 * session first (setsid after a CLONE_FS child kept in the old session, SID-2) and join a mount
 * ns another member makes after the creator's own switch made the namespaces that member joins,
 * the maker's fork closes a cycle; created after the switch, the init leaves the creator's
 * execve and switch free.
 *
 * Seed 47339: 3 (a dead leader whose thread 48 lives, finally in user:1) makes ipc:1 after its
 * switch; 13 joins it, enters user:1 and makes mnt:1, which 3 joins before forking 5 with
 * CLONE_FS, then calls setsid and creates 10, the init of pid:1 (owned by user:1), in session 3.
 * 3 forks 10 with CLONE_NEWPID from user:1, its pid 10 in pid:0 named through ns_last_pid.
 *
 * O(1) per init.
 */

/** The first answer's cycle this variant serves: a creator's fork of an init's maker ordered before its execve or its switch (FORK-9). */
export const MAKER_FORK_BEFORE_SWITCH = /"t\d+ forks maker h\d+ for \d+" must happen before "\d+ (?:execve|enters user ns \S+)" because \d+ creates [^"]*set_tid[^"]*\(FORK-9\)/;
