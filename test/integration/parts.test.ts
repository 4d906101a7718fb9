import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { dataOf, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

const parts = [
  { type: 'step-start' },
  { type: 'reasoning', text: 'Look up the weather first.', state: 'done' },
  { type: 'tool-getWeather', toolCallId: 'call-1', state: 'output-available', input: { city: 'Oslo' }, output: { celsius: 4 } },
  { type: 'dynamic-tool', toolName: 'convert', toolCallId: 'call-2', state: 'approval-requested', input: { from: 'C' }, errorText: 'unsupported' },
  { type: 'source-url', sourceId: 'src-1', url: 'https://weather.example/oslo', title: 'Oslo weather' },
  { type: 'source-document', sourceId: 'doc-1', mediaType: 'application/pdf', title: 'Climate report', filename: 'report.pdf' },
  { type: 'file', mediaType: 'image/png', url: 'https://files.example/chart.png', filename: 'chart.png' },
  { type: 'data-forecast', id: 'fc-1', data: { days: [1, 2] } },
  { type: 'text', text: 'It is 4 °C in Oslo.' },
  { type: 'tool-broken' },
  { type: 'x-custom', anything: [1, 2, 3] },
];

beforeAll(async () => {
  stack = await startStack();
  const res = await fetch(`${stack.sumvin.url}/v0/chat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-juno-jwt': await stack.token('alice') },
    body: JSON.stringify({
      id: 'cs-parts',
      title: 'parts',
      messages: [{ id: 'm1', role: 'assistant', parts, metadata: { model: 'demo' }, created_at: 1704067200123 }],
    }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await stack?.close();
});

describe('Message.parts: a typed union of AI SDK UI parts', () => {
  it('returns every kind with its fields, and keeps unknown or incomplete parts raw', async () => {
    const data = dataOf<{ session: { messages: { edges: Array<{ node: Record<string, unknown> }> } } }>(
      await stack.gql(
        `query($id: ID!) { session(id: $id) { messages(first: 1) { edges { node {
          text toolNames createdAt metadata role
          parts {
            __typename
            ... on StepStartPart { type }
            ... on ReasoningPart { text state rawState }
            ... on ToolPart { toolName toolCallId state input output errorText }
            ... on DynamicToolPart { dtName: toolName state rawState input errorText }
            ... on SourceUrlPart { sourceId url title }
            ... on SourceDocumentPart { sourceId mediaType docTitle: title filename }
            ... on FilePart { mediaType fileUrl: url filename }
            ... on DataPart { name dataId data }
            ... on TextPart { text }
            ... on UnknownPart { unknownType: type raw }
          }
        } } } } }`,
        { id: encodeGlobalId('ChatSession', 'cs-parts') },
      ),
    );
    const node = data.session.messages.edges[0]!.node;
    expect(node.text).toBe('It is 4 °C in Oslo.');
    expect(node.toolNames).toEqual(['getWeather', 'convert', 'broken']);
    expect(node.createdAt).toBe('2024-01-01T00:00:00.123Z');
    expect(node.metadata).toEqual({ model: 'demo' });
    expect(node.role).toBe('ASSISTANT');
    expect(node.parts).toEqual([
      { __typename: 'StepStartPart', type: 'step-start' },
      { __typename: 'ReasoningPart', text: 'Look up the weather first.', state: 'DONE', rawState: 'done' },
      { __typename: 'ToolPart', toolName: 'getWeather', toolCallId: 'call-1', state: 'OUTPUT_AVAILABLE', input: { city: 'Oslo' }, output: { celsius: 4 }, errorText: null },
      { __typename: 'DynamicToolPart', dtName: 'convert', state: 'OTHER', rawState: 'approval-requested', input: { from: 'C' }, errorText: 'unsupported' },
      { __typename: 'SourceUrlPart', sourceId: 'src-1', url: 'https://weather.example/oslo', title: 'Oslo weather' },
      { __typename: 'SourceDocumentPart', sourceId: 'doc-1', mediaType: 'application/pdf', docTitle: 'Climate report', filename: 'report.pdf' },
      { __typename: 'FilePart', mediaType: 'image/png', fileUrl: 'https://files.example/chart.png', filename: 'chart.png' },
      { __typename: 'DataPart', name: 'forecast', dataId: 'fc-1', data: { days: [1, 2] } },
      { __typename: 'TextPart', text: 'It is 4 °C in Oslo.' },
      { __typename: 'UnknownPart', unknownType: 'tool-broken', raw: { type: 'tool-broken' } },
      { __typename: 'UnknownPart', unknownType: 'x-custom', raw: { type: 'x-custom', anything: [1, 2, 3] } },
    ]);
  });
});
