import { bootstrap } from '../src/server/runtime.js';

const { database } = await bootstrap();
console.log(`migrations applied (${database.kind})`);
await database.close();
