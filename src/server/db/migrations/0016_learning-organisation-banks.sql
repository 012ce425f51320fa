ALTER TABLE "question_banks" ADD COLUMN "organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "question_banks" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;