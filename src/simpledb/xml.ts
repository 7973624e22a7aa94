// A small, strict XML reader for SimpleDB responses. SimpleDB's bodies use elements, attributes,
// text and the five predefined entities plus numeric character references; nothing else needs
// support. Whitespace and carriage returns inside text are preserved exactly (values may carry them).

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
/** The children of an element that has none yet (most are leaves: `Name`, `Value`); replaced on the first child. */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** A well-formed document refused for its shape: nested too deep or too many elements. */
export class XmlLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlLimitError';
  }
}

export interface XmlLimits {
  /** Deepest element nesting accepted (SimpleDB's responses nest 5 deep). */
  maxDepth: number;
  /** Most elements accepted in one document (each costs memory once built). */
  maxElements: number;
}

/**
 * Far above anything SimpleDB sends: its deepest response (Select: SelectResponse, SelectResult,
 * Item, Attribute, Name) nests 5 deep, and a 1 MB page holds at most about 80,000 elements (every
 * element takes at least 13 bytes, `<Name></Name>`).
 */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 32, maxElements: 250_000 };

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError(`unterminated entity reference near "${whole}"`);
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = Number.parseInt(body.slice(2), 16);
      if (!/^[0-9a-fA-F]+$/.test(body.slice(2)) || cp > 0x10ffff) throw new XmlSyntaxError(`bad character reference &${body};`);
      return String.fromCodePoint(cp);
    }
    if (body.startsWith('#')) {
      const cp = Number.parseInt(body.slice(1), 10);
      if (!/^[0-9]+$/.test(body.slice(1)) || cp > 0x10ffff) throw new XmlSyntaxError(`bad character reference &${body};`);
      return String.fromCodePoint(cp);
    }
    const named = NAMED[body];
    if (named === undefined) throw new XmlSyntaxError(`unknown entity &${body};`);
    return named;
  });
}

