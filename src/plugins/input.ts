import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import sjson from 'secure-json-parse';
import { BadRequest, UnsupportedMediaType, ValidationFailed, type FieldError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Deeper bodies are refused before anything walks them recursively (and overflows the stack). */
const MAX_NESTING = 64;

/**
 * Strict JSON input: bodies must be valid UTF-8 and well-formed JSON without prototype
 * poisoning, and no string anywhere in a body, query or path may hold a NUL or a lone
 * surrogate (PostgreSQL cannot store the first; the second would be silently replaced).
 */
async function inputPlugin(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  // Fastify matches the whole header, parameters included (`application/json; charset="utf-8"`).
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;|$)/,
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        return done(new UnsupportedMediaType(`Send JSON encoded as UTF-8, not ${charset}`));
      }
      if (body.length === 0) return done(new BadRequest('The request body is empty; send a JSON document'));
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        return done(new BadRequest('The request body is not valid UTF-8'));
      }
      let value: unknown;
      try {
        value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      } catch (err) {
        return done(new BadRequest(`The request body is not valid JSON: ${(err as Error).message}`));
      }
      if (nestedDeeperThan(value, MAX_NESTING)) {
        return done(new BadRequest(`The request body is nested more than ${MAX_NESTING} levels deep`));
      }
      const errors: FieldError[] = [];
      findBadText(value, '', errors);
      if (errors.length) return done(new ValidationFailed('The request body holds text that cannot be stored', errors));
      done(null, value);
    },
  );
  // Any other media type on a request with a body.
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(new UnsupportedMediaType(`Send JSON (application/json), not ${request.headers['content-type'] ?? 'an untyped body'}`));
  });

  // A route that declares no query parameters accepts none, so `POST /sections?dryRun=1` cannot pass silently.
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.hide && route.schema.querystring === undefined) {
      route.schema = { ...route.schema, querystring: { type: 'object', properties: {}, additionalProperties: false } };
    }
  });

  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    findBadText(request.query, '', errors, 'query');
    findBadText(request.params, '', errors, 'path');
    if (errors.length) throw new ValidationFailed('The request holds text that cannot be stored', errors);
  });
}

function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [item, depth] = entry;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

function findBadText(value: unknown, pointer: string, errors: FieldError[], where?: 'query' | 'path'): void {
  if (errors.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) errors.push(withPlace({ pointer, message: 'must not contain a NUL character' }, where));
    else if (!value.isWellFormed()) errors.push(withPlace({ pointer, message: 'must not contain a lone surrogate' }, where));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => findBadText(item, `${pointer}/${i}`, errors, where));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPointer = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\u0000') || !key.isWellFormed()) {
        errors.push(withPlace({ pointer: keyPointer, message: 'field name holds a NUL or lone surrogate' }, where));
      } else {
        findBadText(item, keyPointer, errors, where);
      }
    }
  }
}

function withPlace(error: FieldError, where?: 'query' | 'path'): FieldError {
  return where ? { ...error, in: where } : error;
}

export default fp(inputPlugin, { name: 'input', fastify: '5.x' });
