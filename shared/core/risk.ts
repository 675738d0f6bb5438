/** How much harm an action can do when it goes wrong: decides approvals and the chat role it needs. */
export type Risk = 'low' | 'medium' | 'high';
