/**
 * `--no-subreaper TASK` and `--setsid TASK`: change what a process did.
 * setsid makes the process lead a new session and group numbered by its own pid (SID-1); if it led
 * a group with other members, or was a session leader, Linux would have refused (EPERM), and the
 * transformed image is invalid: the what-if then shows the validator's finding. A process stopped
 * by a tty stop signal (SIGTSTP, SIGTTIN, SIGTTOU) cannot have been stopped after its setsid: its
 * new group is orphaned, where Linux discards those signals (EXIT-7, signal.c do_signal_stop), and
 * it was running when it called setsid: it is taken as running. O(tasks).
 */
import type { Scenario } from '../scenario.js';
import { cloneImage, taskOrThrow } from '../scenario.js';

const SIGSTOP = 19;
/** SIGTSTP, SIGTTIN, SIGTTOU: discarded in an orphaned process group */
const TTY_STOPS = new Set([20, 21, 22]);

export function noSubreaperScenario(tid: number): Scenario {
  const label = `--no-subreaper ${tid}`;
  return {
    label,
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const t = taskOrThrow(image, tid, label);
      const was = t.subreaper;
      for (const x of image.tasks) if (x.tgid === t.tgid) x.subreaper = false;
      notes.push(was === true ? `process ${t.tgid} is no longer a child subreaper` : `process ${t.tgid} was not a known subreaper (${String(was)}): the image is unchanged but for the flag`);
      return { image, options: input.options };
    },
  };
}

export function setsidScenario(tid: number): Scenario {
  const label = `--setsid ${tid}`;
  return {
    label,
    apply: (input, notes) => {
      const image = cloneImage(input.image);
      const t = taskOrThrow(image, tid, label);
      const lead = image.tasks.find((x) => x.pid[0] === t.tgid) ?? t;
      const own = lead.pid.slice();
      if (lead.sid[0] === t.tgid) notes.push(`process ${t.tgid} already leads a session: setsid would fail with EPERM (SID-1)`);
      else if (lead.pgid[0] === t.tgid) {
        const others = image.tasks.filter((x) => x.pgid[0] === t.tgid && x.tgid !== t.tgid).length;
        notes.push(others ? `process ${t.tgid} leads group ${t.tgid} with ${others} other member(s): setsid would fail with EPERM (SID-1); the transformed image puts them in two sessions` : `process ${t.tgid} leads an otherwise empty group; setsid moves it to session ${t.tgid}`);
      } else notes.push(`process ${t.tgid} leaves session ${lead.sid[0]} and group ${lead.pgid[0]} for session and group ${t.tgid}`);
      const ttyStop = image.tasks.some((x) => x.tgid === t.tgid && x.state === 'stopped' && TTY_STOPS.has(x.stopSignal ?? SIGSTOP));
      for (const x of image.tasks) if (x.tgid === t.tgid) {
        x.sid = own.slice();
        x.pgid = own.slice();
        if (ttyStop && x.state === 'stopped') {
          x.state = 'running';
          delete x.stopSignal;
        }
      }
      if (ttyStop) notes.push(`process ${t.tgid} was stopped by a tty stop signal; after setsid it is alone in an orphaned group, where Linux discards those signals (EXIT-7), so it is taken as running`);
      return { image, options: input.options };
    },
  };
}
