/**
 * Photo fixtures made on the fly: no binary file is committed. The JPEGs start from sharp's
 * own output and have their metadata spliced in by hand (EXIF APP1, XMP APP1, Photoshop APP13
 * with IPTC IIM), so that each block holds exactly the bytes a camera or an older Chinese
 * picture desk would write, GB18030 included.
 */
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

export interface PhotoText {
  caption?: string;
  byline?: string;
  credit?: string;
  copyright?: string;
  usageTerms?: string;
  /** ISO 8601. */
  takenAt?: string;
}

export interface JpegWithMetadataOptions extends PhotoText {
  width?: number;
  height?: number;
  /** The IPTC block's encoding; `utf8` also writes 1:90 = ESC % G, `gb18030` writes no 1:90. */
  iptcCharset?: 'utf8' | 'gb18030';
  /** Leave the IPTC block out (the caption etc. above then go nowhere unless `exif`/`xmp` take them). */
  iptc?: boolean;
  /** EXIF GPS position (GPSLatitude, GPSLongitude). */
  gps?: boolean;
  /** EXIF BodySerialNumber and LensSerialNumber. */
  serial?: boolean;
  /** EXIF orientation, 1..8. */
  orientation?: number;
  /** Text for EXIF IFD0 (ImageDescription, Artist, Copyright) and DateTimeOriginal, stored as UTF-8. */
  exif?: PhotoText;
  /** Text for an XMP packet. */
  xmp?: PhotoText;
  /** Pixel colour; default a mid grey. */
  background?: string;
}

export const GPS_LATITUDE = 39.9;
export const SERIAL_NUMBER = 'SN-4711-0815';

/** A JPEG of `width` x `height` with IPTC, EXIF (GPS, serial numbers, orientation) and XMP as asked. */
export async function jpegWithMetadata(options: JpegWithMetadataOptions = {}): Promise<Buffer> {
  const { width = 64, height = 48 } = options;
  const base = await plainJpeg(width, height, options.background);
  const segments: Buffer[] = [];
  segments.push(app1Exif(options));
  if (options.xmp) segments.push(app1Xmp(options.xmp));
  if (options.iptc !== false && hasText(options)) segments.push(app13Iptc(options, options.iptcCharset ?? 'utf8'));
  return spliceAfterAppSegments(base, segments);
}

/** A JPEG with no metadata at all. */
export async function plainJpeg(width: number, height: number, background = '#808080'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).jpeg({ quality: 80 }).toBuffer();
}

export async function plainPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

export async function plainWebp(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#00ff00' } }).webp().toBuffer();
}

