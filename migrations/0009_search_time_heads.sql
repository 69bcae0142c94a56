-- Time lexemes (src/lib/search/time-lexemes.ts) for the documents written before them. The GIN
-- index is built again afterwards: faster than updating it row by row.
DROP INDEX "search_documents_terms_idx";
--> statement-breakpoint
UPDATE "search_documents" SET "terms" = "terms" || array_to_tsvector(
	ARRAY[
		'_d' || to_char("sort_at" AT TIME ZONE 'UTC', 'YYYYMMDD'),
		'_m' || to_char("sort_at" AT TIME ZONE 'UTC', 'YYYYMM'),
		'_y' || to_char("sort_at" AT TIME ZONE 'UTC', 'YYYY')
	] || CASE WHEN extract(year FROM "sort_at" AT TIME ZONE 'UTC') > extract(year FROM now() AT TIME ZONE 'UTC') + 1 THEN ARRAY['_later'] ELSE ARRAY[]::text[] END
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "heads" "tsvector" GENERATED ALWAYS AS (ts_filter(terms, '{a,b,d}')) STORED NOT NULL;
--> statement-breakpoint
CREATE INDEX "search_documents_terms_idx" ON "search_documents" USING gin ("terms");
