import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { callFieldKinds } from '../db/schema/index.js';
import { contentDirectory } from '../content.js';
import { readDemoWorld } from '../db/seed/demo.js';
import { findPersonByEmail } from '../accounts/accounts.repository.js';
import { loadViewer } from '../accounts/viewer.js';
import { findCallByTitle, findDemoNetworkByName } from './calls.repository.js';
import { openCall } from './calls.service.js';

const callsFileSchema = z.object({
  sources: z.array(z.object({ id: z.string(), title: z.string(), publisher: z.string(), note: z.string(), checked: z.string() })).min(1),
  calls: z.array(
    z.object({
      network: z.string(),
      animatorEmail: z.email(),
      source: z.string(),
      title: z.string().min(1).max(200),
      eqfLevels: z.array(z.number().int().min(1).max(8)).min(1),
      minimumDurationDays: z.number().int().positive(),
      budgetEuros: z.number().int().positive(),
      deadlineDaysAfterSeeding: z.number().int().positive(),
      rules: z.string().min(1),
      formFields: z.array(
        z.object({
          kind: z.enum(callFieldKinds),
          label: z.string().min(1),
          required: z.boolean(),
          options: z.array(z.string()).optional(),
        }),
      ),
      criteria: z.array(z.object({ label: z.string().min(1), weight: z.number().int().min(1).max(100) })).min(1),
    }),
  ),
});

export function readDemoCalls() {
  const file = callsFileSchema.parse(parse(readFileSync(path.join(contentDirectory, 'network', 'calls.yaml'), 'utf8')));
  for (const call of file.calls) {
    if (!file.sources.some((source) => source.id === call.source))
      throw new Error(`content/network/calls.yaml: unknown source ${call.source}`);
  }
  return file.calls;
}

/**
 * Opens the demo network's calls from content/network/calls.yaml, once: a call already there (same
 * network and title) is left alone, and nothing happens when the demo world was removed.
 */
export async function seedNetworkCalls(db: Database, now: Date = new Date()): Promise<number> {
  const world = readDemoWorld();
  let opened = 0;
  for (const entry of readDemoCalls()) {
    const networkName = world.networks.find((network) => network.key === entry.network)?.name;
    const network = networkName ? await findDemoNetworkByName(db, networkName) : undefined;
    const animator = await findPersonByEmail(db, entry.animatorEmail);
    const viewer = animator ? await loadViewer(db, animator.person.id) : null;
    if (!network || !viewer || (await findCallByTitle(db, network.id, entry.title))) continue;
    await openCall(
      db,
      { viewer, requestId: 'seed', now },
      {
        networkId: network.id,
        title: entry.title,
        rulesMarkdown: entry.rules,
        eqfLevels: entry.eqfLevels,
        minimumDurationDays: entry.minimumDurationDays,
        budgetEuros: entry.budgetEuros,
        deadline: new Date(now.getTime() + entry.deadlineDaysAfterSeeding * 86_400_000),
        formFields: entry.formFields.map((field, index) => ({
          id: `q${index + 1}`,
          kind: field.kind,
          label: field.label,
          isRequired: field.required,
          options: field.options ?? [],
        })),
        criteria: entry.criteria.map((criterion, index) => ({ id: `c${index + 1}`, ...criterion })),
      },
      true,
    );
    opened += 1;
  }
  return opened;
}
