/** `--kernel V` and `--without F,...`: the restoring kernel's features (kernel/profile.ts). */
import type { Scenario } from '../scenario.js';
import { ALL_FEATURES, DEFAULT_PROFILE, FEATURE_SINCE, profileForVersion, withoutFeatures } from '../../kernel/profile.js';
import type { KernelFeature } from '../../kernel/profile.js';
import { CrplanError } from '../../model/errors.js';

export function kernelScenario(version: string): Scenario {
  if (!/^\d+(\.\d+){0,2}$/.test(version)) throw new CrplanError(`--kernel: '${version}' is not a kernel version like 5.4`, 2);
  return {
    label: `--kernel ${version}`,
    apply: (input, notes) => {
      const prev = input.options.profile ?? DEFAULT_PROFILE;
      const profile = { ...profileForVersion(version, prev.privileged), ...(prev.hostEnvironment !== undefined ? { hostEnvironment: prev.hostEnvironment } : {}) };
      const lost = ALL_FEATURES.filter((f) => !profile.features.has(f));
      notes.push(lost.length ? `kernel ${version} lacks ${lost.map((f) => `${f} (since ${FEATURE_SINCE[f]})`).join(', ')}` : `kernel ${version} has every feature crplan knows`);
      return { image: input.image, options: { ...input.options, profile } };
    },
  };
}

export function parseFeatures(list: string): KernelFeature[] {
  const out: KernelFeature[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(ALL_FEATURES as readonly string[]).includes(raw)) throw new CrplanError(`--without: unknown kernel feature '${raw}' (known: ${ALL_FEATURES.join(', ')})`, 2);
    out.push(raw as KernelFeature);
  }
  return out;
}

export function withoutScenario(features: KernelFeature[]): Scenario {
  return {
    label: `--without ${features.join(',')}`,
    apply: (input, notes) => {
      const profile = withoutFeatures(input.options.profile ?? DEFAULT_PROFILE, features);
      notes.push(`the restoring kernel lacks ${features.join(', ')}`);
      if (features.includes('set_tid')) notes.push('without set_tid, pids can only come from ns_last_pid writes or creation order');
      return { image: input.image, options: { ...input.options, profile } };
    },
  };
}
