import { Marked, type Tokens } from 'marked';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Links may go to the web, to an email address or inside the app; never `javascript:` or `data:`. */
function isSafeHref(href: string): boolean {
  if (/^(https?:|mailto:)/i.test(href)) return true;
  return /^(\/(?!\/)|#|\.{0,2}\/)/.test(href) || !/^[a-z][a-z0-9+.-]*:/i.test(href);
}

/**
 * Course content is Markdown written by trainers. Raw HTML in it is shown as text, never run, so
 * a lesson cannot inject a script or a style whatever its author writes; links are limited to safe
 * schemes. Images from other origins would be blocked by the CSP anyway: they become links.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeHref(token.href)) return text;
      const isExternal = /^https?:/i.test(token.href);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href)}"${title}${isExternal ? ' rel="noopener noreferrer"' : ''}>${text}</a>`;
    },
    image(token: Tokens.Image) {
      if (/^\/(?!\/)/.test(token.href)) return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" loading="lazy">`;
      if (!isSafeHref(token.href)) return escapeHtml(token.text);
      return `<a href="${escapeHtml(token.href)}" rel="noopener noreferrer">${escapeHtml(token.text || token.href)}</a>`;
    },
  },
});

/** Renders trusted-structure, untrusted-text Markdown to HTML that is safe to insert in a page. */
export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false }) as string;
}

/** Inline Markdown (question texts, feedback): no paragraphs around it. */
export function renderInlineMarkdown(source: string): string {
  return markdown.parseInline(source, { async: false }) as string;
}
