import type { Photo } from '../../../photos/schemas.js';
import { renditionUrl } from './photo-values.js';

/** The widest rendition the desk shows a picture at, and the narrower one for phones. */
const WIDE = 1024;
const NARROW = 640;

/**
 * A picture as large as its column, with the focal point drawn as a crosshair over it (an SVG
 * line pair, so it shows without script and without inline style). The script (`photos.js`)
 * sets the point by a click and moves the crosshair; `target` names the inputs it writes.
 */
export function FocalPicture({ photo, alt, target }: { photo: Pick<Photo, 'id' | 'width' | 'height' | 'focalPoint'>; alt: string; target: string }) {
  const { width: w, height: h } = photo;
  const x = Math.round((photo.focalPoint?.x ?? 0.5) * w);
  const y = Math.round((photo.focalPoint?.y ?? 0.5) * h);
  return (
    <div class="focal-picture" data-focal-target={target}>
      <img
        src={renditionUrl(photo.id, 'full', WIDE)}
        srcset={`${renditionUrl(photo.id, 'full', NARROW)} ${Math.min(NARROW, w)}w, ${renditionUrl(photo.id, 'full', WIDE)} ${Math.min(WIDE, w)}w`}
        sizes="(max-width: 760px) 100vw, 60vw"
        width={w}
        height={h}
        alt={alt}
      />
      <FocalMark width={w} height={h} x={x} y={y} set={!!photo.focalPoint} />
    </div>
  );
}

/** The crosshair and ring over a picture of `width` × `height`, in its pixels (the SVG lies exactly over the image). */
export function FocalMark({ width, height, x, y, set }: { width: number; height: number; x: number; y: number; set: boolean }) {
  const r = Math.max(4, Math.round(Math.min(width, height) * 0.04));
  return (
    <svg class="focal-mark" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" data-set={set ? 'yes' : undefined}>
      <line class="focal-x" x1={x} y1="0" x2={x} y2={height} vector-effect="non-scaling-stroke" />
      <line class="focal-y" x1="0" y1={y} x2={width} y2={y} vector-effect="non-scaling-stroke" />
      <circle class="focal-ring" cx={x} cy={y} r={r} vector-effect="non-scaling-stroke" />
    </svg>
  );
}
