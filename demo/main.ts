/**
 * The reference chat page: a plain-DOM client of the public GraphQL API, typed by the documents
 * in examples/frontend (generated with the client preset). Copy what you need: `request` for
 * queries and mutations, graphql-sse for the streamed agent reply and the live updates
 * (`inboxEvents`, `sessionEvents`).
 */
import { print } from 'graphql';
import type { ResultOf, TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient } from 'graphql-sse';
import {
  AgentReplySubscription,
  AgentsQuery,
  InboxEventsSubscription,
  InboxQuery,
  MessagesQuery,
  SaveChatMessageMutation,
  SessionEventsSubscription,
  StartAgentSessionMutation,
  StartChatMutation,
} from '../examples/frontend/operations.js';
import type { InboxQuery as Inbox, MessagesQuery as Messages } from '../examples/frontend/gql/graphql.js';
import './style.css';

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';
const endpoint = meta('graphql-endpoint');
// `#token=<jwt>` (e.g. from `npm run token -- alice`) overrides the demo token
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? meta('demo-token');
const headers = { authorization: `Bearer ${token}` };

/** One query or mutation over HTTP POST; throws the GraphQL errors. */
async function request<R, V>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data?: R; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as R;
}

const sse = createClient({ url: endpoint, headers });

type Session = Inbox['sessions']['edges'][number]['node'];
type Message = NonNullable<Messages['session']>['messages']['edges'][number]['node'];

/** A new element with properties (id, className, textContent, …) and children. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | boolean> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

// --- layout ---------------------------------------------------------------------------------
const inbox = el('ul', { id: 'inbox' });
const agentSelect = el('select', { id: 'agent' });
const newAgent = el('form', { id: 'new-agent-session' }, agentSelect, el('button', { textContent: 'Talk to agent' }));
const chatTitle = el('input', { id: 'chat-title', placeholder: 'New chat: first message' });
const newChat = el('form', { id: 'new-chat' }, chatTitle, el('button', { textContent: 'Start chat' }));
const title = el('h2', { id: 'title', textContent: 'Pick a conversation' });
const messages = el('div', { id: 'messages' });
const input = el('input', { id: 'text', placeholder: 'Write a message', disabled: true });
const send = el('form', { id: 'send' }, input, el('button', { textContent: 'Send' }));
const errors = el('div', { className: 'error', id: 'error' });
document.getElementById('app')!.append(el('aside', {}, newAgent, newChat, errors, inbox), el('main', {}, title, messages, send));

const showError = (err: unknown) => {
  errors.textContent = err instanceof Error ? err.message : String(err);
};

// --- inbox ----------------------------------------------------------------------------------
let open: { session: Session; before: string | null; hasOlder: boolean } | null = null;

async function loadInbox(): Promise<void> {
  const data = await request(InboxQuery, { first: 50 });
  inbox.replaceChildren(
    ...data.sessions.edges.map(({ node }) => {
      const li = el('li', { className: open?.session.id === node.id ? 'open' : '' },
        el('span', { className: `badge ${node.provider}`, textContent: node.provider === 'ELIZA' ? 'agent' : 'chat' }),
        node.title ?? '(untitled)');
      li.dataset.provider = node.provider;
      li.dataset.id = node.id;
      li.onclick = () => void openSession(node).catch(showError);
      return li;
    }),
  );
  inbox.dataset.loaded = 'true';
}

/** Live: any change to the inbox (created, updated, removed, by this page or another) reloads it. */
function watchInbox(): void {
  sse.subscribe<ResultOf<typeof InboxEventsSubscription>>(
    { query: print(InboxEventsSubscription) },
    { next: () => void loadInbox().catch(showError), error: showError, complete: () => {} },
  );
}

async function loadAgents(): Promise<void> {
  const { agents } = await request(AgentsQuery);
  agentSelect.replaceChildren(...agents.map((a) => el('option', { value: a.id, textContent: `${a.name} (${a.status.toLowerCase()})` })));
}

// --- a conversation -------------------------------------------------------------------------
const bubble = (m: Pick<Message, 'role' | 'text'> & { id?: string }) => {
  const b = el('div', { className: `message ${m.role}`, textContent: m.text ?? '' });
  if (m.id) b.dataset.id = m.id;
  return b;
};
const shown = (id: string) => [...messages.children].some((b) => (b as HTMLElement).dataset.id === id);
/** Gives a bubble its message id once known, dropping a copy the live stream showed first. */
function identify(b: HTMLElement, id: string): void {
  for (const other of messages.children) if (other !== b && (other as HTMLElement).dataset.id === id) other.remove();
  b.dataset.id = id;
}

