CREATE TABLE "accompaniments" (
	"accompanying_mobility_id" uuid NOT NULL,
	"learner_mobility_id" uuid NOT NULL,
	CONSTRAINT "accompaniments_accompanying_mobility_id_learner_mobility_id_pk" PRIMARY KEY("accompanying_mobility_id","learner_mobility_id")
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mobility_id" uuid NOT NULL,
	"guardian_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"given_on" date NOT NULL,
	"revoked_at" timestamp with time zone,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mobility_id" uuid NOT NULL,
	"side" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"relationship" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"key_action" text NOT NULL,
	"field" text NOT NULL,
	"beneficiary_id" uuid NOT NULL,
	"consortium_id" uuid,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"budget" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"planned_mobilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"sending_organisation_id" uuid NOT NULL,
	"activity_type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"start_date" date,
	"end_date" date,
	"interruption_days" integer DEFAULT 0 NOT NULL,
	"travel_days" integer DEFAULT 0 NOT NULL,
	"main_transport" text,
	"is_green_travel" boolean DEFAULT false NOT NULL,
	"distance_km" double precision,
	"distance_band" text,
	"eqf_level" integer,
	"qualification_title" text,
	"qualification_code" text,
	"isced_field" text,
	"placement_language" text,
	"cefr_level" text,
	"has_fewer_opportunities" boolean DEFAULT false NOT NULL,
	"fewer_opportunities_justification" text,
	"inclusion_support_euros" integer,
	"is_force_majeure" boolean DEFAULT false NOT NULL,
	"force_majeure_explanation" text,
	"tutor_id" uuid,
	"accommodation_kind" text,
	"host_family_id" uuid,
	"status_reason" text,
	"import_key" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobility_itineraries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mobility_id" uuid NOT NULL,
	"position" integer DEFAULT 1 NOT NULL,
	"host_organisation_id" uuid NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"start_date" date,
	"end_date" date
);
--> statement-breakpoint
CREATE TABLE "participant_needs" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"health" text,
	"diet" text,
	"accessibility" text,
	"is_diet_shared_with_host_family" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_sending_organisations" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "project_sending_organisations_project_id_organisation_id_pk" PRIMARY KEY("project_id","organisation_id")
);
--> statement-breakpoint
ALTER TABLE "accompaniments" ADD CONSTRAINT "accompaniments_accompanying_mobility_id_mobilities_id_fk" FOREIGN KEY ("accompanying_mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accompaniments" ADD CONSTRAINT "accompaniments_learner_mobility_id_mobilities_id_fk" FOREIGN KEY ("learner_mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_mobility_id_mobilities_id_fk" FOREIGN KEY ("mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_guardian_id_people_id_fk" FOREIGN KEY ("guardian_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_recorded_by_id_people_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_contacts" ADD CONSTRAINT "emergency_contacts_mobility_id_mobilities_id_fk" FOREIGN KEY ("mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_projects" ADD CONSTRAINT "grant_projects_beneficiary_id_organisations_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_projects" ADD CONSTRAINT "grant_projects_consortium_id_consortia_id_fk" FOREIGN KEY ("consortium_id") REFERENCES "public"."consortia"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilities" ADD CONSTRAINT "mobilities_project_id_grant_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."grant_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilities" ADD CONSTRAINT "mobilities_participant_id_people_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilities" ADD CONSTRAINT "mobilities_sending_organisation_id_organisations_id_fk" FOREIGN KEY ("sending_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilities" ADD CONSTRAINT "mobilities_tutor_id_people_id_fk" FOREIGN KEY ("tutor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilities" ADD CONSTRAINT "mobilities_host_family_id_people_id_fk" FOREIGN KEY ("host_family_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_itineraries" ADD CONSTRAINT "mobility_itineraries_mobility_id_mobilities_id_fk" FOREIGN KEY ("mobility_id") REFERENCES "public"."mobilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobility_itineraries" ADD CONSTRAINT "mobility_itineraries_host_organisation_id_organisations_id_fk" FOREIGN KEY ("host_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participant_needs" ADD CONSTRAINT "participant_needs_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sending_organisations" ADD CONSTRAINT "project_sending_organisations_project_id_grant_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."grant_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sending_organisations" ADD CONSTRAINT "project_sending_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_mobility_idx" ON "consents" USING btree ("mobility_id");--> statement-breakpoint
CREATE INDEX "emergency_contacts_mobility_idx" ON "emergency_contacts" USING btree ("mobility_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_projects_code_unique" ON "grant_projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "grant_projects_beneficiary_idx" ON "grant_projects" USING btree ("beneficiary_id");--> statement-breakpoint
CREATE INDEX "mobilities_project_status_idx" ON "mobilities" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "mobilities_sending_status_idx" ON "mobilities" USING btree ("sending_organisation_id","status","start_date");--> statement-breakpoint
CREATE INDEX "mobilities_participant_idx" ON "mobilities" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "mobilities_tutor_idx" ON "mobilities" USING btree ("tutor_id");--> statement-breakpoint
CREATE INDEX "mobilities_host_family_idx" ON "mobilities" USING btree ("host_family_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mobilities_project_import_key_unique" ON "mobilities" USING btree ("project_id","import_key");--> statement-breakpoint
CREATE INDEX "mobility_itineraries_mobility_idx" ON "mobility_itineraries" USING btree ("mobility_id");--> statement-breakpoint
CREATE INDEX "mobility_itineraries_host_idx" ON "mobility_itineraries" USING btree ("host_organisation_id");--> statement-breakpoint
CREATE INDEX "project_sending_organisation_idx" ON "project_sending_organisations" USING btree ("organisation_id");