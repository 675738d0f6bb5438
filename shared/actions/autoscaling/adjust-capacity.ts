import { z } from 'zod';
import { TerminalError } from '../../errors/reflex-errors.ts';
import { alarmBreach } from '../../scaling/alarm-breach.ts';
import { clampCapacity } from '../../scaling/capacity-bounds.ts';
import { stepFor, stepsSchema } from '../../scaling/step-adjustments.ts';
import { defineAction } from '../action.ts';
import { describeGroup } from './describe-group.ts';

export const adjustCapacity = defineAction({
  name: 'autoscaling.adjust-capacity',
  summary:
    "Add or remove capacity by how far an alarm's metric breached its threshold (step adjustments), staying within the group's min/max and the policy's floor/ceiling.",
  params: z
    .strictObject({
      group: z.string().min(1).max(255),
      steps: stepsSchema,
      /** The alarm's `state.reasonData`; the breach is its newest datapoint minus the threshold. */
      alarmData: z.string().optional(),
      /** Or the breach itself, for a command or a runbook. */
      breach: z.number().optional(),
      floor: z.number().int().min(0).optional(),
      ceiling: z.number().int().min(0).optional(),
    })
    .refine((params) => (params.alarmData === undefined) !== (params.breach === undefined), {
      message: 'give exactly one of alarmData (the alarm state reasonData) or breach',
    }),
  risk: 'medium',
  permissions: ['autoscaling:SetDesiredCapacity', 'autoscaling:DescribeAutoScalingGroups'],
  target: { resourceType: 'autoscaling:group', param: 'group' },
  describe: ({ group, steps, alarmData, breach, floor, ceiling }) => {
    const measured = breach ?? (alarmData === undefined ? undefined : safeBreach(alarmData));
    const step = measured === undefined ? undefined : stepFor(steps, measured);
    const bounds = `${floor === undefined ? '' : ` floor ${floor}`}${ceiling === undefined ? '' : ` ceiling ${ceiling}`}`;
    if (step === undefined || measured === undefined)
      return `Leave Auto Scaling group ${group} as it is (the breach matches no step).`;
    return `Change the desired capacity of Auto Scaling group ${group} by ${signed(step.change)} (breach ${round(measured)}), within its min/max${bounds}.`;
  },
  async execute(context, { group, steps, alarmData, breach, floor, ceiling }) {
    const measured = breach ?? alarmBreach(alarmData as string).breach;
    const step = stepFor(steps, measured);
    if (step === undefined) {
      return {
        summary: `Breach ${round(measured)} of ${group} matches no step: capacity unchanged.`,
        details: { breach: measured, unchanged: true },
      };
    }
    const { SetDesiredCapacityCommand } = await import('@aws-sdk/client-auto-scaling');
    const autoScaling = await context.clients.autoScaling();
    const current = await describeGroup(autoScaling, group);
    const bounded = clampCapacity(current.desired + step.change, {
      min: current.min,
      max: current.max,
      floor,
      ceiling,
    });
    const details = { breach: measured, change: step.change, before: current.desired, ...bounded };
    if (bounded.desired === current.desired) {
      return {
        summary: `${group} stays at ${current.desired}${bounded.clampedTo ? ` (at its ${bounded.clampedTo})` : ''}.`,
        details: { ...details, unchanged: true },
      };
    }
    if (bounded.desired < 0) throw new TerminalError(`desired capacity of ${group} cannot go below 0`);
    await autoScaling.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: group,
        DesiredCapacity: bounded.desired,
        HonorCooldown: false,
      }),
    );
    return {
      summary: `Desired capacity of ${group}: ${current.desired} -> ${bounded.desired} (step ${signed(step.change)}${bounded.clampedTo ? `, stopped at its ${bounded.clampedTo}` : ''}).`,
      details: { ...details, after: bounded.desired },
    };
  },
});

function signed(change: number): string {
  return change > 0 ? `+${change}` : String(change);
}

function safeBreach(alarmData: string): number | undefined {
  try {
    return alarmBreach(alarmData).breach;
  } catch {
    return undefined;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
