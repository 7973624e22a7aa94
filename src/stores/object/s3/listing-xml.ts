/**
 * A strict reader for the XML of S3 listing pages (ListObjectsV2, ListObjectVersions), an order of
 * magnitude cheaper than the SDK's parser on pages of 1,000 entries (issue 11: the SDK's reads a
 * page character by character into strings, 25-30 ms of CPU and a collection per page; a listing
 * of 2,000 keys spent more of the client's time there than anywhere else).
 *
 * It reads the plain documents S3-compatible servers send: an optional XML declaration, one root
 * element (attributes such as xmlns allowed there only), elements holding either text or elements,
 * whitespace between elements, the five named entities and character references. Anything else
 * (comments, CDATA, a DOCTYPE, processing instructions, attributes on inner elements, carriage
 * returns, mixed content, an unknown entity, a reference beyond U+FFFF, a tag closed as `</a >`,
 * content after the root) makes it return undefined, and the caller lets the SDK parse the page.
 * So what it returns is what the SDK would read (test/unit/listing-xml.test.ts holds the two side
 * by side): the SDK turns CR LF into LF, drops entities it does not know and truncates references
 * past U+FFFF, and a catalogue written from one parse must read the same keys from the other.
 */

/** A leaf's text, or `null` when the element held elements or appeared more than once. */
export type XmlFields = Map<string, string | null>;

export interface ListingXml {
  /** The root's leaf elements (a name appearing twice, or holding elements, maps to null). */
  fields: XmlFields;
  /** The entry elements (ListObjectsV2's Contents; Version, DeleteMarker), in document order. */
  entries: { tag: string; fields: XmlFields }[];
}

/** An element's opening tag without attributes (`<Key>`, `<Prefix/>`). */
const TAG = /<([A-Za-z_][A-Za-z0-9_.:-]*)(\/?)>/y;
/** The root's opening tag: attributes with quoted values free of `<` and `&`. */
const ROOT_TAG = /<([A-Za-z_][A-Za-z0-9_.:-]*)(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*[ \t\n]*=[ \t\n]*(?:"[^"<&]*"|'[^'<&]*'))*[ \t\n]*>/y;
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Levels below the root an element may sit at (entry, field, a field's parts, with room to spare). */
const MAX_DEPTH = 8;

class Unreadable extends Error {}
const unreadable = new Unreadable();

/**
 * The leaves of the root element `root` and of its `entryTags` children, or undefined when the
 * document is not the plain XML this reader takes (the SDK then parses it).
 */
export function readListingXml(xml: string, root: string, entryTags: ReadonlySet<string>): ListingXml | undefined {
  if (xml.includes('\r') || xml.includes('<!')) return undefined;
  try {
    let at = 0;
    if (xml.startsWith('<?xml')) {
      const end = xml.indexOf('?>');
      if (end < 0) return undefined;
      at = end + 2;
    }
    if (xml.includes('<?', at)) return undefined;
    at = skipSpace(xml, at);
    ROOT_TAG.lastIndex = at;
    const open = ROOT_TAG.exec(xml);
    if (!open || open[1] !== root) return undefined;
    const reader = new Reader(xml, ROOT_TAG.lastIndex);
    const page: ListingXml = { fields: new Map(), entries: [] };
    reader.children(root, (tag, empty) => {
      if (entryTags.has(tag)) {
        // <Contents/>: the SDK reads an entry of no fields as an empty string, not an object.
        if (empty) throw unreadable;
        const fields: XmlFields = new Map();
        reader.children(tag, (field, emptyField) => reader.leaf(fields, field, emptyField, 2));
        page.entries.push({ tag, fields });
      } else {
        reader.leaf(page.fields, tag, empty, 1);
      }
    });
    if (skipSpace(xml, reader.at) !== xml.length) return undefined;
    return page;
  } catch (error) {
    if (error === unreadable) return undefined;
    throw error;
  }
}

class Reader {
  readonly xml: string;
  at: number;

  constructor(xml: string, at: number) {
    this.xml = xml;
    this.at = at;
  }

  /** The child elements of the element `parent` just opened, up to and past its closing tag. */
  children(parent: string, child: (tag: string, empty: boolean) => void): void {
    const { xml } = this;
    for (;;) {
      const lt = xml.indexOf('<', this.at);
      if (lt < 0 || skipSpace(xml, this.at) !== lt) throw unreadable;
      if (xml.charCodeAt(lt + 1) === 47 /* / */) {
        this.at = closeTag(xml, lt, parent);
        return;
      }
      TAG.lastIndex = lt;
      const open = TAG.exec(xml);
      if (!open) throw unreadable;
      this.at = TAG.lastIndex;
      child(open[1]!, open[2] === '/');
    }
  }

  /**
   * The element `tag` just opened, `depth` levels below the root: its text into `fields`, or null
   * when it holds elements.
   */
  leaf(fields: XmlFields, tag: string, empty: boolean, depth: number): void {
    let value: string | null;
    if (empty) {
      value = '';
    } else {
      const { xml } = this;
      const lt = xml.indexOf('<', this.at);
      if (lt < 0) throw unreadable;
      if (xml.charCodeAt(lt + 1) === 47 /* / */) {
        value = textOf(xml.slice(this.at, lt));
        this.at = closeTag(xml, lt, tag);
      } else {
        // Elements inside (an entry's Owner, RestoreStatus): read past them, keep nothing. A page
        // nests three levels; a deeper one is no listing (and must not exhaust the stack).
        if (depth >= MAX_DEPTH) throw unreadable;
        this.children(tag, (inner, innerEmpty) => this.leaf(new Map(), inner, innerEmpty, depth + 1));
        value = null;
      }
    }
    fields.set(tag, fields.has(tag) ? null : value);
  }
}

/** The position after `</name>` at `lt`; `</name >` and other names are unreadable. */
function closeTag(xml: string, lt: number, name: string): number {
  if (!xml.startsWith(name, lt + 2) || xml.charCodeAt(lt + 2 + name.length) !== 62 /* > */) throw unreadable;
  return lt + 3 + name.length;
}

function skipSpace(xml: string, at: number): number {
  for (;;) {
    const c = xml.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 9) return at;
    at++;
  }
}

/** A leaf's text with its references resolved, read as the SDK reads it. */
function textOf(raw: string): string {
  let text = raw;
  if (raw.includes('&')) {
    let resolved = 0;
    text = raw.replace(REFERENCE, (_, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
      resolved++;
      if (name !== undefined) return NAMED[name]!;
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
      // The SDK reads references with String.fromCharCode: past U+FFFF it would read another character.
      if (code > 0xffff) throw unreadable;
      return String.fromCharCode(code);
    });
    if (raw.split('&').length - 1 !== resolved) throw unreadable;
  }
  // The SDK reads text of nothing but whitespace as empty when it holds a line break.
  return text.trim() === '' && text.includes('\n') ? '' : text;
}
