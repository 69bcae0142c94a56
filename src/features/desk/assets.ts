import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/**
 * The desk's stylesheet and script modules, read once from `assets/` beside this file. Each is
 * served under a name with its content's hash, cached for a year: a new version is a new URL.
 */
const DIRECTORY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

const ASSETS = new Map<string, Asset>(
  readdirSync(DIRECTORY)
    .filter((name) => TYPES[path.extname(name)])
    .map((name) => {
      const body = readFileSync(path.join(DIRECTORY, name));
      return [name, { body, type: TYPES[path.extname(name)]!, hash: createHash('sha256').update(body).digest('base64url').slice(0, 12) }];
    }),
);

/** The URL of an asset, e.g. `/desk/assets/desk.3Fq0xk2Lw9aB.css`. */
export function assetPath(name: string): string {
  const asset = ASSETS.get(name);
  if (!asset) throw new Error(`no desk asset ${name}`);
  const ext = path.extname(name);
  return `/desk/assets/${name.slice(0, -ext.length)}.${asset.hash}${ext}`;
}

const HASHED = /^([a-z0-9-]+)\.([\w-]{12})(\.(?:css|js))$/;

export const deskAssets: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { file: string } }>('/assets/:file', { schema: { hide: true } }, async (request, reply) => {
    const match = HASHED.exec(request.params.file);
    const asset = match ? ASSETS.get(`${match[1]}${match[3]}`) : undefined;
    if (!match || !asset) return reply.code(404).type('text/plain; charset=utf-8').send('no such asset');
    // An old hash still gets the current file, briefly cached: a page loaded before a deploy keeps working.
    const current = asset.hash === match[2];
    return reply
      .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
      .type(asset.type)
      .send(asset.body);
  });
};
