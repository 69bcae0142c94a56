import ExifReader from 'exifreader';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ImageTooLarge,
  probeImage,
  UnreadableImage,
  UnsupportedImage,
} from '../../src/render/media/image.js';
import { readPhotoMetadata } from '../../src/render/media/metadata.js';
import {
  ALLOWED_RENDITION_WIDTHS,
  configureSharp,
  cropRegion,
  makePrintImage,
  makeRendition,
  renditionDescriptor,
  type RenditionFormat,
} from '../../src/render/media/renditions.js';
import {
  avifFile,
  gifFile,
  jpegWithMetadata,
  jpegWithRedRightEdge,
  plainJpeg,
  plainPng,
  plainWebp,
  pngBomb,
  POLYGLOT_PAYLOAD,
  polyglotJpeg,
  SERIAL_NUMBER,
  svgFile,
  truncatedJpeg,
} from '../helpers/photo-files.js';

const CAPTION = '2026年12月7日，北京天安门广场举行升旗仪式。';
const BYLINE = '新华社记者 王小明';
const CREDIT = '新华社';
const COPYRIGHT = '新华通讯社版权所有';
const NO_KEEP = { copyright: null, credit: null };

/** Every tag an independent reader finds, as text, to search for what must not be there. */
function allTags(bytes: Buffer): string {
  const tags = ExifReader.load(bytes, { expanded: true, includeUnknown: true });
  return JSON.stringify(tags);
}

describe('configureSharp', () => {
  // The test workers share modules between files: put sharp's settings back afterwards.
  const cacheBefore = sharp.cache();
  const concurrencyBefore = sharp.concurrency();
  afterAll(() => {
    sharp.cache({ memory: cacheBefore.memory.max, files: cacheBefore.files.max, items: cacheBefore.items.max });
    sharp.concurrency(concurrencyBefore);
  });

  it('bounds the cache and the threads', () => {
    configureSharp();
    const cache = sharp.cache();
    expect([cache.memory.max, cache.files.max, cache.items.max]).toEqual([50, 0, 100]);
    expect(sharp.concurrency()).toBeGreaterThanOrEqual(1);
    expect(sharp.concurrency()).toBeLessThanOrEqual(2);
  });
});

describe('probeImage', () => {
  it('reads the format, the size, the length and the hash of each accepted format', async () => {
    const jpeg = await plainJpeg(30, 20);
    await expect(probeImage(jpeg)).resolves.toMatchObject({ format: 'jpeg', width: 30, height: 20, bytes: jpeg.length });
    await expect(probeImage(await plainPng(7, 9))).resolves.toMatchObject({ format: 'png', width: 7, height: 9 });
    await expect(probeImage(await plainWebp(12, 5))).resolves.toMatchObject({ format: 'webp', width: 12, height: 5 });
    const { sha256 } = await probeImage(jpeg);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await probeImage(Buffer.from(jpeg))).sha256).toBe(sha256);
  });

  it('gives the size as displayed: EXIF orientation 6 swaps width and height', async () => {
    const turned = await jpegWithMetadata({ width: 40, height: 20, orientation: 6 });
    await expect(probeImage(turned)).resolves.toMatchObject({ width: 20, height: 40 });
  });

  it('refuses SVG, GIF, AVIF, HTML, text and an empty file, naming the formats it takes', async () => {
    const refused = [
      svgFile(),
      await gifFile(),
      await avifFile(),
      Buffer.from('<!doctype html><p>hello'),
      Buffer.from('just some text'),
      Buffer.alloc(0),
    ];
    for (const file of refused) {
      const error = await probeImage(file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsupportedImage);
      expect((error as Error).message).toContain('JPEG, PNG or WebP');
      expect((error as UnsupportedImage).status).toBe(415);
    }
  });

  it('refuses a decompression bomb from its header, quickly and without the memory', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(4096);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const error = await probeImage(bomb).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ImageTooLarge);
    expect((error as ImageTooLarge).status).toBe(413);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('takes a 24-megapixel frame (header only) and honours a lower limit', async () => {
    // A PNG header of 6000 x 4000 passes the pixel check; its one-row IDAT then fails to decode.
    await expect(probeImage(pngBomb(6000, 4000))).rejects.toBeInstanceOf(UnreadableImage);
    await expect(probeImage(await plainJpeg(100, 100), { maxPixels: 9_999 })).rejects.toBeInstanceOf(ImageTooLarge);
  });

  it('finds a truncated JPEG at upload', async () => {
    const error = await probeImage(await truncatedJpeg()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableImage);
    expect((error as UnreadableImage).status).toBe(422);
  });

  it('decodes a 24-megapixel JPEG in well under two seconds', async () => {
    const big = await plainJpeg(6000, 4000);
    const started = performance.now();
    await expect(probeImage(big)).resolves.toMatchObject({ width: 6000, height: 4000 });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('takes a JPEG with HTML appended, and its renditions leave the HTML behind', async () => {
    const polyglot = await polyglotJpeg();
    expect(polyglot.includes(POLYGLOT_PAYLOAD)).toBe(true);
    await expect(probeImage(polyglot)).resolves.toMatchObject({ format: 'jpeg' });
    for (const format of ['jpeg', 'webp'] as const) {
      const rendition = await makeRendition(polyglot, { width: 320, format }, NO_KEEP);
      expect(rendition.bytes.includes('<script')).toBe(false);
    }
  });
});

