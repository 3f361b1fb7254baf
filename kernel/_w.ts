import { generateHistory } from './generator.js';
import { validateImage } from '../model/validate.js';
const c = new Map<string, [number, string]>();
for (let s = 1; s <= 300; s++) for (const f of validateImage(generateHistory(s).image)) { const e = c.get(f.code) ?? [0, f.message]; e[0]++; c.set(f.code, e); }
console.log(c);
