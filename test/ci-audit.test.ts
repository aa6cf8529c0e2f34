// CI's gate on advisories (scripts/audit-production.mjs) reads npm audit's report: a high or
// critical advisory in a production dependency fails the run and is named; lower ones do not;
// no answer from the advisory service is told apart from "nothing found".
import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../scripts/audit-production.mjs';

/** An npm audit report (format 2) with these packages' findings. */
const report = (vulnerabilities: Record<string, object>) => {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } as Record<string, number>;
  for (const v of Object.values(vulnerabilities) as { severity: string }[]) {
    counts[v.severity]!++;
    counts.total!++;
  }
  return { auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: counts, dependencies: { prod: 120, dev: 0, total: 120 } } };
};
const advisory = (severity: string, title: string) => ({ source: 1, name: 'x', dependency: 'x', title, url: `https://github.com/advisories/GHSA-${title.length}`, severity, range: '<1.2.3' });

describe('the advisory gate', () => {
  it('fails on a high or critical advisory, direct or brought in by another package, and names it', () => {
    const verdict = judgeAudit(
      report({
        'fast-xml-thing': { name: 'fast-xml-thing', severity: 'critical', via: [advisory('critical', 'Prototype pollution in parse')], range: '<4.2.4', fixAvailable: true },
        wrapper: { name: 'wrapper', severity: 'high', via: ['fast-xml-thing'], range: '2.0.0 - 2.3.1', fixAvailable: false },
        chatty: { name: 'chatty', severity: 'moderate', via: [advisory('moderate', 'ReDoS in format')], range: '*' },
      }),
    );
    expect(verdict.answered).toBe(true);
    if (!verdict.answered) return;
    expect(verdict.blocking).toHaveLength(2);
    expect(verdict.blocking[0]).toMatch(/^critical: fast-xml-thing <4\.2\.4: Prototype pollution in parse \(https:\/\/github\.com\/advisories\/GHSA-\d+\) \[a fix is available\]$/);
    expect(verdict.blocking[1]).toBe('high: wrapper 2.0.0 - 2.3.1: through fast-xml-thing');
  });

  it('passes with moderate, low or no advisories', () => {
    for (const r of [report({}), report({ chatty: { name: 'chatty', severity: 'moderate', via: [advisory('moderate', 'ReDoS')] }, old: { name: 'old', severity: 'low', via: [advisory('low', 'Info leak')] } })]) {
      const verdict = judgeAudit(r);
      expect(verdict).toMatchObject({ answered: true, blocking: [] });
    }
  });

  it('tells an advisory service that did not answer from a clean report', () => {
    // What npm printed on a network whose registry refuses the audit endpoint.
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '', error: { summary: '', detail: '' } };
    expect(judgeAudit(refused)).toEqual({ answered: false, why: refused.message });
    expect(judgeAudit({ error: { code: 'ENOTFOUND', summary: 'request to registry failed', detail: '' } })).toEqual({ answered: false, why: 'request to registry failed' });
    expect(judgeAudit(undefined)).toMatchObject({ answered: false });
  });
});
