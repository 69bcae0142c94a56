CREATE TABLE "editions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "editions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"date" date NOT NULL,
	"issue_number" integer NOT NULL,
	"status" text DEFAULT 'planning' NOT NULL,
	"release_at" timestamp with time zone,
	"live_at" timestamp with time zone,
	"released_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer NOT NULL,
	"updated_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "editions_status_check" CHECK ("editions"."status" in ('planning', 'released'))
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"edition_id" integer NOT NULL,
	"label" text NOT NULL,
	"name" text NOT NULL,
	"section_id" integer,
	"editor_id" integer,
	"grid" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pages_grid_check" CHECK ("pages"."grid" in ('broadsheet-8', 'tabloid-5')),
	CONSTRAINT "pages_label_check" CHECK ("pages"."label" ~ '^[A-Z](0[1-9]|[1-9][0-9])$')
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"page_id" integer NOT NULL,
	"position" integer NOT NULL,
	"edition_id" integer NOT NULL,
	"article_id" integer,
	"notice_id" integer,
	"columns" integer,
	CONSTRAINT "placements_page_id_position_pk" PRIMARY KEY("page_id","position"),
	CONSTRAINT "placements_one_item_check" CHECK (("placements"."article_id" is null) <> ("placements"."notice_id" is null)),
	CONSTRAINT "placements_columns_check" CHECK ("placements"."columns" is null or "placements"."columns" between 1 and 8)
);
--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editions" ADD CONSTRAINT "editions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_editor_id_users_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_edition_id_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pages_id_edition_key" ON "pages" USING btree ("id","edition_id");--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_page_edition_fk" FOREIGN KEY ("page_id","edition_id") REFERENCES "public"."pages"("id","edition_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "editions_date_key" ON "editions" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "editions_issue_number_key" ON "editions" USING btree ("issue_number");--> statement-breakpoint
CREATE INDEX "editions_due_idx" ON "editions" USING btree ("release_at") WHERE "editions"."status" = 'released' and "editions"."live_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "pages_edition_label_key" ON "pages" USING btree ("edition_id","label");--> statement-breakpoint
CREATE UNIQUE INDEX "placements_edition_article_key" ON "placements" USING btree ("edition_id","article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "placements_edition_notice_key" ON "placements" USING btree ("edition_id","notice_id");--> statement-breakpoint
CREATE INDEX "placements_article_idx" ON "placements" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "placements_notice_idx" ON "placements" USING btree ("notice_id");