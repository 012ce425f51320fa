CREATE TABLE "mobility_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"host_organisation_id" uuid,
	"activity_type" text NOT NULL,
	"title" text NOT NULL,
	"destination_city" text NOT NULL,
	"destination_country" text NOT NULL,
	"sector" text,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"places" integer NOT NULL,
	"eligibility" text,
	"costs_covered" text,
	"deadline" date NOT NULL,
	"criteria_weights" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"motivation" text NOT NULL,
	"language_level" text NOT NULL,
	"cv_link" text,
	"employer_name" text,
	"employer_email" text,
	"employer_language" text DEFAULT 'fr' NOT NULL,
	"employer_token_hash" text,
	"employer_decision" text DEFAULT 'pending' NOT NULL,
	"employer_decided_at" timestamp with time zone,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"weighted_score" integer,
	"status" text DEFAULT 'submitted' NOT NULL,
	"decided_at" timestamp with time zone,
	"mobility_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mobility_offers" ADD CONSTRAINT "mobility_offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_offers" ADD CONSTRAINT "mobility_offers_project_id_grant_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."grant_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_offers" ADD CONSTRAINT "mobility_offers_host_organisation_id_organisations_id_fk" FOREIGN KEY ("host_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_offers" ADD CONSTRAINT "mobility_offers_created_by_id_people_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_applications" ADD CONSTRAINT "offer_applications_offer_id_mobility_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."mobility_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_applications" ADD CONSTRAINT "offer_applications_learner_id_people_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_applications" ADD CONSTRAINT "offer_applications_mobility_id_mobilities_id_fk" FOREIGN KEY ("mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mobility_offers_organisation_idx" ON "mobility_offers" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "offer_applications_offer_learner_unique" ON "offer_applications" USING btree ("offer_id","learner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offer_applications_employer_token_unique" ON "offer_applications" USING btree ("employer_token_hash");