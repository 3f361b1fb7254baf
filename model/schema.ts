/**
 * Checks a parsed JSON value against model/image.schema.json. The schema file is the single
 * source of truth: this module interprets the small JSON Schema subset it uses ($ref to #/$defs,
 * type, properties, required, items, enum, const, minimum, maximum, minItems, maxItems, minLength,
 * maxLength) and turns the first violation into one line: `$.tasks[3].sid: must be an array of
 * integers (schema)`. No dependency; O(size of the value).
 */
import { join } from 'node:path';
import { projectRoot } from './project-root.js';
import { readFileSync } from 'node:fs';
import { formatPath, type PathSeg } from './jsontext.js';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  $defs?: Record<string, SchemaNode>;
}

export const imageSchema: SchemaNode = JSON.parse(
  readFileSync(join(projectRoot(), 'model', 'image.schema.json'), 'utf8'),
) as SchemaNode;

export interface SchemaViolation {
  path: PathSeg[];
  message: string;
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  let n = node;
  for (let guard = 0; n.$ref && guard < 32; guard++) {
    const name = n.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema: unresolved $ref ${n.$ref}`);
    n = target;
  }
  return n;
}

/** Resolves a schema path (property names / array items) to its node, for other modules (UNKNOWN_FIELD). */
export function schemaAt(segs: readonly PathSeg[], root: SchemaNode = imageSchema): SchemaNode | undefined {
  let n: SchemaNode | undefined = resolve(root, root);
  for (const s of segs) {
    if (!n) return undefined;
    n = typeof s === 'number' ? n.items : n.properties?.[s];
    if (n) n = resolve(n, root);
  }
  return n;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

const PLURAL: Record<string, string> = {
  integer: 'integers', string: 'strings', boolean: 'booleans', object: 'objects', array: 'arrays', null: 'nulls', number: 'numbers',
};

/** What a value must be, in words: "an array of integers", "a string or null". */
export function describe(node: SchemaNode, root: SchemaNode = imageSchema, plural = false): string {
  const n = resolve(node, root);
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return `one of ${n.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  const types = n.type === undefined ? [] : Array.isArray(n.type) ? n.type : [n.type];
  const words = types.map((t) => {
    if (t === 'array' && n.items) {
      const inner = describe(n.items, root, true);
      return plural ? `arrays of ${inner}` : `an array of ${inner}`;
    }
    if (t === 'null') return 'null';
    return plural ? PLURAL[t] ?? t : article(t);
  });
  let s = words.join(' or ') || 'a value';
  if (n.minimum !== undefined && n.maximum !== undefined) s += ` between ${n.minimum} and ${n.maximum}`;
  else if (n.minimum !== undefined) s += ` >= ${n.minimum}`;
  else if (n.maximum !== undefined) s += ` <= ${n.maximum}`;
  if (n.minLength) s += ' (non-empty)';
  return s;
}

/** A violation while unwinding: path segments innermost first. */
interface Fail { rev: PathSeg[]; message: string }
type Check = (v: unknown) => Fail | undefined;

/**
 * Compiles a schema node into a checking closure (once per node, cached), so checking a value
 * costs a few comparisons per field and allocates nothing unless it fails. Recursion follows the
 * schema, not the data, so its depth is bounded by the schema's.
 */
function compile(node: SchemaNode, root: SchemaNode, cache: Map<SchemaNode, Check>): Check {
  const n = resolve(node, root);
  const hit = cache.get(n);
  if (hit) return hit;
  let self: Check = () => undefined;
  const proxy: Check = (v) => self(v);
  cache.set(n, proxy);
  const fail = (message?: string): Fail => ({ rev: [], message: message ?? `must be ${describe(n, root)}` });
  const types = n.type === undefined ? undefined : Array.isArray(n.type) ? n.type : [n.type];
  const items = n.items ? compile(n.items, root, cache) : undefined;
  const props = n.properties ? Object.entries(n.properties).map(([k, sub]) => [k, compile(sub, root, cache)] as const) : undefined;
  const required = n.required ?? [];
  self = (v) => {
    if (n.const !== undefined && v !== n.const) return fail();
    if (n.enum && !n.enum.includes(v as never)) return fail();
    const t = typeOf(v);
    if (types && !types.some((want) => want === t || (want === 'number' && t === 'integer'))) return fail();
    if (typeof v === 'number') {
      if (n.minimum !== undefined && v < n.minimum) return fail();
      if (n.maximum !== undefined && v > n.maximum) return fail();
    } else if (typeof v === 'string') {
      if (n.minLength !== undefined && v.length < n.minLength) return fail();
      if (n.maxLength !== undefined && v.length > n.maxLength) return fail(`must be at most ${n.maxLength} characters`);
    } else if (Array.isArray(v)) {
      if (n.minItems !== undefined && v.length < n.minItems) return fail(`must have at least ${n.minItems} entr${n.minItems === 1 ? 'y' : 'ies'}`);
      if (n.maxItems !== undefined && v.length > n.maxItems) return fail(`must have at most ${n.maxItems} entries`);
      if (items) {
        for (let i = 0; i < v.length; i++) {
          const f = items(v[i]);
          if (f) { f.rev.push(i); return f; }
        }
      }
    } else if (t === 'object') {
      const o = v as Record<string, unknown>;
      for (const r of required) {
        if (!Object.prototype.hasOwnProperty.call(o, r)) {
          const want = n.properties?.[r];
          return fail(`missing required property "${r}"${want ? ` (${describe(want, root)})` : ''}`);
        }
      }
      if (props) {
        for (const [k, check] of props) {
          if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
          const f = check(o[k]);
          if (f) { f.rev.push(k); return f; }
        }
      }
    }
    return undefined;
  };
  return proxy;
}

const compiled = new Map<SchemaNode, Check>();

/** First violation of `value` against the schema, or undefined. Document order of the schema. O(size of value). */
export function checkSchema(value: unknown, root: SchemaNode = imageSchema): SchemaViolation | undefined {
  let check = compiled.get(root);
  if (!check) compiled.set(root, (check = compile(root, root, new Map())));
  const f = check(value);
  return f ? { path: f.rev.reverse(), message: f.message } : undefined;
}

export { formatPath };
