import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from './redact.js';

describe('redactUrl', () => {
  it('hides the password and keeps the user', () => {
    expect(redactUrl('redis://alice:s3cr3t@127.0.0.1:7000/2')).toBe('redis://alice:***@127.0.0.1:7000/2');
  });
  it('hides a password given without a user', () => {
    expect(redactUrl('rediss://:s3cr3t@host:6380')).toBe('rediss://:***@host:6380');
  });
  it('leaves URLs without credentials alone', () => {
    expect(redactUrl('redis://127.0.0.1:7000')).toBe('redis://127.0.0.1:7000');
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence', () => {
    expect(redactSecrets('WRONGPASS for s3cr3t and s3cr3t', ['s3cr3t', undefined])).toBe(
      'WRONGPASS for *** and ***',
    );
  });
});
