// Re-encodes an uploaded image: orientation applied, metadata dropped, responsive widths in AVIF,
// WebP and a JPEG fallback (PNG when the image has transparency). Nothing of the upload's own
// bytes is ever served. Animated GIFs keep their first frame only: one still per format and width.
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { AppError, invalid } from '../shared/errors.js';

// Each upload is new: libvips' cache would only hold memory. Uploads are rare; one at a time per core.
sharp.cache(false);

/** Widths the site offers; an image narrower than the largest also gets its own width, never more. */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;

export interface EncodedImage {
  data: Buffer;
  mime: string;
  ext: string;
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** The oriented size of the upload. */
  width: number;
  height: number;
  outputs: EncodedImage[];
}

export function widthsFor(width: number): number[] {
  const out: number[] = IMAGE_WIDTHS.filter((w) => w < width);
  if (width <= IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]!) out.push(width);
  return out;
}

const unreadable = (cause: unknown) => invalid('MEDIA_IMAGE_UNREADABLE', 'The image could not be read; it may be damaged', { field: 'file', cause: String(cause) });

export async function processImage(input: Buffer, maxPixels: number): Promise<ProcessedImage> {
  const open = () => sharp(input, { limitInputPixels: maxPixels, failOn: 'error', animated: false }).timeout({ seconds: 120 });
  let meta: Metadata;
  try {
    meta = await sharp(input, { animated: false }).metadata();
  } catch (e) {
    throw unreadable(e);
  }
  if (!meta.width || !meta.height) throw unreadable('no size');
  // A small file can declare a huge canvas (a decompression bomb): refused before decoding.
  if (meta.width * meta.height > maxPixels)
    throw new AppError('too_large', 'MEDIA_IMAGE_TOO_MANY_PIXELS', `The image is ${meta.width} × ${meta.height} pixels; at most ${Math.round(maxPixels / 1e6)} million pixels are accepted`, {
      isPublic: true,
      details: { field: 'file', width: meta.width, height: meta.height, maxPixels },
    });
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  const widths = widthsFor(width);
  const largest = widths[widths.length - 1]!;

  // Decode once, upright and no wider than the largest output; every output is made from that.
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await open().rotate().resize({ width: largest, withoutEnlargement: true }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadable(e);
  }
  const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } } as const;
  const { isOpaque } = await sharp(base.data, raw).stats();

  const outputs: EncodedImage[] = [];
  for (const w of widths) {
    const sized = () => sharp(base.data, raw).resize({ width: w, withoutEnlargement: true });
    const encodings: [string, string, (s: Sharp) => Sharp][] = [
      ['image/avif', 'avif', (s) => s.avif({ quality: 55, effort: 2 })],
      ['image/webp', 'webp', (s) => s.webp({ quality: 80, alphaQuality: 90 })],
      isOpaque
        ? ['image/jpeg', 'jpg', (s) => s.jpeg({ quality: 82, mozjpeg: true })]
        : ['image/png', 'png', (s) => s.png({ compressionLevel: 9 })],
    ];
    for (const [mime, ext, encode] of encodings) {
      const { data, info } = await encode(isOpaque ? sized().removeAlpha() : sized()).toBuffer({ resolveWithObject: true });
      outputs.push({ data, mime, ext, width: info.width, height: info.height });
    }
  }
  return { width, height, outputs };
}
