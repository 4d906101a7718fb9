import type { Clock } from '../controls.js';
import type { EmuRequest, Route } from '../http.js';
import type { Authenticator } from './auth.js';
import { HttpAnswer, problem, type ValidationIssue } from './errors.js';
import { failIfInvalid, operation, readJsonBody, requireCaller, shortId } from './pipeline.js';
import { link, messageData, pageLinks, sessionData, sessionLinks, sessionPath } from './present.js';
import type { StoredSession, SumvinStore } from './store.js';
import {
  expandsMessages,
  queryString,
  validateCreateSession,
  validatePaging,
  validateSaveMessages,
  validateUpdateSession,
} from './validate.js';

/**
 * The seven JSON operations of the chat API.
 *
 * Hostile `session_id` segments (`..`, `%2F`, `%2e%2e`, control characters, very long ids): the path
 * parameter has no declared constraint, so any segment is decoded once and used only as a map key.
 * It never selects another route or file; an id nobody created answers like any unknown session (404).
 */

export interface ChatDeps {
  store: SumvinStore;
  auth: Authenticator;
  clock: Clock;
  maxJsonBytes: number;
}

export const SESSIONS = '/v0/chat/sessions';
export const SESSION = '/v0/chat/sessions/:session_id';
export const MESSAGES = '/v0/chat/sessions/:session_id/messages';

function sessionIdOf(req: EmuRequest): string {
  return req.params['session_id'] ?? '';
}

/** Session-level operations: a foreign session is 403, an unknown one 404 `CHT-404-001`. */
function ownSession(deps: ChatDeps, req: EmuRequest, userId: string): StoredSession {
  const id = sessionIdOf(req);
  const found = deps.store.lookup(userId, id);
  if (found.kind === 'ok') return found.session;
  if (found.kind === 'foreign') {
    throw new HttpAnswer(problem(req, 'CHT-403-001', `You do not have access to chat session ${shortId(id)}`));
  }
  throw new HttpAnswer(problem(req, 'CHT-404-001', `No chat session found with ID ${shortId(id)}`));
}

/** The messages sub-resource declares no 403: foreign and unknown sessions are both 404 `CHT-404-002`. */
function messagesSession(deps: ChatDeps, req: EmuRequest, userId: string): StoredSession {
  const id = sessionIdOf(req);
  const found = deps.store.lookup(userId, id);
  if (found.kind === 'ok') return found.session;
  throw new HttpAnswer(problem(req, 'CHT-404-002', `No chat session found with ID ${shortId(id)}`));
}

export function chatRoutes(deps: ChatDeps): Route[] {
  const { store, auth, clock } = deps;

  const createSession = operation(async (req) => {
    const body = await readJsonBody(req, deps.maxJsonBytes);
    const userId = await requireCaller(req, auth);
    const issues: ValidationIssue[] = [];
    const input = validateCreateSession(body, issues);
    failIfInvalid(issues);
    if (!input) throw new Error('validation returned nothing');
    if (store.has(input.id)) {
      return problem(req, 'CHT-409-001', `A chat session with ID ${shortId(input.id)} already exists`);
    }
    const s = store.createSession(userId, input.id, input.title, input.messages, clock.now());
    return { status: 201, json: { _links: sessionLinks(s), session: sessionData(s, false) } };
  });

  const listSessions = operation(async (req) => {
    const userId = await requireCaller(req, auth);
    const issues: ValidationIssue[] = [];
    const { offset, limit } = validatePaging(req.query, issues);
    failIfInvalid(issues);
    const expand = expandsMessages(req.query);
    const all = store.listSessions(userId, queryString(req.query, 'q'));
    const page = all.slice(offset, offset + limit);
    return {
      status: 200,
      json: {
        _links: pageLinks(SESSIONS, req.query, offset, limit, all.length),
        sessions: page.map((s) => sessionData(s, expand)),
        total: all.length,
        offset,
        limit,
      },
    };
  });

  const getSession = operation(async (req) => {
    const userId = await requireCaller(req, auth);
    const s = ownSession(deps, req, userId);
    return { status: 200, json: { _links: sessionLinks(s), session: sessionData(s, expandsMessages(req.query)) } };
  });

  const updateSession = operation(async (req) => {
    const body = await readJsonBody(req, deps.maxJsonBytes);
    const userId = await requireCaller(req, auth);
    const issues: ValidationIssue[] = [];
    const input = validateUpdateSession(body, issues);
    failIfInvalid(issues);
    if (!input) throw new Error('validation returned nothing');
    const s = ownSession(deps, req, userId);
    store.setTitle(s, input.title, clock.now());
    return { status: 200, json: { _links: sessionLinks(s), session: sessionData(s, false) } };
  });

  const deleteSession = operation(async (req) => {
    const userId = await requireCaller(req, auth);
    const s = ownSession(deps, req, userId);
    store.deleteSession(s.id);
    return { status: 204 };
  });

  const listMessages = operation(async (req) => {
    const userId = await requireCaller(req, auth);
    const issues: ValidationIssue[] = [];
    const { offset, limit } = validatePaging(req.query, issues);
    failIfInvalid(issues);
    const s = messagesSession(deps, req, userId);
    const path = `${sessionPath(s.id)}/messages`;
    return {
      status: 200,
      json: {
        _links: { ...pageLinks(path, req.query, offset, limit, s.messages.length), session: link(sessionPath(s.id)) },
        messages: s.messages.slice(offset, offset + limit).map(messageData),
        total: s.messages.length,
        offset,
        limit,
      },
    };
  });

  const saveMessages = operation(async (req) => {
    const body = await readJsonBody(req, deps.maxJsonBytes);
    const userId = await requireCaller(req, auth);
    const issues: ValidationIssue[] = [];
    const messages = validateSaveMessages(body, issues);
    failIfInvalid(issues);
    if (!messages) throw new Error('validation returned nothing');
    const s = messagesSession(deps, req, userId);
    const saved = store.saveMessages(s, messages, clock.now());
    return {
      status: 200,
      json: {
        _links: { self: link(`${sessionPath(s.id)}/messages`), session: link(sessionPath(s.id)) },
        saved_count: saved,
      },
    };
  });

  return [
    { method: 'POST', pattern: SESSIONS, handler: createSession },
    { method: 'GET', pattern: SESSIONS, handler: listSessions },
    { method: 'GET', pattern: SESSION, handler: getSession },
    { method: 'PATCH', pattern: SESSION, handler: updateSession },
    { method: 'DELETE', pattern: SESSION, handler: deleteSession },
    { method: 'GET', pattern: MESSAGES, handler: listMessages },
    { method: 'POST', pattern: MESSAGES, handler: saveMessages },
  ];
}
