import { z } from 'zod';

const id = (prefix: RegExp) => z.string().regex(prefix).max(64);

/** A slash command as Slack posts it (form fields); only what Reflex uses is required. */
export const slashCommandSchema = z.object({
  team_id: id(/^[TE][A-Z0-9]+$/),
  user_id: id(/^[UW][A-Z0-9]+$/),
  user_name: z.string().max(256).default(''),
  channel_id: z.string().max(64).optional(),
  command: z
    .string()
    .regex(/^\/\S+$/)
    .max(64),
  text: z.string().default(''),
  response_url: z.url({ protocol: /^https?$/ }),
  trigger_id: z.string().max(256).optional(),
});
export type SlashCommand = z.infer<typeof slashCommandSchema>;

/** A `block_actions` interaction (the JSON in the form field `payload`): a button was clicked. */
export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id: id(/^[UW][A-Z0-9]+$/),
    username: z.string().max(256).optional(),
    name: z.string().max(256).optional(),
    team_id: z.string().max(64).optional(),
  }),
  team: z
    .object({ id: id(/^[TE][A-Z0-9]+$/) })
    .nullable()
    .optional(),
  channel: z
    .object({ id: z.string().max(64) })
    .nullable()
    .optional(),
  response_url: z.url({ protocol: /^https?$/ }),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        value: z.string().max(2_000).optional(),
        type: z.string().max(64).optional(),
      }),
    )
    .min(1),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;
