/** How guardrails tell humans (quarantine, an opened circuit); notifications must not be lost silently. */
export interface Notifier {
  notify(message: string, severity: 'info' | 'warning' | 'critical'): Promise<void>;
}
