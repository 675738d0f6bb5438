import { z } from 'zod';
import { defineAction } from '../../shared/actions/action.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { ActionRegistry } from '../../shared/actions/registry.ts';

/** Records each execution of a request id and when it ran; no AWS call, so the pipeline itself is measured. */
export function recordingRegistry() {
  const executions = new Map<string, number[]>();
  const action = defineAction({
    name: 'bench.record',
    summary: 'Records that it ran.',
    params: z.strictObject({ item: z.string() }),
    risk: 'low',
    permissions: ['bench:Record'],
    target: { resourceType: 'bench:item', param: 'item' },
    describe: ({ item }) => `Record ${item}.`,
    async execute(context) {
      executions.set(context.requestId, [...(executions.get(context.requestId) ?? []), Date.now()]);
      return { summary: 'recorded' };
    },
  });
  return { executions, registry: new ActionRegistry([...shippedActions, action]) };
}
