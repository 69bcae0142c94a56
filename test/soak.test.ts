import { describe, expect, it } from 'vitest';
import { runSoak } from '../scripts/soak/run.js';

// The soak test in short: two instances on one PostgreSQL database, ten seconds of mixed
// traffic, then every invariant (acknowledged writes stored, no lost update, each scheduled item
// published once, no 5xx). Two instances need a shared server, so it runs with TEST_DATABASE_URL.
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) console.log('soak.test: TEST_DATABASE_URL is not set; the soak test needs PostgreSQL for its two instances, so it is not run here');

describe.skipIf(!serverUrl)('the soak test, short', () => {
  it('holds every invariant over ten seconds of traffic on two instances', async () => {
    const lines: string[] = [];
    const result = await runSoak({ seconds: 10, serverUrl, fromSource: true, print: (line) => lines.push(line) });
    const report = lines.join('\n');
    console.log(report);
    expect(result.serverErrors, report).toBe(0);
    expect(result.socketFailures, report).toBe(0);
    expect(result.verdicts.filter((v) => v.failures.length).map((v) => `${v.name}: ${v.failures.join('; ')}`)).toEqual([]);
    expect(result.passed).toBe(true);
  }, 120_000);
});
