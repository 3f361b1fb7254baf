// STUB (to be replaced by the model work, issue 2): loading and schema-checking images.
import { readFileSync } from 'node:fs';
import type { Image } from './image.js';

/** Parse image JSON text; throws InputError naming file, place and rule on any problem. */
export function parseImage(text: string, file: string): Image {
  void file;
  return JSON.parse(text) as Image;
}

/** Read and parse an image file. */
export function loadImageFile(path: string): Image {
  return parseImage(readFileSync(path, 'utf8'), path);
}
