DROP INDEX "mobility_itineraries_mobility_idx";--> statement-breakpoint
DROP INDEX "mobility_itineraries_host_idx";--> statement-breakpoint
CREATE INDEX "mobilities_status_start_idx" ON "mobilities" USING btree ("status","start_date","id");--> statement-breakpoint
CREATE INDEX "mobilities_start_idx" ON "mobilities" USING btree ("start_date","id");--> statement-breakpoint
CREATE INDEX "mobility_itineraries_country_idx" ON "mobility_itineraries" USING btree ("country","mobility_id");--> statement-breakpoint
CREATE INDEX "mobility_itineraries_mobility_idx" ON "mobility_itineraries" USING btree ("mobility_id","position");--> statement-breakpoint
CREATE INDEX "mobility_itineraries_host_idx" ON "mobility_itineraries" USING btree ("host_organisation_id","mobility_id");