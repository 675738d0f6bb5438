// Writes infra/generated/action-permissions.json: the IAM statement for the actions the registry declares.
// serverless.yml grants the worker exactly these; a test fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionPermissionsStatement } from '../shared/actions/permissions.ts';

const path = join(import.meta.dirname, '../infra/generated/action-permissions.json');
writeFileSync(path, `${JSON.stringify(actionPermissionsStatement(), null, 2)}\n`);
console.log(`wrote ${path}`);
