// SimpleDB's XML bodies: escaping, and base64 for text that XML cannot carry.
export const NAMESPACE = 'http://sdb.amazonaws.com/doc/2009-04-15/';

// Characters XML 1.0 cannot carry (besides lone surrogates, which UTF-8 input never yields).
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/**
 * Any character escapeText changes or INVALID_XML may match (any surrogate, paired or not): text
 * without one, nearly all of it, goes as it is after one scan. A Select page's escaping was about a
 * third of the server's CPU in a first backup (issue 11: it shares the benchmark's two cores).
 */
// eslint-disable-next-line no-control-regex
const NEEDS_CARE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** `<Tag>text</Tag>`, or `<Tag encoding="base64">...</Tag>` when the text holds XML-invalid characters. */
export function textElement(tag: string, value: string): string {
  if (!NEEDS_CARE.test(value)) return `<${tag}>${value}</${tag}>`;
  if (INVALID_XML.test(value)) return `<${tag} encoding="base64">${Buffer.from(value, 'utf8').toString('base64')}</${tag}>`;
  return `<${tag}>${escapeText(value)}</${tag}>`;
}

/** A success response around its result element (absent: null; `<XResult/>` when empty). */
export function successBody(action: string, result: string | null, requestId: string, boxUsage: string): string {
  const resultXml = result === null ? '' : result === '' ? `<${action}Result/>` : `<${action}Result>${result}</${action}Result>`;
  return `${responseOpen(action)}${resultXml}${responseClose(action, requestId, boxUsage)}`;
}

/** successBody as UTF-8 bytes; a result in pieces (a Select page, select-page.ts) is joined as bytes, never as one large string. */
export function successBodyBytes(action: string, result: string | Buffer[] | null, requestId: string, boxUsage: string): Buffer {
  if (!Array.isArray(result) || result.every((piece) => piece.length === 0)) {
    return Buffer.from(successBody(action, Array.isArray(result) ? '' : result, requestId, boxUsage), 'utf8');
  }
  const open = Buffer.from(`${responseOpen(action)}<${action}Result>`, 'utf8');
  const close = Buffer.from(`</${action}Result>${responseClose(action, requestId, boxUsage)}`, 'utf8');
  return Buffer.concat([open, ...result, close]);
}

function responseOpen(action: string): string {
  return `<?xml version="1.0"?>\n<${action}Response xmlns="${NAMESPACE}">`;
}

function responseClose(action: string, requestId: string, boxUsage: string): string {
  return `<ResponseMetadata><RequestId>${requestId}</RequestId><BoxUsage>${boxUsage}</BoxUsage></ResponseMetadata></${action}Response>`;
}

export function errorBody(code: string, message: string, requestId: string, boxUsage: string): string {
  message = message.replace(new RegExp(INVALID_XML.source, 'g'), '\uFFFD');
  return `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${escapeText(code)}</Code><Message>${escapeText(message)}</Message><BoxUsage>${boxUsage}</BoxUsage></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}
