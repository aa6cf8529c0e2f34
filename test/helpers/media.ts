// Uploads made in the test itself: images drawn with sharp, documents built as bytes and zips.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import sharp from 'sharp';
import { DEFAULT_MEDIA_LIMITS, type MediaSettings } from '../../src/media/index.js';

/** Media settings over a fresh temporary directory (the default limits unless given); remove() deletes it. */
export async function tempMedia(limits: Partial<Omit<MediaSettings, 'dir'>> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'beiguan-media-'));
  const settings: MediaSettings = { ...DEFAULT_MEDIA_LIMITS, ...limits, dir };
  return { dir, settings, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** 1200 × 600 as stored, left half red, right half blue, with EXIF orientation 6 (turn 90° clockwise). */
export async function orientedJpeg(): Promise<Buffer> {
  const red = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#ff0000' } }).png().toBuffer();
  return sharp({ create: { width: 1200, height: 600, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Secret Camera Owner', Artist: 'Someone' } } })
    .toBuffer();
}

export const transparentPng = () =>
  sharp({ create: { width: 640, height: 400, channels: 4, background: { r: 10, g: 120, b: 40, alpha: 0.4 } } }).png().toBuffer();
export const gif = () => sharp({ create: { width: 200, height: 100, channels: 3, background: '#336699' } }).gif().toBuffer();
export const webp = () => sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa5500' } }).webp().toBuffer();
export const avif = () => sharp({ create: { width: 120, height: 80, channels: 3, background: '#00aa55' } }).avif().toBuffer();
/** A tiny file declaring a huge canvas. */
export const manyPixels = (side: number) => sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 9 }).toBuffer();

export function pdf(padding = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${'x'.repeat(padding)}\ntrailer <</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const CONTENT_TYPES = (part: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${type}"/></Types>`;

export const docx = () =>
  Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(CONTENT_TYPES('word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')),
      'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
    }),
  );
export const xlsx = () =>
  Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(CONTENT_TYPES('xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')),
      'xl/workbook.xml': strToU8('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
    }),
  );

export const svg = () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
export const html = () => Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

export type Part = [name: string, value: string | { filename: string; data: Buffer; type?: string }];

/** A multipart/form-data body, parts in the order given (as a browser sends a form's fields). */
export function multipart(parts: Part[]) {
  const boundary = `----beiguan${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'application/octet-stream'}\r\n\r\n`),
        value.data,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
