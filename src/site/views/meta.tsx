// Prints what meta.ts decided a page tells machines: meta tags, feed links, structured data, and
// the footer's record numbers.
import type { FeedLink, HeadMeta, RecordLinks } from '../meta.js';

/**
 * JSON for a script element. The HTML parser ends a script at the first "</script" and treats
 * "<!--" specially, whatever the script's type: every <, > and & becomes a JSON escape, which
 * JSON.parse reads back unchanged. U+2028 and U+2029 are escaped for old JavaScript parsers.
 */
export const jsonForScript = (data: unknown): string =>
  JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function HeadMetaTags({ head, feeds }: { head: HeadMeta; feeds: FeedLink[] }) {
  return (
    <>
      {head.properties.map(([property, content]) => (
        <meta property={property} content={content} />
      ))}
      {head.names.map(([name, content]) => (
        <meta name={name} content={content} />
      ))}
      {feeds.map((f) => (
        <link rel="alternate" type={f.type} title={f.title} href={f.href} />
      ))}
      {/* Data blocks: the CSP's script-src does not apply, as browsers never run them. */}
      {head.jsonLd.map((data) => (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
      ))}
    </>
  );
}

export function FooterRecords({ records }: { records: RecordLinks }) {
  if (!records.icp && !records.psb) return null;
  return (
    <p class="footer-records">
      {records.icp && (
        <a href={records.icp.href} rel="noopener">
          {records.icp.text}
        </a>
      )}
      {records.icp && records.psb && ' '}
      {records.psb && (
        <a href={records.psb.href} rel="noopener">
          {records.psb.text}
        </a>
      )}
    </p>
  );
}
