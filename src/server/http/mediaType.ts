import { badRequest } from './errors.ts';

/** RFC 2045 token characters: visible ASCII without tspecials. */
const TOKEN_CHAR = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]$/;
const SPACE = /^[ \t\n\v\f\r]$/;

/**
 * The media type of a Content-Type header, lower case, checked as Go's
 * `mime.ParseMediaType` checks it (type, optional `/subtype`, then
 * `; name=value` parameters with token or quoted-string values). A header it
 * refuses is the Content-Type guard's 400, with Go's reason.
 */
export function parseMediaType(header: string): string {
  const semicolon = header.indexOf(';');
  const base = (semicolon < 0 ? header : header.slice(0, semicolon)).toLowerCase().trim();
  const type = token(base, 0);
  if (type === 0) throw invalid('mime: no media type');
  if (type < base.length) {
    if (base[type] !== '/') throw invalid('mime: expected slash after first token');
    const subtype = token(base, type + 1);
    if (subtype === type + 1) throw invalid('mime: expected token after slash');
    if (subtype < base.length)
      throw invalid('mime: unexpected content after media subtype');
  }
  if (semicolon >= 0) checkParameters(header.slice(semicolon));
  return base;
}

/** `; name=value` pairs; a lone trailing `;` is allowed, names may not repeat. */
function checkParameters(text: string): void {
  const names = new Set<string>();
  let index = 0;
  for (;;) {
    index = skipSpace(text, index);
    if (index >= text.length) return;
    // Each parameter starts with ';'.
    if (text[index] !== ';') throw invalid('mime: invalid media parameter');
    index = skipSpace(text, index + 1);
    if (index >= text.length) return;
    const nameEnd = token(text, index);
    if (nameEnd === index) throw invalid('mime: invalid media parameter');
    const name = text.slice(index, nameEnd).toLowerCase();
    index = skipSpace(text, nameEnd);
    if (text[index] !== '=') throw invalid('mime: invalid media parameter');
    index = skipSpace(text, index + 1);
    const valueEnd = text[index] === '"' ? quotedString(text, index) : token(text, index);
    if (valueEnd === index) throw invalid('mime: invalid media parameter');
    if (names.has(name)) throw invalid('mime: duplicate parameter name');
    names.add(name);
    index = valueEnd;
  }
}

/** The index after the token starting at `start` (start itself when there is none). */
function token(text: string, start: number): number {
  let index = start;
  while (index < text.length && TOKEN_CHAR.test(text[index] as string)) index++;
  return index;
}

/** The index after a closed quoted string at `start`, or `start` when it is not closed. */
function quotedString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  return start;
}

function skipSpace(text: string, start: number): number {
  let index = start;
  while (index < text.length && SPACE.test(text[index] as string)) index++;
  return index;
}

function invalid(reason: string) {
  return badRequest(`Invalid value for Content-Type header: ${reason}`);
}
