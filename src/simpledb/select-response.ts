// A Select response read straight into items, for the compact form the project's own server sends:
// no white space between elements, no attributes but the root's, no comments. (SimpleDB's own
// bodies were not checked against it here; one in another form costs at most one extra pass over
// it, then the general reader.) The general reader (xml.ts) builds an element tree first, about 26
// elements an item with 8 attributes; this reads the same text with a few indexOf calls an
// attribute and makes only the items (issue 11: the Select path's CPU on a first run of 100,000
// items, bench/results/2026-11-30-13.md).
//
// Anything else gives undefined, never an error and never a partial page: the caller then reads the
// body with the general reader, which accepts, or refuses with its own error, exactly what it did
// before. So this path can only be faster, never read a body differently (a unit test compares the
// two on generated bodies; a review's fuzzing found three kinds of body it read that the general
// reader refused: entities in the root's attributes, a root of a million attributes, a client
// configured with a depth limit under 5; each is declined now).
import { decodeEntities, type XmlLimits } from './xml.ts';
import type { Item, ResponseMetadata, SelectOutput } from './types.ts';

export interface CompactSelect {
  meta: ResponseMetadata;
  /** The page as client.select returns it (an empty NextToken counts as none, as for the general reader). */
  output: SelectOutput;
}

const PROLOG_START = '<?xml';
const ROOT_OPEN = '<SelectResponse';
const ROOT_CLOSE = '</SelectResponse>';
const RESULT_OPEN = '<SelectResult>';
const RESULT_EMPTY = '<SelectResult/>';
const RESULT_CLOSE = '</SelectResult>';
const ITEM_OPEN = '<Item><Name>';
const ITEM_NAME_CLOSE = '</Name>';
const ITEM_CLOSE = '</Item>';
const ATTRIBUTE_OPEN = '<Attribute><Name>';
const ATTRIBUTE_NAME_CLOSE = '</Name><Value>';
const ATTRIBUTE_CLOSE = '</Value></Attribute>';
const TOKEN_OPEN = '<NextToken>';
const TOKEN_CLOSE = '</NextToken>';
const META_OPEN = '<ResponseMetadata><RequestId>';
const REQUEST_ID_CLOSE = '</RequestId><BoxUsage>';
const META_CLOSE = '</BoxUsage></ResponseMetadata>';
/**
 * The root's start tag: its name, then a few attributes (SimpleDB sends the namespace alone) and
 * nothing else. No `&` in their values: the general reader decodes (and may refuse) references
 * there. The repetition is bounded: unbounded, a tag of a million attributes ran V8's regex engine
 * out of stack (found by review).
 */
