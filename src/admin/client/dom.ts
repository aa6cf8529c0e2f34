// A tiny element builder: attributes are set one by one (never a style attribute, never HTML).

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, v);
  for (const c of children) if (c) node.append(c);
  return node;
}

/** "{names} is also editing" → with the value put in. */
export const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '');

export function csrfToken(form: HTMLFormElement): string {
  return (form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '');
}
