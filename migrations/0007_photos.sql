CREATE TABLE "photo_revisions" (
	"photo_id" integer NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "photo_revisions_photo_id_version_pk" PRIMARY KEY("photo_id","version")
);
--> statement-breakpoint
CREATE TABLE "photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"sha256" text NOT NULL,
	"format" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"caption" text,
	"alt" text,
	"byline_person_id" integer,
	"credit" text,
	"copyright" text,
	"usage_terms" text,
	"taken_at" timestamp with time zone,
	"focal_point" jsonb,
	"crops" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"file_metadata" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer NOT NULL,
	"updated_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "article_photos" (
	"article_id" integer NOT NULL,
	"photo_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "article_photos_article_id_position_pk" PRIMARY KEY("article_id","position")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "lead_photo_id" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "lead_photo_caption" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "photo_slots" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "photo_revisions" ADD CONSTRAINT "photo_revisions_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photo_revisions" ADD CONSTRAINT "photo_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_byline_person_id_people_id_fk" FOREIGN KEY ("byline_person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_photos" ADD CONSTRAINT "article_photos_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_photos" ADD CONSTRAINT "article_photos_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "photos_sha256_key" ON "photos" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "photos_created_idx" ON "photos" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "photos_byline_created_idx" ON "photos" USING btree ("byline_person_id","created_at","id") WHERE "photos"."byline_person_id" is not null;--> statement-breakpoint
CREATE INDEX "article_photos_photo_idx" ON "article_photos" USING btree ("photo_id");--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_lead_photo_id_photos_id_fk" FOREIGN KEY ("lead_photo_id") REFERENCES "public"."photos"("id") ON DELETE restrict ON UPDATE no action;