import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
});

export type Config = {
  environment: 'development' | 'production' | 'test';
  port: number;
  baseUrl: string;
  databaseUrl: string | undefined;
  dataDirectory: string;
  smtpUrl: string | undefined;
  sessionSecret: string;
  logLevel: (typeof logLevels)[number];
  isSecureCookie: boolean;
};

export class ConfigurationError extends Error {}

/** Treats empty strings as unset, so `PORT= npm start` behaves like no PORT at all. */
function withoutEmptyValues(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/**
 * Reads and validates the environment. Throws a ConfigurationError whose message is one line
 * naming the variable, so start-up can print it and stop.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmptyValues(environment));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigurationError(`Invalid ${variable}: ${issue.message}`);
  }
  const values = parsed.data;
  const dataDirectory = path.resolve(values.DATA_DIR);
  const baseUrl = (values.BASE_URL ?? `http://localhost:${values.PORT}`).replace(/\/$/, '');
  return {
    environment: values.NODE_ENV,
    port: values.PORT,
    baseUrl,
    databaseUrl: values.DATABASE_URL,
    dataDirectory,
    smtpUrl: values.SMTP_URL,
    sessionSecret: values.SESSION_SECRET ?? readOrCreateSecret(dataDirectory),
    logLevel: values.LOG_LEVEL,
    isSecureCookie: baseUrl.startsWith('https://'),
  };
}

/** With no SESSION_SECRET, a secret is generated once and kept in the data directory. */
function readOrCreateSecret(dataDirectory: string): string {
  const secretFile = path.join(dataDirectory, 'session-secret');
  if (existsSync(secretFile)) return readFileSync(secretFile, 'utf8').trim();
  mkdirSync(dataDirectory, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(secretFile, secret + '\n', { mode: 0o600 });
  chmodSync(secretFile, 0o600);
  return secret;
}
