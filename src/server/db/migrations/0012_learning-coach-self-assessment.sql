CREATE TABLE "coach_self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"ratings" jsonb NOT NULL,
	"framework_version" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coach_self_assessments_person_id_unique" UNIQUE("person_id")
);
--> statement-breakpoint
ALTER TABLE "coach_self_assessments" ADD CONSTRAINT "coach_self_assessments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;