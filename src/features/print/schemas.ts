import { Type, type Static } from 'typebox';
import { DateText, Id, nameSchemas, PAGE_LABEL_WORDS, says, WORDS } from '../../lib/schemas.js';
import { CreditInput } from '../articles/schemas.js';

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
    photoLines: Lines('Lines the lead photo takes across the item under its head: the picture, its caption and a line of white; 0 without one'),
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

export const FitWarning = Type.Object(
  {
    code: Type.Literal('low-resolution', { description: '`low-resolution`: a photo prints at under 200 ppi at its size on the page' }),
    position: Type.Integer({ description: 'Place on the page of the item that shows the photo, from 1' }),
    kind: Type.Literal('article'),
    id: Id,
    photoId: Id,
    ppi: Type.Number({ description: 'The original’s effective resolution at its printed size, pixels per inch', examples: [142.5] }),
    widthMm: Type.Number({ description: 'Printed width in millimetres' }),
    heightMm: Type.Number({ description: 'Printed height in millimetres' }),
    message: Type.String({ examples: ['图片 12 印在 4 栏宽（169 毫米）仅 42 ppi，低于 200 ppi，印出会模糊'] }),
  },
  { additionalProperties: false, description: 'Something on the page a picture editor should see to before it goes to press' },
);
export type FitWarning = Static<typeof FitWarning>;

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
    warnings: Type.Array(FitWarning, { description: 'Photos printing at too low a resolution; empty when there is nothing to see to' }),
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
export const ArticleFitParams = ArticlePdfParams;
export const GalleyQuery = Type.Object(
  { grid: Type.Optional(Type.Enum(['broadsheet-8', 'tabloid-5'], { description: 'The grid whose column width the galley is set at; default broadsheet-8' })) },
  { additionalProperties: false },
);

const DraftText = (description: string, maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()], { description });

export const ArticleDraft = Type.Object(
  {
    kicker: Type.Optional(DraftText('引题 as typed; left out: the stored one', 200)),
    headline: Type.String({ maxLength: 200, description: '主题 as typed (it may still be empty while the story is written)' }),
    subtitle: Type.Optional(DraftText('副题 as typed; left out: the stored one', 200)),
    body: Type.String({ maxLength: 200_000, description: 'The body as typed, Markdown' }),
    credits: Type.Optional(
      Type.Array(CreditInput, {
        maxItems: 50,
        description: 'The byline as typed, read as saving it would read it (no one new is recorded); left out: the stored byline',
      }),
    ),
  },
  { additionalProperties: false, description: 'An unsaved draft of an article: what the story editor holds' },
);
export type ArticleDraft = Static<typeof ArticleDraft>;

export const DraftPlacement = Type.Object(
  {
    date: DateText('The date of the edition it is placed in (the latest, if several place it)'),
    label: Type.String({ examples: ['A03'] }),
    pageName: Type.String({ examples: ['聊城新闻'] }),
    columns: Type.Integer({ description: 'Grid columns the story spans on the page' }),
    linesAvailable: Lines('Body lines its space on the page holds, in lines of one column'),
    overLines: Lines('Needed minus available: over when positive, under (room left) when negative'),
    overCharacters: Type.Integer({ description: 'The same in characters: what to cut (positive) or could be added (negative)' }),
    fits: Type.Boolean(),
  },
  { additionalProperties: false, description: 'The space the story has on its page, and how the draft fits it' },
);

export const DraftFit = Type.Object(
  {
    grid: Type.Enum(['broadsheet-8', 'tabloid-5'], { description: 'The grid measured on: its page’s, or broadsheet-8 when it is on no page' }),
    charactersPerLine: Type.Integer({ description: 'Characters in one column line of the body' }),
    linesNeeded: Lines('Body lines the draft needs, counted in lines of one column'),
    headLines: Lines('Lines its head takes (kicker, headline, subtitle, byline) across its columns, or one column when it is on no page'),
    placement: Type.Union([DraftPlacement, Type.Null()], { description: 'Its page and how it fits there; null when no edition places it' }),
  },
  { additionalProperties: false, description: 'Copy-fit of an unsaved draft, from the measure print uses' },
);
export type DraftFit = Static<typeof DraftFit>;

nameSchemas({ ItemFit, FitWarning, PageFit, ArticleDraft, DraftPlacement, DraftFit });
