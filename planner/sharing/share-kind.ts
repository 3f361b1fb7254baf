/**
 * The objects a clone can share with its creator's, by kind (FORK-4): the fd table
 * (CLONE_FILES) and the fs_struct (CLONE_FS). The mm (CLONE_VM) is left out: the modules of
 * clone-time sharing that walk both kinds alike never move it (sharers.ts adds it itself).
 */
export type ShareKind = 'files' | 'fs';

export const SHARE_KINDS: readonly ShareKind[] = ['files', 'fs'];
