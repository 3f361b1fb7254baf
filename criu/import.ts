// STUB (to be replaced by the CRIU import work, issue 7).
import type { Image } from '../model/image.js';
import { CrplanError } from '../model/errors.js';

export interface CriuImport {
  image: Image;
  /** what could safely be ignored, one line each */
  warnings: string[];
}

/** Is this path a CRIU image directory (binary *.img or decoded *.json)? */
export function isCriuDir(path: string): boolean {
  void path;
  return false;
}

export function importCriuDir(dir: string): CriuImport {
  throw new CrplanError(`${dir}: CRIU import not built yet`, 2);
}
