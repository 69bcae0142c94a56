import { renderToString } from 'preact-render-to-string';
import { formatByline } from '../../../../document/byline-writer.js';
import type { CreditRole } from '../../../../document/credit-roles.js';
import { parseMarkdown } from '../../../../document/markdown.js';
import type { Document } from '../../../../document/model.js';
import { forSite, renderHtml, type FigurePhotos } from '../../../../render/web/document-html.js';
import { Phrases } from '../../../../render/web/layout.js';
import { creditRole, creditsInName } from '../../../people/credits.js';

/** What the preview shows of a story: its head as typed, and the body's Markdown. */
export interface PreviewStory {
  sectionName?: string | null;
  kicker?: string | null;
  headline: string;
  subtitle?: string | null;
  byline: string;
  body: string;
  /** The body already read, when the caller has it. */
  document?: Document;
  /** The photos its figures show, by id. */
  photos?: FigurePhotos;
}

/**
 * The byline typed credits make, read as saving reads them (a pasted byline is the credits it
 * spells); a row that saving would refuse is shown as typed, the save says what is wrong.
 */
export function draftByline(credits: readonly { role: string; name: string }[]): string {
  const named: { role: CreditRole; name: string }[] = [];
  for (const credit of credits) {
    if (credit.name.trim() === '') continue;
    try {
      named.push(...creditsInName(creditRole(credit.role), credit.name, '/credits'));
    } catch {
      named.push({ role: 'reporter', name: credit.name.trim() });
    }
  }
  return formatByline(named);
}

/**
 * The story as the site's article page sets it: the same head (kicker, headline, subtitle,
 * byline) and the body through the site's own Markdown renderer, whose HTML escapes every
 * text (raw HTML in the Markdown is shown as text). The headline is an `h2`: the desk page
 * has its own `h1`.
 */
export function StoryPreview({ story }: { story: PreviewStory }) {
  return (
    <article class="story preview-story" lang="zh-CN">
      <header>
        {story.sectionName && <p class="meta">{story.sectionName}</p>}
        {story.kicker && <p class="kicker">{story.kicker}</p>}
        <h2 class="headline">{story.headline.trim() ? <Phrases text={story.headline} /> : <span class="hint">（还没有标题）</span>}</h2>
        {story.subtitle && <p class="subtitle">{story.subtitle}</p>}
        {story.byline && <p class="byline">{story.byline}</p>}
      </header>
      <div class="prose" dangerouslySetInnerHTML={{ __html: forSite(renderHtml(story.document ?? parseMarkdown(story.body), story.photos)) }} />
    </article>
  );
}

/** The preview as HTML, for the editor's script to put in place as the story is typed. */
export function previewHtml(story: PreviewStory): string {
  return renderToString(<StoryPreview story={story} />);
}
