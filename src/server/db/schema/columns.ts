import { timestamp } from 'drizzle-orm/pg-core';

/** Every timestamp is stored as timestamptz and handled in UTC. */
export const timestampUtc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => timestampUtc('created_at').notNull().defaultNow();
export const updatedAt = () => timestampUtc('updated_at').notNull().defaultNow();
