import { packagedTemplate, serverlessService } from '../packaged-template.ts';

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

interface RoleResource {
  Type: string;
  Properties: { RoleName?: unknown; Policies?: { PolicyDocument: { Statement: TemplateStatement[] } }[] };
}

/**
 * The role of every function in serverless.yml, read from the resources the template includes
 * (`resources:` files), so the tests act with what would be deployed.
 */
export function packagedRoles(): PackagedRole[] {
  const service = serverlessService();
  const resources = packagedTemplate().Resources as unknown as Record<string, RoleResource>;
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
