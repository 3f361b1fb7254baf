/**
 * The few CRIU image messages crplan reads, with their protobuf field numbers (CRIU 4.2, images/
 * *.proto; checked byte by byte against the sample dumps in shared/criu-images and their decoded
 * JSON). Only the fields crplan uses are named; the rest are skipped.
 *
 * `complete`: crplan names every field CRIU 4.2 writes, so any other number is a newer field
 * (warning). Otherwise `knownUpTo` is the highest number CRIU 4.2 defines: fields up to it are
 * skipped silently, higher ones get the "newer field" warning.
 */

export type ScalarType = 'uint32' | 'uint64' | 'bool' | 'string';

export interface FieldSpec {
  name: string;
  type: ScalarType | MessageSpec;
  repeated?: boolean;
  /** names CRIU's decoder prints instead of numbers (JSON input only) */
  jsonNames?: Record<string, number>;
}

export interface MessageSpec {
  name: string;
  fields: Record<number, FieldSpec>;
  complete: boolean;
  knownUpTo?: number;
}

/** Image magics (criu/include/magic.h): the first word of every image but inventory, then the type magic. */
export const IMG_COMMON_MAGIC = 0x54564319;
export const IMG_SERVICE_MAGIC = 0x55105940;

export type ImageKind = 'inventory' | 'pstree' | 'core' | 'ids' | 'utsns';

export const TYPE_MAGIC: Record<ImageKind, number> = {
  inventory: 0x58313116,
  pstree: 0x50273030,
  core: 0x55053847,
  ids: 0x54432030,
  utsns: 0x54473203,
};

/** What the CRIU decoder prints in the JSON "magic" field. */
export const JSON_MAGIC: Record<ImageKind, string> = {
  inventory: 'INVENTORY', pstree: 'PSTREE', core: 'CORE', ids: 'IDS', utsns: 'UTSNS',
};

/** task_kobj_ids_entry: sharing ids and namespace ids (image-local numbers from one counter). */
export const IDS: MessageSpec = {
  name: 'task_kobj_ids_entry',
  complete: true,
  fields: {
    1: { name: 'vm_id', type: 'uint32' },
    2: { name: 'files_id', type: 'uint32' },
    3: { name: 'fs_id', type: 'uint32' },
    4: { name: 'sighand_id', type: 'uint32' },
    5: { name: 'pid_ns_id', type: 'uint32' },
    6: { name: 'net_ns_id', type: 'uint32' },
    7: { name: 'ipc_ns_id', type: 'uint32' },
    8: { name: 'uts_ns_id', type: 'uint32' },
    9: { name: 'mnt_ns_id', type: 'uint32' },
    10: { name: 'user_ns_id', type: 'uint32' },
    11: { name: 'cgroup_ns_id', type: 'uint32' },
    12: { name: 'time_ns_id', type: 'uint32' },
  },
};

/** pstree_entry: one per process, numbers in the dump root's pid namespace. */
export const PSTREE: MessageSpec = {
  name: 'pstree_entry',
  complete: true,
  fields: {
    1: { name: 'pid', type: 'uint32' },
    2: { name: 'ppid', type: 'uint32' },
    3: { name: 'pgid', type: 'uint32' },
    4: { name: 'sid', type: 'uint32' },
    5: { name: 'threads', type: 'uint32', repeated: true },
  },
};

/**
 * task_core_entry (core_entry.tc, thread-group leaders only). task_state: 1 alive, 2 dead
 * (zombie), 3 stopped. The decoder's names differ between crit versions (3 was printed "Zombie",
 * later "Stopped"; 6, which CRIU never writes to a core image, the other one), so both names can
 * only mean 3.
 */
export const TASK_CORE: MessageSpec = {
  name: 'task_core_entry',
  complete: false,
  knownUpTo: 21,
  fields: {
    1: { name: 'task_state', type: 'uint32', jsonNames: { Alive: 1, Dead: 2, Stopped: 3, Zombie: 3 } },
    2: { name: 'exit_code', type: 'uint32' },
    4: { name: 'flags', type: 'uint32' },
    6: { name: 'comm', type: 'string' },
    18: { name: 'child_subreaper', type: 'bool' },
    21: { name: 'stop_signo', type: 'uint32' },
  },
};

/** core_entry: mtype, per-arch thread_info, tc (leaders), ids (unused since ids-*.img), thread_core. */
export const CORE: MessageSpec = {
  name: 'core_entry',
  complete: false,
  knownUpTo: 13,
  fields: {
    3: { name: 'tc', type: TASK_CORE },
  },
};

/** inventory_entry: root_ids are the dumping process's own namespaces (what is the host's). */
export const INVENTORY: MessageSpec = {
  name: 'inventory_entry',
  complete: false,
  knownUpTo: 13,
  fields: {
    1: { name: 'img_version', type: 'uint32' },
    3: { name: 'root_ids', type: IDS },
  },
};

/** utsns_entry (utsns-<uts_ns_id>.img). */
export const UTSNS: MessageSpec = {
  name: 'utsns_entry',
  complete: true,
  fields: {
    1: { name: 'nodename', type: 'string' },
    2: { name: 'domainname', type: 'string' },
  },
};

export const SPEC_OF: Record<ImageKind, MessageSpec> = {
  inventory: INVENTORY, pstree: PSTREE, core: CORE, ids: IDS, utsns: UTSNS,
};

/** The inventory img_version crplan knows (CRIU's CRTOOLS_IMAGES_V1_1). */
export const KNOWN_IMG_VERSION = 2;
