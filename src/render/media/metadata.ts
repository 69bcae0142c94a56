/**
 * The caption, byline, credit and rights a photo carries, read from its XMP, IPTC IIM and EXIF
 * blocks (in that order of preference, field by field). The blocks are parsed here rather than
 * by a library because Chinese picture desks still send IPTC in GB18030 with no charset
 * dataset, which the libraries read as Latin-1.
 */
import sharp, { type Metadata } from 'sharp';
import { blankToNull } from '../../lib/text.js';

export interface PhotoMetadata {
  caption: string | null;
  byline: string | null;
  credit: string | null;
  copyright: string | null;
  usageTerms: string | null;
  /** ISO 8601; with an offset only when the file gives one. */
  takenAt: string | null;
}

type Fields = { [K in keyof PhotoMetadata]?: string | null };

const EMPTY: PhotoMetadata = {
  caption: null,
  byline: null,
  credit: null,
  copyright: null,
  usageTerms: null,
  takenAt: null,
};

/** Never throws on odd metadata: a block that cannot be read contributes nothing. */
export async function readPhotoMetadata(bytes: Buffer): Promise<PhotoMetadata> {
  let blocks: Metadata;
  try {
    blocks = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ...EMPTY };
  }
  const sources = [
    attempt(() => (blocks.xmp ? readXmp(blocks.xmp.toString('utf8')) : {})),
    attempt(() => (blocks.iptc ? readIptc(blocks.iptc) : {})),
    attempt(() => (blocks.exif ? readExif(blocks.exif) : {})),
  ];
  const result = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof PhotoMetadata)[]) {
    for (const source of sources) {
      const value = blankToNull(source[key]);
      if (value != null) {
        result[key] = value;
        break;
      }
    }
  }
  return result;
}

function attempt(read: () => Fields): Fields {
  try {
    return read();
  } catch {
    return {};
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeLegacyText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return gb18030.decode(bytes);
  }
}

const stripNul = (text: string) => text.replace(/\0+$/, '').replace(/\0/g, ' ');

// --- IPTC IIM ---

/**
 * The IIM datasets, found in a Photoshop image resource block (resource 0x0404) or given bare.
 * 1:90 = ESC % G declares UTF-8; without it the text is tried as UTF-8 and read as GB18030 when
 * that fails.
 */
export function readIptc(block: Buffer): Fields {
  const iim = iptcFromPhotoshop(block) ?? block;
  const datasets = new Map<string, Buffer[]>();
  let offset = 0;
  while (offset + 5 <= iim.length && iim[offset] === 0x1c) {
    const key = `${iim[offset + 1]}:${iim[offset + 2]}`;
    let length = iim.readUInt16BE(offset + 3);
    let start = offset + 5;
    if (length & 0x8000) {
      // Extended dataset: the low bits give how many bytes hold the length.
      const size = length & 0x7fff;
      if (size > 4 || start + size > iim.length) break;
      length = size ? iim.readUIntBE(start, size) : 0;
      start += size;
    }
    if (start + length > iim.length) break;
    datasets.set(key, [...(datasets.get(key) ?? []), iim.subarray(start, start + length)]);
    offset = start + length;
  }
  const charset = datasets.get('1:90')?.[0];
  const utf8 = charset != null && charset.includes(Buffer.from([0x1b, 0x25, 0x47]));
  const text = (key: string): string[] =>
    (datasets.get(key) ?? []).map((bytes) => stripNul(utf8 ? bytes.toString('utf8') : decodeLegacyText(bytes)));
  const first = (key: string) => text(key)[0] ?? null;
  return {
    caption: first('2:120'),
    byline: joinNames(text('2:80')),
    credit: first('2:110'),
    copyright: first('2:116'),
    takenAt: iptcDate(first('2:55'), first('2:60')),
  };
}

function iptcFromPhotoshop(block: Buffer): Buffer | null {
  const header = 'Photoshop 3.0\0';
  let offset = block.toString('latin1', 0, header.length) === header ? header.length : 0;
  if (block.toString('latin1', offset, offset + 4) !== '8BIM') return null;
  while (offset + 12 <= block.length && block.toString('latin1', offset, offset + 4) === '8BIM') {
    const id = block.readUInt16BE(offset + 4);
    const nameLength = block[offset + 6]!;
    // The Pascal name (length byte included) is padded to an even size.
    const sizeAt = offset + 6 + ((nameLength + 2) & ~1);
    if (sizeAt + 4 > block.length) return null;
    const size = block.readUInt32BE(sizeAt);
    const dataAt = sizeAt + 4;
    if (id === 0x0404) return block.subarray(dataAt, Math.min(block.length, dataAt + size));
    offset = dataAt + size + (size & 1);
  }
  return null;
}

function iptcDate(date: string | null, time: string | null): string | null {
  const day = date && /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!day) return null;
  const isoDay = `${day[1]}-${day[2]}-${day[3]}`;
  const clock = time && /^(\d{2})(\d{2})(\d{2})(?:([+-]\d{2})(\d{2}))?$/.exec(time);
  if (!clock) return validIso(isoDay);
  const offset = clock[4] ? `${clock[4]}:${clock[5]}` : '';
  return validIso(`${isoDay}T${clock[1]}:${clock[2]}:${clock[3]}${offset}`);
}

// --- EXIF ---

const IFD0_IMAGE_DESCRIPTION = 0x010e;
const IFD0_ARTIST = 0x013b;
const IFD0_COPYRIGHT = 0x8298;
const IFD0_EXIF_POINTER = 0x8769;
const EXIF_DATE_TIME_ORIGINAL = 0x9003;
const EXIF_OFFSET_TIME_ORIGINAL = 0x9011;

