import { bootstrap } from '../src/server/runtime.js';
import { seedLarge } from '../src/server/db/seed/large.js';

/** `npm run seed:large` — into the configured database (use DATA_DIR or DATABASE_URL to choose it). */
const { database } = await bootstrap();
const isSeeded = await seedLarge(database.db, (line) => console.log(line));
if (!isSeeded) console.log('the large dataset is already there');
await database.close();