/** A `width` x `height` grey picture with a red block over its rightmost tenth. */
export async function jpegWithRedRightEdge(width: number, height: number): Promise<Buffer> {
  const blockWidth = Math.max(1, Math.round(width / 10));
  const block = await sharp({ create: { width: blockWidth, height, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .composite([{ input: block, left: width - blockWidth, top: 0 }])
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** A JPEG cut off half-way through its entropy-coded data. */
export async function truncatedJpeg(width = 256, height = 256): Promise<Buffer> {
  // Noise, so that the compressed data is long and the cut falls well inside it.
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const whole = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

export const POLYGLOT_PAYLOAD = '<script>alert(1)</script>';

/** A valid JPEG with an HTML payload after its EOI marker. */
export async function polyglotJpeg(width = 32, height = 32): Promise<Buffer> {
  return Buffer.concat([await plainJpeg(width, height), Buffer.from(`<html><body>${POLYGLOT_PAYLOAD}</body></html>`)]);
}

export function svgFile(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
  );
}

export async function gifFile(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).gif().toBuffer();
}

export async function avifFile(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).avif().toBuffer();
}

/**
 * A PNG whose header says `width` x `height` (50,000 x 50,000 by default: 2.5 gigapixels, 7.5 GB
 * decoded) in a few hundred bytes: the IDAT holds one compressed row.
 */
export function pngBomb(width = 50_000, height = 50_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const idat = deflateSync(Buffer.alloc(1 + width * 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function hasText(text: PhotoText): boolean {
  return [text.caption, text.byline, text.credit, text.copyright].some((value) => value != null);
}

/** Inserts `segments` after SOI and whatever APPn segments follow it. */
function spliceAfterAppSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff && jpeg[offset + 1]! >= 0xe0 && jpeg[offset + 1]! <= 0xef) {
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return Buffer.concat([jpeg.subarray(0, offset), ...segments, jpeg.subarray(offset)]);
}

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

// --- IPTC IIM in a Photoshop 3.0 image resource block ---

function app13Iptc(text: PhotoText, charset: 'utf8' | 'gb18030'): Buffer {
  const encode = charset === 'utf8' ? (value: string) => Buffer.from(value, 'utf8') : encodeGb18030;
  const datasets: Buffer[] = [];
  if (charset === 'utf8') datasets.push(iptcDataset(1, 90, Buffer.from([0x1b, 0x25, 0x47])));
  datasets.push(iptcDataset(2, 0, Buffer.from([0, 4])));
  if (text.byline != null) datasets.push(iptcDataset(2, 80, encode(text.byline)));
  if (text.credit != null) datasets.push(iptcDataset(2, 110, encode(text.credit)));
  if (text.copyright != null) datasets.push(iptcDataset(2, 116, encode(text.copyright)));
  if (text.caption != null) datasets.push(iptcDataset(2, 120, encode(text.caption)));
  const iim = Buffer.concat(datasets);
  const resourceHead = Buffer.alloc(12);
  resourceHead.write('8BIM', 0, 'latin1');
  resourceHead.writeUInt16BE(0x0404, 4);
  // Empty Pascal name: one zero length byte, padded to even.
  resourceHead.writeUInt32BE(iim.length, 8);
  const pad = iim.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return segment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resourceHead, iim, pad]));
}

function iptcDataset(record: number, dataset: number, data: Buffer): Buffer {
  const head = Buffer.from([0x1c, record, dataset, 0, 0]);
  head.writeUInt16BE(data.length, 3);
  return Buffer.concat([head, data]);
}

let gb18030Table: Map<string, Buffer> | undefined;

/** GB18030 for the characters of GBK (all the fixtures use); Node has a decoder but no encoder. */
export function encodeGb18030(text: string): Buffer {
  if (!gb18030Table) {
    gb18030Table = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Buffer.from([lead, trail]));
        if (!gb18030Table.has(char)) gb18030Table.set(char, Buffer.from([lead, trail]));
      }
    }
  }
  const table = gb18030Table;
  return Buffer.concat(
    [...text].map((char) => {
      if (char.charCodeAt(0) < 0x80) return Buffer.from(char, 'latin1');
      const bytes = table.get(char);
      if (!bytes) throw new Error(`No two-byte GB18030 code for ${char}`);
      return bytes;
    }),
  );
}

// --- EXIF: a little-endian TIFF structure, IFD0 → Exif IFD, GPS IFD ---

type ExifValue =
  | { type: 2; value: Buffer }
  | { type: 3; value: number }
  | { type: 4; value: number }
  | { type: 5; value: [number, number][] };
type ExifEntries = [tag: number, value: ExifValue][];

const ascii = (text: string): ExifValue => ({ type: 2, value: Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)]) });

