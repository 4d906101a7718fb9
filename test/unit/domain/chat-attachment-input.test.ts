import { describe, expect, it } from 'vitest';
import { checkAttachment } from '../../../src/domain/chat-attachment-input.js';
import { failure } from '../../support/input-failure.js';

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
