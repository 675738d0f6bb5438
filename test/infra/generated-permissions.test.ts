import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionPermissionsStatement } from '../../shared/actions/permissions.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';

const generated = join(import.meta.dirname, '../../infra/generated/action-permissions.json');

describe('generated IAM permissions', () => {
  it('are current with the action registry (run `npm run generate` after adding an action)', () => {
    // Assess
    expect(JSON.parse(readFileSync(generated, 'utf8'))).toEqual(actionPermissionsStatement());
  });

  it('grant every permission any action declares, and never a wildcard action', () => {
    // Act
    const statement = actionPermissionsStatement();
    // Assess
    for (const action of actionRegistry.all())
      for (const permission of action.permissions) expect(statement.Action).toContain(permission);
    expect(statement.Action.some((permission) => permission.includes('*'))).toBe(false);
  });
});
