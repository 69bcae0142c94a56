import { maskIdsInText } from '../../lib/id-card.js';
import type { RowPlace } from '../../tables/typed-table.js';

/** Where a full ID number was masked: a table cell, or a text field by pointer. */
export type MaskedPlace = (RowPlace & { column: string }) | { pointer: string };

const TEXT_FIELDS = ['title', 'salutation', 'preamble', 'closing', 'issuer'] as const;

/**
 * The notice's own text with every full ID number masked, as table cells are: a 遗失声明's
 * preamble names the lost card's number more often than not.
 */
export function maskTextFields<T extends Partial<Record<(typeof TEXT_FIELDS)[number], string | null>> & { contact?: { name: string; phone: string } | null }>(
  body: T,
): { body: T; masked: MaskedPlace[] } {
  const out: T = { ...body };
  const masked: MaskedPlace[] = [];
  for (const field of TEXT_FIELDS) {
    const text = body[field];
    if (typeof text !== 'string') continue;
    const result = maskIdsInText(text);
    if (result.count) {
      out[field] = result.text as T[typeof field];
      masked.push({ pointer: `/${field}` });
    }
  }
  if (body.contact) {
    const result = maskIdsInText(body.contact.name);
    if (result.count) {
      out.contact = { ...body.contact, name: result.text };
      masked.push({ pointer: '/contact/name' });
    }
  }
  return { body: out, masked };
}
