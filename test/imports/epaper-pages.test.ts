import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/features/imports/page.js';
import { checkPage, type ExpectedPage } from '../helpers/page-expectations.js';

/**
 * Pages as a desk gets them copied out of an e-paper PDF (test/fixtures/imports/epaper/README.md):
 * no heading marks, the PDF's column line breaks, page furniture, briefs columns, captions, jump
 * lines and notices without a table, each read against what its writer expected by reading it.
 */
const DIR = new URL('../fixtures/imports/epaper/', import.meta.url);
const PAGES = fs
  .readdirSync(DIR)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => name.slice(0, -'.txt'.length));

describe('pages copied out of an e-paper PDF', () => {
  it('has pages to read', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(PAGES)('%s', (name) => {
    const text = fs.readFileSync(new URL(`${name}.txt`, DIR), 'utf8');
    const expected = JSON.parse(fs.readFileSync(new URL(`${name}.expected.json`, DIR), 'utf8')) as ExpectedPage;
    const checks = checkPage(parsePage(text, { format: 'plain', kinds: [], today: '2024-01-01' }), expected);
    it.each(checks.map((check) => [check.name, check] as const))('%s', (_name, check) => {
      expect(check.ok, check.detail).toBe(true);
    });
  });
});
