import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createS3Store } from '../../src/render/media/s3-store.js';
import { createFilesystemStore, createMediaStore, isValidMediaKey, type MediaStore } from '../../src/render/media/store.js';
import { startS3rver, type LocalS3 } from '../helpers/s3rver.js';

const BUCKET = 'media';

let tempRoot: string;
let s3: LocalS3;
let s3Env: Record<string, string>;

beforeAll(async () => {
  tempRoot = await mkdtemp(path.join(tmpdir(), 'media-store-'));
  s3 = await startS3rver(BUCKET);
  s3Env = s3.env;
});

afterAll(async () => {
  await s3?.close();
  if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
});

const listS3 = (prefix: string) => s3.keys(prefix);

/** Random bytes and the content-addressed key of an original holding them. */
function photo(size = 4096): { key: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  return { key: `originals/${createHash('sha256').update(bytes).digest('hex')}`, bytes };
}

/** One way of storing bytes: how to open it, and what it holds for a key underneath the API. */
interface Backend {
  name: string;
  /** A new store instance over the same storage, as a second process would open it. */
  open(): MediaStore;
  /** What storage holds for key: one entry per object, temporary leftovers included. */
  stored(key: string): Promise<string[]>;
  /**
   * Whether a read racing a put of the same key sees the whole object or none. S3 replaces an
   * object atomically, but s3rver rewrites its file in place, so only the filesystem is checked.
   */
  wholeDuringPuts: boolean;
}

const backends: Backend[] = [
  {
    name: 'filesystem',
    open: () => createFilesystemStore(path.join(tempRoot, 'files')),
    async stored(key) {
      const file = path.join(tempRoot, 'files', key);
      const names = await readdir(path.dirname(file)).catch(() => []);
      // `<name>~type` holds the content type beside the bytes; anything else is an object or debris.
      return names.filter((name) => name.startsWith(path.basename(file)) && !name.endsWith('~type'));
    },
    wholeDuringPuts: true,
  },
  {
    name: 's3',
    open: () => createS3Store(new URL(`s3://${BUCKET}/shared`), s3Env),
    stored: (key) => listS3(`shared/${key}`),
    wholeDuringPuts: false,
  },
];

describe.each(backends)('$name media store', (backend) => {
  it('returns what was put, with its content type', async () => {
    const store = backend.open();
    const { key, bytes } = photo();
    await store.put(key, bytes, 'image/jpeg');
    expect(await store.has(key)).toBe(true);
    const object = await store.get(key);
    expect(object?.contentType).toBe('image/jpeg');
    expect(object?.bytes.equals(bytes)).toBe(true);
  });

  it('reports an absent key as absent, and deletes one quietly', async () => {
    const store = backend.open();
    const { key } = photo();
    expect(await store.has(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('keeps one object when the same key is put twice, and deletes it', async () => {
    const store = backend.open();
    const { key, bytes } = photo();
    await store.put(key, bytes, 'image/png');
    await store.put(key, bytes, 'image/png');
    expect(await backend.stored(key)).toHaveLength(1);
    const rendition = `renditions/${key.slice('originals/'.length)}/w800.webp`;
    await store.put(rendition, bytes.subarray(0, 100), 'image/webp');
    expect((await store.get(rendition))?.bytes.equals(bytes.subarray(0, 100))).toBe(true);

    await store.delete(key);
    expect(await store.has(key)).toBe(false);
    expect(await backend.stored(key)).toEqual([]);
    expect(await store.has(rendition)).toBe(true);
  });

  it('ends with one whole object when two instances put the same key ten times at once', async () => {
    const [first, second] = [backend.open(), backend.open()];
    const { key, bytes } = photo(512 * 1024);
    // A reader racing the writers sees the whole photo or nothing, never part of it.
    const seen: (Buffer | null)[] = [];
    const puts = Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).put(key, bytes, 'image/jpeg'));
    const reads = Array.from({ length: 10 }, async () => seen.push((await second.get(key))?.bytes ?? null));
    await Promise.all([...puts, ...reads]);

    if (backend.wholeDuringPuts) for (const read of seen) if (read !== null) expect(read.equals(bytes)).toBe(true);
    expect(await backend.stored(key)).toHaveLength(1);
    for (const store of [first, second]) {
      const object = await store.get(key);
      expect(object?.contentType).toBe('image/jpeg');
      expect(object?.bytes.equals(bytes)).toBe(true);
    }
  });

  it('rejects keys outside the key alphabet before touching storage', async () => {
    const store = backend.open();
    for (const key of ['../x', 'originals/../x', '/abs', 'a//b', 'a/', 'Originals/x', 'a b', '.hidden', '', 'x'.repeat(301)]) {
      expect(isValidMediaKey(key), key).toBe(false);
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toThrow(TypeError);
      await expect(store.get(key), key).rejects.toThrow(/Invalid media key/);
      await expect(store.has(key), key).rejects.toThrow(/Invalid media key/);
      await expect(store.delete(key), key).rejects.toThrow(/Invalid media key/);
    }
  });
});

describe('media store keys', () => {
  it('accepts originals and renditions', () => {
    const sha = 'a'.repeat(64);
    expect(isValidMediaKey(`originals/${sha}`)).toBe(true);
    expect(isValidMediaKey(`renditions/${sha}/w1600_q80.jpg`)).toBe(true);
    expect(isValidMediaKey(`renditions/${sha}/${'x'.repeat(300 - 76)}`)).toBe(true);
  });
});

describe('S3 media store', () => {
  it('stores objects under the prefix in its URL', async () => {
    const store = createS3Store(new URL(`s3://${BUCKET}/photos/2026/`), s3Env);
    expect(store.description).toBe(`s3://${BUCKET}/photos/2026`);
    const { key, bytes } = photo();
    await store.put(key, bytes, 'image/gif');
    expect(await listS3(`photos/2026/${key}`)).toEqual([`photos/2026/${key}`]);
    // The same object, seen from a store at the bucket's root.
    const root = createS3Store(new URL(`s3://${BUCKET}`), s3Env);
    expect((await root.get(`photos/2026/${key}`))?.contentType).toBe('image/gif');
  });
});

describe('createMediaStore', () => {
  it('keeps files under <dataDir>/media when MEDIA_STORE is unset', async () => {
    const dataDir = path.join(tempRoot, 'data');
    const store = createMediaStore({ dataDir });
    expect(store.description).toBe(`filesystem ${path.join(dataDir, 'media')}`);
    const { key, bytes } = photo();
    await store.put(key, bytes, 'image/jpeg');
    expect((await stat(path.join(dataDir, 'media', key))).size).toBe(bytes.length);
    expect(createMediaStore({ dataDir, url: ' ' }).description).toBe(store.description);
  });

  it('uses S3 for an s3:// URL', async () => {
    const store = createMediaStore({ dataDir: tempRoot, url: `s3://${BUCKET}/picked`, env: s3Env });
    expect(store.description).toBe(`s3://${BUCKET}/picked`);
    const { key, bytes } = photo();
    await store.put(key, bytes, 'image/jpeg');
    expect(await listS3(`picked/${key}`)).toHaveLength(1);
  });

  it('names MEDIA_STORE when the URL cannot be used', () => {
    for (const url of ['ftp://x', 's3://', 's3:///photos', 'not a url', 's3://Bad_Bucket/x', 's3://media/Photos']) {
      let thrown: unknown;
      try {
        createMediaStore({ dataDir: tempRoot, url, env: s3Env });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, url).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).variable, url).toBe('MEDIA_STORE');
      expect((thrown as Error).message, url).toMatch(/MEDIA_STORE/);
    }
  });
});