/**
 * IFD0's ImageDescription, Artist and Copyright, and the Exif IFD's DateTimeOriginal. EXIF
 * "ASCII" strings hold UTF-8 in practice (exiftool and MWG read them so) and GB18030 from older
 * Chinese cameras and software; both are read.
 */
export function readExif(block: Buffer): Fields {
  const tiff = block.toString('latin1', 0, 6) === 'Exif\0\0' ? block.subarray(6) : block;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return {};
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));

  const readIfd = (at: number): Map<number, { type: number; count: number; valueAt: number }> => {
    const entries = new Map<number, { type: number; count: number; valueAt: number }>();
    if (at < 8 || at + 2 > tiff.length) return entries;
    const count = u16(at);
    for (let i = 0; i < count && at + 2 + i * 12 + 12 <= tiff.length; i++) {
      const entry = at + 2 + i * 12;
      const type = u16(entry + 2);
      const items = u32(entry + 4);
      const size = items * (type === 3 ? 2 : type === 4 ? 4 : 1);
      entries.set(u16(entry), { type, count: items, valueAt: size <= 4 ? entry + 8 : u32(entry + 8) });
    }
    return entries;
  };
  const ifd0 = readIfd(u32(4));
  const string = (ifd: typeof ifd0, tag: number): string | null => {
    const entry = ifd.get(tag);
    // ASCII (2) or, from some writers, UNDEFINED (7).
    if (!entry || (entry.type !== 2 && entry.type !== 7) || entry.valueAt + entry.count > tiff.length) return null;
    return stripNul(decodeLegacyText(tiff.subarray(entry.valueAt, entry.valueAt + entry.count)));
  };
  const pointer = ifd0.get(IFD0_EXIF_POINTER);
  const exifIfd = pointer && pointer.type === 4 ? readIfd(u32(pointer.valueAt)) : new Map();
  return {
    caption: string(ifd0, IFD0_IMAGE_DESCRIPTION),
    byline: string(ifd0, IFD0_ARTIST),
    copyright: string(ifd0, IFD0_COPYRIGHT),
    takenAt: exifDate(string(exifIfd, EXIF_DATE_TIME_ORIGINAL), string(exifIfd, EXIF_OFFSET_TIME_ORIGINAL)),
  };
}

function exifDate(dateTime: string | null, offset: string | null): string | null {
  const match = dateTime && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(dateTime.trim());
  if (!match) return null;
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '';
  return validIso(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${zone}`);
}

// --- XMP ---

const NAMESPACES = {
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  exif: 'http://ns.adobe.com/exif/1.0/',
} as const;

/**
 * The few properties wanted, in either RDF form a writer may use: an attribute of
 * rdf:Description (`photoshop:Credit="…"`) or an element holding text or an rdf:Alt / Seq /
 * Bag of rdf:li (the x-default item of an Alt first). Prefixes are taken from the packet's own
 * xmlns declarations, not assumed.
 */
export function readXmp(packet: string): Fields {
  const prefixes = new Map<string, string>();
  for (const [, prefix, uri] of packet.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) {
    for (const [name, known] of Object.entries(NAMESPACES)) if (uri === known) prefixes.set(name, prefix!);
  }
  const property = (namespace: keyof typeof NAMESPACES, name: string): string[] => {
    const prefix = prefixes.get(namespace);
    if (!prefix) return [];
    const qname = `${escapeRegExp(prefix)}:${name}`;
    const attribute = new RegExp(`\\s${qname}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(packet);
    if (attribute) return [decodeEntities(attribute[2] ?? attribute[3] ?? '')];
    const element = new RegExp(`<${qname}(?:\\s[^>]*)?>([\\s\\S]*?)</${qname}>`).exec(packet);
    if (!element) return [];
    const body = element[1]!;
    const items = [...body.matchAll(/<rdf:li(\s[^>]*)?>([\s\S]*?)<\/rdf:li>/g)];
    if (!items.length) return /</.test(body) ? [] : [decodeEntities(body)];
    const preferred = items.find((item) => /xml:lang\s*=\s*["']x-default["']/.test(item[1] ?? ''));
    const texts = (preferred ? [preferred] : items).map((item) => decodeEntities(stripTags(item[2]!)));
    return texts;
  };
  const first = (namespace: keyof typeof NAMESPACES, name: string) => property(namespace, name)[0] ?? null;
  const dateCreated = first('photoshop', 'DateCreated') ?? first('exif', 'DateTimeOriginal');
  return {
    caption: first('dc', 'description'),
    byline: joinNames(property('dc', 'creator')),
    credit: first('photoshop', 'Credit'),
    copyright: first('dc', 'rights'),
    usageTerms: first('xmpRights', 'UsageTerms'),
    takenAt: dateCreated == null ? null : validIso(dateCreated.trim()),
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const stripTags = (text: string) => text.replace(/<[^>]*>/g, '');

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10), whole);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

// --- shared ---

/** Several photographers, as one byline: 王小明、李华. */
function joinNames(names: string[]): string | null {
  const kept = names.map((name) => name.trim()).filter(Boolean);
  return kept.length ? kept.join('、') : null;
}

/** An ISO 8601 date or date-time (offset optional) that names a real moment, else null. */
function validIso(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const date = new Date(Date.UTC(+year!, +month! - 1, +day!, +hour, +minute, +second));
  const real =
    date.getUTCFullYear() === +year! &&
    date.getUTCMonth() === +month! - 1 &&
    date.getUTCDate() === +day! &&
    date.getUTCHours() === +hour &&
    date.getUTCMinutes() === +minute;
  return real && +year! > 1800 ? text : null;
}
