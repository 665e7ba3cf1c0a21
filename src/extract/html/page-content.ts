// The content of a web page, without what a browser shows around it: scripts and styles, the
// site's navigation chrome (nav, page-level header/footer, aside, menus, search forms) and
// hidden elements. What is left is reshaped for the block builder (docx/html-blocks.ts): HTML5
// sectioning and other block-level containers become `div`, a table caption becomes a
// paragraph above its table.
import type { Element, ElementContent, Root } from 'hast';

export interface PageContent {
  /** The body's content as a root. */
  tree: Root;
  /** What was left out, one entry per element (`nav`, `script`, `hidden`, …). */
  removed: string[];
}

// Never content.
const DROP = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'input', 'select', 'button', 'textarea', 'option', 'map', 'audio', 'video', 'link', 'meta', 'title']);
// Chrome when they belong to the page, not to an article: an <article>'s <header> holds its title.
const CHROME = new Set(['nav', 'aside', 'menu', 'header', 'footer']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'menu', 'menubar', 'search', 'complementary']);
// Class or id naming a navigation block, on a site template (whole token, so `content-nav-free` is not matched).
const CHROME_NAMES = /^(?:nav|navbar|navigation|menu|mainmenu|topmenu|breadcrumbs?|crumbs?|sidebar|site-?(?:header|footer|nav)|topbar|skip-?link)$/i;
// Read as blocks of their own by the block builder.
const BLOCK_LIKE = new Set(['section', 'article', 'main', 'center', 'address', 'dl', 'dt', 'dd', 'figure', 'figcaption',
  'pre', 'details', 'summary', 'fieldset', 'form', 'hgroup', 'body', 'html', 'legend']);
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'div', 'blockquote', ...BLOCK_LIKE]);
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col']);

const tokens = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/) : []);

function hasTable(node: ElementContent): boolean {
  return node.type === 'element' && (node.tagName === 'table' || node.children.some(hasTable));
}

function isHidden(el: Element): boolean {
  const style = String(el.properties?.style ?? '');
  return el.properties?.hidden === true || /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Why an element is chrome, or null. */
function chromeKind(el: Element, inArticle: boolean): string | null {
  if (DROP.has(el.tagName)) return el.tagName;
  if (isHidden(el)) return 'hidden';
  const role = String(el.properties?.role ?? '').toLowerCase();
  if (CHROME_ROLES.has(role)) return `role=${role}`;
  if (CHROME.has(el.tagName) && !(inArticle && (el.tagName === 'header' || el.tagName === 'footer'))) {
    // A page whose tables sit inside <header>/<aside> is rare but not chrome: keep it.
    return hasTable(el) ? null : el.tagName;
  }
  const named = [...tokens(el.properties?.className), ...tokens(el.properties?.id)].find((t) => CHROME_NAMES.test(t));
  if (named && !hasTable(el)) return `.${named}`;
  return null;
}

function hasBlock(node: ElementContent): boolean {
  return node.type === 'element' && (BLOCKS.has(node.tagName) || node.children.some(hasBlock));
}

function clean(children: ElementContent[], removed: string[], inArticle: boolean): ElementContent[] {
  const out: ElementContent[] = [];
  for (const node of children) {
    if (node.type === 'comment') continue;
    if (node.type !== 'element') {
      out.push(node);
      continue;
    }
    const kind = chromeKind(node, inArticle);
    if (kind) {
      removed.push(kind);
      continue;
    }
    const article = inArticle || node.tagName === 'article' || node.tagName === 'main';
    node.children = clean(node.children, removed, article);
    if (node.tagName === 'table') {
      const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
      if (caption) {
        node.children = node.children.filter((c) => c !== caption);
        out.push({ ...caption, tagName: 'p' });
      }
    } else if (!TABLE_PARTS.has(node.tagName) && (BLOCK_LIKE.has(node.tagName) || (!BLOCKS.has(node.tagName) && node.children.some(hasBlock)))) {
      // <section>, <center>, or a <span>/<font> wrapping tables: a block container.
      node.tagName = 'div';
    }
    out.push(node);
  }
  return out;
}

function findBody(nodes: Root['children']): Element | null {
  for (const n of nodes) {
    if (n.type !== 'element') continue;
    if (n.tagName === 'body') return n;
    const inner = findBody(n.children);
    if (inner) return inner;
  }
  return null;
}

export function pageContent(tree: Root): PageContent {
  const removed: string[] = [];
  const body = findBody(tree.children);
  const children = clean((body ? body.children : tree.children) as ElementContent[], removed, false);
  return { tree: { type: 'root', children }, removed };
}
