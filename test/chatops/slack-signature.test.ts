import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../shared/chatops/slack-signature.ts';

// The worked example of Slack's "Verifying requests from Slack" page.
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_DOC_TIME = new Date(Number(DOC_TIMESTAMP) * 1_000 + 60_000);

function verify(overrides: Partial<Parameters<typeof verifySlackSignature>[0]>) {
  return verifySlackSignature({
    signingSecret: DOC_SECRET,
    timestamp: DOC_TIMESTAMP,
    signature: DOC_SIGNATURE,
    rawBody: DOC_BODY,
    now: AT_DOC_TIME,
    ...overrides,
  });
}

describe('Slack request signatures (v0)', () => {
  it("reproduces Slack's documented example, from a string and from the raw bytes", () => {
    expect(slackSignature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
    expect(slackSignature(DOC_SECRET, DOC_TIMESTAMP, Buffer.from(DOC_BODY))).toBe(DOC_SIGNATURE);
    expect(verify({})).toEqual({ ok: true, timestamp: 1531420618, signature: DOC_SIGNATURE });
  });

  it('refuses a body changed by one byte, another secret, a truncated or missing signature', () => {
    expect(verify({ rawBody: DOC_BODY.replace('text=', 'text=x') })).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
    expect(verify({ signingSecret: 'another' })).toMatchObject({ ok: false, code: 'bad-signature' });
    expect(verify({ signature: DOC_SIGNATURE.slice(0, -1) })).toMatchObject({
      ok: false,
      code: 'bad-signature',
    });
    expect(verify({ signature: undefined })).toMatchObject({ ok: false, code: 'missing-signature' });
    expect(verify({ timestamp: '' })).toMatchObject({ ok: false, code: 'missing-signature' });
  });

  it('refuses timestamps more than 5 minutes away, in either direction, and non-numeric ones', () => {
    const at = (seconds: number) => new Date((Number(DOC_TIMESTAMP) + seconds) * 1_000);
    expect(verify({ now: at(300) }).ok).toBe(true);
    expect(verify({ now: at(301) })).toMatchObject({ ok: false, code: 'stale-timestamp' });
    expect(verify({ now: at(-301) })).toMatchObject({ ok: false, code: 'stale-timestamp' });
    expect(verify({ timestamp: '1531420618.5' })).toMatchObject({ ok: false, code: 'bad-timestamp' });
  });
});
