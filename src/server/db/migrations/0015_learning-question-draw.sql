ALTER TABLE "activities" ADD COLUMN "draw_per_category" integer;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "shuffle_questions" boolean DEFAULT false NOT NULL;