const ROOT_TAG = /^<SelectResponse(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*')){0,8}\s*>$/;
/** How deep the compact form nests: SelectResponse, SelectResult, Item, Attribute, Name. */
const ATTRIBUTE_DEPTH = 5;
const WHITE_SPACE = /^\s*$/;

/** The page, or undefined when the body is not in the compact form (the general reader then reads it). */
export function readCompactSelect(body: string, limits: XmlLimits): CompactSelect | undefined {
  const reader = new CompactReader(body);
  try {
    return reader.read(limits);
  } catch {
    // decodeEntities refuses a bad reference, and nothing here may fail a read the general reader
    // would make: declining is always safe, and that reader names what is wrong, if anything.
    return undefined;
  }
}

class CompactReader {
  #pos = 0;

  constructor(readonly body: string) {}

  read(limits: XmlLimits): CompactSelect | undefined {
    const { body } = this;
    if (!this.#root()) return undefined;
    const items: Item[] = [];
    let nextToken: string | undefined;
    // SelectResponse, SelectResult, ResponseMetadata, RequestId, BoxUsage; 2 an item, 3 an attribute.
    let elements = 5;
    // ResponseMetadata > RequestId nests 3 deep; an item's Name 4; an attribute's Name and Value 5.
    let depth = ATTRIBUTE_DEPTH - 2;
    if (body.startsWith(RESULT_EMPTY, this.#pos)) this.#pos += RESULT_EMPTY.length;
    else {
      if (!this.#literal(RESULT_OPEN)) return undefined;
      while (body.startsWith(ITEM_OPEN, this.#pos)) {
        this.#pos += ITEM_OPEN.length;
        const name = this.#text(ITEM_NAME_CLOSE);
        if (name === undefined) return undefined;
        const attributes: Item['Attributes'] = [];
        while (body.startsWith(ATTRIBUTE_OPEN, this.#pos)) {
          this.#pos += ATTRIBUTE_OPEN.length;
          const attributeName = this.#text(ATTRIBUTE_NAME_CLOSE);
          if (attributeName === undefined) return undefined;
          const value = this.#text(ATTRIBUTE_CLOSE);
          if (value === undefined) return undefined;
          attributes.push({ Name: attributeName, Value: value });
        }
        if (!this.#literal(ITEM_CLOSE)) return undefined;
        elements += 2 + 3 * attributes.length;
        depth = Math.max(depth, attributes.length > 0 ? ATTRIBUTE_DEPTH : ATTRIBUTE_DEPTH - 1);
        // Past the general reader's limit: it refuses the body with its own error.
        if (elements > limits.maxElements) return undefined;
        items.push({ Name: name, Attributes: attributes });
      }
      if (body.startsWith(TOKEN_OPEN, this.#pos)) {
        this.#pos += TOKEN_OPEN.length;
        nextToken = this.#text(TOKEN_CLOSE);
        if (nextToken === undefined) return undefined;
        elements++;
      }
      if (!this.#literal(RESULT_CLOSE)) return undefined;
    }
    if (!this.#literal(META_OPEN)) return undefined;
    const requestId = this.#text(REQUEST_ID_CLOSE);
    if (requestId === undefined) return undefined;
    const boxUsage = this.#text(META_CLOSE);
    if (boxUsage === undefined || !this.#literal(ROOT_CLOSE)) return undefined;
    if (!WHITE_SPACE.test(body.slice(this.#pos))) return undefined;
    if (elements > limits.maxElements) return undefined;
    // Past the general reader's depth limit (a client configured below SimpleDB's 5): it refuses.
    if (depth > limits.maxDepth) return undefined;
    const meta: ResponseMetadata = { RequestId: requestId, BoxUsage: boxUsage };
    return { meta, output: { ...meta, Items: items, ...(nextToken ? { NextToken: nextToken } : {}) } };
  }

  /** Past an optional `<?xml ...?>` and white space, the root's start tag. */
  #root(): boolean {
    const { body } = this;
    let pos = 0;
    if (body.startsWith(PROLOG_START, pos)) {
      const end = body.indexOf('?>', pos);
      if (end < 0) return false;
      pos = end + 2;
    }
    const lt = body.indexOf('<', pos);
    if (lt < 0 || !WHITE_SPACE.test(body.slice(pos, lt)) || !body.startsWith(ROOT_OPEN, lt)) return false;
    const gt = body.indexOf('>', lt);
    if (gt < 0 || !ROOT_TAG.test(body.slice(lt, gt + 1))) return false;
    this.#pos = gt + 1;
    return true;
  }

  #literal(text: string): boolean {
    if (!this.body.startsWith(text, this.#pos)) return false;
    this.#pos += text.length;
    return true;
  }

  /**
   * The text from here up to `close`, which must be the next markup (a `<` anywhere before it, a
   * child element, a comment or CDATA, is not the compact form); entities decoded.
   */
  #text(close: string): string | undefined {
    const { body } = this;
    const lt = body.indexOf('<', this.#pos);
    if (lt < 0 || !body.startsWith(close, lt)) return undefined;
    const raw = body.slice(this.#pos, lt);
    this.#pos = lt + close.length;
    return raw.includes('&') ? decodeEntities(raw) : raw;
  }
}
