/** Reads a CloudWatch alarm's current state (`OK`, `ALARM`, `INSUFFICIENT_DATA`). */
export interface AlarmStates {
  stateOf(alarmName: string): Promise<string | undefined>;
}
