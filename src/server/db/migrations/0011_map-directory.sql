CREATE TABLE "directory_alumni" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"person_id" uuid,
	"display_name" text NOT NULL,
	"trade" text NOT NULL,
	"qualification" text,
	"home_centre" text NOT NULL,
	"host_city" text NOT NULL,
	"host_country" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"year" integer NOT NULL,
	"duration_weeks" integer NOT NULL,
	"testimonial" jsonb NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"is_happy_to_be_contacted" boolean DEFAULT false NOT NULL,
	"consent_given_at" timestamp with time zone,
	"is_guardian_consent_required" boolean DEFAULT false NOT NULL,
	"guardian_consent_given_at" timestamp with time zone,
	"guardian_consent_by_id" uuid,
	"consent_withdrawn_at" timestamp with time zone,
	"status" text DEFAULT 'proposed' NOT NULL,
	"reviewed_by_id" uuid,
	"last_confirmed_on" date NOT NULL,
	"seeded_content_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_alumni_slug_unique" UNIQUE("slug"),
	CONSTRAINT "directory_alumni_person_id_unique" UNIQUE("person_id")
);
--> statement-breakpoint
CREATE TABLE "directory_hosts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"sector_label" jsonb,
	"qualifications" text[] DEFAULT '{}' NOT NULL,
	"description" jsonb NOT NULL,
	"typical_durations" text[] DEFAULT '{}' NOT NULL,
	"location_precision" text DEFAULT 'city' NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_id" uuid,
	"reviewed_by_id" uuid,
	"last_confirmed_on" date NOT NULL,
	"seeded_content_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directory_hosts_slug_unique" UNIQUE("slug"),
	CONSTRAINT "directory_hosts_organisation_id_unique" UNIQUE("organisation_id")
);
--> statement-breakpoint
CREATE TABLE "directory_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"host_id" uuid,
	"alumnus_id" uuid,
	"in_reply_to_id" uuid,
	"sender_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"body" text NOT NULL,
	"period" text,
	"reported_at" timestamp with time zone,
	"report_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "reminder_preferences" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'immediate' NOT NULL,
	"unsubscribed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sent_reminders" (
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"person_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sent_reminders_rule_subject_person_id_pk" PRIMARY KEY("rule","subject","person_id")
);
--> statement-breakpoint
CREATE TABLE "timeline_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mobility_id" uuid NOT NULL,
	"sending_organisation_id" uuid NOT NULL,
	"template_id" uuid,
	"template_slug" text NOT NULL,
	"template_version" integer NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"phase" text NOT NULL,
	"role" text NOT NULL,
	"anchor" text NOT NULL,
	"offset_days" integer NOT NULL,
	"due_date" date NOT NULL,
	"evidence" text NOT NULL,
	"evidence_detail" text,
	"title" jsonb NOT NULL,
	"guidance" jsonb NOT NULL,
	"resources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'todo' NOT NULL,
	"note" text,
	"skip_reason" text,
	"file_key" text,
	"file_name" text,
	"file_type" text,
	"completed_at" timestamp with time zone,
	"completed_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_template_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"key" text NOT NULL,
	"phase" text NOT NULL,
	"role" text NOT NULL,
	"anchor" text NOT NULL,
	"offset_days" integer NOT NULL,
	"evidence" text NOT NULL,
	"evidence_detail" text,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"title" jsonb NOT NULL,
	"guidance" jsonb NOT NULL,
	"resources" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"version" integer NOT NULL,
	"organisation_id" uuid,
	"copied_from_id" uuid,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"applies_to" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_alumni" ADD CONSTRAINT "directory_alumni_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_alumni" ADD CONSTRAINT "directory_alumni_guardian_consent_by_id_people_id_fk" FOREIGN KEY ("guardian_consent_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_alumni" ADD CONSTRAINT "directory_alumni_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_hosts" ADD CONSTRAINT "directory_hosts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_hosts" ADD CONSTRAINT "directory_hosts_proposed_by_id_people_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_hosts" ADD CONSTRAINT "directory_hosts_reviewed_by_id_people_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_messages" ADD CONSTRAINT "directory_messages_host_id_directory_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."directory_hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_messages" ADD CONSTRAINT "directory_messages_alumnus_id_directory_alumni_id_fk" FOREIGN KEY ("alumnus_id") REFERENCES "public"."directory_alumni"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_messages" ADD CONSTRAINT "directory_messages_sender_id_people_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_messages" ADD CONSTRAINT "directory_messages_recipient_id_people_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_preferences" ADD CONSTRAINT "reminder_preferences_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sent_reminders" ADD CONSTRAINT "sent_reminders_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_steps" ADD CONSTRAINT "timeline_steps_mobility_id_mobilities_id_fk" FOREIGN KEY ("mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_steps" ADD CONSTRAINT "timeline_steps_sending_organisation_id_organisations_id_fk" FOREIGN KEY ("sending_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_steps" ADD CONSTRAINT "timeline_steps_template_id_timeline_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."timeline_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_steps" ADD CONSTRAINT "timeline_steps_completed_by_id_people_id_fk" FOREIGN KEY ("completed_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_template_steps" ADD CONSTRAINT "timeline_template_steps_template_id_timeline_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."timeline_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_templates" ADD CONSTRAINT "timeline_templates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_alumni_status_idx" ON "directory_alumni" USING btree ("status");--> statement-breakpoint
CREATE INDEX "directory_hosts_status_idx" ON "directory_hosts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "directory_messages_recipient_idx" ON "directory_messages" USING btree ("recipient_id","created_at");--> statement-breakpoint
CREATE INDEX "directory_messages_sender_idx" ON "directory_messages" USING btree ("sender_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_steps_mobility_key_unique" ON "timeline_steps" USING btree ("mobility_id","template_slug","key");--> statement-breakpoint
CREATE INDEX "timeline_steps_mobility_due_idx" ON "timeline_steps" USING btree ("mobility_id","due_date");--> statement-breakpoint
CREATE INDEX "timeline_steps_board_idx" ON "timeline_steps" USING btree ("sending_organisation_id","status","due_date");--> statement-breakpoint
CREATE INDEX "timeline_steps_status_due_idx" ON "timeline_steps" USING btree ("status","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_template_steps_key_unique" ON "timeline_template_steps" USING btree ("template_id","key");--> statement-breakpoint
CREATE INDEX "timeline_template_steps_position_idx" ON "timeline_template_steps" USING btree ("template_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_templates_content_version_unique" ON "timeline_templates" USING btree ("slug","version") WHERE "timeline_templates"."organisation_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_templates_organisation_slug_unique" ON "timeline_templates" USING btree ("organisation_id","slug") WHERE "timeline_templates"."organisation_id" is not null;