/** Standard base64 with padding, as the client's mbedTLS base64 encoder writes it. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short for large inputs.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Decodes standard base64. */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++)
    bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Characters per base64 line in the PEM the client sends. */
export const PEM_LINE_LENGTH = 64;

/**
 * PEM as the client puts it in the auth body: base64 in 64-character lines,
 * `\n` between lines, and no newline after the END line.
 */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = bytesToBase64(der);
  const lines: string[] = [`-----BEGIN ${label}-----`];
  for (let start = 0; start < base64.length; start += PEM_LINE_LENGTH) {
    lines.push(base64.slice(start, start + PEM_LINE_LENGTH));
  }
  lines.push(`-----END ${label}-----`);
  return lines.join('\n');
}
