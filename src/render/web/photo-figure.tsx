import { renderToString } from 'preact-render-to-string';
import type { PublicPhoto, PublicRendition } from '../../contracts/photos.js';

/** What a figure needs of a published photo. */
export type FigurePhoto = Pick<PublicPhoto, 'caption' | 'alt' | 'byline' | 'credit' | 'renditions'>;

/**
 * How wide a story's photo is shown: the page less its margins on a phone, the story's measure
 * (42rem) from there on. A phone 375 px wide then takes the 640 rendition at one device pixel
 * per CSS pixel.
 */
export const STORY_PHOTO_SIZES = '(max-width: 44rem) calc(100vw - 2rem), 42rem';
/**
 * An upright picture is set narrower (28rem), centred, so that it does not fill more than a
 * screen's height on a desktop.
 */
export const UPRIGHT_PHOTO_SIZES = '(max-width: 30rem) calc(100vw - 2rem), 28rem';

/** `url 320w, url 640w, …` of the renditions of one type, as the files are (their actual widths). */
export function srcsetOf(renditions: readonly PublicRendition[], mimetype: string): string {
  return renditions
    .filter((r) => r.mimetype === mimetype)
    .map((r) => `${r.href} ${r.width}w`)
    .join(', ');
}

/** The JPEG an old browser shows: the first at least `width` wide, else the widest. */
export function fallbackOf(renditions: readonly PublicRendition[], width: number): PublicRendition | undefined {
  const jpegs = renditions.filter((r) => r.mimetype === 'image/jpeg').sort((a, b) => a.width - b.width);
  return jpegs.find((r) => r.width >= width) ?? jpegs.at(-1);
}

/**
 * `<picture>` with AVIF and WebP sources before the JPEG, and the JPEG's own size in `width` and
 * `height`, so the browser keeps the picture's box before a byte of it arrives (no layout shift).
 * The lead photo is fetched first; a figure in the body only as it nears the screen.
 */
export function Picture({
  renditions,
  alt,
  sizes,
  fallbackWidth = 640,
  fetch = 'lazy',
  class: className,
}: {
  renditions: readonly PublicRendition[];
  alt: string;
  sizes: string;
  fallbackWidth?: number;
  /** `first`: before anything else (the lead photo); `eager`: as usual; `lazy`: as it nears the screen. */
  fetch?: 'first' | 'eager' | 'lazy';
  class?: string;
}) {
  const fallback = fallbackOf(renditions, fallbackWidth);
  if (!fallback) return null;
  return (
    <picture class={className}>
      {['image/avif', 'image/webp'].map((type) => {
        const srcset = srcsetOf(renditions, type);
        return srcset ? <source key={type} type={type} srcset={srcset} sizes={sizes} /> : null;
      })}
      <img
        src={fallback.href}
        srcset={srcsetOf(renditions, 'image/jpeg')}
        sizes={sizes}
        width={fallback.width}
        height={fallback.height}
        alt={alt}
        decoding="async"
        {...(fetch === 'first' ? { fetchpriority: 'high' as const } : fetch === 'lazy' ? { loading: 'lazy' as const } : {})}
      />
    </picture>
  );
}

/** The credit in brackets after a caption, as a paper prints it: （记者 孙悦 摄）, with the credit line. */
export function photoCredit(photo: Pick<FigurePhoto, 'byline' | 'credit'>): string | null {
  const parts = [photo.byline, photo.credit !== photo.byline ? photo.credit : null].filter((part): part is string => !!part && part.trim() !== '');
  return parts.length > 0 ? `（${parts.join(' / ')}）` : null;
}

/**
 * A story's photo: the picture, and under it the caption (this use's when given, else the
 * photo's) with the photographer's credit.
 */
export function PhotoFigure({ photo, caption, lead = false }: { photo: FigurePhoto; caption?: string | null; lead?: boolean }) {
  const text = caption?.trim() ? caption : photo.caption;
  const credit = photoCredit(photo);
  const shape = fallbackOf(photo.renditions, 640);
  const upright = shape !== undefined && shape.height > shape.width;
  const classes = ['photo', lead && 'lead-photo', upright && 'upright'].filter(Boolean).join(' ');
  return (
    <figure class={classes}>
      <Picture renditions={photo.renditions} alt={photo.alt} sizes={upright ? UPRIGHT_PHOTO_SIZES : STORY_PHOTO_SIZES} fetch={lead ? 'first' : 'lazy'} />
      {(text || credit) && (
        <figcaption>
          {text}
          {credit && <span class="photo-credit">{credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}

/** A body figure as HTML, for `renderHtml`. */
export function figureHtml(photo: FigurePhoto, caption: string | null): string {
  return renderToString(<PhotoFigure photo={photo} caption={caption} />);
}
