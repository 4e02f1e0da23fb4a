import { createHash } from 'node:crypto';

/** The one stylesheet of the recipient pages: no inline styles, so the CSP can forbid them. */
export const stylesheet = `
:root {
  --ink: #1f2328;
  --muted: #5b6470;
  --line: #d9dde3;
  --paper: #ffffff;
  --ground: #f4f1ec;
  --accent: #2f5d50;
  --accent-soft: #e8f0ec;
  --warn: #a03a2c;
  --radius: 12px;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: var(--ground);
  color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere;
}
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible {
  outline: 3px solid var(--accent);
  outline-offset: 2px;
}
.site-header {
  width: 100%;
  max-width: 36rem;
  margin: 0 auto;
  padding: 14px 16px 10px;
  display: flex;
  align-items: center;
  gap: 8px;
  font-weight: 700;
  letter-spacing: 0.01em;
}
.mark {
  display: inline-grid;
  place-items: center;
  width: 26px;
  height: 26px;
  border-radius: 8px;
  background: var(--accent);
  color: #fff;
  font-size: 15px;
  line-height: 1;
}
main {
  width: 100%;
  max-width: 36rem;
  margin: 0 auto;
  padding: 0 12px;
  flex: 1 0 auto;
}
.card {
  background: var(--paper);
  border: 1px solid var(--line);
  border-radius: var(--radius);
  padding: 20px 18px;
  box-shadow: 0 1px 2px rgb(0 0 0 / 4%), 0 6px 20px rgb(0 0 0 / 4%);
}
.eyebrow {
  margin: 0 0 4px;
  color: var(--muted);
  font-size: 13px;
  font-weight: 600;
  letter-spacing: 0.06em;
  text-transform: uppercase;
}
h1 {
  margin: 0 0 6px;
  font-size: 22px;
  line-height: 1.25;
  letter-spacing: -0.01em;
}
p { margin: 0 0 12px; }
.who { margin: 0 0 14px; color: var(--muted); }
.note {
  margin: 0 0 16px;
  padding: 10px 14px;
  border-left: 4px solid var(--accent);
  background: var(--accent-soft);
  border-radius: 0 8px 8px 0;
  white-space: pre-line;
}
.note-by { display: block; margin-top: 4px; color: var(--muted); font-size: 14px; }
.actions {
  display: grid;
  grid-template-columns: 1fr 1fr;
  gap: 10px;
  margin: 0 0 16px;
}
.actions.single { grid-template-columns: 1fr; }
.actions form { display: flex; margin: 0; }
.action {
  flex: 1;
  min-height: 52px;
  padding: 10px 12px;
  border: 2px solid var(--accent);
  border-radius: 10px;
  background: var(--paper);
  color: var(--accent);
  font: inherit;
  font-weight: 650;
  line-height: 1.25;
  cursor: pointer;
}
.action:hover { background: var(--accent-soft); }
.fine { color: var(--muted); font-size: 14px; }
.fine strong { color: var(--ink); }
.back { font-size: 14px; }
.done h1::before {
  content: "\\2713";
  display: inline-grid;
  place-items: center;
  width: 28px;
  height: 28px;
  margin-right: 8px;
  border-radius: 50%;
  background: var(--accent-soft);
  color: var(--accent);
  font-size: 16px;
  vertical-align: 2px;
}
label { display: block; margin: 0 0 6px; font-weight: 600; }
.field {
  width: 100%;
  min-height: 48px;
  margin: 0 0 12px;
  padding: 10px 12px;
  border: 1px solid #b9c0c9;
  border-radius: 8px;
  font: inherit;
  color: var(--ink);
  background: var(--paper);
}
.field[aria-invalid="true"] { border-color: var(--warn); }
.error {
  margin: 0 0 12px;
  padding: 10px 12px;
  border-radius: 8px;
  background: #fbecea;
  color: var(--warn);
}
.site-footer {
  width: 100%;
  max-width: 36rem;
  margin: 0 auto;
  padding: 16px 16px 24px;
  color: var(--muted);
  font-size: 13px;
}
.site-footer p { margin: 0 0 4px; }
@media (min-width: 600px) {
  .site-header { padding-top: 28px; }
  .card { padding: 28px 32px; }
  h1 { font-size: 26px; }
}
`;

/** Changes whenever the stylesheet does, so pages can link it with a long cache lifetime. */
export const stylesheetVersion = createHash('sha256').update(stylesheet).digest('hex').slice(0, 12);
export const stylesheetPath = '/assets/kindly.css';
export const stylesheetHref = `${stylesheetPath}?v=${stylesheetVersion}`;
