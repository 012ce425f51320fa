import type { Database } from '../client.js';
import { seedCourses } from '../../learning/course-content.js';
import { seedKits } from '../../kits/kits.service.js';
import { seedNetworkCalls } from '../../network/calls-seed.js';
import { seedResources } from '../../resources/resources.service.js';
import { seedTimelines } from '../../timeline/timeline.service.js';
import { seedMap } from '../../map/map.service.js';
import { seedQualifications } from '../../agreements/index.js';
import { seedDemo } from './demo.js';

/**
 * Everything under content/ that the app loads at start, in dependency order; each step is
 * idempotent. Used by the server start, the browser stories and the test templates alike, so a new
 * content seed is added here once.
 */
export async function seedContent(db: Database) {
  return {
    kits: await seedKits(db),
    calls: await seedNetworkCalls(db),
    resources: await seedResources(db),
    mapEntries: await seedMap(db),
    qualifications: await seedQualifications(db),
    courseProblems: (await seedCourses(db)).problems,
    timelineProblems: (await seedTimelines(db)).problems,
  };
}

/** The demo world and all content: what the browser stories start from. */
export async function seedDemoWorld(db: Database): Promise<void> {
  await seedDemo(db);
  await seedContent(db);
}
