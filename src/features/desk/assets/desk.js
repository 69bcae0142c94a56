// Every desk page: buttons that ask before a step that cannot be undone (data-confirm), and the
// form token on every request the page's scripts make (window.deskFetch).

const token = () => document.querySelector('input[name="_csrf"]')?.value ?? '';

/** fetch with the session's form token and JSON expected back. */
export function deskFetch(url, options = {}) {
  const headers = new Headers(options.headers ?? {});
  headers.set('x-csrf-token', token());
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return fetch(url, { credentials: 'same-origin', ...options, headers });
}

document.addEventListener('submit', (event) => {
  const submitter = event.submitter;
  const message = submitter?.dataset.confirm ?? event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
