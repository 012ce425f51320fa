import { bootstrap } from '../src/server/runtime.js';
import { removeDemo } from '../src/server/db/seed/demo.js';

const { database } = await bootstrap();
const removed = await removeDemo(database.db);
console.log(`demo removed: ${removed.people} people, ${removed.organisations} organisations`);
await database.close();
