import { describe, expect, it } from 'vitest';
import { uuidV5 } from '../../../src/domain/uuid-v5.js';

describe('uuidV5', () => {
  it('matches the RFC 4122 reference value', () => {
    // the DNS namespace and "www.example.com", as published with Python's uuid module
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
