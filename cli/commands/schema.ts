import { writeFile } from 'node:fs/promises';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import type { Command } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { reflexJsonSchema, SCHEMA_PATH } from '../schema/reflex-json-schema.ts';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of policy and runbook files, for editors and CI.',
  help: `Usage: reflex schema [--out FILE]

Prints the JSON Schema (draft 2020-12) of a file in policies/: its policies and runbooks, every
action's and check's parameters (each also taking a {{ template }}). The same schema is committed as
${SCHEMA_PATH} (npm run generate); a YAML file that starts with
  # yaml-language-server: $schema=<path to ${SCHEMA_PATH}>
gets completion and errors while typing in VS Code (Red Hat's YAML extension) and other editors.
The loader (reflex validate) remains the judge: it also checks templates, targets and schedules.

Options:
  --out FILE  write it to FILE instead of standard output
  --help      show this help

Exit status: 0, or 2 on a usage error.`,
  async run(args, io) {
    const { values } = parseOptions(args, { out: { type: 'string' } });
    const text = `${JSON.stringify(reflexJsonSchema(actionRegistry, checkRegistry), null, 2)}\n`;
    if (values.out === undefined) io.stdout(text.trimEnd());
    else {
      await writeFile(values.out, text);
      io.stderr(`wrote ${values.out}`);
    }
    return 0;
  },
};
