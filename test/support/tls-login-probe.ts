// Logs in once with the rotation's own adapters as the rotate-secret function builds them (no CAs
// passed in: Node's store, which NODE_EXTRA_CA_CERTS extends at start-up), in a process of its own
// so the test can set NODE_EXTRA_CA_CERTS as Lambda's environment does. Prints the outcome as JSON.
import { MysqlDatabase } from '../../shared/rotation/databases/mysql.ts';
import { PostgresDatabase } from '../../shared/rotation/databases/postgres.ts';

const [engine, loginJson] = process.argv.slice(2);
const database = engine === 'postgres' ? new PostgresDatabase() : new MysqlDatabase('mariadb');
try {
  const loggedIn = await database.canLogIn(JSON.parse(loginJson ?? '{}'));
  process.stdout.write(`${JSON.stringify({ loggedIn })}\n`);
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: (error as Error).name, message: (error as Error).message })}\n`,
  );
}
