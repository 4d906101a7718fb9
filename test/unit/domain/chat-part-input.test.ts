import { describe, expect, it } from 'vitest';
import { toUiPart } from '../../../src/domain/chat-part-input.js';
import { failure } from '../../support/input-failure.js';

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
