/**
 * A small XML well-formedness check for the SVG tests (no dependency): balanced tags, quoted
 * attributes without raw '<' or '&', known entities only, one root element. Returns the element
 * names in document order, or throws naming the offset.
 */
export function checkXml(text: string): { elements: Array<{ name: string; attrs: Record<string, string> }> } {
  const elements: Array<{ name: string; attrs: Record<string, string> }> = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const entity = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) {
      if (s[k] === '<') throw new Error(`raw '<' in text at ${at + k}`);
      if (s[k] === '&') {
        entity.lastIndex = k;
        if (!entity.test(s)) throw new Error(`bad entity at ${at + k}`);
      }
    }
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      if (text.slice(i).trim()) throw new Error(`text after the root element at ${i}`);
      break;
    }
    const between = text.slice(i, lt);
    if (stack.length === 0 && between.trim()) throw new Error(`text outside the root element at ${i}`);
    checkText(between, i);
    if (text.startsWith('<?', lt)) { i = text.indexOf('?>', lt) + 2; continue; }
    if (text.startsWith('<!--', lt)) { i = text.indexOf('-->', lt) + 3; continue; }
    const gt = text.indexOf('>', lt);
    if (gt === -1) throw new Error(`unterminated tag at ${lt}`);
    const tag = text.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${lt}`);
    } else {
      const selfClose = tag.endsWith('/');
      const body = selfClose ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w:.-]*)/.exec(body);
      if (!m) throw new Error(`bad tag name at ${lt}`);
      const attrs: Record<string, string> = {};
      const rest = body.slice(m[1].length);
      const re = /\s+([A-Za-z_][\w:.-]*)="([^"]*)"/y;
      let k = 0;
      while (k < rest.trimEnd().length) {
        re.lastIndex = k;
        const a = re.exec(rest);
        if (!a) throw new Error(`bad attribute syntax in <${m[1]}> at ${lt}: ${rest.slice(k, k + 30)}`);
        if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
        checkText(a[2], lt);
        attrs[a[1]] = a[2];
        k = re.lastIndex;
      }
      if (stack.length === 0) roots++;
      elements.push({ name: m[1], attrs });
      if (!selfClose) stack.push(m[1]);
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return { elements };
}
