CREATE TABLE "notice_credits" (
	"notice_id" integer NOT NULL,
	"position" integer NOT NULL,
	"person_id" integer NOT NULL,
	"role" "credit_role" NOT NULL,
	CONSTRAINT "notice_credits_notice_id_position_pk" PRIMARY KEY("notice_id","position")
);
--> statement-breakpoint
CREATE TABLE "notice_kinds" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"presentation" text DEFAULT 'table' NOT NULL,
	"columns" jsonb,
	"closing" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_rows" (
	"table_id" integer NOT NULL,
	"position" integer NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "notice_rows_table_id_position_pk" PRIMARY KEY("table_id","position")
);
--> statement-breakpoint
CREATE TABLE "notice_tables" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notice_tables_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"notice_id" integer NOT NULL,
	"columns" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"totals" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"salutation" text,
	"preamble" text DEFAULT '' NOT NULL,
	"preamble_document" jsonb NOT NULL,
	"closing" text,
	"issuer" text NOT NULL,
	"issued_on" date NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"claim_days" integer,
	"deadline" date,
	"table_id" integer,
	"status" "item_status" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"publish_at" timestamp with time zone,
	"scheduled_version" integer,
	"published_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"updated_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notice_credits" ADD CONSTRAINT "notice_credits_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_credits" ADD CONSTRAINT "notice_credits_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_rows" ADD CONSTRAINT "notice_rows_table_id_notice_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."notice_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_tables" ADD CONSTRAINT "notice_tables_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_tables" ADD CONSTRAINT "notice_tables_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_kind_notice_kinds_key_fk" FOREIGN KEY ("kind") REFERENCES "public"."notice_kinds"("key") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_table_id_notice_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."notice_tables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_credits_person_idx" ON "notice_credits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "notice_tables_notice_idx" ON "notice_tables" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "notices_updated_idx" ON "notices" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "notices_status_updated_idx" ON "notices" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "notices_due_idx" ON "notices" USING btree ("publish_at") WHERE "notices"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "notices_published_idx" ON "notices" USING btree ("published_at","id") WHERE "notices"."status" = 'published';--> statement-breakpoint
INSERT INTO "notice_kinds" ("key", "name", "description", "presentation", "columns", "closing") VALUES
('payout_claim', '赔款认领公示', 'An insurer''s list of payouts it could not pay, for the payees to claim', 'table',
 '[{"key":"no","label":"序号","type":"integer"},{"key":"name","label":"姓名","type":"text","required":true},{"key":"id_number","label":"身份证号","type":"id_cn"},{"key":"county","label":"区县","type":"text"},{"key":"township","label":"乡镇","type":"text"},{"key":"village","label":"村庄","type":"text"},{"key":"year","label":"赔款年度","type":"year"},{"key":"amount","label":"金额(元)","type":"money","required":true}]',
 '特此公示'),
('subsidy_payout', '补贴发放公示', 'A list of subsidies paid out, per person, with the area they are paid on', 'table',
 '[{"key":"no","label":"序号","type":"integer"},{"key":"name","label":"姓名","type":"text","required":true},{"key":"id_number","label":"身份证号","type":"id_cn"},{"key":"village","label":"村庄","type":"text"},{"key":"item","label":"补贴项目","type":"text"},{"key":"area","label":"面积(亩)","type":"decimal"},{"key":"amount","label":"金额(元)","type":"money","required":true}]',
 '特此公示'),
('statement', '声明', 'A statement such as 遗失声明 or 注销公告: a list of text entries, no table', 'list',
 '[{"key":"text","label":"声明事项","type":"text","required":true}]',
 '特此声明'),
('table', '公示', 'A notice whose table has the columns it declares', 'table', NULL, '特此公示');