describe('readPhotoMetadata', () => {
  it('reads Chinese IPTC alike in UTF-8 (1:90 = ESC % G) and in GB18030 without a charset', async () => {
    const text = { caption: CAPTION, byline: BYLINE, credit: CREDIT, copyright: COPYRIGHT };
    const utf8 = await readPhotoMetadata(await jpegWithMetadata({ ...text, iptcCharset: 'utf8' }));
    const gb = await readPhotoMetadata(await jpegWithMetadata({ ...text, iptcCharset: 'gb18030' }));
    expect(utf8).toEqual({ ...text, usageTerms: null, takenAt: null });
    expect(gb).toEqual(utf8);
  });

  it('prefers XMP to IPTC to EXIF, field by field, and trims', async () => {
    const metadata = await readPhotoMetadata(
      await jpegWithMetadata({
        caption: 'IPTC 说明',
        byline: 'IPTC 摄影',
        credit: 'IPTC 来源',
        copyright: 'IPTC 版权',
        exif: { caption: 'EXIF 说明', byline: 'EXIF 摄影', copyright: 'EXIF 版权', takenAt: '2026-12-07T10:30:00+08:00' },
        xmp: { caption: '  XMP 说明 & 图片  ', credit: '人民日报', usageTerms: '仅限新闻报道使用' },
      }),
    );
    expect(metadata).toEqual({
      caption: 'XMP 说明 & 图片',
      byline: 'IPTC 摄影',
      credit: '人民日报',
      copyright: 'IPTC 版权',
      usageTerms: '仅限新闻报道使用',
      takenAt: '2026-12-07T10:30:00+08:00',
    });
  });

  it('falls back to EXIF, read as UTF-8', async () => {
    const metadata = await readPhotoMetadata(
      await jpegWithMetadata({ exif: { caption: '夜景', byline: '李华', copyright: '© 2026 南方日报' } }),
    );
    expect(metadata).toMatchObject({ caption: '夜景', byline: '李华', copyright: '© 2026 南方日报', credit: null });
  });

  it('gives nulls, never an error, for a file with no or broken metadata', async () => {
    const empty = { caption: null, byline: null, credit: null, copyright: null, usageTerms: null, takenAt: null };
    expect(await readPhotoMetadata(await plainPng(4, 4))).toEqual(empty);
    expect(await readPhotoMetadata(Buffer.from('not an image'))).toEqual(empty);
    const jpeg = await jpegWithMetadata({ caption: CAPTION, iptcCharset: 'utf8' });
    // Claim an IPTC dataset far longer than the block.
    const at = jpeg.indexOf(Buffer.from([0x1c, 0x02, 0x78]));
    jpeg.writeUInt16BE(0x7fff, at + 3);
    expect(await readPhotoMetadata(jpeg)).toMatchObject({ caption: null });
  });
});

