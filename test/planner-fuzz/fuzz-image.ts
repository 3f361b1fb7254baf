/**
 * The fuzz test's cases: the generated reachable state of a seed (a history of 40 to 120 ops,
 * varying with the seed) with that seed's mutation applied. Tests that pin one triaged case
 * rebuild it here, so they test exactly the image the fuzz test saw.
 */
import type { Image } from '../../model/image.js';
import { generateHistory } from '../../kernel/generator.js';
import { parseImage } from '../../model/load.js';
import { mutate } from './mutations.js';

/** the mutated image as raw JSON data (not loaded), the mutations applied, and the image before them */
export function fuzzCase(seed: number): { img: Image; what: string[]; original: Image } {
  const h = generateHistory(seed, { ops: 40 + (seed % 5) * 20 });
  const img = structuredClone(h.image);
  const what = mutate(img, seed);
  return { img, what, original: h.image };
}

/** the mutated image loaded as the CLI would load it (throws the loader's InputError if it refuses it) */
export function fuzzImage(seed: number): { what: string; image: Image; original: Image } {
  const { img, what, original } = fuzzCase(seed);
  return { what: what.join('; '), original, image: parseImage(JSON.stringify(img), `fuzz-${seed}.json`) };
}
