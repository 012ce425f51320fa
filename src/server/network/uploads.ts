import path from 'node:path';
import { AppError } from '../http/errors.js';
import { directoryStorage } from '../learning/file-storage.js';
import { sniffedType } from '../learning/learning.service.js';

/** Each file may weigh up to 1 MiB, well under the 2 MiB request limit so the form can say why. */
export const maxUploadBytes = 1024 * 1024;
const acceptedTypes = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
];

/** Network files (call attachments, working-group documents) live beside the learning uploads. */
export const networkStorage = (dataDirectory: string) => directoryStorage(path.join(dataDirectory, 'files'));

/** The file's real type (PDF, DOCX or ODT) or a refusal naming the form field: 413 too large, 400 wrong type. */
export function checkedUpload(file: { type: string; bytes: Uint8Array }, field: string): string {
  if (file.bytes.byteLength > maxUploadBytes)
    throw new AppError('payload_too_large', 'network.application.error.tooLarge', { [field]: 'network.application.error.tooLarge' });
  const type = sniffedType(file.bytes, file.type);
  if (!type || !acceptedTypes.includes(type))
    throw new AppError('invalid_input', 'network.application.error.fileType', { [field]: 'network.application.error.fileType' });
  return type;
}

export const safeFileName = (name: string) => name.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'file';
