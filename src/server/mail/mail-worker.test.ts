import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { outboxMessages } from '../db/schema/index.js';
import { createTestDatabase } from '../testing/database.js';
import { createLogger } from '../logger.js';
import type { DatabaseHandle } from '../db/client.js';
import { enqueueMail } from './outbox.repository.js';
import { deliverDueMail, retryDelaySeconds } from './mail-worker.js';

let database: DatabaseHandle;
const logger = createLogger('silent');
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

describe('outbox delivery', () => {
  it('sends a message once even when two workers run at the same time', async () => {
    await enqueueMail(database.db, { to: 'a@example.org', subject: 'One', text: 'Body', language: 'fr', idempotencyKey: 'once-1' }, true);
    await enqueueMail(database.db, { to: 'a@example.org', subject: 'One again', text: 'Body', language: 'fr', idempotencyKey: 'once-1' }, true);
    const sent: string[] = [];
    const send = async (message: { subject: string }) => {
      sent.push(message.subject);
    };
    const now = new Date();
    const [first, second] = await Promise.all([deliverDueMail(database.db, send, now, logger), deliverDueMail(database.db, send, now, logger)]);
    assert.equal(first + second, 1);
    assert.deepEqual(sent, ['One']);
    assert.equal(await deliverDueMail(database.db, send, new Date(now.getTime() + 3600_000), logger), 0);
  });

  it('retries with back-off after an SMTP failure', async () => {
    await enqueueMail(database.db, { to: 'b@example.org', subject: 'Retry', text: 'Body', language: 'en' }, true);
    const start = new Date(Date.now() + 10_000);
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('451 try later');
    };
    assert.equal(await deliverDueMail(database.db, failing, start, logger), 0);
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'b@example.org'));
    assert.equal(row!.status, 'pending');
    assert.equal(row!.lastError, '451 try later');
    assert.equal(row!.nextAttemptAt.getTime(), start.getTime() + retryDelaySeconds(1) * 1000);
    assert.equal(await deliverDueMail(database.db, failing, new Date(start.getTime() + 1000), logger), 0);
    assert.equal(calls, 1, 'not retried before its time');
    const sent = await deliverDueMail(database.db, async () => {}, new Date(start.getTime() + 61_000), logger);
    assert.equal(sent, 1);
  });

  it('keeps messages for /dev/mail when no SMTP server is configured', async () => {
    await enqueueMail(database.db, { to: 'c@example.org', subject: 'Kept', text: 'Body', language: 'de' }, false);
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'c@example.org'));
    assert.equal(row!.status, 'kept');
  });
});
