// Runs one built bundle the way the Lambda runtime does: import dist/<function>/index.mjs, call
// its `handler` with the event read from stdin, print the result as JSON on the last line.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundlePath] = process.argv.slice(2);
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
const result = await handler(event, context);
process.stdout.write(`\n${JSON.stringify(result ?? null)}\n`);
