import type { IpNetwork } from './types.ts';

/** IP address and CIDR parsing for the `cidr` operator (IPv4 and IPv6, as the EventBridge guide says). */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = IPV4.exec(text);
  if (!parts) return undefined;
  const octets = parts.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? Uint8Array.from(octets) : undefined;
}

/** Hex groups of one side of `::`; an embedded IPv4 tail counts as two groups. */
function parseGroups(side: string, allowIpv4Tail: boolean): number[] | undefined {
  if (side === '') return [];
  const texts = side.split(':');
  const groups: number[] = [];
  for (const [index, text] of texts.entries()) {
    if (allowIpv4Tail && index === texts.length - 1 && text.includes('.')) {
      const ipv4 = parseIpv4(text);
      if (!ipv4) return undefined;
      groups.push(((ipv4[0] ?? 0) << 8) | (ipv4[1] ?? 0), ((ipv4[2] ?? 0) << 8) | (ipv4[3] ?? 0));
    } else if (HEX_GROUP.test(text)) {
      groups.push(Number.parseInt(text, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function groupsToBytes(groups: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const [left = '', right] = halves;
  const head = parseGroups(left, right === undefined);
  const tail = right === undefined ? [] : parseGroups(right, true);
  if (!head || !tail) return undefined;
  const compressed = right !== undefined;
  const count = head.length + tail.length;
  if (compressed ? count > 7 : count !== 8) return undefined;
  const bytes = groupsToBytes([...head, ...new Array<number>(8 - count).fill(0), ...tail]);
  // Java's InetAddress (used by event-ruler) reads ::ffff:a.b.c.d as the IPv4 address a.b.c.d.
  return isIpv4Mapped(bytes) ? bytes.slice(12) : bytes;
}

/** The address as 4 or 16 bytes, or undefined when the text is not an IP address literal. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

export type CidrParse = { ok: true; network: IpNetwork } | { ok: false; error: string };

function maskBytes(bytes: Uint8Array, prefixLength: number): Uint8Array {
  return bytes.map((byte, index) => {
    const bitsInByte = Math.min(8, Math.max(0, prefixLength - index * 8));
    return byte & ((0xff << (8 - bitsInByte)) & 0xff);
  });
}

export function parseCidr(text: string): CidrParse {
  const [address = '', bits, extra] = text.split('/');
  if (bits === undefined || extra !== undefined) return { ok: false, error: 'must look like "10.0.0.0/24"' };
  const bytes = parseIpAddress(address);
  if (!bytes) return { ok: false, error: `"${address}" is not an IPv4 or IPv6 address` };
  const maxBits = bytes.length * 8;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits) {
    return { ok: false, error: `prefix length must be an integer from 0 to ${maxBits}, got "${bits}"` };
  }
  const prefixLength = Number(bits);
  return { ok: true, network: { bytes: maskBytes(bytes, prefixLength), prefixLength } };
}

/** Whether an event value is an IP address (v4 or v6) inside the network. */
export function networkContains(network: IpNetwork, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const address = parseIpAddress(value);
  if (!address || address.length !== network.bytes.length) return false;
  const masked = maskBytes(address, network.prefixLength);
  return masked.every((byte, index) => byte === network.bytes[index]);
}
