import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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
