import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';

const ROOT = join(import.meta.dirname, '../../..');

/** An IAM policy statement as the template writes it (resources may be CloudFormation intrinsics). */
export interface TemplateStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** One function's role, exactly as the packaged template declares it. */
export interface PackagedRole {
  functionName: string;
  logicalId: string;
  /** The role's RoleName when the template fixes it (a `Fn::Sub`), else CloudFormation makes one up. */
  roleName?: unknown;
  statements: TemplateStatement[];
}

/** CloudFormation's short-form tags, read as the long form (`!Ref X` → `{ Ref: X }`). */
const CFN_TAGS: Tags = ['Ref', 'GetAtt', 'Sub', 'Join', 'If', 'Equals', 'Not', 'Select', 'Split'].flatMap(
  (name) => {
    const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
    const resolve = (value: unknown) => ({
      [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value,
    });
    return [
      { tag: `!${name}`, resolve },
      { tag: `!${name}`, collection: 'seq' as const, resolve },
    ];
  },
);

function readYaml(path: string): Record<string, unknown> {
  return parse(readFileSync(join(ROOT, path), 'utf8'), { customTags: CFN_TAGS }) as Record<string, unknown>;
}

interface RoleResource {
  Type: string;
  Properties: { RoleName?: unknown; Policies?: { PolicyDocument: { Statement: TemplateStatement[] } }[] };
}

/**
 * The role of every function in serverless.yml, read from the resources the template includes
 * (`resources:` files), so the tests act with what would be deployed.
 */
export function packagedRoles(): PackagedRole[] {
  const service = readYaml('serverless.yml') as {
    functions: Record<string, { role: string }>;
    resources: string[];
  };
  const resources: Record<string, RoleResource> = {};
  for (const entry of service.resources) {
    const file = /\$\{file\(\.\/(.+)\)\}/.exec(entry)?.[1];
    if (!file) throw new Error(`serverless.yml resources: cannot read ${entry}`);
    const document = file.endsWith('.json')
      ? (JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>)
      : readYaml(file);
    Object.assign(resources, (document.Resources ?? {}) as Record<string, RoleResource>);
  }
  return Object.entries(service.functions).map(([functionName, { role }]) => {
    const resource = resources[role];
    if (resource?.Type !== 'AWS::IAM::Role')
      throw new Error(`${functionName}: role ${role} is not in the template`);
    const statements = (resource.Properties.Policies ?? []).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
    const { RoleName } = resource.Properties;
    return { functionName, logicalId: role, ...(RoleName ? { roleName: RoleName } : {}), statements };
  });
}

export function packagedRole(functionName: string): PackagedRole {
  const role = packagedRoles().find((candidate) => candidate.functionName === functionName);
  if (!role) throw new Error(`no function ${functionName} in serverless.yml`);
  return role;
}

export function actionsOf(statement: TemplateStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
