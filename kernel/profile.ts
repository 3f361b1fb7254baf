/**
 * What the restoring kernel offers and what the restorer may do: the simulated kernel obeys it,
 * the planner plans within it, `crplan whatif` varies it.
 */
export type KernelFeature =
  /** clone3(2) (5.3) */
  | 'clone3'
  /** clone3 set_tid (5.5) */
  | 'set_tid'
  /** setns(2) on a pidfd (5.8) */
  | 'pidfd-setns'
  /** time namespaces (5.6) */
  | 'time-ns'
  /** CAP_CHECKPOINT_RESTORE (5.9) */
  | 'checkpoint-restore-cap'
  /** per-pid-namespace pid_max (6.14) */
  | 'per-ns-pid-max';

export const ALL_FEATURES: readonly KernelFeature[] =
  ['clone3', 'set_tid', 'pidfd-setns', 'time-ns', 'checkpoint-restore-cap', 'per-ns-pid-max'];

/** Kernel version that introduced each feature. */
export const FEATURE_SINCE: Record<KernelFeature, string> = {
  clone3: '5.3', set_tid: '5.5', 'pidfd-setns': '5.8', 'time-ns': '5.6', 'checkpoint-restore-cap': '5.9',
  'per-ns-pid-max': '6.14',
};

export interface KernelProfile {
  /** e.g. "6.18" */
  version: string;
  features: ReadonlySet<KernelFeature>;
  /**
   * true: the restorer starts as root with every capability in the environment's user namespace
   * (the default, and what `unshare -Upf` as root gives). false: it has no capability outside a
   * user namespace it creates itself.
   */
  privileged: boolean;
  /**
   * Optional: the restorer's uid (and gid) in the environment's user namespace. Default 0 when
   * privileged, UNPRIVILEGED_UID (kernel/kernel.ts) when not. `crplan whatif --unprivileged` uses
   * 0 without capabilities: ids as the restorer sees them where it runs (crplan's C program runs
   * in a user namespace of its own that maps only its uid, to 0).
   */
  restorerUid?: number;
  /** pid_max of the environment's pid namespace */
  pidMax: number;
  /**
   * Optional (added by the simulated kernel, issue 3). true: the environment is what
   * `unshare -Upf` gives the real executor: the restorer is root with full capabilities in a user
   * namespace below the host's, which owns its pid namespace, while the environment's uts, ipc,
   * mnt, net, cgroup and time namespaces belong to the host's user namespace above it, where the
   * restorer has no capability (so it cannot sethostname there, nor setns back into them).
   * false/absent: the restorer is root of the root user namespace (the simulated global init).
   */
  hostEnvironment?: boolean;
}

function versionAtLeast(v: string, min: string): boolean {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** The profile of a given kernel version, everything it has enabled. */
export function profileForVersion(version: string, privileged = true): KernelProfile {
  const features = new Set(ALL_FEATURES.filter((f) => versionAtLeast(version, FEATURE_SINCE[f])));
  return { version, features, privileged, pidMax: 4194304 };
}

/** The baseline: Linux 6.18 as root, the kernel the rules were observed on. */
export const DEFAULT_PROFILE: KernelProfile = profileForVersion('6.18');

export function withoutFeatures(p: KernelProfile, drop: Iterable<KernelFeature>): KernelProfile {
  const features = new Set(p.features);
  for (const f of drop) features.delete(f);
  return { ...p, features };
}
