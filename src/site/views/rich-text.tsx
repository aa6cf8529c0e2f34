// Renders an allowlisted rich-text document; text is always escaped by Preact, never parsed.
import type { ComponentChildren } from 'preact';
import { docToPlainText, type Block, type ImageBlock, type ImageRendition, type Inline, type Mark, type RichTextDoc, type TableBlock } from '../../richtext/index.js';

export type { ImageRendition };
/** The library images a page shows, by media id: the loader looks these up, views never query. */
export type ImageRenditions = ReadonlyMap<number, ImageRendition>;

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

const SIZES = '(min-width: 50rem) 46rem, 100vw';

/** An image whose file is gone (or not yet resolved) shows its alt text, never a broken icon. */
function ImageView({ block, images }: { block: ImageBlock; images: ImageRenditions | undefined }) {
  const r = images?.get(block.attrs.mediaId);
  const caption = block.attrs.caption?.trim();
  return (
    <figure class="figure">
      {r ? (
        <picture>
          {r.sources.map((s) => (
            <source type={s.type} srcset={s.srcset} sizes={SIZES} />
          ))}
          <img src={r.src} srcset={r.srcset} sizes={SIZES} width={r.width} height={r.height} alt={block.attrs.alt} loading="lazy" decoding="async" />
        </picture>
      ) : (
        <p class="figure-missing">{block.attrs.alt}</p>
      )}
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}

/**
 * A table scrolls sideways in its own box on a narrow screen: the box can be focused, so that a
 * keyboard can scroll it too (WCAG 2.1.1), and is named by its first row.
 */
function TableView({ block, images }: { block: TableBlock; images: ImageRenditions | undefined }) {
  const firstRow = block.content[0]?.content.map((cell) => docToPlainText({ type: 'doc', content: cell.content }).replace(/\s+/g, ' ').trim()).filter(Boolean);
  return (
    <div class="table-wrap" role="group" tabIndex={0} aria-label={firstRow?.join(' · ').slice(0, 120) || undefined}>
      <table>
        {block.content.map((row) => (
          <tr>
            {row.content.map((cell) => {
              const C = cell.type === 'tableHeader' ? 'th' : 'td';
              return (
                <C colSpan={cell.attrs?.colspan} rowSpan={cell.attrs?.rowspan}>
                  {cell.content.map((b) => <BlockView block={b} images={images} />)}
                </C>
              );
            })}
          </tr>
        ))}
      </table>
    </div>
  );
}

function BlockView({ block, images }: { block: Block; images: ImageRenditions | undefined }) {
  switch (block.type) {
    case 'image':
      return <ImageView block={block} images={images} />;
    case 'table':
      return <TableView block={block} images={images} />;
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
      return <blockquote>{block.content.map((b) => <BlockView block={b} images={images} />)}</blockquote>;
    case 'bulletList':
    case 'orderedList': {
      const L = block.type === 'bulletList' ? 'ul' : 'ol';
      return (
        <L>
          {block.content.map((item) => (
            <li>{item.content.map((b) => <BlockView block={b} images={images} />)}</li>
          ))}
        </L>
      );
    }
  }
}

export function RichText({ doc, images }: { doc: RichTextDoc | null; images?: ImageRenditions }) {
  if (!doc) return null;
  return (
    <div class="prose">
      {doc.content.map((b) => (
        <BlockView block={b} images={images} />
      ))}
    </div>
  );
}
