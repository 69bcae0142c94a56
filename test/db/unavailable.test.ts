import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../../src/db/client.js';

/** An error as drizzle wraps a driver's: the query and its parameters in the message, the driver's error as cause. */
function wrapped(cause: unknown, params = '') {
  return Object.assign(new Error(`Failed query: insert into articles values ($1)\nparams: ${params}`), { cause });
}

describe('databaseUnavailable', () => {
  it('recognises a refused or lost connection, however deep it is wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(databaseUnavailable(wrapped(refused))).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(databaseUnavailable(wrapped(new Error('Connection terminated unexpectedly')))).toEqual({ message: 'Connection terminated unexpectedly' });
    expect(databaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBeDefined();
    expect(databaseUnavailable(new AggregateError([refused], ''))).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('recognises PostgreSQL shutting down, starting up, or out of connections', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001']) {
      expect(databaseUnavailable(wrapped(Object.assign(new Error('server says no'), { code }))), code).toMatchObject({ code });
    }
  });

  it('leaves refused queries and other faults alone', () => {
    for (const code of ['23505', '22P02', '40001', '42P01', 'ERR_INVALID_ARG_TYPE']) {
      expect(databaseUnavailable(wrapped(Object.assign(new Error('no'), { code }))), code).toBeUndefined();
    }
    expect(databaseUnavailable(new TypeError('x is undefined'))).toBeUndefined();
    expect(databaseUnavailable(undefined)).toBeUndefined();
    expect(databaseUnavailable('Connection terminated')).toBeUndefined();
  });

  it('is not fooled by a parameter that reads like a connection error, and never returns the parameters', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(databaseUnavailable(wrapped(unique, 'Connection terminated unexpectedly'))).toBeUndefined();
    const lost = Object.assign(wrapped(Object.assign(new Error('terminating connection'), { code: '57P01' }), '110101199003074514'), { code: '57P01' });
    expect(JSON.stringify(databaseUnavailable(lost))).not.toContain('110101199003074514');
  });
});
