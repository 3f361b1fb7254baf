/**
 * The IMAGE argument of every command: a crplan image file, or a CRIU image directory (binary
 * *.img or decoded *.json), imported on the fly so CRIU dumps work wherever an image does.
 */
import { statSync } from 'node:fs';
import type { Image } from '../model/image.js';
import { loadImageFile } from '../model/load.js';
import { importCriuDir, isCriuDir } from '../criu/import.js';

export interface LoadedImage {
  image: Image;
  /** what the import could safely ignore, one line each (empty for crplan image files) */
  warnings: string[];
  file: string;
}

export function loadImageArg(path: string): LoadedImage {
  let dir = false;
  try {
    dir = statSync(path).isDirectory();
  } catch {
    // missing: loadImageFile reports it in its one-line form
  }
  if (dir && isCriuDir(path)) {
    const { image, warnings } = importCriuDir(path);
    return { image, warnings, file: path };
  }
  return { image: loadImageFile(path), warnings: [], file: path };
}
