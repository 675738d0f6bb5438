/** Names of resources as typed in chat: letters and digits of any script, and `_:./@+=,-`. */
const NAME = /^[\p{L}\p{N}_:./@+=,-]{1,255}$/u;

/**
 * `i-0123…` → `ec2:instance/i-0123…`, `ec2:instance/i-…` stays, a bare name is an Auto Scaling
 * group. Undefined for anything that cannot be a resource name.
 */
export function resourceArgument(word: string): string | undefined {
  if (!NAME.test(word)) return undefined;
  if (/^i-[0-9a-f]{8,17}$/.test(word)) return `ec2:instance/${word}`;
  if (/^[a-z0-9-]+:[a-z0-9-]+\/.+/.test(word)) return word;
  return `autoscaling:group/${word}`;
}

export function isName(word: string): boolean {
  return NAME.test(word);
}
