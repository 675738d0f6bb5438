import { describe, expect, it } from 'vitest';
import { loadChatOpsConfig } from '../../shared/chatops/bundled-chatops-config.ts';
import { parseChatOpsConfig } from '../../shared/chatops/chatops-config.ts';
import { chatCommands } from '../../shared/chatops/command-registry.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';

const NAMES = chatCommands.names();

describe('config/chatops.yml', () => {
  it('maps users and user groups to roles; the highest role of a member wins; defaults fill the rest', () => {
    // Act
    const { config, problems } = parseChatOpsConfig(
      'roles:\n  admin: [U0ADMIN]\n  operator: [S0OPS, U0ADMIN]\n  viewer: [U0VIEW]\ncommands:\n  resume: admin\nmodes:\n  medium: approve\n',
      'chatops.yml',
      NAMES,
    );
    // Assess
    expect(problems).toEqual([]);
    expect(config.members).toEqual({ U0ADMIN: 'admin', S0OPS: 'operator', U0VIEW: 'viewer' });
    expect(config.commandRoles).toEqual({ resume: 'admin' });
    expect(config.riskRoles).toEqual({ low: 'operator', medium: 'operator', high: 'admin' });
    expect(config.modes).toEqual({ low: 'enforce', medium: 'approve', high: 'approve' });
  });

  it('points at file:line:column for unknown keys, bad ids, unknown roles and unknown commands', () => {
    // Act
    const unknownKey = parseChatOpsConfig('roles:\n  admins: [U0A]\n', 'c.yml', NAMES).problems;
    const badId = parseChatOpsConfig('roles:\n  admin:\n    - alice\n', 'c.yml', NAMES).problems;
    const badRole = parseChatOpsConfig('commands:\n  scale: root\n', 'c.yml', NAMES).problems;
    const badCommand = parseChatOpsConfig('commands:\n  reboot: admin\n', 'c.yml', NAMES).problems;
    const badYaml = parseChatOpsConfig('roles: [\n', 'c.yml', NAMES).problems;
    // Assess
    expect(unknownKey.map(formatProblem)).toEqual([
      'c.yml:2:3: unknown key "admins"; valid keys: viewer, operator, admin',
    ]);
    expect(badId.map(formatProblem)).toEqual([
      'c.yml:3:7: roles.admin.0: must be a Slack user id (U… or W…) or user-group id (S…)',
    ]);
    expect(badRole[0]?.line).toBe(2);
    expect(badRole[0]?.message).toMatch(/^commands\.scale: /);
    expect(badCommand.map(formatProblem)).toEqual([
      `c.yml:2:3: unknown command "reboot"; valid commands: ${NAMES.join(', ')}`,
    ]);
    expect(badYaml[0]?.message).toMatch(/^YAML: /);
  });

  it('the shipped file is valid and grants nobody a role until an admin fills it in', () => {
    const { config, problems } = loadChatOpsConfig('config/chatops.yml');
    expect(problems).toEqual([]);
    expect(config.members).toEqual({});
  });
});
