// Writes infra/generated/, schema/reflex.schema.json (editors' schema of policy files) and README.md's remediation catalog: one least-privilege IAM role per function (from the actions' declared
// permissions) and the EventBridge rules (from the policies). serverless.yml includes both; a test
// fails when they are stale, so run `npm run generate` after changing actions or policies.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reflexJsonSchema, SCHEMA_PATH } from '../cli/schema/reflex-json-schema.ts';
import { actionRegistry } from '../shared/actions/registry.ts';
import { checkRegistry } from '../shared/runbooks/checks/check-registry.ts';
import {
  GENERATED_DIR,
  generatedFiles,
  README,
  REPOSITORY_ROOT,
  readmeWithCatalog,
} from './generate/generated-files.ts';

rmSync(GENERATED_DIR, { recursive: true, force: true });
mkdirSync(GENERATED_DIR, { recursive: true });
for (const [name, content] of Object.entries(generatedFiles())) {
  writeFileSync(join(GENERATED_DIR, name), `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote infra/generated/${name}`);
}
mkdirSync(join(REPOSITORY_ROOT, 'schema'), { recursive: true });
writeFileSync(
  join(REPOSITORY_ROOT, SCHEMA_PATH),
  `${JSON.stringify(reflexJsonSchema(actionRegistry, checkRegistry), null, 2)}\n`,
);
console.log(`wrote ${SCHEMA_PATH}`);
writeFileSync(README, readmeWithCatalog());
console.log('wrote the remediation catalog into README.md (`npm run format` aligns it)');
