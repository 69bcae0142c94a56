/**
 * What an uploaded photo is: its format read from its own bytes, its displayed size, its hash.
 * A file is refused before it is stored if it is not a JPEG, PNG or WebP, if its header
 * promises more pixels than a camera makes (a decompression bomb), or if it does not decode
 * to the end (a truncated or corrupt upload).
 */
import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { PayloadTooLarge, Unprocessable, UnsupportedMediaType } from '../../errors.js';

export type PhotoFormat = 'jpeg' | 'png' | 'webp';
export const PHOTO_FORMATS: readonly PhotoFormat[] = Object.freeze(['jpeg', 'png', 'webp'] as const);

/**
 * 120 megapixels. Takes every camera a newsroom meets, a 102 MP medium-format frame
 * (11,648 x 8,736) included, and a stitched panorama of that order; refuses a 50,000 x 50,000
 * PNG (2.5 gigapixels, 7.5 GB once decoded) at its header.
 */
export const DEFAULT_MAX_PIXELS = 120_000_000;

export interface ProbedImage {
  format: PhotoFormat;
  /** As displayed: after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** Length of the file. */
  bytes: number;
  /** SHA-256 of the file, lowercase hex. */
  sha256: string;
}

const ACCEPTED = 'JPEG, PNG or WebP';

/** The file is not a JPEG, PNG or WebP (SVG, HEIC, AVIF, GIF, HTML, text…). */
export class UnsupportedImage extends UnsupportedMediaType {
  constructor(detail = `A photo must be a ${ACCEPTED} file`) {
    super(detail, { accepted: [...PHOTO_FORMATS] });
  }
}

/** The file says it is a JPEG, PNG or WebP but does not decode: truncated or corrupt. */
export class UnreadableImage extends Unprocessable {
  constructor(detail = 'The photo cannot be decoded: the file is truncated or corrupt') {
    super(detail);
  }
}

/** The header promises more pixels than the limit: refused before any pixel is decoded. */
export class ImageTooLarge extends PayloadTooLarge {
  constructor(width: number, height: number, maxPixels: number) {
    super(`The photo is ${width} x ${height} pixels; at most ${maxPixels.toLocaleString('en')} pixels are taken`, {
      width,
      height,
      maxPixels,
    });
  }
}

/** The format by magic number, so that SVG, HTML and the rest never reach an image decoder. */
export function sniffPhotoFormat(bytes: Buffer): PhotoFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp';
  }
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads the format from the bytes (never the header a client sent); refuses anything else. */
export async function probeImage(bytes: Buffer, options: { maxPixels?: number } = {}): Promise<ProbedImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const format = sniffPhotoFormat(bytes);
  if (!format) throw new UnsupportedImage();

  // The header alone: no pixel is decoded, so a bomb costs nothing here.
  let header: Metadata;
  try {
    header = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnreadableImage();
  }
  if (header.format !== format) throw new UnreadableImage();
  if (header.width * header.height > maxPixels) throw new ImageTooLarge(header.width, header.height, maxPixels);

  await decodeFully(bytes, maxPixels);
  return {
    format,
    width: header.autoOrient.width,
    height: header.autoOrient.height,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/**
 * Decodes every byte of the compressed data, shrinking as it goes (a JPEG decodes at 1/8 scale,
 * still reading every entropy-coded block), so a cut or damaged file fails here at upload and
 * not later in a rendition. A 24 MP JPEG takes a few hundred milliseconds.
 */
async function decodeFully(bytes: Buffer, maxPixels: number): Promise<void> {
  try {
    await sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels, sequentialRead: true })
      .resize({ width: 64, height: 64, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer();
  } catch {
    throw new UnreadableImage();
  }
}
