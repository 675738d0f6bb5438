import {
  type PackagedTemplate,
  packagedTemplate,
  type ServerlessService,
  serverlessService,
  type TemplateResource,
} from './packaged-template.ts';

/**
 * The stack's resources as one deployment with these serverless params (`--param="name=value"`)
 * would create them: `${param:…}` and `${self:custom.…}` resolved as osls resolves them, then
 * CloudFormation's parameters, conditions, `Ref` and `Fn::If` as CloudFormation evaluates them.
 * A created resource's `Ref` reads `<Ref LogicalId>`; intrinsics these tests do not need stay as written.
 */
export interface Deployment {
  resources: Record<string, TemplateResource>;
  outputs: Record<string, unknown>;
}

const PARAM = /\$\{param:(\w+)(?:,\s*'([^']*)')?\}/g;
const CUSTOM = /^\$\{self:custom\.(\w+)\}$/;

function resolveVariables(
  value: unknown,
  service: ServerlessService,
  params: Record<string, string>,
): unknown {
  if (typeof value === 'string') {
    const custom = CUSTOM.exec(value)?.[1];
    if (custom !== undefined) {
      if (!(custom in service.custom)) throw new Error(`\${self:custom.${custom}} is not in serverless.yml`);
      return resolveVariables(service.custom[custom], service, params);
    }
    return value.replace(PARAM, (_match, name: string, fallback?: string) => {
      const given = params[name] ?? fallback;
      if (given === undefined) throw new Error(`\${param:${name}} has no value and no default`);
      return given;
    });
  }
  if (Array.isArray(value)) return value.map((inner) => resolveVariables(inner, service, params));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, resolveVariables(inner, service, params)]),
  );
}

export function deploy(params: Record<string, string> = {}): Deployment {
  const service = serverlessService();
  const template = resolveVariables(packagedTemplate(), service, params) as PackagedTemplate;
  const parameters = Object.fromEntries(
    Object.entries(template.Parameters).map(([name, parameter]) => [name, parameter.Default ?? '']),
  );
  const conditions = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    if (!(name in template.Conditions)) throw new Error(`no condition ${name} in the template`);
    const result = evaluate(template.Conditions[name]);
    if (typeof result !== 'boolean') throw new Error(`condition ${name} is not a boolean`);
    conditions.set(name, result);
    return result;
  };
  const created = (logicalId: string): boolean => {
    const resource = template.Resources[logicalId];
    return resource !== undefined && (resource.Condition === undefined || condition(resource.Condition));
  };
  function evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(evaluate);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') {
      if (object.Ref in parameters) return parameters[object.Ref];
      if (object.Ref in template.Resources) {
        if (!created(object.Ref)) throw new Error(`Ref ${object.Ref}: that resource is not created`);
        return `<Ref ${object.Ref}>`;
      }
      return object;
    }
    if (typeof object.Condition === 'string' && Object.keys(object).length === 1)
      return condition(object.Condition);
    const [operator, operands] = Object.entries(object)[0] ?? [];
    if (Object.keys(object).length === 1 && Array.isArray(operands)) {
      if (operator === 'Fn::If') {
        const [name, whenTrue, whenFalse] = operands as [string, unknown, unknown];
        return evaluate(condition(name) ? whenTrue : whenFalse);
      }
      if (operator === 'Fn::Equals') {
        const [left, right] = operands.map(evaluate);
        return left === right;
      }
      if (operator === 'Fn::Not') return !evaluate(operands[0]);
      if (operator === 'Fn::And') return operands.every((operand) => evaluate(operand) === true);
      if (operator === 'Fn::Or') return operands.some((operand) => evaluate(operand) === true);
    }
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, evaluate(inner)]));
  }
  const resources = Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([logicalId]) => created(logicalId))
      .map(([logicalId, resource]) => [
        logicalId,
        { ...resource, Properties: evaluate(resource.Properties) as Record<string, unknown> },
      ]),
  );
  const outputs = Object.fromEntries(
    Object.entries(template.Outputs).map(([name, output]) => [name, evaluate(output.Value)]),
  );
  return { resources, outputs };
}
