CREATE TABLE "search_documents" (
	"kind" text NOT NULL,
	"item_id" integer NOT NULL,
	"status" "item_status",
	"section_id" integer,
	"created_by" integer NOT NULL,
	"published_at" timestamp with time zone,
	"sort_at" timestamp with time zone NOT NULL,
	"terms" "tsvector" NOT NULL,
	CONSTRAINT "search_documents_kind_item_id_pk" PRIMARY KEY("kind","item_id")
);
--> statement-breakpoint
CREATE INDEX "search_documents_terms_idx" ON "search_documents" USING gin ("terms");