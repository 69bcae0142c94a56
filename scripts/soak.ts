// Soak test: `npm run soak [-- --seconds N]` (default 60).
//
// Makes a fresh database on the PostgreSQL server at BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres; dropped afterwards), starts two instances of the
// service on it as `npm start` runs them (built first; `node --expose-gc dist/server.js`, each
// with its scheduled-publication loop), and drives a newsroom's mixed traffic over both for N
// seconds: reporters filing and editing drafts with If-Match (now and then a stale one, which
// must be refused with 412) and submitting them; editors editing, filing notices with tables,
// scheduling items a few seconds ahead; a layout editor placing items on edition pages and
// releasing editions; public reads of the content API and the web site, print proofs and public
// page PDFs. It prints each class of request's count, throughput, p50/p99 latency and non-2xx
// answers, each instance's RSS at the start and the end, and then checks the invariants (see
// scripts/soak/invariants.ts), exiting 1 when one fails, with the evidence.
import { parseArgs } from 'node:util';
import { runSoak } from './soak/run.js';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '60' } } });
const seconds = Number(args.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--seconds must be a positive number, got ${args.seconds}`);
const result = await runSoak({ seconds });
if (!result.passed) process.exitCode = 1;
