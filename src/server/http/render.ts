import type { z } from 'zod';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { en } from '../../shared/i18n/messages/en.js';
import type { MessageKey } from '../../shared/i18n/translate.js';
import type { FormErrors, FormValues } from '../../ui/forms.js';
import type { AppContext } from './context.js';

type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 500 | 503;

export async function render(c: AppContext, page: JSX.Element, status: Status = 200) {
  const html = await page.toString();
  c.header('Cache-Control', 'no-store');
  return c.html('<!DOCTYPE html>' + html, status);
}

const asMessageKey = (message: string): MessageKey =>
  Object.hasOwn(en, message) ? (message as MessageKey) : 'common.validation.invalid';

export type ParsedForm<T> =
  | { isValid: true; data: T; values: FormValues }
  | { isValid: false; errors: FormErrors; values: FormValues };

/** Reads a urlencoded or multipart form, keeping what the user typed for a 400 re-render. */
export async function readForm(c: AppContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === '_csrf') continue;
    if (Array.isArray(value)) result[name] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') result[name] = value;
  }
  return result;
}

export function validateForm<S extends z.ZodType>(schema: S, raw: Record<string, string | string[]>): ParsedForm<z.output<S>> {
  const values: FormValues = Object.fromEntries(
    Object.entries(raw).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]),
  );
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { isValid: true, data: parsed.data, values };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= asMessageKey(issue.message);
  }
  return { isValid: false, errors, values };
}

export async function parseForm<S extends z.ZodType>(c: AppContext, schema: S) {
  return validateForm(schema, await readForm(c));
}
