// Runs one built bundle the way the Lambda runtime does: import dist/<function>/index.mjs, call
// its `handler` with the event read from stdin, print the result as JSON on the last line.
// With `--each`, stdin holds an array of events, handled one after the other as a warm Lambda
// container would, and the last line is the array of results.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundlePath, mode] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = await import(pathToFileURL(bundlePath).href);
const context = {
  functionName: 'bundle-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bundle-test',
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/bundle-test',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 30_000,
};
const results = [];
for (const one of mode === '--each' ? event : [event]) {
  results.push((await handler(one, { ...context, awsRequestId: randomUUID() })) ?? null);
}
process.stdout.write(`\n${JSON.stringify(mode === '--each' ? results : results[0])}\n`);
