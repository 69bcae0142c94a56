import type { NoticeJson } from './notices.js';

/** A page import's answer, as the imports API documents it. */
export interface ImportJson {
  id: number;
  articles: {
    id: number;
    kicker: string | null;
    headline: string;
    subtitle: string | null;
    body: string;
    sectionId: number | null;
    status: string;
    version: number;
    credits: { role: string; personId: number; name: string }[];
  }[];
  notices: NoticeJson[];
  changes: { type: string; line: number; column?: number; toLine?: number; before: string; after: string; item?: { kind: string; id: number } }[];
  warnings: { line: number; message: string; item?: { kind: string; id: number } }[];
}
