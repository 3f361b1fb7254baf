/** `--forbid clone-parent|helpers` and `--max-helpers N`: the restorer's own rules (PlanOptions). */
import type { Scenario } from '../scenario.js';
import { CrplanError } from '../../model/errors.js';

export type Forbidden = 'clone-parent' | 'helpers';

export function forbidScenario(what: string): Scenario {
  if (what !== 'clone-parent' && what !== 'helpers') throw new CrplanError(`--forbid: '${what}' is not one of clone-parent, helpers`, 2);
  return {
    label: `--forbid ${what}`,
    apply: (input, notes) => {
      notes.push(what === 'clone-parent' ? 'the restorer may not use CLONE_PARENT' : 'the restorer may not create helper tasks');
      const forbid = { ...input.options.forbid, ...(what === 'clone-parent' ? { cloneParent: true } : { helpers: true }) };
      return { image: input.image, options: { ...input.options, forbid } };
    },
  };
}

export function maxHelpersScenario(n: number): Scenario {
  if (!Number.isInteger(n) || n < 0) throw new CrplanError(`--max-helpers: '${n}' is not a non-negative integer`, 2);
  return {
    label: `--max-helpers ${n}`,
    apply: (input, notes) => {
      notes.push(`the restorer may create at most ${n} helper task(s)`);
      return { image: input.image, options: { ...input.options, maxHelpers: n } };
    },
  };
}
