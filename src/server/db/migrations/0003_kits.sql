CREATE TABLE "kit_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kit_id" uuid NOT NULL,
	"base_version" integer NOT NULL,
	"section" text NOT NULL,
	"fact_index" integer,
	"proposed_text_fr" text NOT NULL,
	"proposed_text_en" text NOT NULL,
	"source_url" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_id" uuid,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"rejection_reason" text,
	"resulting_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kit_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kit_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"origin" text NOT NULL,
	"correction_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"country_code" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"seeded_content_hash" text NOT NULL,
	"last_reviewed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kits_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "kit_corrections" ADD CONSTRAINT "kit_corrections_kit_id_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_corrections" ADD CONSTRAINT "kit_corrections_proposed_by_id_people_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_corrections" ADD CONSTRAINT "kit_corrections_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_versions" ADD CONSTRAINT "kit_versions_kit_id_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."kits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_versions" ADD CONSTRAINT "kit_versions_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kit_corrections_status_idx" ON "kit_corrections" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "kit_corrections_kit_idx" ON "kit_corrections" USING btree ("kit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kit_versions_kit_version_unique" ON "kit_versions" USING btree ("kit_id","version");