/**
 * Positions in JSON source text: the line and column of a syntax error (JSON.parse in Node 20 no
 * longer reports one), and the line of the value at a JSON path (for findings).
 *
 * Both use a small scanner over the text instead of a second full parse. The path locator caches
 * the offsets of every element of each array it walks into, so locating N findings in an image
 * of size S costs O(S) once plus a short local scan per finding.
 */

export interface TextPos { offset: number; line: number; column: number }

/** Path segments: property names and array indexes, e.g. ['tasks', 3, 'sid'] for $.tasks[3].sid. */
export type PathSeg = string | number;

/** `$.tasks[3].sid` from segments. */
export function formatPath(segs: readonly PathSeg[]): string {
  let s = '$';
  for (const p of segs) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return s;
}

/** Segments from `$.tasks[3].sid` (the inverse of formatPath for the paths crplan writes). */
export function parsePath(path: string): PathSeg[] {
  const out: PathSeg[] = [];
  const re = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/** Line starts, for offset -> line/column by binary search. */
export class LineTable {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  pos(offset: number): TextPos {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

class SyntaxFailure {
  constructor(readonly offset: number, readonly message: string) {}
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A strict JSON scanner. It does not build values: it validates (for error positions) and skips
 * values (for the locator). Iterative over containers so deep nesting cannot overflow the stack.
 */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && WS.has(this.s.charCodeAt(this.i))) this.i++;
  }

  fail(msg: string): never {
    throw new SyntaxFailure(this.i, msg);
  }

  describeHere(): string {
    if (this.i >= this.s.length) return 'unexpected end of input';
    return `unexpected character ${JSON.stringify(this.s[this.i])}`;
  }

  string(): void {
    // at '"'
    this.i++;
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      const c = this.s.charCodeAt(this.i);
      if (c === 0x22) { this.i++; return; }
      if (c < 0x20) this.fail('control character in string');
      if (c === 0x5c) {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) { this.i++; this.fail('bad \\u escape in string'); }
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else { this.i++; this.fail('bad escape in string'); }
      } else this.i++;
    }
  }

  number(): void {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m || m[0] === '' || m[0] === '-') this.fail(this.describeHere());
    this.i += m[0].length;
  }

  literal(): void {
    for (const w of ['true', 'false', 'null']) {
      if (this.s.startsWith(w, this.i)) { this.i += w.length; return; }
    }
    this.fail(this.describeHere());
  }

  /** Scan one value starting at the current position (after whitespace). */
  value(): void {
    // explicit stack of open containers: '{' or '['
    const stack: string[] = [];
    let expectValue = true;
    for (;;) {
      this.ws();
      if (expectValue) {
        const c = this.s[this.i];
        if (c === '{') {
          this.i++; this.ws();
          if (this.s[this.i] === '}') { this.i++; expectValue = false; }
          else { stack.push('{'); this.key(); continue; }
        } else if (c === '[') {
          this.i++; this.ws();
          if (this.s[this.i] === ']') { this.i++; expectValue = false; }
          else { stack.push('['); continue; }
        } else if (c === '"') { this.string(); expectValue = false; }
        else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) { this.number(); expectValue = false; }
        else if (c === 't' || c === 'f' || c === 'n') { this.literal(); expectValue = false; }
        else this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}, expected a value`);
      }
      // after a value
      if (stack.length === 0) return;
      this.ws();
      const top = stack[stack.length - 1];
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        if (top === '{') this.key();
        expectValue = true;
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        this.i++; stack.pop(); expectValue = false;
      } else {
        this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}, expected ',' or '${top === '{' ? '}' : ']'}'`);
      }
    }
  }

  key(): void {
    this.ws();
    if (this.s[this.i] !== '"') this.fail(this.i >= this.s.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(this.s[this.i])}, expected a property name`);
    this.string();
    this.ws();
    if (this.s[this.i] !== ':') this.fail(this.i >= this.s.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(this.s[this.i])}, expected ':'`);
    this.i++;
  }
}

/** Where and why `text` is not valid JSON (call after JSON.parse failed). */
export function findSyntaxError(text: string): { pos: TextPos; message: string } {
  const sc = new Scanner(text);
  let off = 0;
  let msg = 'invalid JSON';
  try {
    sc.ws();
    sc.value();
    sc.ws();
    if (sc.i < text.length) sc.fail(`unexpected ${JSON.stringify(text[sc.i])} after the end of the JSON value`);
    // The scanner accepted what JSON.parse refused (should not happen); point at the end.
    off = text.length;
  } catch (e) {
    if (!(e instanceof SyntaxFailure)) throw e;
    off = e.offset;
    msg = e.message;
  }
  return { pos: new LineTable(text).pos(off), message: msg };
}

/**
 * Finds the source line of the value at a JSON path. Tolerant: returns undefined when the path
 * does not exist in the text.
 */
export class PathLocator {
  private lines?: LineTable;
  /** array start offset -> offsets of its elements */
  private readonly arrays = new Map<number, number[]>();

  constructor(readonly text: string) {}

  line(path: string | readonly PathSeg[]): number | undefined {
    const off = this.offset(typeof path === 'string' ? parsePath(path) : path);
    if (off === undefined) return undefined;
    this.lines ??= new LineTable(this.text);
    return this.lines.pos(off).line;
  }

  offset(segs: readonly PathSeg[]): number | undefined {
    const sc = new Scanner(this.text);
    try {
      sc.ws();
      for (const seg of segs) {
        const c = this.text[sc.i];
        if (typeof seg === 'number') {
          if (c !== '[') return undefined;
          const elems = this.elements(sc.i);
          if (seg >= elems.length) return undefined;
          sc.i = elems[seg];
        } else {
          if (c !== '{') return undefined;
          if (!this.seekKey(sc, seg)) return undefined;
        }
      }
      return sc.i;
    } catch (e) {
      if (e instanceof SyntaxFailure) return undefined;
      throw e;
    }
  }

  private elements(start: number): number[] {
    let got = this.arrays.get(start);
    if (got) return got;
    got = [];
    const sc = new Scanner(this.text);
    sc.i = start + 1;
    sc.ws();
    if (this.text[sc.i] !== ']') {
      for (;;) {
        sc.ws();
        got.push(sc.i);
        sc.value();
        sc.ws();
        if (this.text[sc.i] === ',') { sc.i++; continue; }
        break;
      }
    }
    this.arrays.set(start, got);
    return got;
  }

  /** Moves sc to the value of property `name` of the object at sc.i; false when absent. */
  private seekKey(sc: Scanner, name: string): boolean {
    sc.i++; // '{'
    sc.ws();
    if (this.text[sc.i] === '}') return false;
    for (;;) {
      sc.ws();
      const kStart = sc.i;
      sc.string();
      const key = JSON.parse(this.text.slice(kStart, sc.i)) as string;
      sc.ws();
      sc.i++; // ':'
      sc.ws();
      if (key === name) return true;
      sc.value();
      sc.ws();
      if (this.text[sc.i] === ',') { sc.i++; continue; }
      return false;
    }
  }
}
