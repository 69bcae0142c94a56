import { Type, type Static } from 'typebox';
import { DateText, Id, nameSchemas, PAGE_LABEL_WORDS, says, WORDS } from '../../lib/schemas.js';

const Lines = (description: string) => Type.Integer({ description });

export const ItemFit = Type.Object(
  {
    position: Type.Integer({ description: 'Place on the page, from 1' }),
    kind: Type.Union([Type.Literal('article'), Type.Literal('notice')]),
    id: Id,
    title: Type.String({ description: 'Headline or notice title, as set' }),
    columns: Type.Integer({ description: 'Grid columns the item spans' }),
    column: Type.Integer({ description: 'The grid column it starts in, from 1' }),
    line: Type.Integer({ description: 'The line of the type area it starts on, from 1 (below the page header)' }),
    headLines: Lines('Lines the head takes across the item: kicker, headline, subtitle, byline (a notice: its title)'),
    flowColumns: Type.Integer({ description: 'Columns the body flows in (a notice’s table keeps its width, so it may flow in fewer)' }),
    charactersPerLine: Type.Integer({ description: 'Characters in one line of the body' }),
    linesNeeded: Lines('Body lines the item needs, counted in lines of one flow column'),
    linesAvailable: Lines('Body lines its space holds, in the same lines'),
    overLines: Lines('Needed minus available: over when positive, under (room left) when negative'),
    overCharacters: Type.Integer({ description: 'The same in characters: what to cut (positive) or could be added (negative)' }),
    fits: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ItemFit = Static<typeof ItemFit>;

export const PageFit = Type.Object(
  {
    date: DateText('The edition’s date'),
    label: Type.String({ examples: ['A03'] }),
    grid: Type.String({ examples: ['broadsheet-8'] }),
    columns: Type.Integer(),
    areaLines: Lines('Lines of the type area below the page header'),
    usedLines: Lines('Lines down to the foot of the lowest item'),
    freeLines: Lines('Lines left empty below it'),
    fits: Type.Boolean({ description: 'Every item fits its space' }),
    items: Type.Array(ItemFit),
  },
  { additionalProperties: false, description: 'Copy-fit report of a page' },
);
export type PageFit = Static<typeof PageFit>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', ...says(WORDS.date), description: 'The edition’s date, YYYY-MM-DD', examples: ['2024-04-11'] });
const Label = Type.String({ pattern: '^[A-Z](0[1-9]|[1-9][0-9])$', ...says(PAGE_LABEL_WORDS), description: 'Page label', examples: ['A03'] });

export const EditionPdfParams = Type.Object({ date: Day }, { additionalProperties: false });
export const PagePdfParams = Type.Object({ date: Day, label: Label }, { additionalProperties: false });
export const PageFitParams = PagePdfParams;
export const ArticlePdfParams = Type.Object({ id: Id }, { additionalProperties: false });
export const GalleyQuery = Type.Object(
  { grid: Type.Optional(Type.Enum(['broadsheet-8', 'tabloid-5'], { description: 'The grid whose column width the galley is set at; default broadsheet-8' })) },
  { additionalProperties: false },
);

nameSchemas({ ItemFit, PageFit });
