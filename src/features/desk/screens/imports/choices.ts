/** What the import form offers: the sections to file stories in, and for editors the pages of the coming editions. */
import { todayIn } from '../../../../lib/time.js';
import type { DeskServices } from '../../services.js';
import { sectionOptions } from '../stories/editor-load.js';

/** Editions still being planned, from today on, whose pages the form offers. */
const EDITIONS_OFFERED = 14;

export interface EditionChoice {
  date: string;
  issueNumber: number;
  pages: { label: string; name: string }[];
}

export interface ImportChoices {
  sections: { id: number; name: string }[];
  /** Empty for a reporter, who does not place items. */
  editions: EditionChoice[];
}

export async function importChoices(services: DeskServices, timeZone: string, editor: boolean): Promise<ImportChoices> {
  const sections = sectionOptions(services.sections);
  if (!editor) return { sections: await sections, editions: [] };
  const { items } = await services.editions.list({ status: 'planning', from: todayIn(timeZone), limit: EDITIONS_OFFERED });
  const editions = await Promise.all(
    items
      .filter((e) => e.pageCount > 0)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(async (e) => ({ date: e.date, issueNumber: e.issueNumber, pages: (await services.editions.get(e.date)).pages.map((p) => ({ label: p.label, name: p.name })) })),
  );
  return { sections: await sections, editions };
}
