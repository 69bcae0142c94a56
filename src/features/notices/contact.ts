import { Unprocessable } from '../../errors.js';
import { PHONE_EXAMPLES, readPhoneNumber } from '../../lib/phone.js';
import type { NoticeRow } from './repository.js';

/** A notice's contact as given: its name trimmed, its phone read and normalised as a phone cell of a table is. */
export function contactOf(contact: { name: string; phone: string } | null | undefined) {
  if (!contact) return { contactName: null, contactPhone: null };
  const phone = readPhoneNumber(contact.phone);
  if (phone === undefined) {
    throw new Unprocessable(`The contact phone is not one phone number; write it like ${PHONE_EXAMPLES}`, [
      { pointer: '/contact/phone', message: `is not one phone number: write it like ${PHONE_EXAMPLES}` },
    ]);
  }
  return { contactName: contact.name.trim(), contactPhone: phone };
}

/** The stored contact as the API shows it. */
export function contactOut(row: NoticeRow): { name: string; phone: string } | null {
  return row.contactName === null || row.contactPhone === null ? null : { name: row.contactName, phone: row.contactPhone };
}