function app1Exif(options: JpegWithMetadataOptions): Buffer {
  const ifd0: ExifEntries = [];
  const exifIfd: ExifEntries = [];
  const gpsIfd: ExifEntries = [];
  const text = options.exif ?? {};
  if (text.caption != null) ifd0.push([0x010e, ascii(text.caption)]);
  ifd0.push([0x010f, ascii('NewsCam')], [0x0110, ascii('NewsCam Pro 1')]);
  if (options.orientation != null) ifd0.push([0x0112, { type: 3, value: options.orientation }]);
  if (text.byline != null) ifd0.push([0x013b, ascii(text.byline)]);
  if (text.copyright != null) ifd0.push([0x8298, ascii(text.copyright)]);
  if (text.takenAt != null) {
    const local = text.takenAt.slice(0, 19).replace('T', ' ').replace(/-/g, ':');
    exifIfd.push([0x9003, ascii(local)]);
    const offset = /[+-]\d\d:\d\d$/.exec(text.takenAt)?.[0];
    if (offset) exifIfd.push([0x9011, ascii(offset)]);
  }
  if (options.serial) exifIfd.push([0xa431, ascii(SERIAL_NUMBER)], [0xa435, ascii('LENS-0042')]);
  if (options.gps) {
    gpsIfd.push(
      [0x0001, ascii('N')],
      [0x0002, { type: 5, value: [[39, 1], [54, 1], [0, 1]] }],
      [0x0003, ascii('E')],
      [0x0004, { type: 5, value: [[116, 1], [23, 1], [0, 1]] }],
    );
  }
  const tiff = buildTiff(ifd0, exifIfd, gpsIfd);
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

function buildTiff(ifd0: ExifEntries, exifIfd: ExifEntries, gpsIfd: ExifEntries): Buffer {
  // Layout: header (8), IFD0, Exif IFD, GPS IFD, then all out-of-line values.
  const ifdSize = (entries: number) => 2 + entries * 12 + 4;
  const ifd0Count = ifd0.length + (exifIfd.length ? 1 : 0) + (gpsIfd.length ? 1 : 0);
  const ifd0Offset = 8;
  const exifOffset = ifd0Offset + ifdSize(ifd0Count);
  const gpsOffset = exifOffset + (exifIfd.length ? ifdSize(exifIfd.length) : 0);
  let dataOffset = gpsOffset + (gpsIfd.length ? ifdSize(gpsIfd.length) : 0);
  const data: Buffer[] = [];

  const writeIfd = (entries: ExifEntries): Buffer => {
    const sorted = [...entries].sort((a, b) => a[0] - b[0]);
    const out = Buffer.alloc(ifdSize(sorted.length));
    out.writeUInt16LE(sorted.length, 0);
    sorted.forEach(([tag, value], index) => {
      const at = 2 + index * 12;
      out.writeUInt16LE(tag, at);
      out.writeUInt16LE(value.type, at + 2);
      if (value.type === 3) {
        out.writeUInt32LE(1, at + 4);
        out.writeUInt16LE(value.value, at + 8);
        return;
      }
      if (value.type === 4) {
        out.writeUInt32LE(1, at + 4);
        out.writeUInt32LE(value.value, at + 8);
        return;
      }
      let bytes: Buffer;
      if (value.type === 2) {
        bytes = value.value;
        out.writeUInt32LE(bytes.length, at + 4);
      } else {
        const rationals = value.value;
        bytes = Buffer.alloc(rationals.length * 8);
        rationals.forEach(([numerator, denominator], i) => {
          bytes.writeUInt32LE(numerator, i * 8);
          bytes.writeUInt32LE(denominator, i * 8 + 4);
        });
        out.writeUInt32LE(rationals.length, at + 4);
      }
      if (bytes.length <= 4) {
        bytes.copy(out, at + 8);
      } else {
        out.writeUInt32LE(dataOffset, at + 8);
        const padded = bytes.length % 2 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes;
        data.push(padded);
        dataOffset += padded.length;
      }
    });
    return out;
  };
  const long = (value: number): ExifValue => ({ type: 4, value });
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  const pointers: ExifEntries = [];
  if (exifIfd.length) pointers.push([0x8769, long(exifOffset)]);
  if (gpsIfd.length) pointers.push([0x8825, long(gpsOffset)]);
  const parts = [header, writeIfd([...ifd0, ...pointers])];
  if (exifIfd.length) parts.push(writeIfd(exifIfd));
  if (gpsIfd.length) parts.push(writeIfd(gpsIfd));
  return Buffer.concat([...parts, ...data]);
}

// --- XMP ---

function app1Xmp(text: PhotoText): Buffer {
  const escape = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const alt = (name: string, value: string | undefined) =>
    value == null ? '' : `<${name}><rdf:Alt><rdf:li xml:lang="x-default">${escape(value)}</rdf:li></rdf:Alt></${name}>`;
  const credit = text.credit == null ? '' : ` photoshop:Credit="${escape(text.credit)}"`;
  const dateCreated = text.takenAt == null ? '' : ` photoshop:DateCreated="${escape(text.takenAt)}"`;
  const creator =
    text.byline == null ? '' : `<dc:creator><rdf:Seq><rdf:li>${escape(text.byline)}</rdf:li></rdf:Seq></dc:creator>`;
  const packet =
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"' +
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"' +
    `${credit}${dateCreated}>` +
    alt('dc:description', text.caption) +
    creator +
    alt('dc:rights', text.copyright) +
    alt('xmpRights:UsageTerms', text.usageTerms) +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  return segment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(packet, 'utf8')]));
}
