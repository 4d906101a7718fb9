import { describe, expect, it } from 'vitest';
import { classifyPart, toolNamesOf } from '../../../src/domain/parts.js';

describe('classifyPart', () => {
  it('recognises every AI SDK UI part kind', () => {
    expect(classifyPart({ type: 'text', text: 'hi', state: 'done' })).toEqual({ kind: 'text', type: 'text', text: 'hi', state: 'done' });
    expect(classifyPart({ type: 'reasoning', text: 'hmm' })).toEqual({ kind: 'reasoning', type: 'reasoning', text: 'hmm', state: null });
    expect(classifyPart({ type: 'file', mediaType: 'image/png', url: 'https://x/y.png' })).toEqual({
      kind: 'file', type: 'file', mediaType: 'image/png', url: 'https://x/y.png', filename: null,
    });
    expect(classifyPart({ type: 'source-url', sourceId: 's1', url: 'https://a', title: 'A' })).toEqual({
      kind: 'source-url', type: 'source-url', sourceId: 's1', url: 'https://a', title: 'A',
    });
    expect(classifyPart({ type: 'source-document', sourceId: 'd', mediaType: 'application/pdf', title: 'T', filename: 'f.pdf' })).toEqual({
      kind: 'source-document', type: 'source-document', sourceId: 'd', mediaType: 'application/pdf', title: 'T', filename: 'f.pdf',
    });
    expect(classifyPart({ type: 'step-start' })).toEqual({ kind: 'step-start', type: 'step-start' });
    expect(classifyPart({ type: 'tool-getWeather', toolCallId: 'c1', state: 'output-available', input: { city: 'Oslo' }, output: 3 })).toEqual({
      kind: 'tool', type: 'tool-getWeather', toolName: 'getWeather', toolCallId: 'c1', state: 'output-available',
      input: { city: 'Oslo' }, output: 3, errorText: null,
    });
    expect(classifyPart({ type: 'dynamic-tool', toolName: 'x', toolCallId: 'c2', state: 'output-error', errorText: 'boom' })).toEqual({
      kind: 'dynamic-tool', type: 'dynamic-tool', toolName: 'x', toolCallId: 'c2', state: 'output-error',
      input: undefined, output: undefined, errorText: 'boom',
    });
    expect(classifyPart({ type: 'data-weather', id: 'w', data: { t: 1 } })).toEqual({
      kind: 'data', type: 'data-weather', name: 'weather', dataId: 'w', data: { t: 1 },
    });
  });

  it('keeps anything unknown or incomplete as an unknown part with the raw object', () => {
    for (const raw of [{ type: 'text' }, { type: 'text', text: 5 }, { type: 'file', url: 'u' }, { type: 'tool-' }, { type: 'tool-x' }, { type: 'custom', a: 1 }, { notype: true }, { type: 7 }]) {
      const part = classifyPart(raw);
      expect(part.kind).toBe('unknown');
      expect(part).toEqual({ kind: 'unknown', type: typeof raw.type === 'string' ? raw.type : null, raw });
    }
  });

  it('lists tool names once, in order of first use', () => {
    expect(
      toolNamesOf([
        { type: 'tool-search', toolCallId: '1' },
        { type: 'text', text: 'x' },
        { type: 'dynamic-tool', toolName: 'calc', toolCallId: '2' },
        { type: 'tool-search', toolCallId: '3' },
      ]),
    ).toEqual(['search', 'calc']);
  });
});