describe('makeRendition', () => {
  it('encodes AVIF, WebP and JPEG with their mimetypes', async () => {
    const original = await plainJpeg(64, 48);
    const expected: Record<RenditionFormat, [string, string]> = {
      avif: ['image/avif', 'heif'],
      webp: ['image/webp', 'webp'],
      jpeg: ['image/jpeg', 'jpeg'],
    };
    for (const [format, [mimetype, sharpFormat]] of Object.entries(expected) as [RenditionFormat, [string, string]][]) {
      const rendition = await makeRendition(original, { width: 320, format }, NO_KEEP);
      expect(rendition.mimetype).toBe(mimetype);
      expect((await sharp(rendition.bytes).metadata()).format).toBe(sharpFormat);
    }
  });

  it('narrows to the width asked but never widens a narrower source', async () => {
    const original = await plainJpeg(800, 400);
    await expect(makeRendition(original, { width: 640, format: 'webp' }, NO_KEEP)).resolves.toMatchObject({
      width: 640,
      height: 320,
    });
    await expect(makeRendition(original, { width: 1600, format: 'webp' }, NO_KEEP)).resolves.toMatchObject({
      width: 800,
      height: 400,
    });
  });

  it('takes only the widths on the list', async () => {
    expect(ALLOWED_RENDITION_WIDTHS).toEqual([320, 640, 1024, 1200, 1600]);
    await expect(makeRendition(await plainJpeg(8, 8), { width: 333, format: 'jpeg' }, NO_KEEP)).rejects.toThrow(
      /320, 640, 1024, 1200, 1600/,
    );
  });

  it('applies the EXIF orientation', async () => {
    const turned = await jpegWithMetadata({ width: 400, height: 200, orientation: 6 });
    const rendition = await makeRendition(turned, { width: 320, format: 'jpeg' }, NO_KEEP);
    expect(rendition).toMatchObject({ width: 200, height: 400 });
    expect((await sharp(rendition.bytes).metadata()).orientation ?? 1).toBe(1);
  });

  it('cuts a fixed aspect around the focal point', async () => {
    const original = await jpegWithRedRightEdge(800, 400);
    const redShare = async (bytes: Buffer) => {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      let red = 0;
      for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 200 && data[i + 1]! < 80) red++;
      return red / (info.width * info.height);
    };
    const right = await makeRendition(original, { width: 320, format: 'jpeg', aspect: { w: 1, h: 1 }, focal: { x: 0.9, y: 0.5 } }, NO_KEEP);
    const centre = await makeRendition(original, { width: 320, format: 'jpeg', aspect: { w: 1, h: 1 } }, NO_KEEP);
    expect(right).toMatchObject({ width: 320, height: 320 });
    expect(await redShare(right.bytes)).toBeGreaterThan(0.15);
    expect(await redShare(centre.bytes)).toBe(0);
  });

  it('lets a crop rectangle win over the aspect and keeps every crop inside the image', async () => {
    expect(cropRegion({ width: 1000, height: 500 }, { crop: { x: 0.5, y: 0, width: 0.5, height: 1 }, aspect: { w: 16, h: 9 } })).toEqual({
      left: 500,
      top: 0,
      width: 500,
      height: 500,
    });
    expect(cropRegion({ width: 1000, height: 500 }, { aspect: { w: 1, h: 1 }, focal: { x: 1, y: 1 } })).toEqual({
      left: 500,
      top: 0,
      width: 500,
      height: 500,
    });
    expect(cropRegion({ width: 1000, height: 500 }, { aspect: { w: 4, h: 1 }, focal: { x: 0, y: 0 } })).toEqual({
      left: 0,
      top: 0,
      width: 1000,
      height: 250,
    });
    expect(cropRegion({ width: 100, height: 100 }, { crop: { x: 0.9, y: 0.9, width: 0.5, height: 0.5 } })).toEqual({
      left: 90,
      top: 90,
      width: 10,
      height: 10,
    });
  });

  it('strips GPS, serial numbers and the rest, and keeps the copyright and credit', async () => {
    const original = await jpegWithMetadata({
      caption: CAPTION,
      byline: BYLINE,
      credit: CREDIT,
      copyright: COPYRIGHT,
      gps: true,
      serial: true,
      exif: { byline: 'Camera Owner', copyright: 'EXIF copyright' },
      xmp: { caption: 'XMP caption' },
    });
    expect(allTags(original)).toContain(SERIAL_NUMBER);
    const keep = { copyright: `© 2026 ${COPYRIGHT}`, credit: CREDIT };
    for (const format of ['jpeg', 'webp', 'avif'] as const) {
      const { bytes } = await makeRendition(original, { width: 320, format }, keep);
      const tags = ExifReader.load(bytes, { expanded: true, includeUnknown: true });
      const text = JSON.stringify(tags);
      expect(tags.gps, format).toBeUndefined();
      for (const gone of [SERIAL_NUMBER, 'LENS-0042', 'NewsCam', 'Camera Owner', 'XMP caption', 'GPS']) {
        expect(text, `${format}: ${gone}`).not.toContain(gone);
      }
      expect(tags.iptc, format).toBeUndefined();
      const metadata = await sharp(bytes).metadata();
      expect(metadata.iptc, format).toBeUndefined();
      expect(metadata.icc, format).toBeUndefined();
      // The exact text, in XMP; and our own reader finds it.
      expect(await readPhotoMetadata(bytes), format).toMatchObject({ copyright: keep.copyright, credit: CREDIT, caption: null });
    }
  });

  it('writes an ASCII copyright and credit to EXIF IFD0 as well', async () => {
    const { bytes } = await makeRendition(
      await jpegWithMetadata({ gps: true, serial: true }),
      { width: 320, format: 'jpeg' },
      { copyright: '(c) Xinhua 2026', credit: 'Xinhua' },
    );
    const tags = ExifReader.load(bytes, { expanded: true });
    expect(tags.exif?.Copyright?.description).toBe('(c) Xinhua 2026');
    expect(tags.exif?.Artist?.description).toBe('Xinhua');
    expect(tags.gps).toBeUndefined();
  });
});

