import type { CropRect, FocalPoint } from '../../db/schema/index.js';

/** The fixed aspects a rendition can be cut to around the focal point, by name. */
export const ASPECTS: Readonly<Record<string, { w: number; h: number }>> = {
  '16x9': { w: 16, h: 9 },
  '3x2': { w: 3, h: 2 },
  '4x3': { w: 4, h: 3 },
  '1x1': { w: 1, h: 1 },
  '3x4': { w: 3, h: 4 },
};

/**
 * What a rendition's variant cuts: `full` the whole frame, an aspect around the focal point,
 * or one of the photo's named crops; null when the photo has no such variant.
 */
export function variantSpec(
  variant: string,
  crops: Readonly<Record<string, CropRect>>,
  focal: FocalPoint | null,
): { aspect?: { w: number; h: number }; crop?: CropRect; focal?: FocalPoint } | null {
  if (variant === 'full') return {};
  const aspect = ASPECTS[variant];
  if (aspect) return { aspect, ...(focal && { focal }) };
  const crop = Object.hasOwn(crops, variant) ? crops[variant] : undefined;
  return crop ? { crop } : null;
}
