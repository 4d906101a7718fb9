import { InputError } from '../errors/classes.js';
import { CHAT_LIMITS, codePoints, MEDIA_TYPE } from './chat-limits.js';

/** `image/*`, `application/pdf` and `text/*`, as the upload endpoint accepts them. */
export function isAllowedAttachmentType(type: string): boolean {
  return type.startsWith('image/') || type === 'application/pdf' || type.startsWith('text/');
}

const FILENAME_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

/** Size, media type and filename of an upload, checked before it is sent anywhere. */
export function checkAttachment(
  file: { size: number; type: string; name: string },
  field: string,
): { mediaType: string; filename: string } {
  if (file.size === 0) throw new InputError(field, 'the file is empty');
  if (file.size > CHAT_LIMITS.maxAttachmentBytes) {
    throw new InputError(field, `the file is larger than ${CHAT_LIMITS.maxAttachmentBytes} bytes (10 MiB)`);
  }
  const mediaType = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === '' || !MEDIA_TYPE.test(mediaType) || !isAllowedAttachmentType(mediaType)) {
    throw new InputError(
      field,
      `media type ${mediaType === '' ? '(none)' : JSON.stringify(mediaType.slice(0, 100))} is not allowed; use image/*, application/pdf or text/*`,
    );
  }
  const filename = file.name;
  if (filename.length === 0) throw new InputError(field, 'the file has no name');
  if (codePoints(filename) > CHAT_LIMITS.maxFilenameLength) {
    throw new InputError(field, `the file name must be at most ${CHAT_LIMITS.maxFilenameLength} characters`);
  }
  if (FILENAME_FORBIDDEN.test(filename) || /^\.+$/.test(filename)) {
    throw new InputError(field, 'the file name must not contain path separators or control characters');
  }
  return { mediaType, filename };
}
