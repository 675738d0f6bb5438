import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags, type YAMLSeq } from 'yaml';

const ROOT = join(import.meta.dirname, '../..');

/** CloudFormation's short-form tags, read as the long form (`!Ref X` → `{ Ref: X }`). */
const CFN_TAGS: Tags = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Condition',
  'Select',
  'Split',
].flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const resolve = (value: unknown) => ({
    [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
  });
  return [
    { tag: `!${name}`, resolve },
    // A sequence arrives as yaml's node: its plain values, as the long form holds them.
    { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: YAMLSeq) => ({ [key]: seq.toJSON() }) },
  ];
});

export function readTemplateYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(join(ROOT, path), 'utf8'), { customTags: CFN_TAGS }) as Record<string, unknown>;
}

export interface TemplateResource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}

/** The template sections the stack's resource files contribute, merged as osls merges them. */
export interface PackagedTemplate {
  Parameters: Record<string, { Default?: string }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, { Value: unknown }>;
}

export interface ServerlessService {
  functions: Record<string, { role: string }>;
  resources: string[];
  custom: Record<string, unknown>;
}

export function serverlessService(): ServerlessService {
  return readTemplateYaml('serverless.yml') as unknown as ServerlessService;
}

/**
 * What serverless.yml's `resources:` files put into the packaged template (read from the sources,
 * so tests need no `npm run package`); `${…}` variables are left as written.
 */
export function packagedTemplate(): PackagedTemplate {
  const template: PackagedTemplate = { Parameters: {}, Conditions: {}, Resources: {}, Outputs: {} };
  for (const entry of serverlessService().resources) {
    const file = /\$\{file\(\.\/(.+)\)\}/.exec(entry)?.[1];
    if (!file) throw new Error(`serverless.yml resources: cannot read ${entry}`);
    const document = (
      file.endsWith('.json') ? JSON.parse(readFileSync(join(ROOT, file), 'utf8')) : readTemplateYaml(file)
    ) as Partial<PackagedTemplate>;
    for (const section of ['Parameters', 'Conditions', 'Resources', 'Outputs'] as const)
      Object.assign(template[section], document[section] ?? {});
  }
  return template;
}
