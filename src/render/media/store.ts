import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../config.js';
import { createS3Store } from './s3-store.js';

/** One stored photo file: its bytes and the media type it was stored with. */
export interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

/** Where photo bytes live: a directory on disk, or an S3 bucket. Keys are content-addressed. */
export interface MediaStore {
  /**
   * Stores bytes under key unless an object is already there (same key = same bytes, keys are
   * content-addressed). Resolves once durable. Safe when two instances put the same key at
   * once: one object results.
   */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when absent. */
  get(key: string): Promise<StoredObject | null>;
  has(key: string): Promise<boolean>;
  /** Removes it if present (used only for cleanup/tests). */
  delete(key: string): Promise<void>;
  /** A short description for logs/health: 'filesystem /path' or 's3://bucket/prefix'. */
  readonly description: string;
}

// Segments of [a-z0-9._-] that do not start with a dot, so neither `.`, `..` nor a hidden file.
const KEY = /^[a-z0-9_-][a-z0-9._-]*(?:\/[a-z0-9_-][a-z0-9._-]*)*$/;

/**
 * Whether key may name a stored object: 'originals/<sha256>' or
 * 'renditions/<sha256>/<descriptor>'; lower-case segments of [a-z0-9._-] joined by '/', no
 * '..', no leading or doubled '/', at most 300 characters.
 */
export function isValidMediaKey(key: string): boolean {
  return key.length <= 300 && KEY.test(key) && !key.includes('..');
}

/** Throws unless key is valid; keys are computed by the service, so a bad one is a bug. */
export function assertMediaKey(key: string): void {
  if (!isValidMediaKey(key)) throw new TypeError(`Invalid media key ${JSON.stringify(key.slice(0, 320))}`);
}

// A file's content type sits beside it as `<name>~type`; temporary files are
// `<name>~<uuid>.tmp`. `~` is outside the key alphabet, so neither can be mistaken for a key.
const TYPE_SUFFIX = '~type';

/**
 * Photos as plain files under root: `originals/<sha256>` holds the bytes as uploaded, its
 * content type in `originals/<sha256>~type`. A file is written whole to a temporary name,
 * synced, then hard-linked to its final name, so a reader sees the whole file or none; when two
 * writers race, the second link fails with EEXIST and its copy is dropped.
 */
export function createFilesystemStore(root: string): MediaStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    assertMediaKey(key);
    return join(base, ...key.split('/'));
  };

  return {
    description: `filesystem ${base}`,

    async put(key, bytes, contentType) {
      const path = pathOf(key);
      if (!(await isFile(path))) {
        await mkdir(dirname(path), { recursive: true });
        // The type first: whenever the bytes are visible, their type is too.
        await writeOnce(`${path}${TYPE_SUFFIX}`, Buffer.from(contentType, 'utf8'));
        await writeOnce(path, bytes);
      }
      // Even when the file was there: its writer may not have synced its directories yet.
      await syncDirectories(base, dirname(path));
    },

    async get(key) {
      const path = pathOf(key);
      const bytes = await readIfPresent(path);
      if (bytes === null) return null;
      const type = await readIfPresent(`${path}${TYPE_SUFFIX}`);
      return { bytes, contentType: type?.toString('utf8') || 'application/octet-stream' };
    },

    async has(key) {
      return isFile(pathOf(key));
    },

    async delete(key) {
      const path = pathOf(key);
      await unlinkIfPresent(path);
      await unlinkIfPresent(`${path}${TYPE_SUFFIX}`);
    },
  };
}

/**
 * Picks the store from MEDIA_STORE (passed as url): unset means files under `<dataDir>/media`,
 * `s3://bucket/prefix` an S3 bucket configured by the S3_* variables in env. Throws
 * ConfigError naming MEDIA_STORE for anything else.
 */
export function createMediaStore(options: {
  dataDir: string;
  url?: string;
  env?: Record<string, string | undefined>;
}): MediaStore {
  const raw = options.url?.trim();
  if (!raw) return createFilesystemStore(join(options.dataDir, 'media'));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('MEDIA_STORE', `must be unset or a URL such as s3://bucket/prefix, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 's3:') {
    throw new ConfigError('MEDIA_STORE', `must be unset or an s3://bucket/prefix URL, got ${JSON.stringify(url.protocol)}`);
  }
  return createS3Store(url, options.env ?? process.env);
}

/** Writes bytes to path unless a file is there already, never exposing a partial file. */
async function writeOnce(path: string, bytes: Buffer): Promise<void> {
  const temp = `${path}~${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
  } catch (error) {
    // Another writer linked the same key first: same key, same bytes.
    if (code(error) !== 'EEXIST') throw error;
  } finally {
    await unlink(temp);
  }
}

/**
 * Makes new entries durable in dir and each directory above it up to root (mkdir may have
 * made them); platforms that cannot sync a directory skip it.
 */
async function syncDirectories(root: string, dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    let handle;
    try {
      handle = await open(current, 'r');
      await handle.sync();
    } catch (error) {
      if (!['EISDIR', 'EPERM', 'EINVAL'].includes(code(error) ?? '')) throw error;
    } finally {
      await handle?.close();
    }
    if (current === root || dirname(current) === current) return;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return false;
    throw error;
  }
}

async function readIfPresent(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return null;
    throw error;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (code(error) !== 'ENOENT' && code(error) !== 'ENOTDIR') throw error;
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
