import { describe, expect, it } from 'vitest';
import { networkContains, parseCidr, parseIpAddress } from '../../../shared/policies/pattern/ip-address.ts';

function network(cidr: string) {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.network;
}

describe('parseIpAddress', () => {
  it('reads IPv4 and the IPv6 forms (compressed, full, embedded IPv4)', () => {
    // Prepare
    const texts = [
      '10.0.0.33',
      '::',
      '::1',
      '2001:db8::8a2e:370:7334',
      '2001:0db8:0000:0000:0000:0000:0000:0001',
      '64:ff9b::192.0.2.33',
    ];

    // Act
    const lengths = texts.map((text) => parseIpAddress(text)?.length);

    // Assess
    expect(lengths).toEqual([4, 16, 16, 16, 16, 16]);
  });

  it('rejects what is not an address literal', () => {
    // Prepare
    const texts = ['10.0.0.256', '10.0.0', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'example.com', ''];

    // Act
    const parsed = texts.map((text) => parseIpAddress(text));

    // Assess
    expect(parsed).toEqual(texts.map(() => undefined));
  });

  it('reads an IPv4-mapped IPv6 address as IPv4, as Java (and so event-ruler) does', () => {
    // Prepare
    const text = '::ffff:10.0.0.1';

    // Act
    const bytes = parseIpAddress(text);

    // Assess
    expect(bytes && [...bytes]).toEqual([10, 0, 0, 1]);
  });
});

describe('networkContains', () => {
  it('masks host bits written in the CIDR and compares only the prefix', () => {
    // Prepare
    const net = network('10.0.0.77/24');

    // Act
    const results = ['10.0.0.1', '10.0.0.255', '10.0.1.1'].map((ip) => networkContains(net, ip));

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('handles /0, /32 and prefixes that end inside a byte', () => {
    // Prepare
    const everything = network('0.0.0.0/0');
    const single = network('192.168.1.1/32');
    const partial = network('172.16.0.0/12');

    // Act
    const results = [
      networkContains(everything, '8.8.8.8'),
      networkContains(single, '192.168.1.1'),
      networkContains(single, '192.168.1.2'),
      networkContains(partial, '172.31.255.255'),
      networkContains(partial, '172.32.0.0'),
    ];

    // Assess
    expect(results).toEqual([true, true, false, true, false]);
  });

  it('never matches across address families or non-strings', () => {
    // Prepare
    const v4 = network('0.0.0.0/0');
    const v6 = network('::/0');

    // Act
    const results = [networkContains(v4, '::1'), networkContains(v6, '10.0.0.1'), networkContains(v4, 10)];

    // Assess
    expect(results).toEqual([false, false, false]);
  });
});
