import { InputError } from '../../domain/input-error.js';
import { assertSumvinSessionId } from '../../upstream/sumvin/client.js';
import { decodeGlobalId } from '../node.js';

/** A ChatSession global id → the Sumvin session id, checked for use in a URL. */
export function chatSessionIdOf(globalId: string | number, field: string): string {
  const { typename, id } = decodeGlobalId(String(globalId), field);
  if (typename !== 'ChatSession') throw new InputError(field, 'not the id of a chat session');
  assertSumvinSessionId(id, field);
  return id;
}
