import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ConfigError } from '../../config.js';
// store.ts imports this module too; the cycle is safe because assertMediaKey is only called,
// never read, while the modules load.
import { assertMediaKey, isValidMediaKey, type MediaStore } from './store.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Photos as objects in an S3-compatible bucket, named by MEDIA_STORE = `s3://bucket/prefix`:
 * key `originals/<sha256>` is object `prefix/originals/<sha256>`, its content type the object's
 * Content-Type. The S3_* variables in env name the endpoint, region and credentials; without
 * credentials the SDK's default chain (environment, profile, instance role) applies.
 */
export function createS3Store(url: URL, env: Env): MediaStore {
  const { bucket, prefix } = parseLocation(url);
  const client = new S3Client(clientConfig(env));
  const objectKey = (key: string): string => {
    assertMediaKey(key);
    return prefix ? `${prefix}/${key}` : key;
  };

  return {
    description: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,

    async put(key, bytes, contentType) {
      const Key = objectKey(key);
      if (await exists(client, bucket, Key)) return;
      // Two writers may both pass the check; same key means same bytes, so the later PUT is harmless.
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, ContentType: contentType }));
    },

    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        const body = await object.Body?.transformToByteArray();
        return {
          bytes: body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : Buffer.alloc(0),
          contentType: object.ContentType || 'application/octet-stream',
        };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async has(key) {
      return exists(client, bucket, objectKey(key));
    },

    async delete(key) {
      // S3 answers 204 whether or not the object was there.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
    },
  };
}

/** The bucket and key prefix of `s3://bucket/prefix`, or a ConfigError naming MEDIA_STORE. */
function parseLocation(url: URL): { bucket: string; prefix: string } {
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('MEDIA_STORE', `must name a bucket as in s3://bucket/prefix, got ${JSON.stringify(url.href)}`);
  }
  const prefix = url.pathname.replace(/^\/+|\/+$/g, '');
  if (prefix !== '' && !isValidMediaKey(prefix)) {
    throw new ConfigError('MEDIA_STORE', `prefix must be segments of a-z 0-9 . _ - joined by /, got ${JSON.stringify(prefix)}`);
  }
  if (url.search || url.hash || url.username || url.port) {
    throw new ConfigError('MEDIA_STORE', `must be just s3://bucket/prefix (the S3_* variables hold the rest), got ${JSON.stringify(url.href)}`);
  }
  return { bucket, prefix };
}

function clientConfig(env: Env): S3ClientConfig {
  const endpoint = read(env, 'S3_ENDPOINT');
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    throw new ConfigError('S3_ENDPOINT', `must be a URL such as http://127.0.0.1:4569, got ${JSON.stringify(endpoint)}`);
  }
  const accessKeyId = read(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'must be set with its pair, or neither');
  }
  return {
    region: read(env, 'S3_REGION') ?? 'us-east-1',
    ...(endpoint !== undefined && { endpoint }),
    // Self-hosted S3 (MinIO, s3rver…) rarely has a DNS name per bucket.
    forcePathStyle: flag(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
    ...(accessKeyId !== undefined && secretAccessKey !== undefined && { credentials: { accessKeyId, secretAccessKey } }),
    // Checksums only where S3 demands them: many S3-compatible servers reject the SDK's default
    // CRC32 headers and trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** A 404 for the object: HEAD answers NotFound without a body, GET NoSuchKey. */
function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404) &&
    error.name !== 'NoSuchBucket'
  );
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = read(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
}
