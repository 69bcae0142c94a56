import { Type, type Static } from 'typebox';
import { SEARCH_KINDS } from '../../db/schema/index.js';
import { Cursor, Id, Timestamp, TimeBound } from '../../lib/schemas.js';
import { Status } from '../../publishing/schemas.js';

/**
 * How many of the newest matches a search ranks: a common word matches far more, and the rest
 * are older. Each candidate's terms are read to match and rank it, so this bounds a search's work
 * (measured: scripts/bench/search.ts).
 */
export const RANKED_CANDIDATES = 200;

/**
 * How many of the newest items holding every character pair of a phrase are checked for the
 * phrase itself (or for a word excluded): the bound on a phrase's work, as RANKED_CANDIDATES is
 * on a word's.
 */
export const CHECKED_CANDIDATES = 2000;

const Query = Type.String({
  maxLength: 2000,
  description:
    'What to find. Words separated by spaces must all be there; `"a phrase"` as typed; `-word` must not be. Chinese is matched as written, ' +
    'two characters at least; traditional characters and full-width letters and digits find their simplified and half-width forms; ' +
    'Latin words and numbers also find longer ones they begin (`pm2` finds PM2.5). A masked ID number is found by its last four digits; ' +
    'a whole ID number is refused and never logged. At most 200 characters and 12 words.',
  examples: ['商业秘密', '温庄村 肖凤臣', '"5G基站" -暴雨'],
});

const SearchLimit = Type.Integer({ minimum: 1, maximum: 50, default: 20, description: 'Hits per page' });

const filters = {
  q: Query,
  from: Type.Optional(TimeBound('Only items published (else last changed) at or after this time; a plain day means from its 00:00 in the paper’s time zone')),
  to: Type.Optional(TimeBound('Only items published (else last changed) before this time; a plain day means up to its end, in the paper’s time zone')),
  limit: Type.Optional(SearchLimit),
  cursor: Type.Optional(Cursor),
};

export const SearchQuery = Type.Object(
  {
    ...filters,
    kind: Type.Optional(Type.Enum([...SEARCH_KINDS], { description: 'Only items of this kind' })),
    status: Type.Optional(Status),
    section: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const PublicSearchQuery = Type.Object(
  { ...filters, kind: Type.Optional(Type.Enum(['article', 'notice'], { description: 'Only stories, or only notices' })) },
  { additionalProperties: false },
);
export type PublicSearchQuery = Static<typeof PublicSearchQuery>;

const Mark = Type.Object(
  { start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) },
  { description: 'A match: [start, end) in UTF-16 code units of the text, as JavaScript indexes strings' },
);

export const MarkedText = Type.Object(
  { text: Type.String(), marks: Type.Array(Mark, { description: 'Where the query’s words are, in order' }) },
  { description: 'Text with the stretches that matched the query' },
);

export const MatchedRow = Type.Object(
  {
    row: Type.Integer({ minimum: 1, description: 'The row’s number in the table, from 1' }),
    cells: Type.Array(
      Type.Object({ label: Type.String(), text: Type.String({ description: 'As printed; ID numbers masked' }), marks: Type.Array(Mark, { description: 'Where the query’s words are in `text`' }) }),
      { description: 'The row’s cells, in column order' },
    ),
  },
  { description: 'A table row that holds the query’s words' },
);

/** `title`: the headline, the notice's title or the photo's caption; `snippet`: a stretch of the text around the first match. */
const hitProperties = {
  kind: Type.Enum([...SEARCH_KINDS]),
  id: Id,
  title: MarkedText,
  kicker: Type.Union([Type.String(), Type.Null()], { description: 'A story’s kicker (引题)' }),
  snippet: MarkedText,
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()], { description: 'The item’s public page; null until it is published' }),
  rows: Type.Optional(Type.Array(MatchedRow, { description: 'A notice’s table rows that match, at most 20' })),
  rowsMatched: Type.Optional(Type.Integer({ minimum: 0, description: 'How many of the notice’s rows match' })),
};

export const SearchHit = Type.Object({
  ...hitProperties,
  status: Type.Union([Status, Type.Null()], { description: 'Workflow state; null for photos' }),
  section: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()]),
  updatedAt: Timestamp,
});
export type SearchHit = Static<typeof SearchHit>;

export const PublicSearchHit = Type.Object(hitProperties);

const pageProperties = {
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer({ minimum: 0, description: `How many items match, counted up to ${RANKED_CANDIDATES}` }),
  bounded: Type.Boolean({
    description: `True when more may match than are ranked and paged: more than ${RANKED_CANDIDATES} match, or a phrase was checked only against the newest ${CHECKED_CANDIDATES} items holding its characters; narrow the query or the dates to reach older ones`,
  }),
};

export const SearchPage = Type.Object({ items: Type.Array(SearchHit), ...pageProperties });
export type SearchPage = Static<typeof SearchPage>;
export const PublicSearchPage = Type.Object({ items: Type.Array(PublicSearchHit), ...pageProperties });
