import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateStatement } from './packaged-roles.ts';

export const MEMBER_TEMPLATE_PATH = join(import.meta.dirname, '../../../infra/generated/member-account.json');

export interface MemberTemplate {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Transform?: unknown;
}

/** The member template exactly as generated (what the StackSet deploys in every member account). */
export function memberTemplate(): MemberTemplate {
  return JSON.parse(readFileSync(MEMBER_TEMPLATE_PATH, 'utf8')) as MemberTemplate;
}

interface PolicyDocument {
  Statement: TemplateStatement[];
}

/** The execution role's permissions, trust policy and permissions boundary, as the template writes them. */
export function executionRole(template = memberTemplate()): {
  statements: TemplateStatement[];
  trust: { Statement: (TemplateStatement & { Principal?: unknown })[] };
  boundary: TemplateStatement[];
} {
  const role = template.Resources.ReflexExecutionRole?.Properties as {
    AssumeRolePolicyDocument: { Statement: (TemplateStatement & { Principal?: unknown })[] };
    Policies: { PolicyDocument: PolicyDocument }[];
    PermissionsBoundary: { Ref: string };
  };
  const boundary = template.Resources[role.PermissionsBoundary.Ref]?.Properties
    .PolicyDocument as PolicyDocument;
  return {
    statements: role.Policies.flatMap((policy) => policy.PolicyDocument.Statement),
    trust: role.AssumeRolePolicyDocument,
    boundary: boundary.Statement,
  };
}
