import { InputError } from '../../errors/classes.js';
import { checkChatSessionId } from '../../domain/chat-input.js';
import { decodeGlobalId } from '../node.js';

/** A ChatSession global id → the Sumvin session id, checked for use in a URL. */
export function chatSessionIdOf(globalId: string | number, field: string): string {
  const { typename, id } = decodeGlobalId(String(globalId), field);
  if (typename !== 'ChatSession') throw new InputError(field, 'not the id of a chat session');
  checkChatSessionId(id, field);
  return id;
}
