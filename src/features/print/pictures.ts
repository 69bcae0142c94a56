import type { Database } from '../../db/client.js';
import { figurePhotoIds, type Document } from '../../document/model.js';
import { photoCaption, type FigurePhoto, type PrintArticle, type PrintBlock, type PrintImage, type PrintItem, type PrintJob, type PrintPhoto } from '../../render/print/data.js';
import type { PrintGrid } from '../../render/print/grids.js';
import { photoFrame, photoFrames, photoPath, type PhotoFrame } from '../../render/print/photos.js';
import type { Rendered } from '../../render/print/typst.js';
import { photoByline } from '../photos/public.js';
import { photosByIds } from '../photos/repository.js';
import type { PhotosService } from '../photos/service.js';
import type { PageFitMeta } from './fit.js';

/**
 * The photos a story shows, as print sets them, read in one query: its lead photo with its
 * caption (this use's, or the photo's own), and the photos of its body's figures. A caption
 * ends with the photographer's credit, 记者 孙悦 摄, or failing a photographer the credit line.
 */
export async function articlePhotos(
  tx: Database,
  lead: { photoId: number; caption: string | null } | null,
  body: Document,
): Promise<{ lead: PrintPhoto | null; figures: Map<number, FigurePhoto> }> {
  const ids = [...new Set([...(lead ? [lead.photoId] : []), ...figurePhotoIds(body)])];
  const rows = await photosByIds(tx, ids);
  const figures = new Map<number, FigurePhoto>();
  for (const row of rows.values()) {
    figures.set(row.id, { width: row.width, height: row.height, caption: row.caption, credit: photoByline(row.bylineName, row.bylineRole) ?? row.credit });
  }
  const shown = lead && figures.get(lead.photoId);
  return {
    lead: lead && shown ? { id: lead.photoId, width: shown.width, height: shown.height, ...photoCaption(lead.caption?.trim() ? lead.caption : shown.caption, shown.credit) } : null,
    figures,
  };
}

interface PictureSources {
  photos: Pick<PhotosService, 'printImage'>;
  /** Measures a job (`measureOnly`), for the columns the page gives a story placed with none. */
  measure(job: PrintJob): Promise<Rendered>;
}

/** The pictures of one job: each made once for its frame, by its path. */
class Pictures {
  private readonly made = new Map<string, Promise<PrintImage>>();
  constructor(private readonly photos: PictureSources['photos']) {}

  /** The frame with the path of a picture made for it. */
  source(id: number, frame: PhotoFrame): PhotoFrame {
    const src = photoPath(id, frame);
    if (!this.made.has(src)) this.made.set(src, this.photos.printImage(id, { widthMm: frame.widthMm, heightMm: frame.heightMm }).then((made) => ({ path: src, bytes: made.bytes })));
    return { ...frame, src };
  }

  all(): Promise<PrintImage[]> {
    return Promise.all(this.made.values());
  }
}

/** An article's figures framed at a column's width, with their pictures when `pictures` is given. */
function framedFigures(blocks: PrintBlock[], grid: PrintGrid, pictures: Pictures | null): PrintBlock[] {
  if (!blocks.some((b) => b.t === 'fig')) return blocks;
  return blocks.map((b) => {
    if (b.t !== 'fig') return b;
    const frame = photoFrame(grid, 1, b.photo);
    return { ...b, photo: { ...b.photo, frames: { '1': pictures ? pictures.source(b.photo.id, frame) : frame } } };
  });
}

/** An article with its photos framed: the lead at every span (`leadColumns`: the span it is set at, whose picture is made). */
function framed(item: PrintArticle, grid: PrintGrid, pictures: Pictures | null, leadColumns?: number): PrintArticle {
  const blocks = framedFigures(item.blocks, grid, pictures);
  if (!item.lead) return blocks === item.blocks ? item : { ...item, blocks };
  const frames = photoFrames(grid, item.lead);
  const at = leadColumns === undefined ? undefined : String(leadColumns);
  if (pictures && at !== undefined && frames[at]) frames[at] = pictures.source(item.lead.id, frames[at]);
  return { ...item, blocks, lead: { ...item.lead, frames } };
}

const photographed = (item: PrintItem) => item.kind === 'article' && (item.lead || item.blocks.some((b) => b.t === 'fig'));

/**
 * A job with its pictures: every lead photo's frames at each span of the grid (the template sets
 * the one its story spans, and counts its lines) and each figure's at a column's width, and,
 * unless the job only measures, a JPEG made for each frame set, mapped into the compiler's
 * workspace under a path made of numbers. A story placed with no columns spans what the page
 * gives it, which a measure finds first. A galley proofs the text: it sets the figures where
 * they stand, and no lead photo.
 */
export async function withPictures(job: PrintJob, { photos, measure }: PictureSources): Promise<PrintJob> {
  const grid = job.grid;
  const pictures = job.measureOnly ? null : new Pictures(photos);
  if (job.kind === 'galley') {
    const item = { ...framed({ ...job.item, lead: null }, grid, pictures), lead: null };
    return pictures ? { ...job, item, images: await pictures.all() } : { ...job, item };
  }
  if (!job.pages.some((p) => p.items.some(photographed))) return job;
  let given: PageFitMeta[] | null = null;
  const unplaced = (item: PrintItem) => item.kind === 'article' && item.lead && item.columns === null;
  if (pictures && job.pages.some((p) => p.items.some(unplaced))) {
    given = (await measure({ ...job, pages: job.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.kind === 'article' ? framed(i, grid, null) : i)) })), measureOnly: true })).fit as PageFitMeta[];
  }
  const pages = job.pages.map((page, n) => ({
    ...page,
    items: page.items.map((item, i): PrintItem => {
      if (item.kind !== 'article') return item;
      const columns = item.columns === null ? given?.[n]?.items.find((m) => m.position === i + 1)?.columns : Math.min(item.columns, grid.columns);
      return framed(item, grid, pictures, columns);
    }),
  }));
  return pictures ? { ...job, pages, images: await pictures.all() } : { ...job, pages };
}
