import { connect } from 'node:net';

/**
 * A client that sends `head` (the start of a request), then one byte of `trickle` every `everyMs`
 * and never finishes: a slow-headers or slow-body attack. Resolves with what the server answered
 * once it closes the connection.
 */
export function slowClient(
  url: string,
  head: string,
  trickle?: { everyMs: number },
): Promise<{ answer: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      if (trickle)
        timer = setInterval(() => {
          if (!socket.destroyed) socket.write('a');
        }, trickle.everyMs);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    // The server may reset while a trickled byte is in flight; what it answered before counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer });
    });
    socket.setTimeout(60_000, () => {
      socket.destroy();
      reject(new Error(`the server kept a slow client for 60 s; it answered: ${answer}`));
    });
  });
}

/** Runs `count` requests at once; counts the statuses (or error codes) they ended with. */
export async function atOnce(
  count: number,
  send: (index: number) => Promise<{ status: number }>,
): Promise<Record<string, number>> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      send(index).then(
        (answer) => String(answer.status),
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      ),
    ),
  );
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}
