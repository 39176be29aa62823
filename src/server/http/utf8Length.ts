/**
 * The length of a string in UTF-8 bytes: what Go's `len` and
 * ozzo-validation's `Length` rule count, where JavaScript's `.length` counts
 * UTF-16 units. A lone surrogate counts 3, as the U+FFFD Go reads it as.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (
      unit >= 0xd800 &&
      unit < 0xdc00 &&
      isLowSurrogate(text.charCodeAt(index + 1))
    ) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit < 0xe000;
}
