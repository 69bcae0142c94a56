// The flatplan: every move is a plain form post that comes back to the flatplan. This keeps the
// place on the page across it (where the page was scrolled to, and the button used, focused
// again on the item it moved), so moving an item three places up is three presses of one key.

const KEY = `flatplan:${location.pathname}`;
const FRESH_MS = 30_000;

document.addEventListener('submit', (event) => {
  if (event.defaultPrevented) return;
  const form = event.target;
  if (form?.tagName !== 'FORM' || form.method.toLowerCase() !== 'post') return;
  const submitter = event.submitter;
  const item = form.querySelector('input[name="item"][type="hidden"]')?.value ?? null;
  const move = submitter?.name === 'move' ? submitter.value : null;
  sessionStorage.setItem(KEY, JSON.stringify({ at: Date.now(), scrollY: window.scrollY, item, move }));
});

function restore() {
  const saved = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (!saved) return;
  let state;
  try {
    state = JSON.parse(saved);
  } catch {
    return;
  }
  if (!state || Date.now() - state.at > FRESH_MS) return;
  window.scrollTo(0, state.scrollY);
  if (!state.item || !['up', 'down', 'span'].includes(state.move)) return;
  for (const form of document.querySelectorAll('form.placed-controls')) {
    if (form.querySelector('input[name="item"]')?.value !== state.item) continue;
    const button = form.querySelector(`button[name="move"][value="${state.move}"]:not([disabled])`) ?? form.querySelector('button:not([disabled])');
    button?.focus({ preventScroll: true });
    button?.scrollIntoView({ block: 'nearest' });
    return;
  }
}

// After the load, when the browser has done its own scrolling to the address's fragment.
if (document.readyState === 'complete') restore();
else window.addEventListener('load', () => requestAnimationFrame(restore), { once: true });
