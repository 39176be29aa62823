/**
 * A query string read as Go's `url.ParseQuery` reads it, the way the
 * services see `?a=1&b=2`: pairs split on `&`, `+` is a space, and a pair
 * holding a `;` or a malformed `%` escape is dropped (Go reports it, and
 * `URL.Query()` ignores the error). `URLSearchParams` keeps both instead.
 * `get` gives the first value, as `url.Values.Get` does.
 */
export function parseGoQuery(query: string): { get(name: string): string | undefined } {
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const equals = pair.indexOf('=');
    const key = unescape(equals < 0 ? pair : pair.slice(0, equals));
    const value = unescape(equals < 0 ? '' : pair.slice(equals + 1));
    if (key === undefined || value === undefined) continue;
    if (!values.has(key)) values.set(key, value);
  }
  return { get: (name) => values.get(name) };
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Go's `QueryUnescape`; undefined for a `%` not followed by two hex digits. */
function unescape(text: string): string | undefined {
  if (!text.includes('%') && !text.includes('+')) return text;
  if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(text)) return undefined;
  const bytes: number[] = [];
  for (const [part, hex] of text
    .replace(/\+/g, ' ')
    .matchAll(/%([0-9A-Fa-f]{2})|[^%]+/g)) {
    if (hex !== undefined) bytes.push(parseInt(hex, 16));
    else bytes.push(...textEncoder.encode(part));
  }
  return textDecoder.decode(Uint8Array.from(bytes));
}
