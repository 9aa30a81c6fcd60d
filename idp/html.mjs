// Plain, self-contained HTML for the Test ID pages: no external CSS, fonts or scripts.

export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  ul { list-style: none; padding: 0; }
  li { border: 1px solid #767676; border-radius: 0.25rem; padding: 0.75rem 1rem; margin: 0 0 1rem; }
  li p { margin: 0.25rem 0 0; }
  button { font: inherit; padding: 0.5rem 1rem; border: 2px solid #0b3c8c; border-radius: 0.25rem;
    background: #0b3c8c; color: #fff; cursor: pointer; }
  button:focus-visible { outline: 3px solid #f9b000; outline-offset: 2px; }
`;

export function renderPage(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
${body}
  </main>
</body>
</html>
`;
}
