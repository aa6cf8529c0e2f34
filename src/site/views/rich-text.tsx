// Renders an allowlisted rich-text document; text is always escaped by Preact, never parsed.
import type { ComponentChildren } from 'preact';
import type { Block, Inline, Mark, RichTextDoc } from '../../richtext/index.js';

function withMark(mark: Mark, child: ComponentChildren): ComponentChildren {
  switch (mark.type) {
    case 'bold':
      return <strong>{child}</strong>;
    case 'italic':
      return <em>{child}</em>;
    case 'underline':
      return <u>{child}</u>;
    case 'link': {
      const external = /^https?:/i.test(mark.attrs.href);
      return (
        <a href={mark.attrs.href} {...(external ? { rel: 'noopener noreferrer' } : {})}>
          {child}
        </a>
      );
    }
  }
}

function Inlines({ content }: { content: Inline[] | undefined }) {
  return (
    <>
      {(content ?? []).map((n) =>
        n.type === 'hardBreak' ? <br /> : (n.marks ?? []).reduceRight<ComponentChildren>((acc, m) => withMark(m, acc), n.text),
      )}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p>
          <Inlines content={block.content} />
        </p>
      );
    case 'heading': {
      const H = `h${block.attrs.level}` as 'h2' | 'h3' | 'h4';
      return (
        <H>
          <Inlines content={block.content} />
        </H>
      );
    }
    case 'blockquote':
      return <blockquote>{block.content.map((b) => <BlockView block={b} />)}</blockquote>;
    case 'bulletList':
    case 'orderedList': {
      const L = block.type === 'bulletList' ? 'ul' : 'ol';
      return (
        <L>
          {block.content.map((item) => (
            <li>{item.content.map((b) => <BlockView block={b} />)}</li>
          ))}
        </L>
      );
    }
  }
}

export function RichText({ doc }: { doc: RichTextDoc | null }) {
  if (!doc) return null;
  return (
    <div class="prose">
      {doc.content.map((b) => (
        <BlockView block={b} />
      ))}
    </div>
  );
}
