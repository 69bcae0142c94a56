-- The time lexeme `_later` now marks every document dated after the day (UTC) it was indexed on,
-- where it marked only those dated past the next year (src/lib/search/time-lexemes.ts): a
-- search's newest span names the days up to today and `_later`, not every day to the end of
-- next year. Documents dated ahead of today get it here; the others are as they would be indexed now.
UPDATE "search_documents" SET "terms" = "terms" || '_later'::tsvector
WHERE "sort_at" >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '24 hours'
	AND NOT "terms" @@ '_later'::tsquery;
