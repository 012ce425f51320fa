CREATE TABLE "grant_rates" (
	"organisation_id" uuid NOT NULL,
	"rate_key" text NOT NULL,
	"cents" integer NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grant_rates_organisation_id_rate_key_pk" PRIMARY KEY("organisation_id","rate_key")
);
--> statement-breakpoint
ALTER TABLE "grant_rates" ADD CONSTRAINT "grant_rates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_rates" ADD CONSTRAINT "grant_rates_updated_by_id_people_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;