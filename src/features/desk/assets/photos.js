// A photo's page: the focal point set by clicking the picture (written to the two number
// inputs, which work without this script), the crosshair following, and the crop previews
// showing the cut the new point gives before it is saved.

/** Where a cover-fitted picture is positioned so that the focal point is as central as the frame allows, as CSS `object-position`. */
export function coverPosition(imageAspect, frameAspect, x, y) {
  if (imageAspect > frameAspect) {
    const w = frameAspect / imageAspect;
    const left = Math.min(Math.max(x - w / 2, 0), 1 - w);
    return `${((left / (1 - w)) * 100).toFixed(1)}% 50%`;
  }
  const h = imageAspect / frameAspect;
  if (h >= 1) return '50% 50%';
  const top = Math.min(Math.max(y - h / 2, 0), 1 - h);
  return `50% ${((top / (1 - h)) * 100).toFixed(1)}%`;
}

/** Moves a picture's crosshair to (x, y) in 0..1; null hides it. */
export function markFocal(svg, point) {
  if (!point) {
    delete svg.dataset.set;
    return;
  }
  const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
  const px = point.x * w;
  const py = point.y * h;
  const line = (cls, x1, y1, x2, y2) => {
    const el = svg.querySelector(cls);
    el.setAttribute('x1', x1);
    el.setAttribute('y1', y1);
    el.setAttribute('x2', x2);
    el.setAttribute('y2', y2);
  };
  line('.focal-x', px, 0, px, h);
  line('.focal-y', 0, py, w, py);
  const ring = svg.querySelector('.focal-ring');
  ring.setAttribute('cx', px);
  ring.setAttribute('cy', py);
  svg.dataset.set = 'yes';
}

/** The point a click on an image names, 0..1 from its top left, to three places. */
export function pointOf(image, event) {
  const box = image.getBoundingClientRect();
  const round = (n) => Math.round(Math.min(Math.max(n, 0), 1) * 1000) / 1000;
  return { x: round((event.clientX - box.left) / box.width), y: round((event.clientY - box.top) / box.height) };
}

function start(picture) {
  const image = picture.querySelector('img');
  const svg = picture.querySelector('svg');
  const inputX = document.getElementById('focalX');
  const inputY = document.getElementById('focalY');
  const clear = document.getElementById('focal-clear');
  const aspect = Number(image.getAttribute('width')) / Number(image.getAttribute('height'));
  picture.classList.add('pickable');
  clear.hidden = false;

  const crops = [...document.querySelectorAll('.crop[data-aspect]')];
  function previewCrops(point) {
    for (const crop of crops) {
      const img = crop.querySelector('img');
      const [w, h] = crop.dataset.aspect.split('x').map(Number);
      if (img.dataset.full && img.getAttribute('src') !== img.dataset.full) img.src = img.dataset.full;
      img.style.objectPosition = point ? coverPosition(aspect, w / h, point.x, point.y) : '50% 50%';
    }
  }

  function current() {
    if (inputX.value === '' || inputY.value === '') return null;
    const x = Number(inputX.value);
    const y = Number(inputY.value);
    return x >= 0 && x <= 1 && y >= 0 && y <= 1 ? { x, y } : null;
  }

  image.addEventListener('click', (event) => {
    const point = pointOf(image, event);
    inputX.value = String(point.x);
    inputY.value = String(point.y);
    markFocal(svg, point);
    previewCrops(point);
  });
  for (const input of [inputX, inputY]) {
    input.addEventListener('input', () => {
      const point = current();
      markFocal(svg, point);
      previewCrops(point);
    });
  }
  clear.addEventListener('click', () => {
    inputX.value = '';
    inputY.value = '';
    markFocal(svg, null);
    previewCrops(null);
  });
}

const picture = document.querySelector('.focal-picture[data-focal-target="focal"]');
if (picture && document.getElementById('focalX')) start(picture);
