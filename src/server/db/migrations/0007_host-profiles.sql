CREATE TABLE "host_family_profiles" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"address" text,
	"household" text,
	"vetted_on" date,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "host_profiles" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"nace_code" text,
	"trades" text[] DEFAULT '{}' NOT NULL,
	"accepts_minors" boolean DEFAULT false NOT NULL,
	"minimum_age" integer,
	"capacity" integer,
	"has_safety_induction" boolean DEFAULT false NOT NULL,
	"provides_ppe" boolean DEFAULT false NOT NULL,
	"helps_with_accommodation" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "host_family_profiles" ADD CONSTRAINT "host_family_profiles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_profiles" ADD CONSTRAINT "host_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;