let stopWatching = () => {};

/** Live: appends the messages of `sessionEvents` not already shown (by id), from anyone. */
function watchSession(sessionId: string): void {
  stopWatching();
  delete messages.dataset.live;
  stopWatching = sse.subscribe<ResultOf<typeof SessionEventsSubscription>>(
    { query: print(SessionEventsSubscription), variables: { sessionId } },
    {
      next: ({ data }) => {
        const event = data?.sessionEvents;
        if (event?.__typename !== 'MessageAdded' || open?.session.id !== sessionId || shown(event.message.id)) return;
        messages.append(bubble(event.message));
        messages.scrollTop = messages.scrollHeight;
      },
      error: showError,
      complete: () => {},
    },
    { connected: () => (messages.dataset.live = 'true') },
  );
}

async function openSession(session: Session): Promise<void> {
  open = { session, before: null, hasOlder: false };
  title.textContent = session.title ?? '(untitled)';
  messages.replaceChildren();
  input.disabled = session.__typename === 'AgentSession' && session.status !== 'ACTIVE';
  for (const li of inbox.children) li.classList.toggle('open', (li as HTMLElement).dataset.id === session.id);
  watchSession(session.id);
  await loadOlder();
  messages.scrollTop = messages.scrollHeight;
}

/** The 20 messages before the oldest shown; keeps the scroll position while prepending. */
async function loadOlder(): Promise<void> {
  if (!open) return;
  const current = open;
  const data = await request(MessagesQuery, { id: current.session.id, before: current.before });
  if (open !== current || !data.session) return;
  const { edges, pageInfo } = data.session.messages;
  const height = messages.scrollHeight;
  messages.prepend(...edges.filter((e) => !shown(e.node.id)).map((e) => bubble(e.node)));
  messages.scrollTop += messages.scrollHeight - height;
  current.before = pageInfo.startCursor ?? null;
  current.hasOlder = pageInfo.hasPreviousPage;
  messages.dataset.hasOlder = String(current.hasOlder);
}

let loading = false;
messages.onscroll = () => {
  if (loading || !open?.hasOlder || messages.scrollTop > 40) return;
  loading = true;
  loadOlder().catch(showError).finally(() => (loading = false));
};

/** Sends to an agent and shows its reply as it streams in (graphql-sse). */
async function talkToAgent(sessionId: string, text: string): Promise<void> {
  const mine = bubble({ role: 'USER', text });
  messages.append(mine);
  const reply = bubble({ role: 'ASSISTANT', text: '…' });
  messages.append(reply);
  let soFar = '';
  const events = sse.iterate<ResultOf<typeof AgentReplySubscription>>({
    query: print(AgentReplySubscription),
    variables: { sessionId, text },
  });
  for await (const { data, errors: errs } of events) {
    if (errs) throw new Error(errs.map((e) => e.message).join('; '));
    const event = data?.agentReply;
    if (event?.__typename === 'AgentMessageAccepted') identify(mine, event.userMessage.id);
    if (event?.__typename === 'AgentReplyChunk') soFar += event.text;
    if (event?.__typename === 'AgentReplyCompleted' && event.reply) {
      soFar = event.reply.text ?? soFar;
      identify(reply, event.reply.id);
    }
    reply.textContent = soFar || '…';
    messages.scrollTop = messages.scrollHeight;
  }
}

send.onsubmit = (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!open || !text) return;
  input.value = '';
  const { session } = open;
  const done =
    session.__typename === 'AgentSession'
      ? talkToAgent(session.id, text)
      : request(SaveChatMessageMutation, { sessionId: session.id, text }).then(() => openSession(session));
  done.then(loadInbox).catch(showError);
};

newChat.onsubmit = (e) => {
  e.preventDefault();
  const text = chatTitle.value.trim();
  if (!text) return;
  chatTitle.value = '';
  request(StartChatMutation, { title: text.slice(0, 60), text })
    .then(async ({ createChatSession }) => {
      await loadInbox();
      const node = [...inbox.children].find((li) => (li as HTMLElement).dataset.id === createChatSession?.session.id) as HTMLElement | undefined;
      node?.click();
    })
    .catch(showError);
};

newAgent.onsubmit = (e) => {
  e.preventDefault();
  request(StartAgentSessionMutation, { agentId: agentSelect.value })
    .then(async ({ createAgentSession }) => {
      await loadInbox();
      const node = [...inbox.children].find((li) => (li as HTMLElement).dataset.id === createAgentSession?.session.id) as HTMLElement | undefined;
      node?.click();
    })
    .catch(showError);
};

Promise.all([loadInbox(), loadAgents()]).catch(showError);
watchInbox();
