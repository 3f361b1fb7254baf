/**
 * Loading images: JSON text -> Image, or one InputError line naming the file, the place (line and
 * column for bad JSON, JSON path and line for schema violations) and the rule broken.
 * O(size of the text).
 */
import { readFileSync, statSync } from 'node:fs';
import { IMAGE_FORMAT, type Image } from './image.js';
import { InputError } from './errors.js';
import { findSyntaxError, formatPath, PathLocator, type PathSeg } from './jsontext.js';
import { checkSchema } from './schema.js';

/** The text an image was parsed from, so findings can name lines. Weak: images stay collectable. */
const sources = new WeakMap<Image, { file: string; locator: PathLocator }>();

/** Source file and line locator of an image parsed by parseImage, if any. */
export function imageSource(image: Image): { file: string; locator: PathLocator } | undefined {
  return sources.get(image);
}

function place(locator: PathLocator, segs: PathSeg[]): string {
  const line = locator.line(segs);
  return `${formatPath(segs)}${line !== undefined ? ` (line ${line})` : ''}`;
}

/** Parse image JSON text; throws InputError naming file, place and rule on any problem. */
export function parseImage(text: string, file: string): Image {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { pos, message } = findSyntaxError(text);
    throw new InputError(file, `line ${pos.line}, column ${pos.column}`, `invalid JSON: ${message}`);
  }
  const locator = new PathLocator(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(file, '$', `must be a JSON object with "format": "${IMAGE_FORMAT}" (schema)`);
  }
  const fmt = (value as { format?: unknown }).format;
  if (fmt === undefined) throw new InputError(file, '$', `missing "format" (expected "${IMAGE_FORMAT}"); is this a crplan image? (format)`);
  if (fmt !== IMAGE_FORMAT) {
    throw new InputError(file, place(locator, ['format']),
      `unsupported format ${JSON.stringify(fmt)}; this crplan reads "${IMAGE_FORMAT}" (format)`);
  }
  const v = checkSchema(value);
  if (v) throw new InputError(file, place(locator, v.path), `${v.message} (schema)`);
  const image = value as Image;
  checkStructure(image, file, locator);
  sources.set(image, { file, locator });
  return image;
}

/** Field combinations the schema subset cannot express. */
function checkStructure(image: Image, file: string, locator: PathLocator): void {
  const fail = (segs: PathSeg[], msg: string): never => {
    throw new InputError(file, place(locator, segs), `${msg} (format)`);
  };
  image.tasks.forEach((t, i) => {
    if (t.state === 'zombie' && !t.exit) fail(['tasks', i], 'a zombie needs "exit" (its exit code or fatal signal)');
    if (t.state !== 'zombie' && t.exit) fail(['tasks', i, 'exit'], `"exit" is only for zombies (state is "${t.state}")`);
    if (t.exit) {
      const hasCode = t.exit.code !== undefined;
      const hasSig = t.exit.signal !== undefined;
      if (hasCode === hasSig) fail(['tasks', i, 'exit'], 'must have exactly one of "code" and "signal"');
      if (t.exit.core !== undefined && !hasSig) fail(['tasks', i, 'exit', 'core'], '"core" goes with "signal" only');
    }
    // 0 = the group or session has no number in the level-0 pid ns (docs/image-format.md): then it
    // has none at any deeper level either, so 0 stands alone
    for (const f of ['pgid', 'sid'] as const) {
      const z = t[f].indexOf(0);
      if (z >= 0 && t[f].length > 1) fail(['tasks', i, f, z], `0 (no number in the level-0 pid namespace) stands alone: [0], not ${JSON.stringify(t[f])}`);
    }
    if (t.stopSignal !== undefined && t.state !== 'stopped') fail(['tasks', i, 'stopSignal'], `"stopSignal" is only for stopped tasks (state is "${t.state}")`);
  });
  image.namespaces.forEach((n, i) => {
    const isTree = n.type === 'pid' || n.type === 'user';
    if (!isTree && n.parent != null) fail(['namespaces', i, 'parent'], `only pid and user namespaces have a parent (this is a ${n.type} namespace)`);
    if (!isTree && n.level !== undefined) fail(['namespaces', i, 'level'], `only pid and user namespaces have a level (this is a ${n.type} namespace)`);
    if (n.type === 'user' && n.owner != null) fail(['namespaces', i, 'owner'], 'a user namespace has no "owner": its parent owns it');
    if (n.type !== 'user' && (n.uidMap || n.gidMap || n.ownerUid !== undefined)) fail(['namespaces', i], `uidMap, gidMap and ownerUid belong to user namespaces (this is a ${n.type} namespace)`);
    if (n.type !== 'uts' && (n.hostname !== undefined || n.domainname !== undefined)) fail(['namespaces', i], `hostname and domainname belong to uts namespaces (this is a ${n.type} namespace)`);
    if (n.type !== 'time' && n.offsets) fail(['namespaces', i, 'offsets'], `offsets belong to time namespaces (this is a ${n.type} namespace)`);
    if (n.type !== 'pid' && (n.pidMax !== undefined || n.lastPid !== undefined)) fail(['namespaces', i], `pidMax and lastPid belong to pid namespaces (this is a ${n.type} namespace)`);
  });
}

/** Read and parse an image file. */
export function loadImageFile(path: string): Image {
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new InputError(path, '', 'is a directory, not an image file (and not a CRIU image directory)');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? (e as Error).message})`;
    throw new InputError(path, '', why);
  }
  return parseImage(text, path);
}
