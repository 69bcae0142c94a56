// Photographs made to order for benchmarks: realistic enough for an encoder, new bytes each.
import sharp from 'sharp';

/**
 * A JPEG like a photograph to an encoder: a smooth colour field (a few slow waves and a
 * gradient, differing with `seed`), detail at a middle scale (a hashed value per block of
 * 1/150 of the width, so a rendition scaled down keeps texture as a photo's does: a 640-wide
 * WebP of tens of kilobytes) and per-pixel noise from a xorshift generator seeded with
 * `seed`, quality 90, with EXIF. About 9–10 MB at 24 megapixels.
 */
export async function photoJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.allocUnsafe(width * height * 3);
  const fx = 3 + (seed % 5);
  const fy = 2 + (seed % 3);
  const wave = new Float64Array(width);
  for (let x = 0; x < width; x++) wave[x] = 60 * Math.sin((x / width) * fx + seed);
  let state = (Math.imul(seed + 1, 2654435761) >>> 0) || 1;
  const block = Math.max(2, Math.round(width / 150));
  const detail = (x: number, y: number) => {
    let h = Math.imul(Math.floor(x / block) + 7919 * Math.floor(y / block) + seed * 104729, 2246822519) >>> 0;
    h ^= h >>> 15;
    return ((Math.imul(h, 3266489917) >>> 24) - 128) * 0.35;
  };
  let i = 0;
  for (let y = 0; y < height; y++) {
    const v = y / height;
    const cos = Math.cos(v * fy);
    for (let x = 0; x < width; x++) {
      const base = 128 + wave[x]! * cos + detail(x, y);
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      // Noise of about ±30 levels; the buffer's byte writes clamp by wrapping, so keep in range.
      raw[i++] = Math.max(0, Math.min(255, base + (40 * x) / width + ((state & 0xff) - 128) * 0.25));
      raw[i++] = Math.max(0, Math.min(255, base + 30 * v + (((state >>> 8) & 0xff) - 128) * 0.2));
      raw[i++] = Math.max(0, Math.min(255, 200 - base * 0.5 + (((state >>> 16) & 0xff) - 128) * 0.15));
    }
  }
  const taken = new Date(Date.UTC(2024, 3, 10, 8, 0, seed % 3600));
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Nikon', Model: 'Z 6II', Copyright: 'Liaocheng Daily', Artist: 'Bench Photographer' },
      IFD2: { DateTimeOriginal: taken.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':') },
    })
    .toBuffer();
}
