import { NotFound } from '../../errors.js';
import type { RenditionFormat } from '../../render/media/renditions.js';

const FORMATS: Record<string, RenditionFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };

/** A rendition's file name, `640.webp`, as a width and a format; 404 for a name no rendition has. */
export function parseRenditionFile(file: string): { width: number; format: RenditionFormat } {
  const match = /^(\d{3,4})\.(avif|webp|jpg)$/.exec(file);
  const format = match ? FORMATS[match[2]!] : undefined;
  if (!match || !format) throw new NotFound(`No rendition ${file}`);
  return { width: Number(match[1]), format };
}
