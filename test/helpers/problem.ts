import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { pointer: string; message: string; in?: string }[];
  currentVersion?: number;
}

/** Asserts an RFC 9457 problem response of `status` and problem type `slug`, and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number, slug: string): ProblemJson {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as ProblemJson;
  expect(body).toMatchObject({ status, type: `urn:newsroom:problem:${slug}` });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}
