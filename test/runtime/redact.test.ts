import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../shared/runtime/redact.ts';

describe('redactSecrets', () => {
  it('masks secret-looking keys at any depth and keeps the rest', () => {
    // Prepare
    const entry = {
      user: 'app',
      password: 'hunter2',
      nested: { SecretString: '{"password":"x"}', webhookUrl: 'https://hooks' },
      requestId: 'abc',
    };
    // Act
    const text = JSON.stringify(entry, redactSecrets);
    // Assess
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('hooks');
    expect(JSON.parse(text)).toEqual({
      user: 'app',
      password: REDACTED,
      nested: { SecretString: REDACTED, webhookUrl: REDACTED },
      requestId: 'abc',
    });
  });
});
