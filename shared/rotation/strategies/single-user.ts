import type { DatabaseAdapter } from '../database.ts';
import { LoginRefusedError, UnsafeRotationError } from '../rotation-errors.ts';
import type { DatabaseSecret } from '../secret-json.ts';
import { databasePasswordRules, loginOf, requireSameServer, transportOf } from './database-login.ts';
import type { RotationStrategy } from './rotation-strategy.ts';

/**
 * The user changes its own password. Between setSecret and finishSecret only the pending password
 * works (the engines keep one password per user): clients that fetch AWSCURRENT in that window
 * fail until finishSecret. Use alternating users where that matters.
 */
export function singleUser(database: DatabaseAdapter): RotationStrategy<DatabaseSecret> {
  return {
    name: 'single-user',
    passwordRules: databasePasswordRules,
    next: (current, password) => ({ ...current, password }),
    subject: (secret) => secret.username,
    async set({ current, pending, previous }) {
      if (await database.canLogIn(loginOf(pending))) return 'already-set';
      if (pending.username !== current.username) {
        throw new UnsafeRotationError(
          `the pending user ${pending.username} is not the current user ${current.username}`,
        );
      }
      requireSameServer(current, pending, 'the pending secret');
      // After an interrupted rotation AWSCURRENT may already be stale while AWSPREVIOUS still works.
      let login = (await database.canLogIn(loginOf(current))) ? loginOf(current) : undefined;
      if (login === undefined && previous !== undefined && previous.username === pending.username) {
        requireSameServer(current, previous, 'the previous secret');
        login = (await database.canLogIn(loginOf(previous))) ? loginOf(previous) : undefined;
      }
      if (login === undefined) {
        throw new LoginRefusedError(
          `${current.username} cannot log in with the pending, current or previous password; nothing was changed`,
        );
      }
      await database.changeOwnPassword({ ...login, ...hostOf(pending) }, pending.password);
      return 'changed';
    },
    async test(pending) {
      if (!(await database.canLogIn(loginOf(pending)))) {
        throw new LoginRefusedError(`${pending.username} cannot log in with the pending password`);
      }
    },
  };
}

function hostOf(secret: DatabaseSecret) {
  return { host: secret.host, port: secret.port, dbname: secret.dbname, transport: transportOf(secret) };
}
