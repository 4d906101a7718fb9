import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codesOf, dataOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';

const operation = (name: string) => readFileSync(new URL(`./operations/${name}.graphql`, import.meta.url), 'utf8');
const START_CHAT = operation('start-chat');
const APPEND_MESSAGE = operation('append-message');

const chatGid = (id: string) => Buffer.from(`ChatSession:${id}`, 'utf8').toString('base64url');

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateChatSessionInput!) {
    createChatSession(input: $input) {
      messageIds
      session { id upstreamId provider title messageCount preview }
    }
  }
`;

const RENAME = /* GraphQL */ `
  mutation Rename($input: RenameChatSessionInput!) {
    renameChatSession(input: $input) { session { id upstreamId title messageCount } }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($input: DeleteChatSessionInput!) {
    deleteChatSession(input: $input) { deletedId }
  }
`;

const SAVE = /* GraphQL */ `
  mutation Save($input: SaveChatMessagesInput!) {
    saveChatMessages(input: $input) { savedCount messageIds }
  }
`;

const READ = /* GraphQL */ `
  query Read($id: ID!) {
    session(id: $id) {
      ... on ChatSession {
        upstreamId
        title
        messageCount
        preview
        messages(first: 20) { edges { node { messageId rawRole text sequence metadata createdAt } } }
      }
    }
  }
`;

const UPLOAD = /* GraphQL */ `
  mutation Upload($input: UploadChatAttachmentInput!) {
    uploadChatAttachment(input: $input) { url filename mediaType }
  }
`;

const userText = (id: string, text: string) => ({ id, role: 'USER', parts: [{ text: { text } }] });

interface CreateData {
  createChatSession: {
    messageIds: string[];
    session: { id: string; upstreamId: string; provider: string; title: string | null; messageCount: number; preview: string | null };
  };
}

interface ReadData {
  session: {
    upstreamId: string;
    title: string | null;
    messageCount: number;
    preview: string | null;
    messages: {
      edges: Array<{
        node: { messageId: string; rawRole: string; text: string | null; sequence: number; metadata: unknown; createdAt: string };
      }>;
    };
  };
}

type ErrorBody = NonNullable<GqlResponse<unknown>['body']['errors']>[number];
const firstError = (res: GqlResponse<unknown>): ErrorBody => {
  const e = res.body.errors?.[0];
  if (!e) throw new Error(`expected an error, got ${JSON.stringify(res.body)}`);
  return e;
};

let stack: Stack;

async function create(id: string, opts: { title?: string | null; as?: string; messages?: unknown[] } = {}) {
  const res = await stack.gql<CreateData>(
    CREATE,
    {
      input: {
        upstreamId: id,
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        messages: opts.messages ?? [userText('m1', 'hello')],
      },
    },
    { as: opts.as ?? 'alice' },
  );
  return dataOf(res).createChatSession;
}

async function read(id: string, as = 'alice') {
  return stack.gql<ReadData>(READ, { id: chatGid(id) }, { as });
}

async function upload(
  file: File,
  input: Record<string, unknown> = {},
  opts: { csrf?: boolean; as?: string } = {},
): Promise<GqlResponse<{ uploadChatAttachment: { url: string; filename: string; mediaType: string } }>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { input: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', file);
  const headers: Record<string, string> = { authorization: `Bearer ${await stack.token(opts.as ?? 'alice')}` };
  if (opts.csrf !== false) headers['x-graphql-yoga-csrf'] = '1';
  const res = await stack.app.fetch('http://facade.test/graphql', { method: 'POST', headers, body: form });
  const text = await res.text();
  let body: GqlResponse<never>['body'];
  try {
    body = JSON.parse(text) as GqlResponse<never>['body'];
  } catch {
    body = { errors: [{ message: text }] } as unknown as GqlResponse<never>['body'];
  }
  return { status: res.status, body };
}

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

beforeEach(() => {
  stack.sumvin.reset();
  stack.sumvin.controls.resetKnobs();
});

describe('createChatSession', () => {
  it('creates a session with the id, title and messages given, in one upstream call', async () => {
    stack.resetCalls();
    const out = await create('cs-first', {
      title: 'Trip plans',
      messages: [userText('m1', 'Where should we go?'), { id: 'm2', role: 'ASSISTANT', parts: [{ text: { text: 'Lisbon.' } }] }],
    });
    expect(out).toEqual({
      messageIds: ['m1', 'm2'],
      session: {
        id: chatGid('cs-first'),
        upstreamId: 'cs-first',
        provider: 'SUMVIN',
        title: 'Trip plans',
        messageCount: 2,
        preview: 'Lisbon.',
      },
    });
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 1 });

    const back = dataOf(await read('cs-first')).session;
    expect(back.messages.edges.map((e) => [e.node.messageId, e.node.rawRole, e.node.text])).toEqual([
      ['m1', 'user', 'Where should we go?'],
      ['m2', 'assistant', 'Lisbon.'],
    ]);
  });

  it('generates a cs- id and msg- message ids when the client gives none', async () => {
    const res = await stack.gql<CreateData>(CREATE, { input: { messages: [{ role: 'USER', parts: [{ text: { text: 'hi' } }] }] } });
    const out = dataOf(res).createChatSession;
    expect(out.session.upstreamId).toMatch(/^cs-[0-9a-f]{32}$/);
    expect(out.session.id).toBe(chatGid(out.session.upstreamId));
    expect(out.session.title).toBeNull();
    expect(out.messageIds).toHaveLength(1);
    expect(out.messageIds[0]).toMatch(/^msg-[0-9a-f]{32}$/);
    const back = dataOf(await read(out.session.upstreamId)).session;
    expect(back.messages.edges.map((e) => e.node.messageId)).toEqual(out.messageIds);
  });

  it('keeps createdAt and metadata of a message', async () => {
    await create('cs-meta', {
      messages: [{ ...userText('m1', 'x'), createdAt: '2024-01-02T03:04:05.678Z', metadata: { source: 'web', n: 1 } }],
    });
    const node = dataOf(await read('cs-meta')).session.messages.edges[0]?.node;
    expect(node?.createdAt).toBe('2024-01-02T03:04:05.678Z');
    expect(node?.metadata).toEqual({ source: 'web', n: 1 });
  });

  it('answers CONFLICT for an id already in use, also by another user', async () => {
    await create('cs-taken');
    stack.resetCalls();
    const again = await stack.gql(CREATE, { input: { upstreamId: 'cs-taken', messages: [userText('m1', 'again')] } });
    expect(again.body.data).toEqual({ createChatSession: null });
    expect(firstError(again).extensions).toMatchObject({ code: 'CONFLICT', provider: 'SUMVIN', retryable: false });
    expect(firstError(again).path).toEqual(['createChatSession']);
    const byBob = await stack.gql(CREATE, { input: { upstreamId: 'cs-taken', messages: [userText('m1', 'mine')] } }, { as: 'bob' });
    expect(codesOf(byBob)).toEqual(['CONFLICT']);
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 2 });
  });

  it('primes the session: its messages in the same operation cost one messages call and no session read', async () => {
    stack.resetCalls();
    const res = await stack.gql<{
      createChatSession: { session: { messageCount: number; messages: { edges: Array<{ node: { text: string } }> } } };
    }>(START_CHAT, {
      input: { upstreamId: 'cs-primed', title: 'Primed', messages: [userText('a', 'one'), userText('b', 'two')] },
    });
    const out = dataOf(res).createChatSession;
    expect(out.session.messageCount).toBe(2);
    expect(out.session.messages.edges.map((e) => e.node.text)).toEqual(['one', 'two']);
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 1, 'GET /v0/chat/sessions/:session_id/messages': 1 });
  });
});

describe('README example operations', () => {
  it('start a chat, then append a message (test/integration/operations)', async () => {
    const started = await stack.gql<{
      createChatSession: {
        messageIds: string[];
        session: {
          id: string;
          upstreamId: string;
          title: string | null;
          messageCount: number;
          preview: string | null;
          messages: { edges: Array<{ node: { messageId: string; role: string; text: string | null } }> };
        };
      };
    }>(START_CHAT, {
      input: { upstreamId: 'cs-readme', title: 'Weekend', messages: [{ id: 'm1', role: 'USER', parts: [{ text: { text: 'Plan my weekend' } }] }] },
    });
    expect(dataOf(started)).toEqual({
      createChatSession: {
        messageIds: ['m1'],
        session: {
          id: chatGid('cs-readme'),
          upstreamId: 'cs-readme',
          title: 'Weekend',
          messageCount: 1,
          preview: 'Plan my weekend',
          messages: { edges: [{ node: { messageId: 'm1', role: 'USER', text: 'Plan my weekend' } }] },
        },
      },
    });

    const appended = await stack.gql(APPEND_MESSAGE, {
      input: {
        sessionId: chatGid('cs-readme'),
        messages: [{ id: 'm2', role: 'ASSISTANT', parts: [{ text: { text: 'Hike on Saturday, museum on Sunday.' } }] }],
      },
    });
    expect(dataOf(appended)).toEqual({
      saveChatMessages: {
        savedCount: 1,
        messageIds: ['m2'],
        session: {
          messageCount: 2,
          preview: 'Hike on Saturday, museum on Sunday.',
          messages: {
            edges: [
              { node: { messageId: 'm1', role: 'USER', text: 'Plan my weekend' } },
              { node: { messageId: 'm2', role: 'ASSISTANT', text: 'Hike on Saturday, museum on Sunday.' } },
            ],
          },
        },
      },
    });
  });
});

describe('renameChatSession', () => {
  it('sets a title, then clears it with an explicit null', async () => {
    await create('cs-rename', { title: 'Old' });
    stack.resetCalls();
    const set = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-rename'), title: 'New' } });
    expect(dataOf(set)).toEqual({
      renameChatSession: { session: { id: chatGid('cs-rename'), upstreamId: 'cs-rename', title: 'New', messageCount: 1 } },
    });
    expect(stack.calls().sumvin).toEqual({ 'PATCH /v0/chat/sessions/:session_id': 1 });
    expect(dataOf(await read('cs-rename')).session.title).toBe('New');

    const cleared = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-rename'), title: null } });
    expect(dataOf(cleared)).toEqual({
      renameChatSession: { session: { id: chatGid('cs-rename'), upstreamId: 'cs-rename', title: null, messageCount: 1 } },
    });
    expect(dataOf(await read('cs-rename')).session.title).toBeNull();
  });

  it('refuses an input without title, with no upstream call', async () => {
    await create('cs-notitle', { title: 'Keep' });
    stack.resetCalls();
    const res = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-notitle') } });
    expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(firstError(res).message).toBe('input.title: title is required (null clears it)');
    expect(stack.calls().total).toBe(0);
  });

  it('gives NOT_FOUND for another user’s session (as for an unknown one) and leaves it unchanged', async () => {
    await create('cs-alice', { title: 'Alice’s' });
    const res = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-alice'), title: 'Bob was here' } }, { as: 'bob' });
    expect(res.body.data).toEqual({ renameChatSession: null });
    expect(firstError(res).extensions).toEqual({ code: 'NOT_FOUND', provider: 'SUMVIN', retryable: false });
    expect(dataOf(await read('cs-alice')).session.title).toBe('Alice’s');
  });

  it('gives NOT_FOUND for an unknown session', async () => {
    const res = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-nobody'), title: 'x' } });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });

  it('a rename and a later field in the same operation see the new title', async () => {
    await create('cs-sameop', { title: 'A' });
    const res = await stack.gql<{ a: { session: { title: string } }; b: { session: { title: string } } }>(
      `mutation ($id: ID!) {
        a: renameChatSession(input: { sessionId: $id, title: "B" }) { session { title } }
        b: renameChatSession(input: { sessionId: $id, title: "C" }) { session { title } }
      }`,
      { id: chatGid('cs-sameop') },
    );
    expect(dataOf(res)).toEqual({ a: { session: { title: 'B' } }, b: { session: { title: 'C' } } });
  });
});

describe('deleteChatSession', () => {
  it('deletes, returns the global id, and the session is gone', async () => {
    await create('cs-del');
    stack.resetCalls();
    const res = await stack.gql(DELETE, { input: { sessionId: chatGid('cs-del') } });
    expect(dataOf(res)).toEqual({ deleteChatSession: { deletedId: chatGid('cs-del') } });
    expect(stack.calls().sumvin).toEqual({ 'DELETE /v0/chat/sessions/:session_id': 1 });
    expect(codesOf(await read('cs-del'))).toEqual(['NOT_FOUND']);
    const again = await stack.gql(DELETE, { input: { sessionId: chatGid('cs-del') } });
    expect(codesOf(again)).toEqual(['NOT_FOUND']);
  });

  it('gives NOT_FOUND for another user’s session, which survives', async () => {
    await create('cs-keep');
    const res = await stack.gql(DELETE, { input: { sessionId: chatGid('cs-keep') } }, { as: 'bob' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(dataOf(await read('cs-keep')).session.upstreamId).toBe('cs-keep');
  });

  it('a later field in the same operation does not see the deleted session', async () => {
    await create('cs-gone', { title: 'T' });
    const res = await stack.gql(
      `mutation ($id: ID!) {
        a: renameChatSession(input: { sessionId: $id, title: "before" }) { session { title } }
        b: deleteChatSession(input: { sessionId: $id }) { deletedId }
        c: renameChatSession(input: { sessionId: $id, title: "after" }) { session { title } }
      }`,
      { id: chatGid('cs-gone') },
    );
    expect(res.body.data).toEqual({ a: { session: { title: 'before' } }, b: { deletedId: chatGid('cs-gone') }, c: null });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });
});

describe('saveChatMessages', () => {
  it('upserts by message id: a known id is replaced in place, a new id is appended', async () => {
    await create('cs-save', { messages: [userText('m1', 'first'), userText('m2', 'second')] });
    stack.resetCalls();
    const res = await stack.gql(SAVE, {
      input: {
        sessionId: chatGid('cs-save'),
        messages: [userText('m1', 'first, edited'), { id: 'm3', role: 'ASSISTANT', parts: [{ text: { text: 'third' } }] }],
      },
    });
    expect(dataOf(res)).toEqual({ saveChatMessages: { savedCount: 2, messageIds: ['m1', 'm3'] } });
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions/:session_id/messages': 1 });
    const back = dataOf(await read('cs-save')).session;
    expect(back.messageCount).toBe(3);
    expect(back.messages.edges.map((e) => [e.node.messageId, e.node.text, e.node.sequence])).toEqual([
      ['m1', 'first, edited', 0],
      ['m2', 'second', 1],
      ['m3', 'third', 2],
    ]);
  });

  it('generates message ids when omitted and reports them', async () => {
    await create('cs-gen');
    const res = await stack.gql<{ saveChatMessages: { savedCount: number; messageIds: string[] } }>(SAVE, {
      input: { sessionId: chatGid('cs-gen'), messages: [{ role: 'USER', parts: [{ text: { text: 'no id' } }] }] },
    });
    const out = dataOf(res).saveChatMessages;
    expect(out.savedCount).toBe(1);
    expect(out.messageIds[0]).toMatch(/^msg-[0-9a-f]{32}$/);
    const back = dataOf(await read('cs-gen')).session;
    expect(back.messages.edges.map((e) => e.node.messageId)).toEqual(['m1', out.messageIds[0]]);
  });

  it('returns the session read again after the save: fresh count, preview and messages in the same operation', async () => {
    await create('cs-fresh', { title: 'Fresh' });
    stack.resetCalls();
    const res = await stack.gql(
      `mutation ($id: ID!) {
        before: renameChatSession(input: { sessionId: $id, title: "Fresh" }) { session { messageCount preview } }
        save: saveChatMessages(input: { sessionId: $id, messages: [
          { id: "m2", role: ASSISTANT, parts: [{ text: { text: "newest" } }] }
        ] }) {
          savedCount
          session { messageCount preview messages(last: 5) { edges { node { text } } } }
        }
      }`,
      { id: chatGid('cs-fresh') },
    );
    expect(dataOf(res)).toEqual({
      before: { session: { messageCount: 1, preview: 'hello' } },
      save: {
        savedCount: 1,
        session: { messageCount: 2, preview: 'newest', messages: { edges: [{ node: { text: 'hello' } }, { node: { text: 'newest' } }] } },
      },
    });
    expect(stack.calls().sumvin).toEqual({
      'PATCH /v0/chat/sessions/:session_id': 1,
      'POST /v0/chat/sessions/:session_id/messages': 1,
      'GET /v0/chat/sessions/:session_id': 1,
      'GET /v0/chat/sessions/:session_id/messages': 1,
    });
  });

  it('create and save in one operation: the save’s session sees both', async () => {
    const res = await stack.gql(
      `mutation ($id: ID!) {
        a: createChatSession(input: { upstreamId: "cs-both", messages: [{ id: "m1", role: USER, parts: [{ text: { text: "one" } }] }] }) {
          session { messageCount messages(last: 5) { edges { node { text } } } }
        }
        b: saveChatMessages(input: { sessionId: $id, messages: [{ id: "m2", role: USER, parts: [{ text: { text: "two" } }] }] }) {
          session { messageCount messages(last: 5) { edges { node { text } } } }
        }
      }`,
      { id: chatGid('cs-both') },
    );
    expect(dataOf(res)).toEqual({
      a: { session: { messageCount: 1, messages: { edges: [{ node: { text: 'one' } }] } } },
      b: { session: { messageCount: 2, messages: { edges: [{ node: { text: 'one' } }, { node: { text: 'two' } }] } } },
    });
  });

  it('gives NOT_FOUND for an unknown session and for another user’s session', async () => {
    await create('cs-private');
    const unknown = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-unknown'), messages: [userText('m', 'x')] } });
    expect(codesOf(unknown)).toEqual(['NOT_FOUND']);
    const foreign = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-private'), messages: [userText('m', 'x')] } }, { as: 'bob' });
    expect(codesOf(foreign)).toEqual(['NOT_FOUND']);
    expect(dataOf(await read('cs-private')).session.messageCount).toBe(1);
  });
});

describe('every part kind round-trips through the read-side union', () => {
  it('stores each MessagePartInput as the matching AI SDK part and reads it back as that type', async () => {
    const parts = [
      { text: { text: 'Hello', state: 'DONE' } },
      { reasoning: { text: 'Thinking it over' } },
      { file: { mediaType: 'image/png', url: 'https://files.example/cat.png', filename: 'cat.png' } },
      { sourceUrl: { sourceId: 'src-1', url: 'https://example.org/a', title: 'A page' } },
      { sourceDocument: { sourceId: 'src-2', mediaType: 'application/pdf', title: 'Report', filename: 'report.pdf' } },
      { stepStart: true },
      {
        tool: {
          toolName: 'getWeather',
          toolCallId: 'call-1',
          state: 'OUTPUT_AVAILABLE',
          input: { city: 'Lisbon' },
          output: { tempC: 21 },
        },
      },
      { dynamicTool: { toolName: 'search', toolCallId: 'call-2', state: 'OUTPUT_ERROR', input: { q: 'x' }, errorText: 'boom' } },
      { data: { name: 'weather', id: 'd-1', data: { tempC: 21, sunny: true } } },
      { raw: { type: 'custom-thing', payload: [1, 2, 3] } },
      { raw: { type: 'text', text: 'raw text', providerMetadata: { x: { y: 1 } } } },
    ];
    await create('cs-parts', { messages: [{ id: 'm1', role: 'ASSISTANT', parts }] });
    const res = await stack.gql<{
      session: { messages: { edges: Array<{ node: { text: string; toolNames: string[]; parts: unknown[] } }> } };
    }>(
      `query ($id: ID!) {
        session(id: $id) {
          messages(first: 1) { edges { node {
            text toolNames
            parts {
              __typename
              ... on TextPart { type text state }
              ... on ReasoningPart { type text state }
              ... on FilePart { type mediaType url filename }
              ... on SourceUrlPart { type sourceId url title }
              ... on SourceDocumentPart { type sourceId mediaType documentTitle: title filename }
              ... on StepStartPart { type }
              ... on ToolPart { type toolName toolCallId state input output errorText }
              ... on DynamicToolPart { type toolName toolCallId state input output errorText }
              ... on DataPart { type name dataId data }
              ... on UnknownPart { rawType: type raw }
            }
          } } }
        }
      }`,
      { id: chatGid('cs-parts') },
    );
    const node = dataOf(res).session.messages.edges[0]?.node;
    expect(node?.text).toBe('Hello\nraw text');
    expect(node?.toolNames).toEqual(['getWeather', 'search']);
    expect(node?.parts).toEqual([
      { __typename: 'TextPart', type: 'text', text: 'Hello', state: 'DONE' },
      { __typename: 'ReasoningPart', type: 'reasoning', text: 'Thinking it over', state: null },
      { __typename: 'FilePart', type: 'file', mediaType: 'image/png', url: 'https://files.example/cat.png', filename: 'cat.png' },
      { __typename: 'SourceUrlPart', type: 'source-url', sourceId: 'src-1', url: 'https://example.org/a', title: 'A page' },
      {
        __typename: 'SourceDocumentPart',
        type: 'source-document',
        sourceId: 'src-2',
        mediaType: 'application/pdf',
        documentTitle: 'Report',
        filename: 'report.pdf',
      },
      { __typename: 'StepStartPart', type: 'step-start' },
      {
        __typename: 'ToolPart',
        type: 'tool-getWeather',
        toolName: 'getWeather',
        toolCallId: 'call-1',
        state: 'OUTPUT_AVAILABLE',
        input: { city: 'Lisbon' },
        output: { tempC: 21 },
        errorText: null,
      },
      {
        __typename: 'DynamicToolPart',
        type: 'dynamic-tool',
        toolName: 'search',
        toolCallId: 'call-2',
        state: 'OUTPUT_ERROR',
        input: { q: 'x' },
        output: null,
        errorText: 'boom',
      },
      { __typename: 'DataPart', type: 'data-weather', name: 'weather', dataId: 'd-1', data: { tempC: 21, sunny: true } },
      { __typename: 'UnknownPart', rawType: 'custom-thing', raw: { type: 'custom-thing', payload: [1, 2, 3] } },
      { __typename: 'TextPart', type: 'text', text: 'raw text', state: null },
    ]);
  });
});

describe('validation happens before any upstream call', () => {
  const longString = (n: number) => 'x'.repeat(n);
  const many = (n: number) => Array.from({ length: n }, (_, i) => userText(`m${i}`, `t${i}`));
  const okMessages = [userText('m0', 'a'), userText('m1', 'b')];

  const createCases: Array<[name: string, input: Record<string, unknown>, field: string]> = [
    ['no messages', { messages: [] }, 'input.messages'],
    ['101 messages', { messages: many(101) }, 'input.messages'],
    ['a message id of 65 characters', { messages: [userText(longString(65), 'x')] }, 'input.messages[0].id'],
    ['an empty message id', { messages: [userText('', 'x')] }, 'input.messages[0].id'],
    ['a message id repeated in the call', { messages: [userText('same', 'a'), userText('same', 'b')] }, 'input.messages[1].id'],
    ['role OTHER without rawRole', { messages: [{ id: 'm', role: 'OTHER', parts: [] }] }, 'input.messages[0].rawRole'],
    ['an empty rawRole', { messages: [{ id: 'm', role: 'OTHER', rawRole: '', parts: [] }] }, 'input.messages[0].rawRole'],
    ['a blank rawRole', { messages: [{ id: 'm', role: 'OTHER', rawRole: '   ', parts: [] }] }, 'input.messages[0].rawRole'],
    ['a rawRole of 65 characters', { messages: [{ id: 'm', role: 'OTHER', rawRole: longString(65), parts: [] }] }, 'input.messages[0].rawRole'],
    ['a rawRole that reads back as another role', { messages: [{ id: 'm', role: 'USER', rawRole: 'assistant', parts: [] }] }, 'input.messages[0].rawRole'],
    ['a title of 256 characters', { title: longString(256), messages: okMessages }, 'input.title'],
    ['a session id of 65 characters', { upstreamId: `cs-${longString(62)}`, messages: okMessages }, 'input.upstreamId'],
    ['a session id with a slash', { upstreamId: 'cs-a/b', messages: okMessages }, 'input.upstreamId'],
    ['a session id of dots', { upstreamId: '..', messages: okMessages }, 'input.upstreamId'],
    ['a session id with a percent sign', { upstreamId: 'cs-%2e', messages: okMessages }, 'input.upstreamId'],
    ['an empty session id', { upstreamId: '', messages: okMessages }, 'input.upstreamId'],
    [
      'a file part whose url is not a URL',
      { messages: [...okMessages, { id: 'm2', role: 'USER', parts: [{ file: { mediaType: 'image/png', url: 'cat.png' } }] }] },
      'input.messages[2].parts[0].file.url',
    ],
    [
      'a file part with a malformed media type',
      { messages: [{ id: 'm', role: 'USER', parts: [{ file: { mediaType: 'png', url: 'https://x.example/a' } }] }] },
      'input.messages[0].parts[0].file.mediaType',
    ],
    ['an empty text', { messages: [{ id: 'm', role: 'USER', parts: [{ text: { text: '' } }] }] }, 'input.messages[0].parts[0].text.text'],
    ['stepStart: false', { messages: [{ id: 'm', role: 'USER', parts: [{ stepStart: false }] }] }, 'input.messages[0].parts[0].stepStart'],
    [
      'a tool part without toolName',
      { messages: [{ id: 'm', role: 'ASSISTANT', parts: [{ tool: { toolName: '', toolCallId: 'c', state: 'INPUT_AVAILABLE' } }] }] },
      'input.messages[0].parts[0].tool.toolName',
    ],
    [
      'a source-url part with an empty sourceId',
      { messages: [{ id: 'm', role: 'ASSISTANT', parts: [{ sourceUrl: { sourceId: '', url: 'https://a.example' } }] }] },
      'input.messages[0].parts[0].sourceUrl.sourceId',
    ],
    ['a raw part without type', { messages: [{ id: 'm', role: 'USER', parts: [{ raw: { text: 'x' } }] }] }, 'input.messages[0].parts[0].raw.type'],
    ['a raw part with a numeric type', { messages: [{ id: 'm', role: 'USER', parts: [{ raw: { type: 3 } }] }] }, 'input.messages[0].parts[0].raw.type'],
    [
      'metadata over 10,240 characters',
      { messages: [{ ...userText('m', 'x'), metadata: { blob: longString(10_240) } }] },
      'input.messages[0].metadata',
    ],
    [
      '101 parts in one message',
      { messages: [{ id: 'm', role: 'USER', parts: Array.from({ length: 101 }, () => ({ stepStart: true })) }] },
      'input.messages[0].parts',
    ],
  ];

  it.each(createCases.map(([name, input, field]) => ({ name, input, field })))(
    'createChatSession with $name → BAD_USER_INPUT naming $field',
    async ({ input, field }) => {
      stack.resetCalls();
      const res = await stack.gql(CREATE, { input: { upstreamId: 'cs-valid', ...input } });
      expect(res.body.data).toEqual({ createChatSession: null });
      const error = firstError(res);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false, field });
      expect(error.message.startsWith(`${field}: `)).toBe(true);
      expect(stack.calls().total).toBe(0);
    },
  );

  it('a part with two kinds set is refused by the oneOf rule', async () => {
    stack.resetCalls();
    const res = await stack.gql(CREATE, {
      input: { messages: [{ id: 'm', role: 'USER', parts: [{ text: { text: 'a' }, stepStart: true }] }] },
    });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(firstError(res).message).toContain('MessagePartInput');
    expect(stack.calls().total).toBe(0);
  });

  it('a part with no kind set is refused', async () => {
    stack.resetCalls();
    const res = await stack.gql(`mutation { createChatSession(input: { messages: [{ role: USER, parts: [{}] }] }) { messageIds } }`);
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(stack.calls().total).toBe(0);
  });

  const idCases: Array<[string, string, string]> = [
    ['not a global id', 'not a global id!', 'not a valid global id'],
    ['the global id of another type', Buffer.from('AgentSession:1b4e28ba-2fa1-11d2-883f-0016d3cca427').toString('base64url'), 'not the id of a chat session'],
    ['a chat session id with a dot segment', chatGid('..'), 'dot segment'],
    ['a chat session id with a query', chatGid('cs-a?x=1'), 'forbidden character'],
    ['a chat session id with a newline', chatGid('cs-a\nb'), 'only visible ASCII characters are allowed'],
  ];

  it.each(idCases.map(([name, gid, reason]) => ({ name, gid, reason })))(
    'rename, delete and save with $name → BAD_USER_INPUT, no upstream call',
    async ({ gid, reason }) => {
      stack.resetCalls();
      const rename = await stack.gql(RENAME, { input: { sessionId: gid, title: 't' } });
      const del = await stack.gql(DELETE, { input: { sessionId: gid } });
      const save = await stack.gql(SAVE, { input: { sessionId: gid, messages: [userText('m', 'x')] } });
      for (const [res, field] of [
        [rename, 'input.sessionId'],
        [del, 'input.sessionId'],
        [save, 'input.sessionId'],
      ] as const) {
        expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
        expect(firstError(res).message).toBe(`${field}: ${reason}`);
      }
      expect(stack.calls().total).toBe(0);
    },
  );

  it('saveChatMessages with no messages or too many → BAD_USER_INPUT, no upstream call', async () => {
    await create('cs-limits');
    stack.resetCalls();
    const none = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-limits'), messages: [] } });
    expect(firstError(none).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.messages' });
    const tooMany = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-limits'), messages: many(101) } });
    expect(firstError(tooMany).message).toBe('input.messages: at most 100 messages per call; send the rest in another call');
    expect(stack.calls().total).toBe(0);
  });

  it('exactly 100 messages and a 64-character id are accepted', async () => {
    const id = `cs-${'a'.repeat(61)}`;
    const out = await create(id, { messages: many(100) });
    expect(out.session.messageCount).toBe(100);
    expect(out.session.upstreamId).toBe(id);
  });

  it('without a token every mutation is UNAUTHENTICATED and nothing is sent upstream', async () => {
    stack.resetCalls();
    const res = await stack.gql(CREATE, { input: { messages: okMessages } }, { as: null });
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    const save = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-x'), messages: okMessages } }, { as: null });
    expect(codesOf(save)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls().total).toBe(0);
  });
});

describe('upstream failures on writes', () => {
  it('a 503 on create is not retried: one call, UPSTREAM_UNAVAILABLE, retryable, with the id to retry with', async () => {
    stack.sumvin.controls.setFailure({ status: 503, rate: 1, routes: ['POST /v0/chat/sessions'] });
    stack.resetCalls();
    const res = await stack.gql(CREATE, { input: { upstreamId: 'cs-503', messages: [userText('m1', 'x')] } });
    expect(res.body.data).toEqual({ createChatSession: null });
    expect(firstError(res).extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'SUMVIN',
      retryable: true,
      details: { upstreamId: 'cs-503', messageIds: ['m1'] },
    });
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 1 });

    stack.sumvin.controls.setFailure(null);
    const retried = await create('cs-503');
    expect(retried.session.upstreamId).toBe('cs-503');
  });

  it('a generated id is reported so the retry can reuse it', async () => {
    stack.sumvin.controls.setFailure({ status: 503, rate: 1, routes: ['POST /v0/chat/sessions'] });
    const res = await stack.gql(CREATE, { input: { messages: [{ role: 'USER', parts: [{ text: { text: 'x' } }] }] } });
    const details = firstError(res).extensions?.['details'] as { upstreamId: string; messageIds: string[] };
    expect(details.upstreamId).toMatch(/^cs-[0-9a-f]{32}$/);
    expect(details.messageIds[0]).toMatch(/^msg-[0-9a-f]{32}$/);
  });

  it('a 503 on save is not retried: one call, retryable, with the message ids used', async () => {
    await create('cs-save503');
    stack.sumvin.controls.setFailure({ status: 503, rate: 1, routes: ['POST /v0/chat/sessions/:session_id/messages'] });
    stack.resetCalls();
    const res = await stack.gql(SAVE, { input: { sessionId: chatGid('cs-save503'), messages: [userText('m9', 'x')] } });
    expect(firstError(res).extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'SUMVIN',
      retryable: true,
      details: { messageIds: ['m9'] },
    });
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions/:session_id/messages': 1 });
  });

  it('a 503 on rename and on delete is not retried either', async () => {
    await create('cs-patch503');
    stack.sumvin.controls.setFailure({
      status: 503,
      rate: 1,
      routes: ['PATCH /v0/chat/sessions/:session_id', 'DELETE /v0/chat/sessions/:session_id'],
    });
    stack.resetCalls();
    const rename = await stack.gql(RENAME, { input: { sessionId: chatGid('cs-patch503'), title: 't' } });
    const del = await stack.gql(DELETE, { input: { sessionId: chatGid('cs-patch503') } });
    expect(codesOf(rename)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(codesOf(del)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.calls().sumvin).toEqual({ 'PATCH /v0/chat/sessions/:session_id': 1, 'DELETE /v0/chat/sessions/:session_id': 1 });
  });

  it('an upstream 422 on a write is BAD_USER_INPUT, not retried', async () => {
    stack.sumvin.controls.setFailure({ status: 422, rate: 1, routes: ['POST /v0/chat/sessions'] });
    stack.resetCalls();
    const res = await stack.gql(CREATE, { input: { upstreamId: 'cs-422', messages: [userText('m1', 'x')] } });
    expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', provider: 'SUMVIN', retryable: false });
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 1 });
  });
});

describe('a timeout on create', () => {
  let slow: Stack;
  beforeAll(async () => {
    slow = await startStack({ attemptMs: 300 });
  });
  afterAll(async () => {
    await slow.close();
  });

  it('is UPSTREAM_TIMEOUT with retryable: true and the session id; the retry with that id is safe', async () => {
    slow.sumvin.controls.setLatency(1_000);
    slow.resetCalls();
    const res = await slow.gql(CREATE, { input: { upstreamId: 'cs-slow', messages: [userText('m1', 'x')] } });
    expect(res.body.data).toEqual({ createChatSession: null });
    expect(firstError(res).extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      provider: 'SUMVIN',
      retryable: true,
      details: { upstreamId: 'cs-slow', messageIds: ['m1'], mayHaveApplied: true },
    });
    expect(slow.calls().sumvin).toEqual({ 'POST /v0/chat/sessions': 1 });

    // Let the slow request finish upstream, then repeat the call with the same id.
    await new Promise((r) => setTimeout(r, 1_200));
    slow.sumvin.controls.setLatency(0);
    const retry = await slow.gql<CreateData>(CREATE, { input: { upstreamId: 'cs-slow', messages: [userText('m1', 'x')] } });
    const outcome = retry.body.errors ? codesOf(retry) : [retry.body.data?.createChatSession?.session.upstreamId];
    expect([['CONFLICT'], ['cs-slow']]).toContainEqual(outcome);
    const exists = await slow.gql<ReadData>(READ, { id: chatGid('cs-slow') });
    expect(dataOf(exists).session.messages.edges.map((e) => e.node.messageId)).toEqual(['m1']);
  });
});

describe('uploadChatAttachment', () => {
  it('uploads an allowed file through the multipart request spec; the URL serves the content', async () => {
    await create('cs-files');
    stack.resetCalls();
    const res = await upload(new File(['hello attachment'], 'notes.txt', { type: 'text/plain' }), { sessionId: chatGid('cs-files') });
    expect(res.status).toBe(200);
    const out = dataOf(res).uploadChatAttachment;
    expect(out.filename).toBe('notes.txt');
    expect(out.mediaType).toBe('text/plain');
    expect(out.url.startsWith(`${stack.sumvin.url}/files/`)).toBe(true);
    expect(stack.calls().sumvin).toEqual({ 'POST /v0/chat/attachments': 1 });

    const fetched = await fetch(out.url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('text/plain');
    expect(await fetched.text()).toBe('hello attachment');

    const saved = await stack.gql(SAVE, {
      input: {
        sessionId: chatGid('cs-files'),
        messages: [{ id: 'm2', role: 'USER', parts: [{ file: { url: out.url, mediaType: out.mediaType, filename: out.filename } }] }],
      },
    });
    expect(dataOf(saved)).toEqual({ saveChatMessages: { savedCount: 1, messageIds: ['m2'] } });
  });

  it('uploads a PNG image without a session', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const res = await upload(new File([png], 'pixel.png', { type: 'image/png' }));
    const out = dataOf(res).uploadChatAttachment;
    expect([out.filename, out.mediaType]).toEqual(['pixel.png', 'image/png']);
    const fetched = new Uint8Array(await (await fetch(out.url)).arrayBuffer());
    expect(Array.from(fetched)).toEqual(Array.from(png));
  });

  it('refuses a file over 10 MiB before any upstream call', async () => {
    stack.resetCalls();
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.pdf', { type: 'application/pdf' });
    const res = await upload(big);
    expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
    expect(firstError(res).message).toBe('input.file: the file is larger than 10485760 bytes (10 MiB)');
    expect(stack.calls().total).toBe(0);
  });

  it('accepts a file of exactly 10 MiB', async () => {
    const res = await upload(new File([new Uint8Array(10 * 1024 * 1024)], 'exact.pdf', { type: 'application/pdf' }));
    expect(dataOf(res).uploadChatAttachment.mediaType).toBe('application/pdf');
  });

  it('refuses a disallowed media type before any upstream call', async () => {
    stack.resetCalls();
    const res = await upload(new File(['PK'], 'archive.zip', { type: 'application/zip' }));
    expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.file' });
    expect(firstError(res).message).toBe(
      'input.file: media type "application/zip" is not allowed; use image/*, application/pdf or text/*',
    );
    const untyped = await upload(new File(['??'], 'blob.bin'));
    expect(firstError(untyped).message).toBe(
      'input.file: media type "application/octet-stream" is not allowed; use image/*, application/pdf or text/*',
    );
    expect(stack.calls().total).toBe(0);
  });

  it('refuses an empty file and an overlong file name before any upstream call', async () => {
    stack.resetCalls();
    const empty = await upload(new File([], 'empty.txt', { type: 'text/plain' }));
    expect(firstError(empty).message).toBe('input.file: the file is empty');
    const longName = await upload(new File(['x'], `${'n'.repeat(252)}.txt`, { type: 'text/plain' }));
    expect(firstError(longName).message).toBe('input.file: the file name must be at most 255 characters');
    expect(stack.calls().total).toBe(0);
  });

  it('refuses a session id that is not a chat session before any upstream call', async () => {
    stack.resetCalls();
    const res = await upload(new File(['x'], 'a.txt', { type: 'text/plain' }), { sessionId: 'nope!' });
    expect(firstError(res).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sessionId' });
    expect(stack.calls().total).toBe(0);
  });

  it('gives NOT_FOUND for an unknown session', async () => {
    const res = await upload(new File(['x'], 'a.txt', { type: 'text/plain' }), { sessionId: chatGid('cs-none') });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
  });

  it('a multipart request without the CSRF header is refused with 403 and nothing is uploaded', async () => {
    stack.resetCalls();
    const res = await upload(new File(['x'], 'a.txt', { type: 'text/plain' }), {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(stack.calls().total).toBe(0);
  });

  it('a file given as a JSON variable instead of a multipart part is BAD_USER_INPUT', async () => {
    stack.resetCalls();
    const res = await stack.gql(UPLOAD, { input: { file: 'not a file' } });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(stack.calls().total).toBe(0);
  });
});
