import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPE_PREFIX } from '../errors.js';
import { PROBLEM_CONTENT_TYPE } from '../lib/schemas.js';
import { sendProblem } from './problem-details.js';

/**
 * Fastify's `frameworkErrors`: a path the router cannot even look up (malformed
 * percent-encoding such as `/articles/%ZZ`, or a parameter longer than the router takes) is
 * refused before any hook runs, so it would otherwise get Fastify's own JSON, without a
 * request id. It gets the same problem+json as every other refusal. The path is not echoed:
 * it is the client's text, and could hold anything.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(request, reply, { status: 414, slug: 'uri-too-long', title: 'URI too long', detail: 'A segment of the path is longer than any the service accepts' });
    return;
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  sendProblem(request, reply, { status, slug: 'bad-request', title: 'Bad request', detail: 'The path is not a valid URL: it holds malformed percent-encoding' });
}

interface ClientProblem {
  status: number;
  slug: string;
  title: string;
  detail: string;
}

const BAD_REQUEST = { status: 400, slug: 'bad-request', title: 'Bad request' };

/** What Node's HTTP parser refuses, by its error code, told in words the client can act on. */
const CLIENT_ERRORS: Record<string, ClientProblem> = {
  HPE_INVALID_URL: {
    ...BAD_REQUEST,
    detail:
      'The request target is not a valid URL: text outside printable ASCII (Chinese text, spaces, control characters) must be ' +
      'percent-encoded as UTF-8, e.g. `?q=%E5%B0%8F%E9%BA%A6` for ?q=小麦',
  },
  HPE_INVALID_HEADER_TOKEN: {
    ...BAD_REQUEST,
    detail: 'A header holds a character HTTP does not allow: a control character in a value, or a space or separator in a name',
  },
  HPE_INVALID_METHOD: { ...BAD_REQUEST, detail: 'The request method is not one HTTP knows' },
  HPE_INVALID_VERSION: { ...BAD_REQUEST, detail: 'The request is not HTTP/1.0 or HTTP/1.1' },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'header-fields-too-large',
    title: 'Request header fields too large',
    detail: 'The request’s header is larger than the service accepts',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', title: 'Request timeout', detail: 'The request did not arrive in time' },
};

/**
 * Fastify's `clientErrorHandler`: bytes Node's HTTP parser refuses before there is a request
 * (raw UTF-8 such as `?q=小麦` unencoded in the request target, a control character in a
 * header, a header too large) are answered as problem+json with a request id, as every other
 * refusal is, instead of Fastify's own `{"error":"Bad Request"}`. The connection is closed:
 * after such bytes the parser cannot tell where the next request would begin.
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection reset or already closed: nobody is there to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const problem = CLIENT_ERRORS[error.code ?? ''] ?? { ...BAD_REQUEST, detail: 'The request is not well-formed HTTP/1.1' };
  this.log.info({ reqId: requestId, code: error.code, status: problem.status }, 'client error');
  // A response already under way on this connection (a bad chunk in a body being read) cannot take another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({
    type: PROBLEM_TYPE_PREFIX + problem.slug,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    // There is no request path to name: the request could not be read.
    instance: `urn:uuid:${requestId}`,
    requestId,
  });
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? 'Bad Request'}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'Cache-Control: no-store\r\n' +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}
