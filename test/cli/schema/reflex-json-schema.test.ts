import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../cli/main.ts';
import { reflexJsonSchema, SCHEMA_PATH } from '../../../cli/schema/reflex-json-schema.ts';
import { actionRegistry } from '../../../shared/actions/registry.ts';
import { checkRegistry } from '../../../shared/runbooks/checks/check-registry.ts';
import { REPOSITORY_ROOT } from '../../support/reflex-stack.ts';

const POLICIES = join(REPOSITORY_ROOT, 'policies');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : /\.ya?ml$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

let validate: ValidateFunction;

beforeAll(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(join(REPOSITORY_ROOT, SCHEMA_PATH), 'utf8')));
});

function errorsOf(document: unknown): string[] {
  return validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const policy = (overrides: Record<string, unknown>) => ({
  policies: [
    {
      name: 'keep-web-running',
      on: { source: ['aws.ec2'] },
      actions: [{ action: 'ec2.start-instance', params: { instanceId: '{{ signal.resource.id }}' } }],
      ...overrides,
    },
  ],
});

describe('the JSON Schema of policy files', () => {
  it('is what npm run generate writes from the registries (not stale)', () => {
    const committed = JSON.parse(readFileSync(join(REPOSITORY_ROOT, SCHEMA_PATH), 'utf8'));
    expect(committed).toEqual(reflexJsonSchema(actionRegistry, checkRegistry));
  });

  it('accepts every shipped policy and runbook file, and each names it for editors', () => {
    const files = yamlFiles(POLICIES);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const schemaPath = relative(join(file, '..'), join(REPOSITORY_ROOT, SCHEMA_PATH));
      expect(text.split('\n')[0], file).toBe(`# yaml-language-server: $schema=${schemaPath}`);
      expect(errorsOf(parse(text)), file).toEqual([]);
    }
  });

  it('accepts a template where an action expects a number', () => {
    const document = policy({
      actions: [
        {
          action: 'autoscaling.set-desired-capacity',
          params: { group: '{{ signal.resource.id }}', desiredCapacity: '{{ params.count }}' },
        },
      ],
    });
    expect(errorsOf(document)).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', { mdoe: 'enforce' }],
    ['a mode that does not exist', { mode: 'enforced' }],
    ['an unknown key under limits.rate', { limits: { rate: { max: 5, per: '1h', burst: 2 } } }],
    ['an action that does not exist', { actions: [{ action: 'ec2.start-instances', params: {} }] }],
    [
      'a parameter of the wrong type',
      {
        actions: [
          { action: 'autoscaling.set-desired-capacity', params: { group: 'web', desiredCapacity: 'lots' } },
        ],
      },
    ],
    [
      'a parameter the action does not take',
      {
        actions: [
          { action: 'ec2.start-instance', params: { instanceId: 'i-0123456789abcdef0', force: true } },
        ],
      },
    ],
  ])('refuses %s', (_, overrides) => {
    expect(errorsOf(policy(overrides)).length).toBeGreaterThan(0);
  });

  it('refuses a runbook step whose check takes no such parameter, and one that names both an action and a check', () => {
    const runbook = (step: Record<string, unknown>) => ({
      runbooks: [{ name: 'tidy', description: 'Tidy up.', steps: [{ name: 'find', ...step }] }],
    });
    expect(errorsOf(runbook({ check: 'ec2.find-unattached-volumes', params: {} }))).toEqual([]);
    expect(
      errorsOf(runbook({ check: 'ec2.find-unattached-volumes', params: { sizeGiB: 5 } })).length,
    ).toBeGreaterThan(0);
    expect(
      errorsOf(runbook({ check: 'ec2.find-unattached-volumes', action: 'ec2.delete-snapshot', params: {} }))
        .length,
    ).toBeGreaterThan(0);
  });

  it('is what `reflex schema` prints', async () => {
    const out: string[] = [];
    const code = await main(['schema'], { stdout: (text) => out.push(text), stderr: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(reflexJsonSchema(actionRegistry, checkRegistry));
  });
});
