/** Linux errno names and numbers (x86-64) used by the simulated kernel, the agent protocol and the plan reports. */
export const ERRNO = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, E2BIG: 7, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12,
  EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, EINVAL: 22, ENOSPC: 28, ENOSYS: 38, EUSERS: 87, ENOTSUP: 95,
} as const;
export type Errno = keyof typeof ERRNO;

const BY_NUMBER = new Map<number, Errno>(Object.entries(ERRNO).map(([k, v]) => [v, k as Errno]));

/** Name of an errno number, or `E<number>` for one crplan does not model. */
export function errnoName(n: number): string {
  return BY_NUMBER.get(n) ?? `E${n}`;
}
