// Bytes of an old export → text. The old sites wrote UTF-8, GB18030 and (English pages saved on
// Windows) windows-1252; a guess that turns text into other text is worse than a refusal, so every
// fallback is taken only when the bytes say clearly which encoding they are in.
import { LegacyFormatError } from './legacy.types.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Bytes → text, without the byte-order mark. Empty, binary, truncated and undecodable files are
 * refused with a LegacyFormatError that names the file and says why.
 */
export function decodeLegacyBytes(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new LegacyFormatError(file, 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw new LegacyFormatError(file, `the file is larger than ${MAX_FILE_BYTES} bytes`);
  const text = decodeText(bytes, file).replace(/^\ufeff/, '');
  if (text.includes('\u0000')) throw new LegacyFormatError(file, 'the file is binary, not a text export');
  if (text.trim() === '') throw new LegacyFormatError(file, 'the file is empty (only white space)');
  return text;
}

function decodeText(bytes: Uint8Array, file: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    if (bytes.length % 2 !== 0) throw new LegacyFormatError(file, 'the file is truncated: it ends in the middle of a UTF-16 character');
    const text = decodeOrUndefined(utf16, bytes);
    if (text === undefined) throw new LegacyFormatError(file, 'the file starts with a UTF-16 byte-order mark but is not valid UTF-16');
    return text;
  }
  // NUL anywhere (not only in the first block): PostgreSQL cannot store it and no text export has it.
  if (bytes.includes(0) || hasManyControls(bytes)) throw new LegacyFormatError(file, 'the file is binary, not a text export');

  const utf8 = decodeOrUndefined('utf-8', bytes);
  if (utf8 !== undefined) return utf8;
  if (endsInsideUtf8Character(bytes))
    throw new LegacyFormatError(file, 'the file is truncated: it ends in the middle of a UTF-8 character');
  const bad = mostlyUtf8(bytes);
  if (bad !== undefined) throw new LegacyFormatError(file, `the file is UTF-8 with invalid bytes (the first at byte ${bad})`);
  if (hasIsolatedHighBytes(bytes)) return decodeWindows1252(bytes);
  const gb = decodeOrUndefined('gb18030', bytes);
  if (gb !== undefined) return gb;
  throw new LegacyFormatError(file, 'the file is neither UTF-8 nor GB18030 text');
}

function decodeOrUndefined(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: keep the mark so that the caller strips exactly one, whatever the encoding.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function hasManyControls(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b) control++;
  }
  return control > sample.length * 0.01 + 2;
}

/** How many bytes a UTF-8 sequence with this lead byte has; 0 when it cannot lead one. */
const utf8Length = (b: number) => (b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);
const isContinuation = (b: number) => b >= 0x80 && b <= 0xbf;

/** Valid UTF-8 but for a character cut off at the very end: the file was truncated. */
function endsInsideUtf8Character(bytes: Uint8Array): boolean {
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const need = utf8Length(bytes[bytes.length - cut]!);
    if (need === 0) continue;
    const tail = bytes.subarray(bytes.length - cut + 1);
    return need > cut && tail.every(isContinuation) && decodeOrUndefined('utf-8', bytes.subarray(0, bytes.length - cut)) !== undefined;
  }
  return false;
}

/**
 * The offset of the first invalid byte when the file is plainly UTF-8 with a few bad bytes (most
 * multi-byte sequences valid): decoding it as GB18030 would silently turn it into other text.
 */
function mostlyUtf8(bytes: Uint8Array): number | undefined {
  let valid = 0;
  let invalid = 0;
  let first: number | undefined;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = utf8Length(b);
    if (need > 0 && i + need <= bytes.length && bytes.subarray(i + 1, i + need).every(isContinuation)) {
      valid++;
      i += need;
    } else {
      invalid++;
      first ??= i;
      i++;
    }
  }
  return valid >= 4 && valid >= invalid * 4 ? first : undefined;
}

/**
 * Non-ASCII bytes that stand alone between ASCII ones: a single-byte Latin page (curly quotes,
 * dashes, accents). Chinese in GB18030 always comes in pairs of high bytes.
 */
function hasIsolatedHighBytes(bytes: Uint8Array): boolean {
  let runs = 0;
  let longRuns = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j]! >= 0x80) j++;
    runs++;
    if (j - i > 1) longRuns++;
    i = j;
  }
  return runs > 0 && longRuns * 10 <= runs;
}

// 0x80–0x9F of windows-1252 (Node's own decoder reads that label as ISO-8859-1 and gives C1
// controls there, losing exactly the curly quotes and dashes these pages use); 0 = undefined.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] || c.charCodeAt(0)));
}
