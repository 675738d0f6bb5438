import { describe, expect, it } from 'vitest';
import { userAgentStamp } from '../../shared/core/request-stamp.ts';
import { selfCausedPolicy } from '../../shared/pipeline/self-caused.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { loadEvent } from '../support/fixtures.ts';

function cloudTrailSignal(userAgent: string) {
  const event = loadEvent<{ detail: Record<string, unknown> }>(
    'cloudtrail/authorize-security-group-ingress-ssh-world.json',
  );
  event.detail.userAgent = userAgent;
  const [result] = parseSignalInput(event);
  if (!result?.ok) throw new Error('fixture did not parse');
  return result.value;
}

describe('selfCausedPolicy', () => {
  it('reads back the stamp Reflex put on its own API call', () => {
    // Prepare
    const stamp = { requestId: '0123456789abcdef0123456789abcdef', policy: 'sg-open-to-world' };
    // Act
    const found = selfCausedPolicy(cloudTrailSignal(`aws-sdk-js/3.0 ${userAgentStamp(stamp)}`));
    // Assess
    expect(found).toEqual(stamp);
  });

  it('finds nothing in a call somebody else made', () => {
    // Act
    const found = selfCausedPolicy(cloudTrailSignal('console.amazonaws.com'));
    // Assess
    expect(found).toBeUndefined();
  });
});