describe('renditionDescriptor', () => {
  it('names the same rendition the same way, and different ones differently', () => {
    const spec = { width: 640, format: 'webp' as const, aspect: { w: 16, h: 9 }, focal: { x: 0.9, y: 0.5 } };
    const keep = { copyright: COPYRIGHT, credit: CREDIT };
    const name = renditionDescriptor(spec, keep);
    expect(name).toMatch(/^[a-z0-9._-]+$/);
    expect(renditionDescriptor({ ...spec, aspect: { w: 32, h: 18 } }, keep)).toBe(name);
    const others = [
      renditionDescriptor({ ...spec, width: 320 }, keep),
      renditionDescriptor({ ...spec, format: 'avif' }, keep),
      renditionDescriptor({ ...spec, focal: { x: 0.1, y: 0.5 } }, keep),
      renditionDescriptor({ ...spec, quality: 90 }, keep),
      renditionDescriptor({ ...spec, crop: { x: 0, y: 0, width: 0.5, height: 0.5 } }, keep),
      renditionDescriptor(spec, { ...keep, credit: '人民日报' }),
      renditionDescriptor(spec, NO_KEEP),
    ];
    expect(new Set([name, ...others]).size).toBe(others.length + 1);
    for (const other of others) expect(other).toMatch(/^[a-z0-9._-]+$/);
    // Without an aspect the focal point changes nothing.
    expect(renditionDescriptor({ width: 320, format: 'jpeg', focal: { x: 0.2, y: 0.2 } }, NO_KEEP)).toBe(
      renditionDescriptor({ width: 320, format: 'jpeg' }, NO_KEEP),
    );
  });
});

describe('makePrintImage', () => {
  it('sizes for 300 ppi, never upscales, and reports the effective ppi', async () => {
    // 50.8 mm is two inches: 600 px at 300 ppi.
    const large = await plainJpeg(1200, 800);
    const sharpPrint = await makePrintImage(large, { widthMm: 50.8 });
    expect(sharpPrint).toMatchObject({ width: 600, height: 400, mimetype: 'image/jpeg', ppi: 600 });

    const small = await plainJpeg(300, 200);
    const soft = await makePrintImage(small, { widthMm: 50.8, heightMm: 50.8 });
    // A square crop of 200 x 200 source pixels across two inches.
    expect(soft).toMatchObject({ width: 200, height: 200, ppi: 100 });
    expect((await sharp(soft.bytes).metadata()).format).toBe('jpeg');
  });
});