/** Parses a document and returns its root element; refuses (XmlLimitError) one past the limits. */
export function parseXml(input: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  let pos = 0;
  let elements = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const len = input.length;
  while (pos < len) {
    const lt = input.indexOf('<', pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      const raw = input.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(raw);
      else if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element');
    }
    if (lt === -1) break;
    // Dispatch on the character after '<' (a start tag is by far the most common).
    const next = input.charCodeAt(lt + 1);
    if (next !== QUESTION && next !== BANG && next !== SLASH) {
      pos = startTag(input, lt, stack, limits, ++elements, root !== undefined) + 1;
      if (lastRoot) root = lastRoot;
      continue;
    }
    if (next === SLASH) {
      // An end tag: half of all tags, so tested first.
      const end = input.indexOf('>', lt);
      if (end === -1) throw new XmlSyntaxError('unterminated end tag');
      const top = stack.pop();
      // The usual end tag is exactly the open element's name: compared in place, no string made.
      const exact = top !== undefined && end - lt - 2 === top.name.length && input.startsWith(top.name, lt + 2);
      if (!exact) {
        const name = input.slice(lt + 2, end).trim();
        if (!top || top.name !== name) throw new XmlSyntaxError(`mismatched end tag </${name}>`);
      }
      if (stack.length === 0) root = top;
      pos = end + 1;
      continue;
    }
    if (input.startsWith('<?', lt)) {
      const end = input.indexOf('?>', lt);
      if (end === -1) throw new XmlSyntaxError('unterminated processing instruction');
      pos = end + 2;
    } else if (input.startsWith('<!--', lt)) {
      const end = input.indexOf('-->', lt);
      if (end === -1) throw new XmlSyntaxError('unterminated comment');
      pos = end + 3;
    } else if (input.startsWith('<![CDATA[', lt)) {
      const end = input.indexOf(']]>', lt);
      if (end === -1) throw new XmlSyntaxError('unterminated CDATA section');
      const top = stack[stack.length - 1];
      if (!top) throw new XmlSyntaxError('CDATA outside the root element');
      top.text += input.slice(lt + 9, end);
      pos = end + 3;
    } else if (input.startsWith('<!', lt)) {
      const end = input.indexOf('>', lt);
      if (end === -1) throw new XmlSyntaxError('unterminated declaration');
      pos = end + 1;
    } else {
      pos = startTag(input, lt, stack, limits, ++elements, root !== undefined) + 1;
      if (lastRoot) root = lastRoot;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`unclosed element <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new XmlSyntaxError('no root element');
  return root;
}

const QUESTION = 0x3f;
const BANG = 0x21;
const SLASH = 0x2f;
const GT = 0x3e;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
/** A tag body that is only a name (the common case: no attributes, no white space). */
const PLAIN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;
const NAME_RE = /^([^\s/>]+)/;
const ATTRIBUTE_RE = /\s*([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/gy;
/** A self-closing root element met by startTag (parseXml reads it back). */
let lastRoot: XmlElement | undefined;

/**
 * Names of the elements met lately: a response repeats a handful of names thousands of times, and
 * reusing the string spares one allocation per element.
 */
const recentNames: string[] = [];
const RECENT_NAMES = 16;

/** The name `input[from, end)` when it is one of the recent names, else undefined. */
function recentName(input: string, from: number, end: number): string | undefined {
  const length = end - from;
  for (const name of recentNames) if (name.length === length && input.startsWith(name, from)) return name;
  return undefined;
}

/** Reads the start tag at `lt`, adds its element to the tree; returns the index of its closing '>'. */
function startTag(input: string, lt: number, stack: XmlElement[], limits: XmlLimits, elements: number, hasRoot: boolean): number {
  lastRoot = undefined;
  const end = findTagEnd(input, lt);
  let name: string | undefined = recentName(input, lt + 1, end);
  let selfClosing = false;
  let attributesFrom = -1;
  let body = '';
  if (name === undefined) {
    body = input.slice(lt + 1, end);
    selfClosing = body.endsWith('/');
    if (selfClosing) body = body.slice(0, -1);
  }
  if (name !== undefined) {
    // A recent name is a plain one (PLAIN_NAME_RE matched it): nothing else in the tag.
  } else if (PLAIN_NAME_RE.test(body)) {
    name = body;
    if (recentNames.length >= RECENT_NAMES) recentNames.shift();
    recentNames.push(name);
  } else {
    const m = NAME_RE.exec(body);
    if (!m) throw new XmlSyntaxError('bad start tag');
    name = m[1]!;
    attributesFrom = m[0].length;
  }
  // Checked before the element is built: a hostile body never costs more than the limits allow.
  if (elements > limits.maxElements) throw new XmlLimitError(`more than ${limits.maxElements} elements`);
  if (stack.length + 1 > limits.maxDepth) throw new XmlLimitError(`elements nested deeper than ${limits.maxDepth}`);
  // Most elements carry no attributes: they share one frozen empty record (memory per element).
  const el: XmlElement = { name, attributes: NO_ATTRIBUTES, children: NO_CHILDREN, text: '' };
  if (attributesFrom >= 0) {
    ATTRIBUTE_RE.lastIndex = attributesFrom;
    let am: RegExpExecArray | null;
    while ((am = ATTRIBUTE_RE.exec(body)) !== null) {
      if (el.attributes === NO_ATTRIBUTES) el.attributes = {};
      el.attributes[am[1]!] = decodeEntities(am[3] ?? am[4] ?? '');
      if (ATTRIBUTE_RE.lastIndex >= body.length) break;
    }
  }
  const parent = stack[stack.length - 1];
  if (parent) {
    if (parent.children === NO_CHILDREN) parent.children = [el];
    else parent.children.push(el);
  }
  else if (hasRoot) throw new XmlSyntaxError('more than one root element');
  if (selfClosing) {
    if (!parent) lastRoot = el;
  } else stack.push(el);
  return end;
}

function findTagEnd(input: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === GT) return i;
  }
  throw new XmlSyntaxError('unterminated start tag');
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Text of an element, decoding `encoding="base64"` as SimpleDB marks it. */
export function decodedText(el: XmlElement): string {
  if (el.attributes['encoding'] === 'base64') return Buffer.from(el.text, 'base64').toString('utf8');
  return el.text;
}

export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c ? decodedText(c) : undefined;
}
