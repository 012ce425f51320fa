CREATE TABLE "network_call_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"project_title" text NOT NULL,
	"eqf_level" integer,
	"planned_duration_days" integer,
	"requested_euros" integer,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by_id" uuid,
	"submitted_by_id" uuid,
	"submitted_at" timestamp with time zone,
	"awarded_euros" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_call_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"field_id" text NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_call_reviewers" (
	"call_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_call_reviewers_call_id_person_id_pk" PRIMARY KEY("call_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "network_call_reviews" (
	"application_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"has_conflict" boolean DEFAULT false NOT NULL,
	"conflict_reason" text,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "network_call_reviews_application_id_reviewer_id_pk" PRIMARY KEY("application_id","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "network_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"rules_markdown" text NOT NULL,
	"eqf_levels" integer[] NOT NULL,
	"minimum_duration_days" integer NOT NULL,
	"budget_euros" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"form_fields" jsonb NOT NULL,
	"criteria" jsonb NOT NULL,
	"decided_at" timestamp with time zone,
	"opened_by_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "network_call_applications" ADD CONSTRAINT "network_call_applications_call_id_network_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."network_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_applications" ADD CONSTRAINT "network_call_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_applications" ADD CONSTRAINT "network_call_applications_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_applications" ADD CONSTRAINT "network_call_applications_submitted_by_id_people_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_attachments" ADD CONSTRAINT "network_call_attachments_application_id_network_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."network_call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_attachments" ADD CONSTRAINT "network_call_attachments_uploaded_by_id_people_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_reviewers" ADD CONSTRAINT "network_call_reviewers_call_id_network_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."network_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_reviewers" ADD CONSTRAINT "network_call_reviewers_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_reviews" ADD CONSTRAINT "network_call_reviews_application_id_network_call_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."network_call_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_call_reviews" ADD CONSTRAINT "network_call_reviews_reviewer_id_people_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_calls" ADD CONSTRAINT "network_calls_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_calls" ADD CONSTRAINT "network_calls_opened_by_id_people_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "network_call_applications_call_organisation_unique" ON "network_call_applications" USING btree ("call_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "network_call_attachments_field_unique" ON "network_call_attachments" USING btree ("application_id","field_id");--> statement-breakpoint
CREATE INDEX "network_call_reviewers_person_idx" ON "network_call_reviewers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "network_call_reviews_reviewer_idx" ON "network_call_reviews" USING btree ("reviewer_id");--> statement-breakpoint
CREATE INDEX "network_calls_network_idx" ON "network_calls" USING btree ("network_id");