import { STAGES } from '../../core/secret-store.ts';
import type { DatabaseAdapter } from '../database.ts';
import { InvalidSecretError, LoginRefusedError, UnsafeRotationError } from '../rotation-errors.ts';
import { type DatabaseSecret, isDatabaseSecret, parseSecretJson } from '../secret-json.ts';
import { databasePasswordRules, loginOf, requireSameServer } from './database-login.ts';
import type { RotationStrategy } from './rotation-strategy.ts';

const CLONE_SUFFIX = '_clone';

/** `app` <-> `app_clone`: each rotation changes the user that is not current. */
export function alternateUser(username: string): string {
  return username.endsWith(CLONE_SUFFIX)
    ? username.slice(0, -CLONE_SUFFIX.length)
    : `${username}${CLONE_SUFFIX}`;
}

/**
 * Two users take turns: the master secret's user sets the password of the user that is not
 * current (creating `<user>_clone` with the user's privileges the first time). The AWSCURRENT
 * credential keeps working during the whole rotation, and the previous one until the next.
 */
export function alternatingUsers(database: DatabaseAdapter): RotationStrategy<DatabaseSecret> {
  return {
    name: 'alternating-users',
    passwordRules: databasePasswordRules,
    next: (current, password) => ({ ...current, username: alternateUser(current.username), password }),
    subject: (secret) => secret.username,
    async set({ current, pending, secrets }) {
      if (await database.canLogIn(loginOf(pending))) return 'already-set';
      if (pending.username !== alternateUser(current.username)) {
        throw new UnsafeRotationError(
          `the pending user ${pending.username} is neither ${current.username} nor its alternate`,
        );
      }
      requireSameServer(current, pending, 'the pending secret');
      // Changing a user on behalf of a secret whose own credential does not work would let a
      // forged secret borrow the master's power (confused deputy): refuse.
      if (!(await database.canLogIn(loginOf(current)))) {
        throw new LoginRefusedError(
          `${current.username} cannot log in with the current password; nothing was changed`,
        );
      }
      const masterArn = current.masterarn;
      if (masterArn === undefined) throw new InvalidSecretError('the current secret has no masterarn');
      const masterText = await secrets.value(masterArn, STAGES.current);
      if (masterText === undefined)
        throw new InvalidSecretError(`the master secret ${masterArn} has no current value`);
      const master = parseSecretJson(masterText, `master secret ${masterArn}`);
      if (!isDatabaseSecret(master))
        throw new InvalidSecretError(`the master secret ${masterArn} is not a database secret`);
      requireSameServer(current, master, 'the master secret');
      await database.setUserPassword(
        { ...loginOf(master), dbname: current.dbname ?? master.dbname },
        { username: pending.username, password: pending.password, like: current.username },
      );
      return 'changed';
    },
    async test(pending) {
      if (!(await database.canLogIn(loginOf(pending)))) {
        throw new LoginRefusedError(`${pending.username} cannot log in with the pending password`);
      }
    },
  };
}
