/** A group whose size AWS can tell, so a percentage of it means something. */
export type SizedGroup =
  | { kind: 'autoscaling-group'; name: string }
  | { kind: 'tag'; key: string; value: string };

/** How many members a group has right now (shared/aws/aws-group-sizer.ts asks EC2 and Auto Scaling). */
export interface GroupSizer {
  sizeOf(group: SizedGroup): Promise<number>;
}
