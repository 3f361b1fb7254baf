// STUB (to be replaced by the model work, issue 2): run every validation rule.
import type { Image } from './image.js';
import type { Finding } from './finding.js';

export function validateImage(image: Image): Finding[] {
  void image;
  return [];
}
