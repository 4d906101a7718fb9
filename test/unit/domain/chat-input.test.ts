import { describe, expect, it } from 'vitest';
import { checkAttachment, toSumvinMessages, toUiPart } from '../../../src/domain/chat-input.js';
import { InputError } from '../../../src/errors/classes.js';

const failure = (fn: () => unknown): { field: string; reason: string } => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return { field: err.field, reason: err.reason };
    throw err;
  }
  throw new Error('expected an InputError');
};

describe('toUiPart', () => {
  it('converts each kind to the AI SDK UI part object', () => {
    expect(toUiPart({ text: { text: 'hi' } }, 'p')).toEqual({ type: 'text', text: 'hi' });
    expect(toUiPart({ reasoning: { text: 'hmm', state: 'done' } }, 'p')).toEqual({ type: 'reasoning', text: 'hmm', state: 'done' });
    expect(toUiPart({ file: { mediaType: 'image/png', url: 'data:image/png;base64,AA==' } }, 'p')).toEqual({
      type: 'file',
      mediaType: 'image/png',
      url: 'data:image/png;base64,AA==',
    });
    expect(toUiPart({ sourceUrl: { sourceId: 's', url: 'https://a.example/' } }, 'p')).toEqual({
      type: 'source-url',
      sourceId: 's',
      url: 'https://a.example/',
    });
    expect(toUiPart({ sourceDocument: { sourceId: 'd', mediaType: 'application/pdf', title: 'T' } }, 'p')).toEqual({
      type: 'source-document',
      sourceId: 'd',
      mediaType: 'application/pdf',
      title: 'T',
    });
    expect(toUiPart({ stepStart: true }, 'p')).toEqual({ type: 'step-start' });
    expect(toUiPart({ tool: { toolName: 'get', toolCallId: 'c', state: 'input-available', input: null } }, 'p')).toEqual({
      type: 'tool-get',
      toolCallId: 'c',
      state: 'input-available',
      input: null,
    });
    expect(toUiPart({ dynamicTool: { toolName: 'x', toolCallId: 'c', state: 'output-available', output: [1] } }, 'p')).toEqual({
      type: 'dynamic-tool',
      toolName: 'x',
      toolCallId: 'c',
      state: 'output-available',
      output: [1],
    });
    expect(toUiPart({ data: { name: 'chart', data: 0 } }, 'p')).toEqual({ type: 'data-chart', data: 0 });
    expect(toUiPart({ raw: { type: 'x-y', a: 1 } }, 'p')).toEqual({ type: 'x-y', a: 1 });
  });

  it('wants exactly one field set, even where the oneOf rule is not applied', () => {
    expect(failure(() => toUiPart({}, 'input.messages[0].parts[1]'))).toEqual({
      field: 'input.messages[0].parts[1]',
      reason: 'exactly one of text, reasoning, file, sourceUrl, sourceDocument, stepStart, tool, dynamicTool, data, raw must be set (got 0)',
    });
    expect(failure(() => toUiPart({ text: { text: 'a' }, stepStart: true }, 'p')).reason).toContain('(got 2)');
    expect(failure(() => toUiPart({ text: null }, 'p'))).toEqual({ field: 'p.text', reason: 'must not be null' });
  });

  it('names the exact field that is wrong', () => {
    expect(failure(() => toUiPart({ data: { name: 'n', data: null } }, 'p'))).toEqual({ field: 'p.data.data', reason: 'must not be null' });
    expect(failure(() => toUiPart({ file: { mediaType: 'image/png', url: '/relative' } }, 'p'))).toEqual({
      field: 'p.file.url',
      reason: 'must be an absolute URL',
    });
    expect(failure(() => toUiPart({ tool: { toolName: 't', toolCallId: 'c', state: '' } }, 'p')).field).toBe('p.tool.state');
    expect(failure(() => toUiPart({ raw: { type: '' } }, 'p')).field).toBe('p.raw.type');
  });
});

describe('toSumvinMessages', () => {
  it('keeps given ids, generates missing ones, converts createdAt to epoch ms and keeps metadata', () => {
    let n = 0;
    const out = toSumvinMessages(
      [
        { id: 'a', role: 'user', parts: [{ text: { text: 'x' } }], createdAt: new Date('2024-01-01T00:00:00.000Z'), metadata: { k: 1 } },
        { role: 'assistant', parts: [] },
      ],
      'input.messages',
      () => `gen-${++n}`,
    );
    expect(out).toEqual([
      { id: 'a', role: 'user', parts: [{ type: 'text', text: 'x' }], createdAt: 1704067200000, metadata: { k: 1 } },
      { id: 'gen-1', role: 'assistant', parts: [] },
    ]);
  });

  it('counts lengths in code points, as the upstream does', () => {
    const id = '😀'.repeat(64);
    expect(toSumvinMessages([{ id, role: 'user', parts: [] }])[0]?.id).toBe(id);
    expect(failure(() => toSumvinMessages([{ id: `${id}x`, role: 'user', parts: [] }])).field).toBe('input.messages[0].id');
  });

  it('refuses a message id with control characters', () => {
    expect(failure(() => toSumvinMessages([{ id: 'a\u0000b', role: 'user', parts: [] }]))).toEqual({
      field: 'input.messages[0].id',
      reason: 'must not contain control characters',
    });
  });

  it('allows metadata of exactly 10,240 JSON characters', () => {
    const metadata = { v: 'x'.repeat(10_240 - '{"v":""}'.length) };
    expect(JSON.stringify(metadata)).toHaveLength(10_240);
    expect(toSumvinMessages([{ id: 'm', role: 'user', parts: [], metadata }])[0]?.metadata).toBe(metadata);
  });
});

describe('checkAttachment', () => {
  it('normalises the media type and keeps the name', () => {
    expect(checkAttachment({ size: 3, type: 'Text/Plain; charset=utf-8', name: 'a.txt' }, 'f')).toEqual({
      mediaType: 'text/plain',
      filename: 'a.txt',
    });
  });

  it('refuses path separators, dot names and control characters in file names', () => {
    for (const name of ['a/b.txt', 'a\\b.txt', '..', 'a\nb.txt']) {
      expect(failure(() => checkAttachment({ size: 1, type: 'text/plain', name }, 'input.file'))).toEqual({
        field: 'input.file',
        reason: 'the file name must not contain path separators or control characters',
      });
    }
  });
});
