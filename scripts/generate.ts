// Writes infra/generated/ and README.md's remediation catalog: one least-privilege IAM role per function (from the actions' declared
// permissions) and the EventBridge rules (from the policies). serverless.yml includes both; a test
// fails when they are stale, so run `npm run generate` after changing actions or policies.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DIR, generatedFiles, README, readmeWithCatalog } from './generate/generated-files.ts';

rmSync(GENERATED_DIR, { recursive: true, force: true });
mkdirSync(GENERATED_DIR, { recursive: true });
for (const [name, content] of Object.entries(generatedFiles())) {
  writeFileSync(join(GENERATED_DIR, name), `${JSON.stringify(content, null, 2)}\n`);
  console.log(`wrote infra/generated/${name}`);
}
writeFileSync(README, readmeWithCatalog());
console.log('wrote the remediation catalog into README.md (`npm run format` aligns it)');
