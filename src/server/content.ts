import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's content/ folder: courses, timelines, kits, map entries, demo world. */
export const contentDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'content');
