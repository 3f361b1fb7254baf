/**
 * CRIU image directories as crplan images: binary *.img files as CRIU writes them, or the JSON
 * files CRIU's decoder prints (one `<name>.json` per `<name>.img`, as in a `decoded/` directory).
 * Bad input is one InputError naming the file and the byte offset or JSON path; what can safely be
 * ignored comes back as warnings.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Image } from '../model/image.js';
import { InputError } from '../model/errors.js';
import type { CriuDirReader, Flavour } from './imagefile.js';
import { readDump } from './dump.js';
import { mapDump } from './map.js';

export interface CriuImport {
  image: Image;
  /** what could safely be ignored, one line each */
  warnings: string[];
}

function flavourOf(dir: string): Flavour | undefined {
  if (existsSync(join(dir, 'pstree.img'))) return 'binary';
  if (existsSync(join(dir, 'pstree.json'))) return 'json';
  return undefined;
}

/** Is this path a CRIU image directory (binary *.img or decoded *.json)? */
export function isCriuDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && flavourOf(path) !== undefined;
  } catch {
    return false;
  }
}

export function importCriuDir(dir: string): CriuImport {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(dir, '', 'no such directory');
  }
  if (!isDir) throw new InputError(dir, '', 'not a directory (a CRIU image directory is expected)');
  const flavour = flavourOf(dir);
  if (!flavour) {
    const hint = existsSync(join(dir, 'inventory.img')) || existsSync(join(dir, 'inventory.json')) ? 'a CRIU dump needs it' : 'not a CRIU image directory';
    throw new InputError(join(dir, 'pstree.img'), '', `missing (${hint}; neither pstree.img nor pstree.json is there)`);
  }
  const warnings: string[] = [];
  const seen = new Set<string>();
  const reader: CriuDirReader = {
    dir, flavour,
    warn(line) {
      if (!seen.has(line)) {
        seen.add(line);
        warnings.push(line);
      }
    },
  };
  if (flavour === 'binary' && existsSync(join(dir, 'pstree.json'))) reader.warn(`${dir}: holds both binary and JSON images; reading the binary ones`);
  const image = mapDump(readDump(reader));
  return { image, warnings };
}
