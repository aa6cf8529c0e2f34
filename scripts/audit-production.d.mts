export const BLOCKING: string[];
export function judgeAudit(report: unknown): { answered: false; why: string } | { answered: true; counts: Record<string, number>; blocking: string[] };
