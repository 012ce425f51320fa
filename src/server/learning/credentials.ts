import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Database } from '../db/client.js';
import type { CertificatePayload } from '../db/schema/index.js';
import * as repository from './learning.repository.js';

/** OB 3.0 requires issuers to support RS256; one key, created on first use, kept in the database. */
const algorithm = 'RS256';
const platformKeyId = 'platform-credentials-1';

export type PlatformKey = { kid: string; privateJwk: JWK; publicJwk: JWK };

export async function platformSigningKey(db: Database): Promise<PlatformKey> {
  let row = await repository.findSigningKey(db, platformKeyId);
  if (!row) {
    const { publicKey, privateKey } = await generateKeyPair(algorithm, { extractable: true, modulusLength: 2048 });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    // Two instances racing both try to insert; the first wins and both read the winner back.
    await repository.insertSigningKey(db, {
      id: platformKeyId,
      algorithm,
      publicJwk: { ...publicJwk, kid, alg: algorithm, use: 'sig' },
      privateJwk: { ...privateJwk, kid, alg: algorithm },
    });
    row = await repository.findSigningKey(db, platformKeyId);
  }
  const publicJwk = row!.publicJwk as JWK;
  return { kid: publicJwk.kid!, publicJwk, privateJwk: row!.privateJwk as JWK };
}

/** The public keys, as published at /.well-known/jwks.json. */
export async function publishedKeySet(db: Database) {
  await platformSigningKey(db);
  const rows = await repository.listSigningKeys(db);
  return { keys: rows.map((row) => row.publicJwk) };
}

/** Stable JSON: keys sorted at every level, so the same content always gives the same hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function certificateHash(payload: CertificatePayload): string {
  return createHash('sha256').update(canonicalJson(payload)).digest('hex');
}

/** Short, unambiguous, typed by hand from paper: 4 groups of 4 from an alphabet without 0/O/1/I. */
export function newVerificationCode(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(16);
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join('')).join('-');
}

/** An Open Badges 3.0 `OpenBadgeCredential` (W3C Verifiable Credential) for a completed course. */
export function openBadgeCredential(
  payload: CertificatePayload,
  options: { baseUrl: string; holderEmail: string | null; issuedAt: Date; summary: string; contentHash: string },
) {
  const salt = randomBytes(8).toString('hex');
  const identity = options.holderEmail
    ? { identityType: 'emailAddress', value: options.holderEmail.toLowerCase() }
    : { identityType: 'name', value: payload.holder };
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${options.baseUrl}/verify/${payload.code}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: payload.course,
    issuer: { id: options.baseUrl, type: ['Profile'], name: payload.issuer, url: options.baseUrl },
    issuanceDate: options.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: identity.identityType,
          hashed: true,
          salt,
          identityHash: `sha256$${createHash('sha256')
            .update(identity.value + salt)
            .digest('hex')}`,
        },
      ],
      achievement: {
        id: `${options.baseUrl}/learn/${payload.courseSlug}`,
        type: ['Achievement'],
        achievementType: 'Course',
        name: payload.course,
        description: options.summary,
        criteria: { narrative: payload.modules.join('\n') },
        humanCode: payload.courseSlug,
      },
      result: [],
    },
    evidence: [
      {
        id: `${options.baseUrl}/verify/${payload.code}`,
        type: ['Evidence'],
        name: payload.code,
        description: `sha256:${options.contentHash}`,
      },
    ],
  };
}

/** Signs the credential as a VC-JWT (OB 3.0 §8.2): the credential in `vc`, registered claims beside it. */
export async function signCredential(key: PlatformKey, credential: ReturnType<typeof openBadgeCredential>): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, algorithm);
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: key.kid })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(new Date(credential.issuanceDate).getTime() / 1000))
    .setIssuedAt(Math.floor(new Date(credential.issuanceDate).getTime() / 1000))
    .sign(privateKey);
}
